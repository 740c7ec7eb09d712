#include "learner/replay/replay_inputs.h"

#include <set>

#include "simdjson.h"

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

// A JSON object written member by member; empty text members are left out (absent to the
// policy) unless `always` says the policy compares them with "".
class Object {
 public:
  Object& Text(std::string_view key, std::string_view value, bool always = false) {
    if (value.empty() && !always) return *this;
    Key(key);
    out_ += '"';
    out_ += source::JsonEscape(value);
    out_ += '"';
    return *this;
  }
  Object& Int(std::string_view key, long long value) {
    if (value < 0) return *this;
    Key(key);
    out_ += std::to_string(value);
    return *this;
  }
  Object& Raw(std::string_view key, const std::string& json) {
    if (json.empty() || json == "{}") return *this;
    Key(key);
    out_ += json;
    return *this;
  }
  std::string Done() { return out_ + "}"; }

 private:
  void Key(std::string_view key) {
    out_ += out_.size() > 1 ? ",\"" : "\"";
    out_ += key;
    out_ += "\":";
  }
  std::string out_ = "{";
};

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string Process(std::string_view exe) {
  if (exe.empty()) return "";
  return Object().Text("exe", exe).Text("name", Basename(exe)).Done();
}

// A source may list a label key twice (a Cilium label list can): the object gets it once,
// the first listed, since rampart's decoders refuse an object with a key written twice.
std::string LabelsObject(const Labels& labels) {
  Object o;
  std::set<std::string_view> seen;
  for (const auto& [k, v] : labels) {
    if (seen.insert(k).second) o.Text(k, v, true);
  }
  return o.Done();
}

// "k=v,k=v" (Behaviour::peer_labels; Cilium's reserved identities have no "=v") → object.
std::string PeerLabels(std::string_view text) {
  Object o;
  std::set<std::string_view> seen;  // the first of a key listed twice, as LabelsObject
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t eq = item.find('=');
    if (seen.insert(item.substr(0, eq)).second)
      o.Text(item.substr(0, eq), eq == std::string_view::npos ? "" : item.substr(eq + 1), true);
  }
  return o.Done();
}

// The peer as a Workload: namespace, owner kind and name, labels, and the Service's name (its
// namespace is the peer's namespace when the source named no other). Namespace, kind and name
// are always written, empty when unknown (network.schema: "empty namespace for endpoints
// outside the cluster"), so `peer.namespace == "x"` is false for the world, not an error.
std::string Peer(const Behaviour& b) {
  std::string_view ns = b.peer_namespace, service = b.peer_service;
  if (size_t slash = service.find('/'); slash != std::string_view::npos) {
    if (ns.empty()) ns = service.substr(0, slash);
    service = service.substr(slash + 1);
  }
  std::string_view kind, name = b.peer_workload;
  if (size_t slash = name.find('/'); slash != std::string_view::npos) {
    kind = name.substr(0, slash);
    name = name.substr(slash + 1);
  }
  return Object()
      .Text("namespace", ns, true)
      .Text("kind", kind, true)
      .Text("name", name, true)
      .Raw("labels", b.peer_labels.empty() ? "" : PeerLabels(b.peer_labels))
      .Text("service", service)
      .Done();
}

// The members every input of one origin shares: workload, container, node.
std::string OriginMembers(const EventOrigin& origin) {
  Labels labels;
  ReadLabels(origin, &labels);
  PodFacts facts = origin.facts;
  facts.labels = &labels;
  WorkloadRef w = ResolveWorkload(facts);
  // Emitted baselines compare namespace, kind, name and pod (also with ""): always written.
  std::string workload = Object()
                             .Text("namespace", w.namespace_name, true)
                             .Text("kind", w.kind, true)
                             .Text("name", w.name, true)
                             .Text("pod", origin.facts.pod, true)
                             .Raw("labels", LabelsObject(labels))
                             .Done();
  std::string image = std::string(origin.facts.image), digest;
  if (w.version.rfind("sha256:", 0) == 0) digest = w.version;
  if (image.empty() && w.version.rfind("image:", 0) == 0) image = w.version.substr(6);
  std::string container =
      Object().Text("name", w.container).Text("image", image).Text("image_digest", digest).Done();
  std::string out = ",\"workload\":" + workload;
  if (container != "{}") out += ",\"container\":" + container;
  if (!origin.node.empty()) out += ",\"node\":\"" + source::JsonEscape(origin.node) + "\"";
  return out;
}

