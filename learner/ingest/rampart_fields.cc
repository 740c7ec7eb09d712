// rampart's own event JSON lines (docs/formats.md): {"kind": "exec" | "open" | "connect" |
// "accept" | "syscall" | "flow", ...variables of that kind}. The learner also reads an
// optional "time" member (RFC 3339 text or integer nanoseconds since the epoch). This is the
// decoding proper, over members either parser captured (rampart_fields.h).

#include "learner/ingest/rampart_fields.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace rampart::learner {

namespace json {

std::string_view Str(const JsonValue& v) {
  return v.type == JsonValue::Type::kString ? v.text : std::string_view();
}

// As json::Int over a DOM element: integers, doubles in range, decimal text.
bool Int(const JsonValue& v, long long* out) {
  switch (v.type) {
    case JsonValue::Type::kInt:
      *out = v.i;
      return true;
    case JsonValue::Type::kUint:
      *out = v.u > uint64_t(INT64_MAX) ? INT64_MAX : (long long)v.u;
      return true;
    case JsonValue::Type::kDouble:
      if (v.d >= -9.2e18 && v.d <= 9.2e18) {
        *out = (long long)v.d;
        return true;
      }
      return false;
    case JsonValue::Type::kString: {
      if (v.text.empty()) return false;
      auto [p, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), *out);
      return ec == std::errc() && p == v.text.data() + v.text.size();
    }
    default:
      return false;
  }
}

}  // namespace json

void RampartFields::Clear() {
  for (JsonValue* v :
       {&kind, &time, &node, &path, &access, &protocol, &remote_ip, &remote_port, &local_ip,
        &local_port, &dns_name, &direction, &port, &peer_ip, &proc_exe, &proc_name, &parent_exe,
        &parent_name, &syscall_name, &syscall_nr, &container_name, &container_image,
        &container_digest, &workload_namespace, &workload_pod, &workload_kind, &workload_name,
        &peer_namespace, &peer_kind, &peer_name, &peer_pod, &peer_service}) {
    v->type = JsonValue::Type::kAbsent;
  }
  for (TextArray* a : {&flags, &peer_dns_names}) {
    a->seen = a->present = false;
    a->items.clear();
  }
  peer_labels_object = false;
  peer_labels.clear();
  workload_labels_shape = LabelsShape::kNone;
  workload_labels.clear();
}

RampartFields::TextArray* RampartFields::Array(std::string_view name) {
  if (name == "flags") return &flags;
  if (name == "peer_dns_names") return &peer_dns_names;
  return nullptr;
}

RampartFields::Object RampartFields::ObjectNamed(std::string_view name) {
  if (name == "proc") return Object::kProc;
  if (name == "parent") return Object::kParent;
  if (name == "syscall") return Object::kSyscall;
  if (name == "container") return Object::kContainer;
  if (name == "workload") return Object::kWorkload;
  if (name == "peer") return Object::kPeer;
  return Object::kNone;
}

JsonValue* RampartFields::Member(Object object, std::string_view n) {
  switch (object) {
    case Object::kNone:
      // By length first: this runs for every member of every event.
      switch (n.size()) {
        case 4:
          if (n == "kind") return &kind;
          if (n == "time") return &time;
          if (n == "node") return &node;
          if (n == "path") return &path;
          if (n == "port") return &port;
          break;
        case 6:
          if (n == "access") return &access;
          break;
        case 7:
          if (n == "peer_ip") return &peer_ip;
          break;
        case 8:
          if (n == "protocol") return &protocol;
          if (n == "local_ip") return &local_ip;
          if (n == "dns_name") return &dns_name;
          break;
        case 9:
          if (n == "remote_ip") return &remote_ip;
          if (n == "direction") return &direction;
          break;
        case 10:
          if (n == "local_port") return &local_port;
          break;
        case 11:
          if (n == "remote_port") return &remote_port;
          break;
        default:
          break;
      }
      return nullptr;
    case Object::kProc:
    case Object::kParent: {
      bool proc = object == Object::kProc;
      if (n == "exe") return proc ? &proc_exe : &parent_exe;
      if (n == "name") return proc ? &proc_name : &parent_name;
      return nullptr;
    }
    case Object::kSyscall:
      if (n == "name") return &syscall_name;
      if (n == "nr") return &syscall_nr;
      return nullptr;
    case Object::kContainer:
      if (n == "name") return &container_name;
      if (n == "image") return &container_image;
      if (n == "image_digest") return &container_digest;
      return nullptr;
    case Object::kWorkload:
      if (n == "namespace") return &workload_namespace;
      if (n == "pod") return &workload_pod;
      if (n == "kind") return &workload_kind;
      if (n == "name") return &workload_name;
      return nullptr;
    case Object::kPeer:
      if (n == "namespace") return &peer_namespace;
      if (n == "kind") return &peer_kind;
      if (n == "name") return &peer_name;
      if (n == "pod") return &peer_pod;
      if (n == "service") return &peer_service;
      return nullptr;
  }
  return nullptr;
}

