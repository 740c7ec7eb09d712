#include "learner/ingest/formats.h"

namespace rampart::learner {

Decoder DetectDecoder(simdjson::dom::object doc) {
  for (auto [key, value] : doc) {
    if (key == "kind") return DecodeRampart;
    if (key == "output_fields" || key == "rule") return DecodeFalco;
    if (key == "flow" || key == "lost_events" || key == "verdict" || key == "IP")
      return DecodeHubble;
    if (key.rfind("process_", 0) == 0 || key == "rate_limit_info") return DecodeTetragon;
  }
  return nullptr;
}

Decoder DecoderNamed(const std::string& format) {
  if (format == "rampart") return DecodeRampart;
  if (format == "tetragon") return DecodeTetragon;
  if (format == "falco") return DecodeFalco;
  if (format == "hubble") return DecodeHubble;
  return nullptr;
}

}  // namespace rampart::learner
