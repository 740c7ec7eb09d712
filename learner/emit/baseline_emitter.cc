#include "learner/emit/baseline_emitter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "compiler/source/quoting.h"
#include "learner/report/reports.h"

namespace rampart::learner {
namespace {

using source::QuoteCelString;

const std::set<std::string>& Keywords() {
  static const std::set<std::string> k = {
      "admission", "alert",    "allow",       "as",   "audit",   "block",   "const",  "def",
      "default",   "deny",     "description", "each", "egress",  "error",   "expect", "false",
      "from",      "if",       "import",      "in",   "ingress", "input",   "let",    "match",
      "message",   "mode",     "network",     "null", "on",      "package", "policy", "runtime",
      "select",    "severity", "test",        "to",   "true",    "warn",    "when",   "port"};
  return k;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || Keywords().count(s) != 0) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// Lower-case ASCII letters, digits and single '_' for everything else; never empty, never a
// keyword, never starting with a digit.
std::string Identifier(const std::string& s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += char(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "x";
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "w_" + out;
  if (Keywords().count(out) != 0) out += "_";
  return out;
}

// A file-name part: letters, digits, '-' and '_' kept, everything else '_'.
std::string FilePart(const std::string& s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) || c == '-' || c == '_' ? char(std::tolower(u)) : '_';
  }
  return out.empty() ? "_" : out;
}

// "sha256:" + 12 hex digits -> the 12 digits; "image:REF" -> REF; "" -> "".
std::string ShortVersion(const std::string& v) {
  if (v.rfind("sha256:", 0) == 0) return v.substr(7, 12);
  if (v.rfind("image:", 0) == 0) return v.substr(6);
  return v;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Evidence(const StoredObservation& o, const char* one, const char* many) {
  std::string s = Plural(o.count, one, many) + ", ";
  s += o.first_seen == kNoTime ? std::string("no times")
                               : TimeText(o.first_seen) + " .. " + TimeText(o.last_seen);
  s += ", " + Plural(o.replicas, "replica", "replicas");
  return s;
}

// A comment line's text must stay on one line.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string And(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : " && ") + p;
  return s;
}

// The conditions naming the workload (not its container or image).
std::vector<std::string> WorkloadConditions(const WorkloadRef& w) {
  std::vector<std::string> c;
  c.push_back("workload.namespace == " + QuoteCelString(w.namespace_name));
  if (w.kind == "Host") {
    c.push_back("workload.pod == \"\"");
  } else if (w.kind == "Pod") {
    c.push_back("workload.pod == " + QuoteCelString(w.name));
  } else {
    if (!w.kind.empty()) c.push_back("workload.kind == " + QuoteCelString(w.kind));
    c.push_back("workload.name == " + QuoteCelString(w.name));
  }
  return c;
}

// Labels stored as "k=v,k2=v2"; entries without '=' are identities such as Cilium's
// "reserved:world" and come back in `reserved`.
void ParseLabels(const std::string& text, std::vector<std::pair<std::string, std::string>>* labels,
                 std::vector<std::string>* reserved) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos) {
      if (!item.empty()) reserved->push_back(item);
    } else {
      labels->emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    start = end + 1;
  }
  std::sort(labels->begin(), labels->end());
  std::sort(reserved->begin(), reserved->end());
}

struct NetworkRule {
  std::string peer;       // labels(...), service(...), namespace(...), cidr(...) or any
  std::string port;       // "9080/tcp" or ""
  std::string condition;  // or ""
  std::string note;       // said once above the rule, or ""
};

