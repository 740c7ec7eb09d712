#include "runtime/decode/admission.h"

#include "runtime/decode/projection.h"
#include "runtime/decode/yaml.h"
#include "runtime/value/json.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {


// Path to the pod template of each workload kind.
const std::vector<const char*>* TemplatePath(const std::string& kind) {
  static const std::vector<const char*> kTemplate = {"spec", "template"};
  static const std::vector<const char*> kCronJob = {"spec", "jobTemplate", "spec", "template"};
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
    return &kTemplate;
  }
  if (kind == "CronJob") return &kCronJob;
  return nullptr;
}

Value Variables(const Value& request) {
  const Value* object = Member(request, "object");
  const Value* old_object = Member(request, "oldObject");
  const Value* user = Member(request, "userInfo");
  ValueMap vars;
  vars.emplace_back(Value::String("request"), request);
  vars.emplace_back(Value::String("object"), object ? *object : Value::Null());
  vars.emplace_back(Value::String("oldObject"), old_object ? *old_object : Value::Null());
  vars.emplace_back(Value::String("pod"), object ? PodOf(*object) : Value::Null());
  vars.emplace_back(Value::String("operation"), Value::String(StringMember(request, "operation")));
  vars.emplace_back(Value::String("namespace"), Value::String(StringMember(request, "namespace")));
  vars.emplace_back(Value::String("userInfo"), user ? *user : Value::Map({}));
  return Value::Map(std::move(vars));
}

// A plain manifest as the CREATE request an API server would send for it.
Value CreateRequest(const Value& object) {
  const Value* meta = Member(object, "metadata");
  std::string ns = meta ? StringMember(*meta, "namespace") : "";
  std::string api_version = StringMember(object, "apiVersion");
  size_t slash = api_version.find('/');
  std::string group = slash == std::string::npos ? "" : api_version.substr(0, slash);
  std::string version = slash == std::string::npos ? api_version : api_version.substr(slash + 1);
  ValueMap kind = {{Value::String("group"), Value::String(group)},
                   {Value::String("version"), Value::String(version)},
                   {Value::String("kind"), Value::String(StringMember(object, "kind"))}};
  ValueMap request = {
      {Value::String("uid"), Value::String("")},
      {Value::String("kind"), Value::Map(kind)},
      {Value::String("name"), Value::String(meta ? StringMember(*meta, "name") : "")},
      {Value::String("namespace"), Value::String(ns)},
      {Value::String("operation"), Value::String("CREATE")},
      {Value::String("userInfo"), Value::Map({})},
      {Value::String("object"), object},
      {Value::String("dryRun"), Value::Bool(false)},
  };
  return Value::Map(std::move(request));
}

}  // namespace

Value PodOf(const Value& object) {
  std::string kind = StringMember(object, "kind");
  if (kind == "Pod") return object;
  const std::vector<const char*>* path = TemplatePath(kind);
  if (path == nullptr) return Value::Null();
  const Value* node = &object;
  for (const char* step : *path) {
    node = Member(*node, step);
    if (node == nullptr) return Value::Null();
  }
  const Value* spec = Member(*node, "spec");
  const Value* template_meta = Member(*node, "metadata");
  const Value* workload_meta = Member(object, "metadata");
  // The template's metadata (labels, annotations: AppArmor annotations live there), with the
  // workload's namespace: a template has none of its own.
  ValueMap meta;
  if (template_meta != nullptr && template_meta->is(ValueKind::kMap)) meta = template_meta->map();
  if (MapFind(meta, Value::String("namespace")) == nullptr && workload_meta != nullptr) {
    if (const Value* ns = Member(*workload_meta, "namespace")) meta.emplace_back(Value::String("namespace"), *ns);
  }
  ValueMap pod = {{Value::String("apiVersion"), Value::String("v1")},
                  {Value::String("kind"), Value::String("Pod")},
                  {Value::String("metadata"), Value::Map(std::move(meta))},
                  {Value::String("spec"), spec ? *spec : Value::Map({})}};
  return Value::Map(std::move(pod));
}

