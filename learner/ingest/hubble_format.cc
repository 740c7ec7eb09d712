// Hubble flows as `hubble observe -o json` prints them ({"flow": {...}, "node_name", "time"},
// field names of cilium's flow.proto), bare Flow objects, and {"lost_events": {...}} loss
// reports. A flow is a connection from a client to a server port: the client pod gets an
// egress behaviour, the server pod an ingress one, each with the other side as the peer.
// Reply packets (is_reply, or the older `reply`) are read with their ends swapped.

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

using json::Field;

struct End {
  Field endpoint;
  std::string_view ip;
  long long port = -1;
  Field service;
  Field names;  // DNS names the address was resolved from (destination_names)
};

bool IsPod(const End& e) { return !json::Str(e.endpoint["pod_name"]).empty(); }

void ReadOwner(Field endpoint, std::string_view* kind, std::string_view* name) {
  simdjson::dom::array workloads;
  if (endpoint["workloads"].get(workloads) == simdjson::SUCCESS) {
    for (auto w : workloads) {
      *kind = json::Str(w["kind"]);
      *name = json::Str(w["name"]);
      return;
    }
  }
}

int AddOrigin(const End& e, std::string_view node, DecodedDocument* out) {
  EventOrigin& o = out->AddOrigin();
  o.facts.namespace_name = json::Str(e.endpoint["namespace"]);
  o.facts.pod = json::Str(e.endpoint["pod_name"]);
  ReadOwner(e.endpoint, &o.facts.owner_kind, &o.facts.owner_name);
  o.node = node;
  if (json::Has(e.endpoint["labels"])) {
    o.labels_shape = LabelsShape::kCiliumList;
    o.labels_json = e.endpoint["labels"].value_unsafe();
  }
  return out->n_origins - 1;
}

void AddBehaviour(int origin, std::string_view direction, std::string_view protocol, long long port,
                  const End& peer_end, DecodedDocument* out) {
  Behaviour b;
  b.plane = Plane::kNetwork;
  b.direction = direction;
  b.protocol = protocol;
  b.port = port;
  PeerFacts peer;
  peer.namespace_name = json::Str(peer_end.endpoint["namespace"]);
  peer.pod = json::Str(peer_end.endpoint["pod_name"]);
  ReadOwner(peer_end.endpoint, &peer.owner_kind, &peer.owner_name);
  EventOrigin labels_of;
  labels_of.labels_shape = LabelsShape::kCiliumList;
  if (json::Has(peer_end.endpoint["labels"])) {
    labels_of.labels_json = peer_end.endpoint["labels"].value_unsafe();
    ReadLabels(labels_of, &peer.labels);
  }
  std::string_view svc_name = json::Str(peer_end.service["name"]);
  std::string_view svc_ns = json::Str(peer_end.service["namespace"]);
  if (!svc_name.empty()) {
    peer.service =
        svc_ns.empty() ? svc_name : out->Own(std::string(svc_ns) + "/" + std::string(svc_name));
  }
  simdjson::dom::array names;
  if (peer_end.names.get(names) == simdjson::SUCCESS) {
    for (auto n : names) {
      peer.dns = json::Str(n);
      break;
    }
  }
  peer.ip = peer_end.ip;
  FillPeer(peer, out, &b);
  out->items.push_back({origin, b});
}

std::string DecodeFlow(simdjson::dom::object flow, std::string_view node, DecodedDocument* out) {
  std::string_view time = json::Str(flow["time"]);
  long long t;
  if (!time.empty()) {
    if (!ParseRfc3339(time, &t)) return "flow.time is not RFC 3339";
    out->time = t;
  }
  if (node.empty()) node = json::Str(flow["node_name"]);
  std::string_view verdict = json::Str(flow["verdict"]);
  if (verdict == "DROPPED" || verdict == "ERROR") {
    // Denied traffic is not behaviour to allow; it stays visible in the ignored counts.
    out->ignored = verdict == "DROPPED" ? "hubble dropped flow" : "hubble error flow";
    return "";
  }
  End src{flow["source"], json::Str(flow["IP"]["source"]), -1, flow["source_service"],
          flow["source_names"]};
  End dst{flow["destination"], json::Str(flow["IP"]["destination"]), -1,
          flow["destination_service"], flow["destination_names"]};
  std::string_view protocol;
  Field l4 = flow["l4"];
  for (auto [name, proto] :
       {std::pair<const char*, std::string_view>{"TCP", "tcp"}, {"UDP", "udp"}, {"SCTP", "sctp"}}) {
    if (json::IsObject(l4[name])) {
      protocol = proto;
      json::Int(l4[name]["source_port"], &src.port);
      json::Int(l4[name]["destination_port"], &dst.port);
    }
  }
  if (protocol.empty()) {
    if (json::IsObject(l4["ICMPv4"]))
      protocol = "icmp";
    else if (json::IsObject(l4["ICMPv6"]))
      protocol = "icmpv6";
  }
  bool reply = json::True(flow["is_reply"]) || json::True(flow["reply"]);
  const End& client = reply ? dst : src;
  const End& server = reply ? src : dst;
  if (!IsPod(client) && !IsPod(server)) {
    out->ignored = "hubble flow between endpoints that are not pods";
    return "";
  }
  // Each pod end is an origin, and its address (IP.source/destination) is that pod's.
  auto add_end = [&](const End& end, std::string_view direction, const End& peer) {
    int origin = AddOrigin(end, node, out);
    AddBehaviour(origin, direction, protocol, server.port, peer, out);
    if (!end.ip.empty()) {
      AddressSeen a;
      a.ip = end.ip;
      a.origin = origin;
      out->addresses.push_back(a);
    }
  };
  if (IsPod(client)) add_end(client, "egress", server);
  if (IsPod(server)) add_end(server, "ingress", client);
  return "";
}

}  // namespace

std::string DecodeHubble(simdjson::dom::object doc, DecodedDocument* out) {
  out->format = "hubble";
  std::string_view node = json::Str(doc["node_name"]);
  simdjson::dom::object inner;
  if (doc["flow"].get(inner) == simdjson::SUCCESS) {
    std::string error = DecodeFlow(inner, node, out);
    if (error.empty() && out->time == kNoTime) {
      long long t;
      if (ParseRfc3339(json::Str(doc["time"]), &t)) out->time = t;
    }
    return error;
  }
  if (doc["lost_events"].get(inner) == simdjson::SUCCESS) {
    long long t;
    if (ParseRfc3339(json::Str(doc["time"]), &t)) out->time = t;
    long long n = 0;
    json::Int(inner["num_events_lost"], &n);
    out->losses.push_back(
        Loss{out->time, std::string(node), n, "hubble " + std::string(json::Str(inner["source"]))});
    return "";
  }
  if (json::Has(doc["verdict"]) || json::Has(doc["IP"])) return DecodeFlow(doc, node, out);
  for (auto [key, value] : doc) {
    out->ignored = out->Own("hubble " + std::string(key));
    return "";
  }
  return "an empty object";
}

}  // namespace rampart::learner
