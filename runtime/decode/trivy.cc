#include "runtime/decode/trivy.h"

#include "runtime/value/json.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {

std::string VulnerabilityData::NormalizeImage(const std::string& image) {
  std::string name = image, suffix;
  size_t at = name.find('@');
  if (at != std::string::npos) {
    suffix = name.substr(at);
    name = name.substr(0, at);
  } else {
    size_t slash = name.rfind('/');
    size_t colon = name.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
      suffix = name.substr(colon);
      name = name.substr(0, colon);
    } else {
      suffix = ":latest";
    }
  }
  // A first component with a dot or colon, or "localhost", is a registry.
  size_t slash = name.find('/');
  std::string first = slash == std::string::npos ? "" : name.substr(0, slash);
  bool has_registry = !first.empty() && (first.find('.') != std::string::npos ||
                                         first.find(':') != std::string::npos || first == "localhost");
  if (!has_registry) {
    if (slash == std::string::npos) name = "library/" + name;
    name = "docker.io/" + name;
  }
  return name + suffix;
}

bool VulnerabilityData::AddTrivyReport(std::string_view json, const std::string& name,
                                       DecodeError* error) {
  Value doc;
  JsonError err;
  if (!ParseJson(json, &doc, &err)) {
    error->message = name + ": " + err.message;
    return false;
  }
  std::string artifact = StringMember(doc, "ArtifactName");
  if (artifact.empty()) {
    error->message = name + ": not a Trivy report (no ArtifactName)";
    return false;
  }
  ValueList vulns;
  if (const Value* results = Member(doc, "Results"); results && results->is(ValueKind::kList)) {
    for (const Value& result : results->list()) {
      std::string target = StringMember(result, "Target");
      const Value* list = Member(result, "Vulnerabilities");
      if (list == nullptr || !list->is(ValueKind::kList)) continue;
      for (const Value& v : list->list()) {
        ValueMap entry = {
            {Value::String("id"), Value::String(StringMember(v, "VulnerabilityID"))},
            {Value::String("pkg"), Value::String(StringMember(v, "PkgName"))},
            {Value::String("installed_version"), Value::String(StringMember(v, "InstalledVersion"))},
            {Value::String("fixed_version"), Value::String(StringMember(v, "FixedVersion"))},
            {Value::String("severity"), Value::String(StringMember(v, "Severity"))},
            {Value::String("title"), Value::String(StringMember(v, "Title"))},
            {Value::String("target"), Value::String(target)},
        };
        vulns.push_back(Value::Map(std::move(entry)));
      }
    }
  }
  Value list = Value::List(std::move(vulns));
  by_image_[NormalizeImage(artifact)] = list;
  if (const Value* meta = Member(doc, "Metadata")) {
    for (const char* names : {"RepoTags", "RepoDigests"}) {
      const Value* l = Member(*meta, names);
      if (l == nullptr || !l->is(ValueKind::kList)) continue;
      for (const Value& n : l->list()) {
        if (n.is(ValueKind::kString)) by_image_[NormalizeImage(n.text())] = list;
      }
    }
  }
  return true;
}

const Value* VulnerabilityData::Find(const std::string& image) const {
  auto it = by_image_.find(NormalizeImage(image));
  return it == by_image_.end() ? nullptr : &it->second;
}

}  // namespace rampart::runtime
