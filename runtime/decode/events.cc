#include "runtime/decode/events.h"

#include "runtime/value/json.h"

namespace rampart::runtime {
namespace {

bool KnownKind(const std::string& k) {
  return k == "exec" || k == "open" || k == "connect" || k == "accept" || k == "syscall" ||
         k == "flow";
}

}  // namespace

bool DecodeEvent(std::string_view text, const std::string& where, EventInput* out,
                 DecodeError* error, const ir::FieldNode* need) {
  Value doc;
  JsonError err;
  if (!ParseJson(text, &doc, &err, need)) {
    error->message = where + ": " + err.message;
    return false;
  }
  if (!doc.is(ValueKind::kMap)) {
    error->message = where + ": an event is a JSON object";
    return false;
  }
  out->source = where;
  out->kind.clear();
  ValueMap variables;
  bool kind_seen = false;
  for (const auto& [key, value] : doc.map()) {
    if (key.is(ValueKind::kString) && key.text() == "kind") {
      // A repeated member: the first counts, as for every field a policy reads (MapFind)
      // and for the learner's importers — the kind picks the policies, so every reader
      // must agree on it (found by tests/fuzz/learner_fuzzer.cc).
      if (!kind_seen && value.is(ValueKind::kString)) out->kind = value.text();
      kind_seen = true;
      continue;
    }
    variables.emplace_back(key, value);
  }
  if (!KnownKind(out->kind)) {
    error->message = where + ": \"kind\" must be exec, open, connect, accept, syscall or flow" +
                     (out->kind.empty() ? std::string(" (missing)") : ", not '" + out->kind + "'");
    return false;
  }
  out->variables = Value::Map(std::move(variables));
  return true;
}

bool DecodeEventLines(std::string_view text, const std::string& name,
                      std::vector<EventInput>* out, DecodeError* error, const ir::FieldNode* need) {
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      if (end == text.size()) break;
      continue;
    }
    std::string where = name + ":" + std::to_string(line_no);
    EventInput event;
    if (!DecodeEvent(line, where, &event, error, need)) return false;
    out->push_back(std::move(event));
    if (end == text.size()) break;
  }
  return true;
}

}  // namespace rampart::runtime
