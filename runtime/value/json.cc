#include "runtime/value/json.h"

#include "simdjson.h"

namespace rampart::runtime {
namespace {

Value Convert(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      ValueMap entries;
      for (auto field : simdjson::dom::object(e)) {
        entries.emplace_back(Value::String(std::string(field.key)), Convert(field.value));
      }
      return Value::Map(std::move(entries));
    }
    case simdjson::dom::element_type::ARRAY: {
      ValueList elements;
      for (simdjson::dom::element x : simdjson::dom::array(e)) elements.push_back(Convert(x));
      return Value::List(std::move(elements));
    }
    case simdjson::dom::element_type::INT64: return Value::Int(int64_t(e));
    case simdjson::dom::element_type::UINT64: return Value::Uint(uint64_t(e));
    case simdjson::dom::element_type::DOUBLE: return Value::Double(double(e));
    case simdjson::dom::element_type::STRING: return Value::String(std::string(std::string_view(e)));
    case simdjson::dom::element_type::BOOL: return Value::Bool(bool(e));
    case simdjson::dom::element_type::NULL_VALUE: return Value::Null();
  }
  return Value::Null();
}

}  // namespace

bool ParseJson(std::string_view text, Value* out, JsonError* error) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  simdjson::error_code code = parser.parse(padded).get(root);
  if (code != simdjson::SUCCESS) {
    error->message = std::string("malformed JSON: ") + simdjson::error_message(code);
    error->offset = text.size();
    return false;
  }
  *out = Convert(root);
  return true;
}

}  // namespace rampart::runtime
