// rampart's own event JSON lines (docs/formats.md): {"kind": "exec" | "open" | "connect" |
// "accept" | "syscall" | "flow", ...variables of that kind}. The learner also reads an
// optional "time" member (RFC 3339 text or integer nanoseconds since the epoch).

#include <algorithm>

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

using json::Field;

void ReadOrigin(simdjson::dom::object doc, Field workload, DecodedDocument* out) {
  EventOrigin& o = out->AddOrigin();
  Field container = doc["container"];
  o.facts.namespace_name = json::Str(workload["namespace"]);
  o.facts.pod = json::Str(workload["pod"]);
  o.facts.owner_kind = json::Str(workload["kind"]);
  o.facts.owner_name = json::Str(workload["name"]);
  o.facts.container = json::Str(container["name"]);
  o.facts.image = json::Str(container["image"]);
  o.facts.image_id = json::Str(container["image_digest"]);
  o.node = json::Str(doc["node"]);
  Field labels = workload["labels"];
  if (json::IsObject(labels)) {
    o.labels_shape = LabelsShape::kObject;
    o.labels_json = labels.value_unsafe();
  }
}

std::string_view Exe(Field process) {
  std::string_view exe = json::Str(process["exe"]);
  return exe.empty() ? json::Str(process["name"]) : exe;
}

void ReadPeer(Field peer, PeerFacts* p) {
  p->namespace_name = json::Str(peer["namespace"]);
  p->owner_kind = json::Str(peer["kind"]);
  p->owner_name = json::Str(peer["name"]);
  p->pod = json::Str(peer["pod"]);
  p->service = json::Str(peer["service"]);
  simdjson::dom::object labels;
  if (peer["labels"].get(labels) == simdjson::SUCCESS) {
    for (auto [k, v] : labels) p->labels.emplace_back(std::string(k), std::string(json::Str(v)));
    std::sort(p->labels.begin(), p->labels.end());
  }
}

}  // namespace

std::string DecodeRampart(simdjson::dom::object doc, DecodedDocument* out) {
  out->format = "rampart";
  std::string_view kind = json::Str(doc["kind"]);
  Field time = doc["time"];
  if (json::Has(time)) {
    std::string_view text = json::Str(time);
    long long t;
    if (!text.empty() ? !ParseRfc3339(text, &t) : !json::Int(time, &t)) {
      return "\"time\" is neither RFC 3339 text (years 1677 to 2262) nor integer nanoseconds";
    }
    out->time = t;
  }
  Behaviour b;
  if (kind == "exec") {
    b.plane = Plane::kExec;
    b.exe = Exe(doc["proc"]);
    b.parent_exe = Exe(doc["parent"]);
    if (b.exe.empty()) return "an exec event without proc.exe";
  } else if (kind == "open") {
    b.plane = Plane::kFile;
    b.path = json::Str(doc["path"]);
    if (b.path.empty()) return "an open event without path";
    b.exe = Exe(doc["proc"]);
    b.access = json::Str(doc["access"]);
    if (b.access.empty()) {
      std::string flags;
      simdjson::dom::array list;
      if (doc["flags"].get(list) == simdjson::SUCCESS) {
        for (auto f : list) flags += std::string(json::Str(f)) + "|";
      }
      b.access = AccessFromFlags(flags);
    }
  } else if (kind == "connect" || kind == "accept") {
    b.plane = Plane::kNetwork;
    b.exe = Exe(doc["proc"]);
    b.direction = kind == "connect" ? "egress" : "ingress";
    b.protocol = json::Str(doc["protocol"]);
    long long port = -1;
    json::Int(doc[kind == "connect" ? "remote_port" : "local_port"], &port);
    b.port = port;
    PeerFacts peer;
    ReadPeer(doc["peer"], &peer);
    peer.ip = json::Str(doc["remote_ip"]);
    peer.dns = json::Str(doc["dns_name"]);
    FillPeer(peer, out, &b);
    AddPeerAddress(peer, b, out);
    // The local end's address is the event's own pod's (origin 0, read below).
    std::string_view local_ip = json::Str(doc["local_ip"]);
    if (!local_ip.empty()) {
      AddressSeen own;
      own.ip = local_ip;
      own.origin = 0;
      out->addresses.push_back(own);
    }
  } else if (kind == "syscall") {
    b.plane = Plane::kSyscall;
    b.syscall = json::Str(doc["syscall"]["name"]);
    long long nr = -1;
    json::Int(doc["syscall"]["nr"], &nr);
    b.syscall_nr = nr;
    if (b.syscall.empty() && nr < 0) return "a syscall event without syscall.name or syscall.nr";
  } else if (kind == "flow") {
    b.plane = Plane::kNetwork;
    b.exe = Exe(doc["proc"]);
    b.direction = json::Str(doc["direction"]);
    if (b.direction != "egress" && b.direction != "ingress")
      return "a flow's direction must be egress or ingress";
    b.protocol = json::Str(doc["protocol"]);
    long long port = -1;
    json::Int(doc["port"], &port);
    b.port = port;
    PeerFacts peer;
    ReadPeer(doc["peer"], &peer);
    peer.ip = json::Str(doc["peer_ip"]);
    FillPeer(peer, out, &b);
    AddPeerAddress(peer, b, out);
  } else {
    return kind.empty() ? "\"kind\" is missing"
                        : "\"kind\" must be exec, open, connect, accept, syscall or flow";
  }
  ReadOrigin(doc, doc["workload"], out);
  out->items.push_back({0, b});
  return "";
}

}  // namespace rampart::learner
