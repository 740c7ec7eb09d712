// libFuzzer target for every input decoder: the same bytes go through the AdmissionReview,
// manifest (YAML/JSON), JSON-lines event and Trivy decoders, and the CEL value JSON reader.
// Each must either decode or return an error; never crash, hang or exhaust memory. The
// admission and event decoders also run with a projection (runtime/decode/projection.h), as
// `rampart eval` decodes: it must decode exactly the documents the whole decode does.

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/projection.h"
#include "runtime/decode/trivy.h"
#include "runtime/value/cel_json.h"
#include "runtime/value/json.h"

namespace {

using namespace rampart::runtime;

// A usage tree like a policy set's: whole fields, entries, fields inside list elements.
const rampart::ir::FieldNode& Usage() {
  static const rampart::ir::FieldNode* usage = [] {
    auto* u = new rampart::ir::FieldNode();
    rampart::ir::FieldNode* spec = u->Field("object")->Field("spec");
    spec->Field("containers")->entries = true;
    spec->Field("containers")->Element()->Field("image")->whole = true;
    u->Field("object")->Field("metadata")->Field("labels")->entries = true;
    u->Field("pod")->Field("spec")->Field("hostNetwork")->whole = true;
    u->Field("proc")->Field("args")->entries = true;
    u->Field("proc")->Field("name")->whole = true;
    return u;
  }();
  return *usage;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rampart::ir::FieldNode review_need = AdmissionReviewNeeds(Usage());
  static const rampart::ir::FieldNode manifest_need = ManifestNeeds(Usage());
  static const rampart::ir::FieldNode event_need = EventNeeds(Usage());
  std::string text(reinterpret_cast<const char*>(data), size);
  DecodeError err;

  AdmissionInput review, projected_review;
  bool review_ok = DecodeAdmissionReview(text, "fuzz.json", &review, &err);
  if (DecodeAdmissionReview(text, "fuzz.json", &projected_review, &err, &review_need) != review_ok) __builtin_trap();

  std::vector<AdmissionInput> objects, projected_objects;
  bool objects_ok = DecodeManifests(text, "fuzz.yaml", &objects, &err);
  if (DecodeManifests(text, "fuzz.yaml", &projected_objects, &err, &manifest_need) != objects_ok ||
      projected_objects.size() != objects.size()) {
    __builtin_trap();
  }

  std::vector<EventInput> events, projected_events;
  bool events_ok = DecodeEventLines(text, "fuzz.jsonl", &events, &err);
  if (DecodeEventLines(text, "fuzz.jsonl", &projected_events, &err, &event_need) != events_ok ||
      projected_events.size() != events.size()) {
    __builtin_trap();
  }

  VulnerabilityData vulns;
  vulns.AddTrivyReport(text, "trivy.json", &err);
  Value v;
  JsonError jerr;
  if (ParseJson(text, &v, &jerr)) ToCelValueJson(FromCelValueJson(v));
  return 0;
}
