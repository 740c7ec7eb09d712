// Falco's JSON alerts (json_output: true): {"time", "rule", "priority", "source", "hostname",
// "output", "output_fields": {"evt.type": ..., "proc.exepath": ..., ...}}. What an alert
// shows depends on the fields its rule prints; docs/learner.md lists the ones read. The
// "Falco internal: syscall event drop" alert is a loss report.

#include <charconv>
#include <string>

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

using json::Field;

// Falco prints "<NA>" (or null) for fields it could not resolve.
std::string_view F(simdjson::dom::object fields, std::string_view key) {
  std::string_view s = json::Str(fields[key]);
  return s == "<NA>" ? std::string_view() : s;
}

std::string_view First(simdjson::dom::object fields, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    std::string_view v = F(fields, k);
    if (!v.empty()) return v;
  }
  return {};
}

// Docker-era container names are k8s_<container>_<pod>_<namespace>_<uid>_<attempt>.
std::string_view ContainerName(std::string_view name) {
  if (name.rfind("k8s_", 0) != 0) return name;
  std::string_view rest = name.substr(4);
  return rest.substr(0, rest.find('_'));
}

bool OneOf(std::string_view v, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (v == s) return true;
  }
  return false;
}

void ReadOrigin(simdjson::dom::object doc, simdjson::dom::object fields, DecodedDocument* out) {
  EventOrigin& o = out->AddOrigin();
  o.facts.namespace_name = First(fields, {"k8s.ns.name", "k8smeta.ns.name"});
  o.facts.pod = First(fields, {"k8s.pod.name", "k8smeta.pod.name"});
  struct Owner {
    std::string_view kind;
    std::initializer_list<std::string_view> keys;
  };
  for (const Owner& owner :
       {Owner{"Deployment", {"k8smeta.deployment.name", "k8s.deployment.name"}},
        Owner{"StatefulSet", {"k8smeta.statefulset.name", "k8s.statefulset.name"}},
        Owner{"DaemonSet", {"k8smeta.daemonset.name", "k8s.daemonset.name"}},
        Owner{"CronJob", {"k8smeta.cronjob.name"}}, Owner{"Job", {"k8smeta.job.name"}}}) {
    std::string_view name = First(fields, owner.keys);
    if (!name.empty()) {
      o.facts.owner_kind = owner.kind;
      o.facts.owner_name = name;
      break;
    }
  }
  o.facts.container = ContainerName(F(fields, "container.name"));
  std::string_view repo = F(fields, "container.image.repository");
  std::string_view tag = F(fields, "container.image.tag");
  o.facts.image = !repo.empty()
                      ? (tag.empty() ? repo : out->Own(std::string(repo) + ":" + std::string(tag)))
                      : F(fields, "container.image");
  o.facts.image_id = F(fields, "container.image.digest");
  o.node = json::Str(doc["hostname"]);
  for (std::string_view key : {"k8s.pod.labels", "k8smeta.pod.labels"}) {
    Field labels = fields[key];
    if (json::Has(labels) && F(fields, key) != "<NA>") {
      o.labels_shape = LabelsShape::kFalcoText;
      o.labels_json = labels.value_unsafe();
      break;
    }
  }
}

// "10.0.0.5:43210->10.0.0.9:5432" (client->server) in fd.name of a socket.
bool SplitTuple(std::string_view name, std::string_view* cip, std::string_view* cport,
                std::string_view* sip, std::string_view* sport) {
  size_t arrow = name.find("->");
  if (arrow == std::string_view::npos) return false;
  auto split = [](std::string_view hp, std::string_view* h, std::string_view* p) {
    size_t colon = hp.rfind(':');
    if (colon == std::string_view::npos) return false;
    *h = hp.substr(0, colon);
    *p = hp.substr(colon + 1);
    return true;
  };
  return split(name.substr(0, arrow), cip, cport) && split(name.substr(arrow + 2), sip, sport);
}

}  // namespace