namespace {

std::string_view Exe(const JsonValue& exe, const JsonValue& name) {
  std::string_view e = json::Str(exe);
  return e.empty() ? json::Str(name) : e;
}

void ReadOrigin(RampartFields* f, DecodedDocument* out) {
  EventOrigin& o = out->AddOrigin();
  o.facts.namespace_name = json::Str(f->workload_namespace);
  o.facts.pod = json::Str(f->workload_pod);
  o.facts.owner_kind = json::Str(f->workload_kind);
  o.facts.owner_name = json::Str(f->workload_name);
  o.facts.container = json::Str(f->container_name);
  o.facts.image = json::Str(f->container_image);
  o.facts.image_id = json::Str(f->container_digest);
  o.node = json::Str(f->node);
  o.labels_shape = f->workload_labels_shape;
  if (o.labels_shape == LabelsShape::kObject) o.labels_json = f->workload_labels_json;
  if (o.labels_shape == LabelsShape::kPairs) o.label_pairs.swap(f->workload_labels);
}

void ReadPeer(const RampartFields& f, PeerFacts* p) {
  p->namespace_name = json::Str(f.peer_namespace);
  p->owner_kind = json::Str(f.peer_kind);
  p->owner_name = json::Str(f.peer_name);
  p->pod = json::Str(f.peer_pod);
  p->service = json::Str(f.peer_service);
  if (f.peer_labels_object) {
    for (const auto& [k, v] : f.peer_labels) p->labels.emplace_back(std::string(k), std::string(v));
    std::sort(p->labels.begin(), p->labels.end());
  }
}

}  // namespace

std::string DecodeRampartFields(RampartFields* fields, DecodedDocument* out) {
  const RampartFields& f = *fields;
  out->format = "rampart";
  std::string_view kind = json::Str(f.kind);
  if (json::Has(f.time)) {
    std::string_view text = json::Str(f.time);
    long long t;
    if (!text.empty() ? !ParseRfc3339(text, &t) : !json::Int(f.time, &t)) {
      return "\"time\" is neither RFC 3339 text (years 1677 to 2262) nor integer nanoseconds";
    }
    out->time = t;
  }
  // Built in place (a behaviour is a few hundred bytes; copying it showed in profiles), and
  // dropped again when the event is bad.
  Behaviour& b = out->items.emplace_back().behaviour;
  auto bad = [out](const char* why) {
    out->items.pop_back();
    return std::string(why);
  };
  if (kind == "exec") {
    b.plane = Plane::kExec;
    b.exe = Exe(f.proc_exe, f.proc_name);
    b.parent_exe = Exe(f.parent_exe, f.parent_name);
    if (b.exe.empty()) return bad("an exec event without proc.exe");
  } else if (kind == "open") {
    b.plane = Plane::kFile;
    b.path = json::Str(f.path);
    if (b.path.empty()) return bad("an open event without path");
    b.exe = Exe(f.proc_exe, f.proc_name);
    b.access = json::Str(f.access);
    if (b.access.empty() && f.flags.present) {
      std::string flags;
      for (std::string_view flag : f.flags.items) {
        flags += flag;
        flags += '|';
      }
      b.access = AccessFromFlags(flags);
    }
  } else if (kind == "connect" || kind == "accept") {
    b.plane = Plane::kNetwork;
    b.exe = Exe(f.proc_exe, f.proc_name);
    b.direction = kind == "connect" ? "egress" : "ingress";
    b.protocol = json::Str(f.protocol);
    long long port = -1;
    json::Int(kind == "connect" ? f.remote_port : f.local_port, &port);
    b.port = port;
    PeerFacts peer;
    ReadPeer(f, &peer);
    peer.ip = json::Str(f.remote_ip);
    peer.dns = json::Str(f.dns_name);
    FillPeer(peer, out, &b);
    AddPeerAddress(peer, b, out);
    // The local end's address is the event's own pod's (origin 0, read below).
    std::string_view local_ip = json::Str(f.local_ip);
    if (!local_ip.empty()) {
      AddressSeen own;
      own.ip = local_ip;
      own.origin = 0;
      out->addresses.push_back(own);
    }
  } else if (kind == "syscall") {
    b.plane = Plane::kSyscall;
    b.syscall = json::Str(f.syscall_name);
    long long nr = -1;
    json::Int(f.syscall_nr, &nr);
    b.syscall_nr = nr;
    if (b.syscall.empty() && nr < 0)
      return bad("a syscall event without syscall.name or syscall.nr");
  } else if (kind == "flow") {
    b.plane = Plane::kNetwork;
    b.exe = Exe(f.proc_exe, f.proc_name);
    b.direction = json::Str(f.direction);
    if (b.direction != "egress" && b.direction != "ingress")
      return bad("a flow's direction must be egress or ingress");
    b.protocol = json::Str(f.protocol);
    long long port = -1;
    json::Int(f.port, &port);
    b.port = port;
    PeerFacts peer;
    ReadPeer(f, &peer);
    peer.ip = json::Str(f.peer_ip);
    // The store keeps one DNS name per peer: the first the flow lists.
    if (!f.peer_dns_names.items.empty()) peer.dns = f.peer_dns_names.items.front();
    FillPeer(peer, out, &b);
    AddPeerAddress(peer, b, out);
  } else {
    return bad(kind.empty() ? "\"kind\" is missing"
                            : "\"kind\" must be exec, open, connect, accept, syscall or flow");
  }
  ReadOrigin(fields, out);
  return "";
}

}  // namespace rampart::learner
