// libFuzzer target for every input decoder: the same bytes go through the AdmissionReview,
// manifest (YAML/JSON), JSON-lines event and Trivy decoders, and the CEL value JSON reader.
// Each must either decode or return an error; never crash, hang or exhaust memory.

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/trivy.h"
#include "runtime/value/cel_json.h"
#include "runtime/value/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart::runtime;
  std::string text(reinterpret_cast<const char*>(data), size);
  DecodeError err;
  AdmissionInput review;
  DecodeAdmissionReview(text, "fuzz.json", &review, &err);
  std::vector<AdmissionInput> objects;
  DecodeManifests(text, "fuzz.yaml", &objects, &err);
  std::vector<EventInput> events;
  DecodeEventLines(text, "fuzz.jsonl", &events, &err);
  VulnerabilityData vulns;
  vulns.AddTrivyReport(text, "trivy.json", &err);
  Value v;
  JsonError jerr;
  if (ParseJson(text, &v, &jerr)) ToCelValueJson(FromCelValueJson(v));
  return 0;
}
