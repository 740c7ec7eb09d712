// Tetragon's JSON export (GetEventsResponse per line, field names of api/v1/tetragon:
// tetragon.proto / events.proto): process_exec → exec; process_kprobe, process_lsm and
// process_tracepoint → file (file_arg/path_arg), network (sock_arg/sockaddr_arg of connect and
// accept hooks) and syscall (hooks on sys_* functions, raw_syscalls tracepoints);
// rate_limit_info and process_throttle → losses. Mapping: docs/learner.md.

#include <vector>

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

using json::Field;

void ReadOrigin(Field process, std::string_view node, DecodedDocument* out) {
  EventOrigin& o = out->AddOrigin();
  Field pod = process["pod"];
  Field container = pod["container"];
  o.facts.namespace_name = json::Str(pod["namespace"]);
  o.facts.pod = json::Str(pod["name"]);
  o.facts.owner_kind = json::Str(pod["workload_kind"]);
  o.facts.owner_name = json::Str(pod["workload"]);
  o.facts.container = json::Str(container["name"]);
  o.facts.image = json::Str(container["image"]["name"]);
  o.facts.image_id = json::Str(container["image"]["id"]);
  o.node = node;
  if (json::IsObject(pod["pod_labels"])) {
    o.labels_shape = LabelsShape::kObject;
    o.labels_json = pod["pod_labels"].value_unsafe();
  } else if (json::Has(pod["labels"])) {
    o.labels_shape = LabelsShape::kCiliumList;  // older exports: Cilium identity labels
    o.labels_json = pod["labels"].value_unsafe();
  }
}

// "__x64_sys_write" → "write": kprobes on syscall entry points carry the syscall's name.
std::string_view SyscallOfFunction(std::string_view fn) {
  for (std::string_view prefix : {"__x64_sys_", "__arm64_sys_", "__ia32_compat_sys_", "__ia32_sys_",
                                  "__se_sys_", "__do_sys_", "sys_"}) {
    if (fn.rfind(prefix, 0) == 0 && fn.size() > prefix.size()) return fn.substr(prefix.size());
  }
  return {};
}

std::string_view Protocol(std::string_view p) {
  if (p == "IPPROTO_TCP") return "tcp";
  if (p == "IPPROTO_UDP") return "udp";
  if (p == "IPPROTO_SCTP") return "sctp";
  return p;
}

// What a file hook did, from its name and, for security_file_permission, its MAY_* mask.
std::string_view FileAccess(std::string_view fn, const std::vector<simdjson::dom::element>& args) {
  auto has = [&](std::string_view w) { return fn.find(w) != std::string_view::npos; };
  if (has("permission")) {
    for (auto a : args) {
      long long mask;
      if (json::Int(a["int_arg"], &mask)) {
        bool w = (mask & 0x2) || (mask & 0x8), r = (mask & 0x4) != 0;
        return w && r ? "readwrite" : w ? "write" : r ? "read" : "";
      }
    }
  }
  if (has("write") || has("truncate") || has("unlink") || has("rename") || has("chmod") ||
      has("chown") || has("mkdir") || has("rmdir") || has("link") || has("create")) {
    return "write";
  }
  if (has("read") || has("mmap")) return "read";
  return "";
}