std::string DecodeFalco(simdjson::dom::object doc, DecodedDocument* out) {
  out->format = "falco";
  simdjson::dom::object fields;
  if (doc["output_fields"].get(fields) != simdjson::SUCCESS)
    return "a Falco alert without output_fields";
  std::string_view time = json::Str(doc["time"]);
  long long t;
  if (!time.empty() && ParseRfc3339(time, &t)) {
    out->time = t;
  } else if (json::Int(fields["evt.time"], &t) || json::Int(fields["evt.rawtime"], &t)) {
    out->time = t;
  }
  std::string_view rule = json::Str(doc["rule"]);
  if (rule.rfind("Falco internal: syscall event drop", 0) == 0) {
    long long n = 0;
    json::Int(fields["n_drops"], &n);
    out->losses.push_back(
        Loss{out->time, std::string(json::Str(doc["hostname"])), n, "falco syscall event drop"});
    return "";
  }
  std::string_view source = json::Str(doc["source"]);
  if (!source.empty() && source != "syscall") {
    out->ignored = out->Own("falco source " + std::string(source));
    return "";
  }
  Behaviour b;
  b.exe = First(fields, {"proc.exepath", "proc.exe", "proc.name"});
  std::string_view type = F(fields, "evt.type");
  if (type.empty() || OneOf(type, {"execve", "execveat"})) {
    // An alert that names no event type still shows a process that was executed there.
    if (b.exe.empty()) {
      out->ignored = "falco alert without evt.type or process";
      return "";
    }
    b.plane = Plane::kExec;
    b.parent_exe = First(fields, {"proc.pexepath", "proc.pexe", "proc.pname"});
  } else if (OneOf(type, {"open", "openat", "openat2", "creat", "open_by_handle_at"})) {
    b.plane = Plane::kFile;
    b.path = First(fields, {"fd.name", "fd.nameraw", "evt.arg.name", "evt.arg.path"});
    if (b.path.empty()) return "a Falco " + std::string(type) + " alert without fd.name";
    bool r = json::True(fields["evt.is_open_read"]), w = json::True(fields["evt.is_open_write"]);
    b.access = r && w ? "readwrite"
               : w    ? "write"
               : r    ? "read"
                      : AccessFromFlags(F(fields, "evt.arg.flags"));
    if (type == "creat") b.access = "write";
  } else if (OneOf(type, {"unlink", "unlinkat", "rename", "renameat", "renameat2", "mkdir",
                          "mkdirat", "rmdir", "chmod", "fchmod", "fchmodat", "symlink", "symlinkat",
                          "link", "linkat", "truncate"})) {
    b.plane = Plane::kFile;
    b.path = First(
        fields, {"fd.name", "evt.arg.path", "evt.arg.name", "evt.arg.pathname", "evt.arg.oldpath"});
    if (b.path.empty()) return "a Falco " + std::string(type) + " alert without a path";
    b.access = "write";
  } else if (OneOf(type, {"connect", "accept", "accept4"})) {
    b.plane = Plane::kNetwork;
    bool connect = type == "connect";
    b.direction = connect ? "egress" : "ingress";
    b.protocol = F(fields, "fd.l4proto");
    std::string_view cip, cport, sip, sport;
    SplitTuple(F(fields, "fd.name"), &cip, &cport, &sip, &sport);
    PeerFacts peer;
    peer.ip = First(fields, {"fd.rip", connect ? "fd.sip" : "fd.cip"});
    if (peer.ip.empty()) peer.ip = connect ? sip : cip;
    // The local end is the alerting process's pod: the client of a connect, the server of
    // an accept (fd.lip, else from the tuple).
    std::string_view local = First(fields, {"fd.lip", connect ? "fd.cip" : "fd.sip"});
    AddOwnAddress(local.empty() ? (connect ? cip : sip) : local, out);
    peer.dns = First(fields, {"fd.rip.name", connect ? "fd.sip.name" : "fd.cip.name"});
    long long port = -1;
    if (!json::Int(fields[connect ? "fd.rport" : "fd.lport"], &port) &&
        !json::Int(fields["fd.sport"], &port) && !sport.empty()) {
      std::from_chars(sport.data(), sport.data() + sport.size(), port);
    }
    b.port = port;
    FillPeer(peer, out, &b);
  } else {
    b.plane = Plane::kSyscall;
    b.syscall = type;
  }
  ReadOrigin(doc, fields, out);
  out->items.push_back({0, b});
  return "";
}

}  // namespace rampart::learner
