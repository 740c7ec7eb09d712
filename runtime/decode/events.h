#pragma once
// Runtime events and network flows in rampart's own JSON-lines format (docs/formats.md): one
// JSON object per line, `"kind"` naming the input kind (exec, open, connect, accept, syscall,
// flow), every other member one of that kind's variables (compiler/check/schemas/
// runtime.schema and network.schema). Importers for Tetragon, Falco and Hubble output
// produce the same shape.

#include <string>
#include <string_view>
#include <vector>

#include "runtime/decode/admission.h"
#include "runtime/value/value.h"

namespace rampart::ir {
struct FieldNode;
}  // namespace rampart::ir

namespace rampart::runtime {

struct EventInput {
  std::string source;  // "file:line"
  std::string kind;    // exec, open, connect, accept, syscall, flow
  Value variables;     // map: variable name → value (without "kind")
};

// Decodes every non-empty line. Stops at the first bad line with an error naming file and
// line; the events before it are kept in `out`. With `need` (runtime/decode/projection.h
// EventNeeds), only what a policy set reads is kept.
// Decodes one event (a JSON object in the format above) named `where` ("file:line"). False
// with `error` naming `where` when it is not JSON, not an object or has no known "kind".
bool DecodeEvent(std::string_view text, const std::string& where, EventInput* out,
                 DecodeError* error, const ir::FieldNode* need = nullptr);

bool DecodeEventLines(std::string_view text, const std::string& name,
                      std::vector<EventInput>* out, DecodeError* error,
                      const ir::FieldNode* need = nullptr);

}  // namespace rampart::runtime
