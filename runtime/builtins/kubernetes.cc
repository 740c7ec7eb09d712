// Kubernetes helpers over admission objects as decoded by runtime/decode (maps of the
// object's JSON): the pod spec of a Pod or of a workload's pod template (the template paths
// of runtime/decode/admission.cc PodOf), its containers, image reference parts with Docker's
// defaults, and vulnerability lookups in external data (BuiltinContext).

#include <string>
#include <string_view>

#include "runtime/builtins/tables.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime::builtins_internal {
namespace {

// Every policy of a pack asks for the containers: lookups build no key value and copy no text.
const Value* Field(const Value& v, std::string_view name) {
  if (!v.is(ValueKind::kMap)) return nullptr;
  return FindStringKey(v.map(), name);  // only a string key equals a string
}

std::string_view Kind(const Value& object) {
  const Value* k = Field(object, "kind");
  return k && k->is(ValueKind::kString) ? std::string_view(k->text()) : std::string_view();
}

// The pod spec of a Pod or of a workload's template; null for other kinds.
const Value* PodSpecOf(const Value& object) {
  std::string_view kind = Kind(object);
  const Value* node = &object;
  if (kind == "Pod") return Field(object, "spec");
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
    for (const char* step : {"spec", "template", "spec"}) {
      if ((node = Field(*node, step)) == nullptr) return nullptr;
    }
    return node;
  }
  if (kind == "CronJob") {
    for (const char* step : {"spec", "jobTemplate", "spec", "template", "spec"}) {
      if ((node = Field(*node, step)) == nullptr) return nullptr;
    }
    return node;
  }
  return nullptr;
}

// Init, regular and ephemeral containers, in that order. When only one of the three lists
// is there (the common Pod), that list is the answer: it is shared, not copied.
Value ContainersOfSpec(const Value* spec) {
  const Value* lists[3] = {};
  int present = 0;
  if (spec != nullptr) {
    for (const char* field : {"initContainers", "containers", "ephemeralContainers"}) {
      const Value* list = Field(*spec, field);
      if (list && list->is(ValueKind::kList) && !list->list().empty()) lists[present++] = list;
    }
  }
  if (present == 1) return *lists[0];
  ValueList out;
  for (int i = 0; i < present; ++i) out.insert(out.end(), lists[i]->list().begin(), lists[i]->list().end());
  return Value::List(std::move(out));
}

Value ContainersObject(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ContainersOfSpec(PodSpecOf(a[0]));
}
Value ContainersPod(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ContainersOfSpec(Field(a[0], "spec"));  // `pod` is null for objects without a pod
}
Value ContainersPodSpec(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ContainersOfSpec(&a[0]);
}
Value PodSpec(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (const Value* spec = PodSpecOf(a[0])) return *spec;
  return Value::Error("no pod spec in an object of kind '" + std::string(Kind(a[0])) + "'");
}
Value HasPod(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(PodSpecOf(a[0]) != nullptr);
}

Value ImageVulns(BuiltinArgs a, size_t, const BuiltinContext* ctx) {
  if (ctx == nullptr || ctx->find_image_vulns == nullptr) {
    return Value::Error("no vulnerability data loaded");
  }
  const Value* vulns = ctx->find_image_vulns(ctx->vulnerability_data, a[0].text());
  return vulns ? *vulns : Value::List({});
}
Value ImageScanned(BuiltinArgs a, size_t, const BuiltinContext* ctx) {
  if (ctx == nullptr || ctx->find_image_vulns == nullptr) {
    return Value::Error("no vulnerability data loaded");
  }
  return Value::Bool(ctx->find_image_vulns(ctx->vulnerability_data, a[0].text()) != nullptr);
}

struct ImageRef {
  std::string registry, repository, tag, digest;
};

// Docker's reference grammar, leniently: [registry/]path[:tag][@digest]. The first component
// is a registry when it has a '.' or ':' or is "localhost"; otherwise docker.io, where
// single-component names live under "library/".
ImageRef ParseImage(const std::string& image) {
  ImageRef r;
  std::string name = image;
  size_t at = name.find('@');
  if (at != std::string::npos) {
    r.digest = name.substr(at + 1);
    name = name.substr(0, at);
  }
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    r.tag = name.substr(colon + 1);
    name = name.substr(0, colon);
  }
  size_t first = name.find('/');
  std::string head = first == std::string::npos ? "" : name.substr(0, first);
  if (!head.empty() && (head.find('.') != std::string::npos || head.find(':') != std::string::npos ||
                        head == "localhost")) {
    r.registry = head == "index.docker.io" ? "docker.io" : head;
    r.repository = name.substr(first + 1);
  } else {
    r.registry = "docker.io";
    r.repository = name;
  }
  if (r.registry == "docker.io" && r.repository.find('/') == std::string::npos) {
    r.repository = "library/" + r.repository;
  }
  if (r.tag.empty() && r.digest.empty()) r.tag = "latest";
  return r;
}

Value ImageRegistry(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(ParseImage(a[0].text()).registry);
}
Value ImageRepository(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(ParseImage(a[0].text()).repository);
}
Value ImageTag(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(ParseImage(a[0].text()).tag);
}
Value ImageDigest(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(ParseImage(a[0].text()).digest);
}

}  // namespace

RAMPART_BUILTIN_TABLE(KubernetesTable,
  {"containers_object", "*", ContainersObject},
  {"containers_pod", "*", ContainersPod},
  {"containers_pod_spec", "*", ContainersPodSpec},
  {"pod_spec", "*", PodSpec},
  {"has_pod", "*", HasPod},
  {"image_vulns", "s", ImageVulns},
  {"image_scanned", "s", ImageScanned},
  {"image_registry", "s", ImageRegistry},
  {"image_repository", "s", ImageRepository},
  {"image_tag", "s", ImageTag},
  {"image_digest", "s", ImageDigest})

}  // namespace rampart::runtime::builtins_internal
