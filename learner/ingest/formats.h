#pragma once
// Which importer reads a document (internal to learner/: ingest and replay share it).
// Auto-detection looks at member names; the first decisive one wins: `kind` → rampart,
// `output_fields`/`rule` → Falco, `flow`/`lost_events`/`verdict`/`IP` → Hubble,
// `process_*`/`rate_limit_info` → Tetragon.

#include <string>

#include "learner/ingest/decoded_document.h"

namespace rampart::learner {

// An importer: reads one parsed document into `out` (already cleared); "" or why it is bad.
using Decoder = std::string (*)(simdjson::dom::object, DecodedDocument*);

// The importer for a document's shape, or null when it is no known format.
Decoder DetectDecoder(simdjson::dom::object doc);
// The importer named rampart, tetragon, falco or hubble; null for other names (and "auto").
Decoder DecoderNamed(const std::string& format);

}  // namespace rampart::learner
