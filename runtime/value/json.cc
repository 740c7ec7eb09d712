#include "runtime/value/json.h"

#include <unordered_set>

#include "simdjson.h"

#include "compiler/ir/field_usage.h"

namespace rampart::runtime {
namespace {

// Converts a parsed element, keeping only what `need` (when given) says a policy set reads
// (compiler/ir/field_usage.h; the same rules as runtime/decode/projection.cc): members
// that are not needed are never turned into Values.
//
// An object with a key written twice is refused (`duplicate` names it, with its path):
// Kubernetes keeps the last of duplicate fields, other readers the first, so a policy could
// be shown one value while the cluster stores the other. Every key counts, read by the
// policies or not, so projection never changes what is refused.
class Converter {
 public:
  bool failed() const { return !duplicate_.empty(); }
  // Once failed(): the key written twice, and the object's path ("spec.containers[0].
  // securityContext"; empty at the top level).
  const std::string& duplicate() const { return duplicate_; }
  std::string path() const { return path_.empty() ? path_ : path_.substr(path_[0] == '.' ? 1 : 0); }

  Value Convert(simdjson::dom::element e, const ir::FieldNode* need) {
    static const ir::FieldNode kNothing;
    if (need != nullptr && need->whole) need = nullptr;
    switch (e.type()) {
      case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object object(e);
        if (!UniqueKeys(object)) return Value::Null();
        ValueMap entries;
        for (auto field : object) {
          const ir::FieldNode* child = nullptr;
          if (need != nullptr) {
            auto it = need->fields.find(field.key);  // no string built per member
            const ir::FieldNode* by_name = it != need->fields.end() ? it->second.get() : nullptr;
            const ir::FieldNode* element = need->element ? need->element.get() : &kNothing;
            if (by_name == nullptr && !need->entries) {
              // Not converted, but its keys count all the same.
              if (!AllKeysUnique(field.value)) return Within(field.key);
              continue;
            }
            if (by_name != nullptr && need->entries) {
              ir::FieldNode both;
              both.Merge(*by_name);
              both.Merge(*element);
              Value v = Convert(field.value, &both);
              if (failed()) return Within(field.key);
              entries.emplace_back(Value::String(std::string(field.key)), std::move(v));
              continue;
            }
            child = by_name != nullptr ? by_name : element;
          }
          Value v = Convert(field.value, child);
          if (failed()) return Within(field.key);
          entries.emplace_back(Value::String(std::string(field.key)), std::move(v));
        }
        return Value::Map(std::move(entries));
      }
      case simdjson::dom::element_type::ARRAY: {
        ValueList elements;
        if (need != nullptr && !need->entries) return AllKeysUnique(e) ? Value::List({}) : Value::Null();
        const ir::FieldNode* element = need == nullptr ? nullptr : need->element ? need->element.get() : &kNothing;
        size_t i = 0;
        for (simdjson::dom::element x : simdjson::dom::array(e)) {
          elements.push_back(Convert(x, element));
          if (failed()) {
            path_.insert(0, "[" + std::to_string(i) + "]");
            return Value::Null();
          }
          ++i;
        }
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

 private:
  // Small objects compare keys pairwise; large ones (labels, ConfigMap data) through a set,
  // so a crafted object with many keys costs linear time, not quadratic.
  bool UniqueKeys(simdjson::dom::object object) {
    constexpr size_t kPairwise = 16;
    std::string_view few[kPairwise];
    size_t n = 0;
    std::unordered_set<std::string_view> many;
    for (auto field : object) {
      std::string_view key = field.key;
      bool seen = false;
      if (n < kPairwise) {
        for (size_t i = 0; i < n && !seen; ++i) seen = few[i] == key;
        if (!seen) few[n++] = key;
      } else {
        if (many.empty()) many.insert(few, few + kPairwise);
        seen = !many.insert(key).second;
      }
      if (seen) {
        duplicate_ = std::string(key);
        return false;
      }
    }
    return true;
  }

  // The objects of a member projection skips, checked without building anything.
  bool AllKeysUnique(simdjson::dom::element e) {
    if (e.type() == simdjson::dom::element_type::OBJECT) {
      simdjson::dom::object object(e);
      if (!UniqueKeys(object)) return false;
      for (auto field : object) {
        if (!AllKeysUnique(field.value)) {
          Within(field.key);
          return false;
        }
      }
    } else if (e.type() == simdjson::dom::element_type::ARRAY) {
      size_t i = 0;
      for (simdjson::dom::element x : simdjson::dom::array(e)) {
        if (!AllKeysUnique(x)) {
          path_.insert(0, "[" + std::to_string(i) + "]");
          return false;
        }
        ++i;
      }
    }
    return true;
  }

  // Failed inside member `key`: its name joins the path.
  Value Within(std::string_view key) {
    path_.insert(0, "." + std::string(key));
    return Value::Null();
  }

  std::string duplicate_, path_;
};

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
  Converter converter;
  Value value = converter.Convert(root, need);
  if (converter.failed()) {
    std::string path = converter.path();
    error->message = "duplicate key \"" + converter.duplicate() + "\" in the object at " +
                     (path.empty() ? std::string("the top level") : path) +
                     ": Kubernetes keeps the last of duplicate fields and other readers the first, "
                     "so rampart refuses to guess; remove one of them";
    error->offset = text.size();
    return false;
  }
  *out = std::move(value);
  return true;
}

}  // namespace rampart::runtime
