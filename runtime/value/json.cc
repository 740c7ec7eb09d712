#include "runtime/value/json.h"

#include "simdjson.h"

#include "compiler/ir/field_usage.h"

namespace rampart::runtime {
namespace {

// Converts a parsed element, keeping only what `need` (when given) says a policy set reads
// (compiler/ir/field_usage.h; the same rules as runtime/decode/projection.cc): members
// that are not needed are never turned into Values.
Value Convert(simdjson::dom::element e, const ir::FieldNode* need) {
  static const ir::FieldNode kNothing;
  if (need != nullptr && need->whole) need = nullptr;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      ValueMap entries;
      for (auto field : simdjson::dom::object(e)) {
        const ir::FieldNode* child = nullptr;
        if (need != nullptr) {
          auto it = need->fields.find(field.key);  // no string built per member
          const ir::FieldNode* by_name = it != need->fields.end() ? it->second.get() : nullptr;
          const ir::FieldNode* element = need->element ? need->element.get() : &kNothing;
          if (by_name == nullptr && !need->entries) continue;
          if (by_name != nullptr && need->entries) {
            ir::FieldNode both;
            both.Merge(*by_name);
            both.Merge(*element);
            entries.emplace_back(Value::String(std::string(field.key)), Convert(field.value, &both));
            continue;
          }
          child = by_name != nullptr ? by_name : element;
        }
        entries.emplace_back(Value::String(std::string(field.key)), Convert(field.value, child));
      }
      return Value::Map(std::move(entries));
    }
    case simdjson::dom::element_type::ARRAY: {
      ValueList elements;
      if (need != nullptr && !need->entries) return Value::List({});
      const ir::FieldNode* element = need == nullptr ? nullptr : need->element ? need->element.get() : &kNothing;
      for (simdjson::dom::element x : simdjson::dom::array(e)) elements.push_back(Convert(x, element));
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

// simdjson's DOM refuses integers beyond 64 bits (NUMBER_ERROR); JSON allows them, and other
// decoders read them as doubles. Rewrite such integers as doubles (append ".0") and parse again.
std::string WidenBigIntegers(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  bool in_string = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      ++i;
      continue;
    }
    if ((c >= '0' && c <= '9') || c == '-') {
      size_t j = i + (c == '-' ? 1 : 0);
      size_t digits_begin = j;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      bool integer = j == text.size() || (text[j] != '.' && text[j] != 'e' && text[j] != 'E');
      out.append(text.substr(i, j - i));
      if (integer && j - digits_begin > 19) out += ".0";
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace

bool ParseJson(std::string_view text, Value* out, JsonError* error, const ir::FieldNode* need) {
  // One parser per thread: it keeps its buffers between documents.
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  simdjson::error_code code = parser.parse(padded).get(root);
  std::string widened;
  if (code == simdjson::NUMBER_ERROR || code == simdjson::NUMBER_OUT_OF_RANGE) {
    widened = WidenBigIntegers(text);
    simdjson::padded_string again(widened);
    padded = std::move(again);
    code = parser.parse(padded).get(root);
  }
  if (code != simdjson::SUCCESS) {
    error->message = std::string("malformed JSON: ") + simdjson::error_message(code);
    error->offset = text.size();
    return false;
  }
  *out = Convert(root, need);
  return true;
}

}  // namespace rampart::runtime