NetworkRule PeerRule(const ObservationColumns& c) {
  NetworkRule r;
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::string> reserved;
  ParseLabels(c.peer_labels, &labels, &reserved);
  std::string reserved_text;
  for (const std::string& x : reserved) reserved_text += (reserved_text.empty() ? "" : ", ") + x;
  std::vector<std::string> conditions;
  if (!c.peer_service.empty()) {
    size_t slash = c.peer_service.find('/');
    if (slash == std::string::npos) {
      r.peer = "service(" + QuoteCelString(c.peer_service) + ")";
    } else {
      r.peer = "service(" + QuoteCelString(c.peer_service.substr(slash + 1)) +
               ", namespace: " + QuoteCelString(c.peer_service.substr(0, slash)) + ")";
    }
  } else if (!labels.empty()) {
    r.peer = "labels(";
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) r.peer += ", ";
      r.peer +=
          (IsIdentifier(labels[i].first) ? labels[i].first : QuoteCelString(labels[i].first)) +
          ": " + QuoteCelString(labels[i].second);
    }
    r.peer += ")";
    if (!c.peer_namespace.empty()) {
      conditions.push_back("peer.namespace == " + QuoteCelString(c.peer_namespace));
    }
  } else if (!c.peer_namespace.empty()) {
    r.peer = "namespace(" + QuoteCelString(c.peer_namespace) + ")";
    if (!c.peer_workload.empty()) {
      size_t slash = c.peer_workload.find('/');
      std::string name =
          slash == std::string::npos ? c.peer_workload : c.peer_workload.substr(slash + 1);
      conditions.push_back("peer.name == " + QuoteCelString(name));
    }
    if (!reserved_text.empty()) r.note = "the source labelled this peer only " + reserved_text;
  } else if (!c.peer_ip.empty()) {
    bool v6 = c.peer_ip.find(':') != std::string::npos;
    r.peer = "cidr(" + QuoteCelString(c.peer_ip + (v6 ? "/128" : "/32")) + ")";
    r.note = "an address, not a workload: the source named no workload for it";
    if (!reserved_text.empty()) r.note += " (" + reserved_text + ")";
  } else {
    r.peer = "any";
    r.note = "the source named neither a workload nor an address for this peer";
  }
  if (!c.peer_dns.empty()) {
    std::string dns = "seen as DNS name " + c.peer_dns;
    r.note = r.note.empty() ? dns : r.note + "; " + dns;
  }
  if (c.port >= 0) {
    std::string proto = c.protocol;
    std::transform(proto.begin(), proto.end(), proto.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    if (proto != "tcp" && proto != "udp" && proto != "sctp") proto = "any";
    r.port = std::to_string(c.port) + "/" + proto;
  } else if (!c.protocol.empty()) {
    conditions.push_back("protocol == " + QuoteCelString(c.protocol));
  }
  r.condition = And(conditions);
  return r;
}

}  // namespace

bool WorkloadMatches(const WorkloadRef& w, const std::string& filter) {
  if (filter.empty()) return true;
  return filter == w.name || filter == w.namespace_name + "/" + w.name ||
         filter == w.namespace_name + "/" + w.kind + "/" + w.name;
}

