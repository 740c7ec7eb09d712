#include "runtime/decode/events.h"

#include "runtime/value/json.h"

namespace rampart::runtime {
namespace {

bool KnownKind(const std::string& k) {
  return k == "exec" || k == "open" || k == "connect" || k == "accept" || k == "syscall" ||
         k == "flow";
}

}  // namespace

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
    Value doc;
    JsonError err;
    if (!ParseJson(line, &doc, &err, need)) {
      error->message = where + ": " + err.message;
      return false;
    }
    if (!doc.is(ValueKind::kMap)) {
      error->message = where + ": an event is a JSON object";
      return false;
    }
    EventInput event;
    event.source = where;
    ValueMap variables;
    for (const auto& [key, value] : doc.map()) {
      if (key.is(ValueKind::kString) && key.text() == "kind") {
        if (value.is(ValueKind::kString)) event.kind = value.text();
        continue;
      }
      variables.emplace_back(key, value);
    }
    if (!KnownKind(event.kind)) {
      error->message = where + ": \"kind\" must be exec, open, connect, accept, syscall or flow" +
                       (event.kind.empty() ? std::string(" (missing)") : ", not '" + event.kind + "'");
      return false;
    }
    event.variables = Value::Map(std::move(variables));
    out->push_back(std::move(event));
    if (end == text.size()) break;
  }
  return true;
}

}  // namespace rampart::runtime