Value CompleteAdmissionVariables(const Value& given) {
  if (!given.is(ValueKind::kMap)) return given;
  const Value* object = Member(given, "object");
  const Value* request = Member(given, "request");
  Value defaults = request != nullptr ? Variables(*request)
                                      : Variables(CreateRequest(object != nullptr ? *object : Value::Map({})));
  ValueMap merged = given.map();
  for (const auto& [key, value] : defaults.map()) {
    if (MapFind(merged, key) == nullptr) merged.emplace_back(key, value);
  }
  return Value::Map(std::move(merged));
}

bool DecodeAdmissionReview(std::string_view json, const std::string& name, AdmissionInput* out,
                           DecodeError* error, const ir::FieldNode* need) {
  Value doc;
  JsonError err;
  if (!ParseJson(json, &doc, &err, need)) {
    error->message = name + ": " + err.message;
    return false;
  }
  if (StringMember(doc, "kind") != "AdmissionReview") {
    error->message = name + ": not an AdmissionReview (kind is '" + StringMember(doc, "kind") + "')";
    return false;
  }
  const Value* request = Member(doc, "request");
  if (request == nullptr || !request->is(ValueKind::kMap)) {
    error->message = name + ": AdmissionReview has no request";
    return false;
  }
  out->source = name;
  out->variables = Variables(*request);
  return true;
}

bool DecodeManifests(std::string_view text, const std::string& name,
                     std::vector<AdmissionInput>* out, DecodeError* error, const ir::FieldNode* need) {
  std::vector<Value> docs;
  // JSON (`kubectl get -o json`, the common case for cluster snapshots) goes through simdjson;
  // everything else through the YAML parser.
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    Value doc;
    JsonError jerr;
    if (!ParseJson(text, &doc, &jerr, need)) {
      error->message = name + ": " + jerr.message;
      return false;
    }
    docs.push_back(std::move(doc));
  } else if (need != nullptr) {
    YamlError yerr;
    if (!ParseYamlDocuments(text, &docs, &yerr)) {
      error->message = name + (yerr.line > 0 ? ":" + std::to_string(yerr.line) + ":" + std::to_string(yerr.column) : "") +
                       ": malformed YAML: " + yerr.message;
      return false;
    }
    for (Value& doc : docs) doc = Project(doc, *need);
    if (docs.empty()) return true;
  }
  YamlError err;
  if (docs.empty() && !ParseYamlDocuments(text, &docs, &err)) {
    error->message = name + (err.line > 0 ? ":" + std::to_string(err.line) + ":" + std::to_string(err.column) : "") +
                     ": malformed YAML: " + err.message;
    return false;
  }
  size_t index = 0;
  auto add = [&](const Value& object) {
    std::string source = name + "#" + std::to_string(index++);
    // An AdmissionReview written as YAML or JSON among manifests is taken as what it is.
    if (StringMember(object, "kind") == "AdmissionReview") {
      if (const Value* request = Member(object, "request")) {
        out->push_back({source, Variables(*request)});
        return;
      }
    }
    out->push_back({source, Variables(CreateRequest(object))});
  };
  for (const Value& doc : docs) {
    if (!doc.is(ValueKind::kMap)) {
      error->message = name + ": document " + std::to_string(index) + " is not a Kubernetes object";
      return false;
    }
    std::string kind = StringMember(doc, "kind");
    // `kind: List` and the typed lists `kubectl get -o json` prints (PodList, ...).
    if (kind == "List" || (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "List") == 0)) {
      const Value* items = Member(doc, "items");
      if (items != nullptr && items->is(ValueKind::kList)) {
        for (const Value& item : items->list()) add(item);
        continue;
      }
    }
    add(doc);
  }
  return true;
}

}  // namespace rampart::runtime