std::string DecodeHook(simdjson::dom::object hook, std::string_view type, std::string_view node,
                       DecodedDocument* out) {
  std::string_view fn = json::Str(hook["function_name"]);
  if (type == "process_tracepoint") {
    fn = out->Own(std::string(json::Str(hook["subsys"])) + "/" +
                  std::string(json::Str(hook["event"])));
  }
  Field process = hook["process"];
  std::string_view exe = json::Str(process["binary"]);
  // Arguments, then the return value (inet_csk_accept returns the accepted socket).
  std::vector<simdjson::dom::element> values;
  simdjson::dom::array args;
  if (hook["args"].get(args) == simdjson::SUCCESS) {
    for (auto a : args) values.push_back(a);
  }
  size_t n_args = values.size();
  simdjson::dom::element ret;
  if (hook["return"].get(ret) == simdjson::SUCCESS) values.push_back(ret);
  std::vector<simdjson::dom::element> arg_values(values.begin(), values.begin() + long(n_args));
  std::vector<Behaviour> found;
  std::string_view syscall = SyscallOfFunction(fn);
  if (!syscall.empty()) {
    Behaviour b;
    b.plane = Plane::kSyscall;
    b.syscall = syscall;
    found.push_back(b);
  } else if (fn == "raw_syscalls/sys_enter") {
    for (auto a : arg_values) {
      long long nr;
      if (json::Int(a["long_arg"], &nr) || json::Int(a["syscall_id"]["id"], &nr)) {
        Behaviour b;
        b.plane = Plane::kSyscall;
        b.syscall_nr = nr;
        found.push_back(b);
        break;
      }
    }
  }
  // The first file/path argument and the first socket make the file and network behaviours.
  bool file_done = false, sock_done = false;
  for (simdjson::dom::element a : values) {
    Field file = a["file_arg"];
    if (!json::Has(file)) file = a["path_arg"];
    if (!file_done && json::Has(file)) {
      std::string_view path = json::Str(file["path"]);
      if (path.empty()) continue;
      Behaviour b;
      b.plane = Plane::kFile;
      // Older Tetragon versions print paths without their leading '/' ("etc/passwd").
      b.path = path[0] == '/' ? path : out->Own("/" + std::string(path));
      b.access = FileAccess(fn, arg_values);
      b.exe = exe;
      found.push_back(b);
      file_done = true;
      continue;
    }
    Field sock = a["sock_arg"];
    Field sockaddr = a["sockaddr_arg"];
    if (!sock_done && (json::Has(sock) || json::Has(sockaddr))) {
      bool connect = fn.find("connect") != std::string_view::npos;
      bool accept = fn.find("accept") != std::string_view::npos;
      if (!connect && !accept) continue;  // send/close hooks: an existing connection, either side
      Behaviour b;
      b.plane = Plane::kNetwork;
      b.exe = exe;
      b.direction = connect ? "egress" : "ingress";
      PeerFacts peer;
      long long port = -1;
      if (json::Has(sock)) {
        b.protocol = Protocol(json::Str(sock["protocol"]));
        peer.ip = json::Str(sock["daddr"]);
        json::Int(sock[connect ? "dport" : "sport"], &port);
        // saddr is the socket's local address: the process's pod's, connecting or accepting
        // (a host-network pod's is its node's: docs/learner.md, address resolution).
        AddOwnAddress(json::Str(sock["saddr"]), out);
      } else {
        peer.ip = json::Str(sockaddr["addr"]);
        json::Int(sockaddr["port"], &port);
      }
      b.port = port;
      FillPeer(peer, out, &b);
      found.push_back(b);
      sock_done = true;
    }
  }
  if (found.empty()) {
    out->ignored =
        out->Own(std::string(type) + " " + std::string(fn) + " (no file, socket or syscall)");
    return "";
  }
  ReadOrigin(process, node, out);
  for (const Behaviour& b : found) out->items.push_back({0, b});
  return "";
}

}  // namespace

std::string DecodeTetragon(simdjson::dom::object doc, DecodedDocument* out) {
  out->format = "tetragon";
  std::string_view node = json::Str(doc["node_name"]);
  std::string_view time = json::Str(doc["time"]);
  if (!time.empty()) {
    long long t;
    if (!ParseRfc3339(time, &t)) return "\"time\" is not RFC 3339";
    out->time = t;
  }
  for (auto [key, value] : doc) {
    simdjson::dom::object event;
    if (value.get(event) != simdjson::SUCCESS) continue;
    if (key == "process_exec") {
      Field process = event["process"];
      Behaviour b;
      b.plane = Plane::kExec;
      b.exe = json::Str(process["binary"]);
      b.parent_exe = json::Str(event["parent"]["binary"]);
      if (b.exe.empty()) return "process_exec without process.binary";
      ReadOrigin(process, node, out);
      out->items.push_back({0, b});
      return "";
    }
    if (key == "process_kprobe" || key == "process_lsm" || key == "process_tracepoint") {
      return DecodeHook(event, key, node, out);
    }
    if (key == "rate_limit_info") {
      long long n = 0;
      json::Int(event["number_of_dropped_process_events"], &n);
      out->losses.push_back(Loss{out->time, std::string(node), n, "tetragon rate_limit_info"});
      return "";
    }
    if (key == "process_throttle") {
      // Events of a cgroup are being throttled: a loss of unknown size, recorded with 0.
      std::string_view type = json::Str(event["type"]);
      if (type == "THROTTLE_START") {
        out->losses.push_back(
            Loss{out->time, std::string(node), 0,
                 "tetragon throttle of cgroup " + std::string(json::Str(event["cgroup"]))});
      } else {
        out->ignored = "process_throttle stop";
      }
      return "";
    }
    if (key.rfind("process_", 0) == 0 || key == "test") {
      out->ignored = out->Own(std::string(key));
      return "";
    }
  }
  return "no Tetragon event member (process_exec, process_kprobe, ...)";
}

}  // namespace rampart::learner