// `{"kind":K,` + members + origin members + `}`.
std::string Event(std::string_view kind, std::string members, const std::string& origin) {
  std::string out = "{\"kind\":\"" + std::string(kind) + "\"";
  if (members.size() > 2) out += "," + members.substr(1, members.size() - 2);
  return out + origin + "}";
}

std::string Flow(const Behaviour& b) {
  return Object()
      .Text("direction", b.direction)
      .Text("protocol", b.protocol)
      .Int("port", b.port)
      .Raw("peer", Peer(b))
      .Text("peer_ip", b.peer_address)
      .Raw("peer_dns_names",
           b.peer_dns.empty() ? "" : "[\"" + source::JsonEscape(b.peer_dns) + "\"]")
      .Raw("proc", Process(b.exe))
      .Done();
}

// A rampart line with the peer resolved from its address (replay_addresses.h) as its "peer"
// member: the line's own "peer" (one that named no workload) is replaced, not repeated, since
// the evaluator refuses an object with a key written twice. Members are written back
// minified, in their order.
std::string WithPeer(std::string_view original, const std::string& peer) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  std::string padded(original);
  if (parser.parse(padded).get(object) != simdjson::SUCCESS) return std::string(original);
  std::string out = "{\"peer\":" + peer;
  for (auto field : object) {
    if (field.key == "peer") continue;
    out += ",\"" + source::JsonEscape(field.key) + "\":" + simdjson::minify(field.value);
  }
  return out + "}";
}

}  // namespace

void AppendReplayInputs(const DecodedDocument& doc, std::string_view original,
                        std::string_view rampart_kind, std::vector<ReplayInput>* out) {
  bool rampart = doc.format == "rampart";
  std::string origins[2];
  for (int i = 0; i < doc.n_origins; ++i) origins[i] = OriginMembers(doc.origins[i]);
  if (rampart) {
    // As written, with a peer resolved from its address in place of its own.
    std::string text(original);
    for (const DecodedDocument::Item& item : doc.items) {
      if (!item.peer_resolved) continue;
      text = WithPeer(original, Peer(item.behaviour));
      break;
    }
    out->push_back(ReplayInput{0, std::string(rampart_kind), std::move(text)});
  }
  for (const DecodedDocument::Item& item : doc.items) {
    const Behaviour& b = item.behaviour;
    const std::string& origin = origins[item.origin];
    if (rampart) {
      // As written, plus the flow a connect or accept opened.
      if (b.plane == Plane::kNetwork && rampart_kind != "flow") {
        out->push_back(ReplayInput{item.origin, "flow", Event("flow", Flow(b), origin)});
      }
      continue;
    }
    switch (b.plane) {
      case Plane::kExec:
        out->push_back(ReplayInput{
            item.origin, "exec",
            Event("exec",
                  Object().Raw("proc", Process(b.exe)).Raw("parent", Process(b.parent_exe)).Done(),
                  origin)});
        break;
      case Plane::kFile:
        out->push_back(ReplayInput{item.origin, "open",
                                   Event("open",
                                         Object()
                                             .Raw("proc", Process(b.exe))
                                             .Text("path", b.path)
                                             .Text("access", b.access)
                                             .Done(),
                                         origin)});
        break;
      case Plane::kSyscall:
        out->push_back(ReplayInput{
            item.origin, "syscall",
            Event(
                "syscall",
                Object()
                    .Raw("syscall", Object().Text("name", b.syscall).Int("nr", b.syscall_nr).Done())
                    .Done(),
                origin)});
        break;
      case Plane::kNetwork: {
        out->push_back(ReplayInput{item.origin, "flow", Event("flow", Flow(b), origin)});
        if (doc.format == "hubble") break;
        bool egress = b.direction == "egress";
        Object connection;
        connection.Raw("proc", Process(b.exe))
            .Text("protocol", b.protocol)
            .Text("remote_ip", b.peer_address)
            .Int(egress ? "remote_port" : "local_port", b.port)
            .Raw("peer", Peer(b));
        if (egress) connection.Text("dns_name", b.peer_dns);
        const char* kind = egress ? "connect" : "accept";
        out->push_back(ReplayInput{item.origin, kind, Event(kind, connection.Done(), origin)});
        break;
      }
    }
  }
}

}  // namespace rampart::learner
