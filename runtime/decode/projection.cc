#include "runtime/decode/projection.h"

namespace rampart::runtime {
namespace {

const ir::FieldNode& Empty() {
  static const ir::FieldNode kEmpty;
  return kEmpty;
}

const ir::FieldNode* Child(const ir::FieldNode& n, const char* name) {
  auto it = n.fields.find(name);
  return it == n.fields.end() ? nullptr : it->second.get();
}

void MergeIf(ir::FieldNode* into, const ir::FieldNode* from) {
  if (from != nullptr) into->Merge(*from);
}

ir::FieldNode RequestNeeds(const ir::FieldNode& usage) {
  ir::FieldNode request;
  MergeIf(&request, Child(usage, "request"));
  ir::FieldNode object = AdmissionObjectNeeds(usage);
  request.Field("object")->Merge(object);
  request.Field("oldObject")->Merge(object);
  MergeIf(request.Field("userInfo"), Child(usage, "userInfo"));
  for (const char* scalar : {"operation", "namespace", "name", "uid"}) request.Field(scalar)->whole = true;
  request.Field("kind")->whole = true;
  return request;
}

}  // namespace

Value Project(const Value& value, const ir::FieldNode& need) {
  if (need.whole) return value;
  if (value.is(ValueKind::kMap)) {
    const ir::FieldNode& element = need.element ? *need.element : Empty();
    ValueMap out;
    for (const auto& [key, v] : value.map()) {
      const ir::FieldNode* by_name = nullptr;
      if (key.is(ValueKind::kString)) {
        auto it = need.fields.find(key.text());
        if (it != need.fields.end()) by_name = it->second.get();
      }
      if (by_name != nullptr && need.entries) {
        // Read both by name and entry by entry: keep what either needs.
        ir::FieldNode both;
        both.Merge(*by_name);
        both.Merge(element);
        out.emplace_back(key, Project(v, both));
      } else if (by_name != nullptr) {
        out.emplace_back(key, Project(v, *by_name));
      } else if (need.entries) {
        out.emplace_back(key, Project(v, element));
      }
    }
    return Value::Map(std::move(out));
  }
  if (value.is(ValueKind::kList)) {
    if (!need.entries) return Value::List({});
    const ir::FieldNode& element = need.element ? *need.element : Empty();
    if (element.whole) return value;
    ValueList out;
    out.reserve(value.list().size());
    for (const Value& v : value.list()) out.push_back(Project(v, element));
    return Value::List(std::move(out));
  }
  return value;  // scalars cost nothing to keep
}

ir::FieldNode AdmissionObjectNeeds(const ir::FieldNode& usage) {
  ir::FieldNode n;
  MergeIf(&n, Child(usage, "object"));
  MergeIf(&n, Child(usage, "oldObject"));
  if (const ir::FieldNode* request = Child(usage, "request")) {
    MergeIf(&n, Child(*request, "object"));
    MergeIf(&n, Child(*request, "oldObject"));
  }
  // `pod` is the object itself for a Pod, else its template (runtime/decode/admission.cc PodOf).
  if (const ir::FieldNode* pod = Child(usage, "pod")) {
    n.Merge(*pod);
    for (ir::FieldNode* tmpl : {n.Field("spec")->Field("template"),
                                n.Field("spec")->Field("jobTemplate")->Field("spec")->Field("template")}) {
      MergeIf(tmpl->Field("spec"), Child(*pod, "spec"));
      MergeIf(tmpl->Field("metadata"), Child(*pod, "metadata"));
    }
  }
  n.Field("kind")->whole = true;
  n.Field("apiVersion")->whole = true;
  n.Field("metadata")->Field("name")->whole = true;
  n.Field("metadata")->Field("namespace")->whole = true;
  return n;
}

ir::FieldNode ManifestNeeds(const ir::FieldNode& usage) {
  ir::FieldNode n = AdmissionObjectNeeds(usage);
  ir::FieldNode* items = n.Field("items");
  items->entries = true;
  items->Element()->Merge(AdmissionObjectNeeds(usage));
  n.Field("request")->Merge(RequestNeeds(usage));
  return n;
}

ir::FieldNode AdmissionReviewNeeds(const ir::FieldNode& usage) {
  ir::FieldNode n;
  n.Field("kind")->whole = true;
  n.Field("apiVersion")->whole = true;
  n.Field("request")->Merge(RequestNeeds(usage));
  return n;
}

ir::FieldNode EventNeeds(const ir::FieldNode& usage) {
  ir::FieldNode n;
  n.Merge(usage);
  n.Field("kind")->whole = true;
  n.Field("direction")->whole = true;
  return n;
}

}  // namespace rampart::runtime