std::string EmitBaselineText(const WorkloadSummary& summary,
                             const std::vector<StoredObservation>& observations, int* rules) {
  const WorkloadRef& w = summary.ref;
  *rules = 0;
  // exec: parent -> exe -> observation; network: direction -> rendered rule -> evidence.
  std::map<std::string, std::map<std::string, const StoredObservation*>> exec;
  struct NetworkGroup {
    NetworkRule rule;
    std::vector<const StoredObservation*> evidence;
  };
  std::map<std::string, std::map<std::string, NetworkGroup>> network;
  int64_t skipped[4] = {0, 0, 0, 0};
  for (const StoredObservation& o : observations) {
    if (o.plane == Plane::kExec && !o.columns.exe.empty()) {
      exec[o.columns.parent_exe][o.columns.exe] = &o;
    } else if (o.plane == Plane::kNetwork &&
               (o.columns.direction == "ingress" || o.columns.direction == "egress")) {
      NetworkRule r = PeerRule(o.columns);
      std::string key = r.peer + "\x1f" + r.port + "\x1f" + r.condition;
      NetworkGroup& g = network[o.columns.direction][key];
      g.rule = r;
      g.evidence.push_back(&o);
    } else {
      ++skipped[int(o.plane)];
    }
  }

  std::string out;
  out += "// Baseline learned by `rampart learn emit` for one workload version:\n";
  out += "//   namespace " + OneLine(w.namespace_name) + ", " +
         (w.kind.empty() ? std::string("owner") : OneLine(w.kind)) + " " + OneLine(w.name);
  if (!w.container.empty()) out += ", container " + OneLine(w.container);
  out += "\n";
  if (!w.image.empty()) out += "//   image " + OneLine(w.image) + "\n";
  if (!w.version.empty()) out += "//   version " + OneLine(w.version) + "\n";
  out += "// Evidence: " + Plural(summary.events, "event", "events") + ", " +
         Plural(summary.replicas, "replica", "replicas") + ", " +
         (summary.first_seen == kNoTime
              ? std::string("no times")
              : TimeText(summary.first_seen) + " .. " + TimeText(summary.last_seen)) +
         ".\n";
  out += "// Each rule lists what was observed, literally: no generalisation (path globs, peer\n";
  out += "// merging, port ranges) is applied yet. Executables with the same parent share one\n";
  out += "// rule. Not emitted yet: the file and syscall planes";
  if (skipped[1] + skipped[3] > 0) {
    out += "\n// (" + Plural(skipped[1], "file behaviour", "file behaviours") + " and " +
           Plural(skipped[3], "syscall behaviour", "syscall behaviours") + " observed)";
  }
  out += ".\n";
  if (skipped[0] + skipped[2] > 0) {
    out += "// Left out: " + std::to_string(skipped[0] + skipped[2]) +
           " exec or network observations without an executable or a direction.\n";
  }
  out += "// Review, then promote a policy from `mode monitor` to `mode enforce`.\n";
  out += "package learned." + Identifier(w.namespace_name) + "." + Identifier(w.name) + "\n";

  std::string suffix;
  for (const std::string& part : {w.container, ShortVersion(w.version)}) {
    if (!part.empty()) suffix += (suffix.empty() ? "" : "_") + part;
  }
  std::string base = suffix.empty() ? std::string("baseline") : Identifier(suffix);

  if (!exec.empty()) {
    std::vector<std::string> when = WorkloadConditions(w);
    if (!w.container.empty()) when.push_back("container.name == " + QuoteCelString(w.container));
    if (w.version.rfind("sha256:", 0) == 0) {
      when.push_back("container.image_digest == " + QuoteCelString(w.version));
    } else if (w.version.rfind("image:", 0) == 0) {
      when.push_back("container.image == " + QuoteCelString(w.version.substr(6)));
    }
    out += "\nruntime policy " + Identifier(base + "_exec") + " {\n";
    out += "  description " +
           QuoteCelString("Executables observed in " + w.namespace_name + "/" + w.name +
                          (w.container.empty() ? "" : " (" + w.container + ")")) +
           "\n";
    out += "  mode monitor\n  on exec\n  when " + And(when) + "\n";
    for (const auto& [parent, exes] : exec) {
      for (const auto& [exe, o] : exes) {
        out += "  // " + OneLine(exe) + ": " + Evidence(*o, "exec", "execs") +
               (parent.empty() ? ", parent unknown" : "") + "\n";
      }
      std::string cond;
      if (exes.size() == 1) {
        cond = "proc.exe == " + QuoteCelString(exes.begin()->first);
      } else {
        cond = "proc.exe in [";
        bool first = true;
        for (const auto& entry : exes) {
          cond += (first ? "" : ", ") + QuoteCelString(entry.first);
          first = false;
        }
        cond += "]";
      }
      if (!parent.empty()) cond += " && parent.exe == " + QuoteCelString(parent);
      out += "  allow if " + cond + "\n";
      ++*rules;
    }
    out += "  default block\n}\n";
  }

  if (!network.empty()) {
    out += "\n// Flows name no container or image: this policy selects every version of the\n";
    out += "// workload.\n";
    out += "network policy " + Identifier(base + "_network") + " {\n";
    out += "  description " +
           QuoteCelString("Peers observed for " + w.namespace_name + "/" + w.name) + "\n";
    out += "  mode monitor\n  select " + And(WorkloadConditions(w)) + "\n";
    for (const auto& [direction, groups] : network) {
      for (const auto& [key, g] : groups) {
        (void)key;
        if (!g.rule.note.empty()) out += "  // " + OneLine(g.rule.note) + "\n";
        for (const StoredObservation* o : g.evidence) {
          std::string who =
              o->columns.peer_workload.empty() ? o->columns.peer_ip : o->columns.peer_workload;
          out += "  // " + (who.empty() ? std::string() : OneLine(who) + ": ") +
                 Evidence(*o, "flow", "flows") + "\n";
        }
        out +=
            "  " + direction + " allow " + (direction == "ingress" ? "from " : "to ") + g.rule.peer;
        if (!g.rule.port.empty()) out += " port " + g.rule.port;
        if (!g.rule.condition.empty()) out += " if " + g.rule.condition;
        out += "\n";
        ++*rules;
      }
    }
    if (network.size() == 2) {
      out += "  default deny\n";
    } else {
      out += "  default " + network.begin()->first + " deny\n";
    }
    out += "}\n";
  }
  return out;
}

bool EmitBaselines(BehaviourStore* store, const EmitOptions& options, std::vector<EmittedFile>* out,
                   std::string* error) {
  std::vector<WorkloadSummary> workloads;
  if (!store->Summaries(&workloads, error)) return false;
  std::set<std::string> names;
  std::vector<EmittedFile> files;
  for (const WorkloadSummary& w : workloads) {
    if (!WorkloadMatches(w.ref, options.workload)) continue;
    if (w.distinct[int(Plane::kExec)] + w.distinct[int(Plane::kNetwork)] == 0) continue;
    std::vector<StoredObservation> observations;
    if (!store->Observations(w.id, &observations, error)) return false;
    EmittedFile f;
    f.workload = w.ref;
    f.text = EmitBaselineText(w, observations, &f.rules);
    std::string name = FilePart(w.ref.namespace_name) + "." +
                       FilePart(w.ref.kind.empty() ? "owner" : w.ref.kind) + "." +
                       FilePart(w.ref.name);
    if (!w.ref.container.empty()) name += "." + FilePart(w.ref.container);
    if (!w.ref.version.empty()) name += "." + FilePart(ShortVersion(w.ref.version));
    std::string unique = name;
    for (int i = 2; names.count(unique) != 0; ++i) unique = name + "-" + std::to_string(i);
    names.insert(unique);
    f.name = unique + ".rp";
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const EmittedFile& a, const EmittedFile& b) { return a.name < b.name; });
  *out = std::move(files);
  return true;
}

}  // namespace rampart::learner
