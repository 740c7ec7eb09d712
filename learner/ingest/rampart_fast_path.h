#pragma once
// Ingest's fast path for rampart's own events (internal to learner/ingest): one pass over the
// line captures the members the importer reads (rampart_fields.h), then the one rampart
// decoder runs on them. No DOM is built and strings are views into the line.
//
// It reads a strict subset of JSON — one line without backslashes or bytes below 0x20 (so no
// escapes, no tabs), objects, arrays, strings, 64-bit integers, true/false/null — and checks
// all of it, read or not: whatever it accepts, simdjson's DOM parser accepts and reads the
// same way. Anything else — escapes, other numbers, invalid UTF-8, a root that is not an
// object, trailing content, deep nesting, a document whose format detection would not pick
// rampart — is handed back for the DOM path to decide, with its error messages. Measured: simdjson On-Demand
// gave no gain over the DOM here (docs/performance.md, "Learner").
// tests/learner/fast_path_test.cc checks both paths agree, line by line.

#include <string>
#include <string_view>

#include "learner/ingest/clean_line.h"
#include "learner/ingest/decoded_document.h"
#include "learner/ingest/rampart_fields.h"

namespace rampart::learner {

class RampartFastPath {
 public:
  enum class Result {
    kDecoded,     // `*out` and `*reason` are what the DOM path would give
    kNotHandled,  // let the DOM path decide
  };
  // `detect`: the input format is auto-detected, so a document whose first decisive member is
  // not "kind" is another format's. `out` must be cleared; it may be partly written when the
  // result is kNotHandled (clear it again). Views in `out` point into `text`.
  Result Decode(std::string_view text, bool detect, DecodedDocument* out, std::string* reason);

 private:
  RampartFields fields_;
  CleanLine line_;  // the line's padded copy and its quotes
};

}  // namespace rampart::learner
