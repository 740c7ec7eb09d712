#pragma once
// JSON text → CEL value, for input decoders (AdmissionReview, manifests in JSON, events,
// Trivy reports). Objects become maps with string keys (document order kept), integers
// int (or uint above int64's range), other numbers double. The simdjson type stays in
// json.cc.

#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/value/value.h"

namespace rampart::ir {
struct FieldNode;
}  // namespace rampart::ir

namespace rampart::runtime {

struct JsonError {
  std::string message;  // simdjson's reason, e.g. "TAPE_ERROR: ..." turned into a sentence
  size_t offset = 0;    // byte offset of the problem when known, else the end of the text
};

// Parses one JSON document. False (with `error` set) on malformed or truncated input or
// nesting deeper than 1024 levels. Thread-safe (each call uses its own parser).
// With `need`, only the members a policy set reads are converted (runtime/decode/projection.h).
bool ParseJson(std::string_view text, Value* out, JsonError* error, const ir::FieldNode* need = nullptr);

}  // namespace rampart::runtime
