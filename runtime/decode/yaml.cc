#include "runtime/decode/yaml.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "yaml-cpp/yaml.h"

namespace rampart::runtime {
namespace {

struct Budget {
  size_t left = kMaxYamlNodes;
  int depth = 0;
};

struct TooLarge {};
struct TooDeep {};
constexpr int kMaxDepth = 512;

// YAML 1.2 core schema for a plain scalar.
Value ResolvePlain(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::Null();
  if (s == "true" || s == "True" || s == "TRUE") return Value::Bool(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value::Bool(false);
  const char* begin = s.c_str();
  char* end = nullptr;
  // Integers: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
  bool is_int = true;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) is_int = false;
  for (size_t j = i; j < s.size() && is_int; ++j) is_int = s[j] >= '0' && s[j] <= '9';
  if (is_int) {
    errno = 0;
    long long v = std::strtoll(begin, &end, 10);
    if (errno == 0 && *end == '\0') return Value::Int(v);
    if (s[0] != '-') {
      errno = 0;
      unsigned long long u = std::strtoull(begin, &end, 10);
      if (errno == 0 && *end == '\0') return Value::Uint(u);
    }
    return Value::String(s);  // out of range: keep the text
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    errno = 0;
    long long v = std::strtoll(begin + 2, &end, s[1] == 'x' ? 16 : 8);
    if (errno == 0 && *end == '\0' && end != begin + 2) return Value::Int(v);
    return Value::String(s);
  }
  // Floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.inf | \.nan
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return Value::Double(INFINITY);
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return Value::Double(-INFINITY);
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return Value::Double(NAN);
  bool digits = false, shape = true;
  size_t k = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) digits = true;
  if (k < s.size() && s[k] == '.') {
    ++k;
    for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) digits = true;
  }
  if (digits && k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
    bool exp = false;
    for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) exp = true;
    shape = exp;
  }
  if (digits && shape && k == s.size()) return Value::Double(std::strtod(begin, nullptr));
  return Value::String(s);
}

struct DepthGuard {
  explicit DepthGuard(Budget& b) : b(b) {
    if (++b.depth > kMaxDepth) throw TooDeep{};
  }
  ~DepthGuard() { --b.depth; }
  Budget& b;
};

Value Convert(const YAML::Node& node, Budget& budget) {
  if (budget.left == 0) throw TooLarge{};
  --budget.left;
  DepthGuard guard(budget);
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      ValueMap entries;
      for (const auto& kv : node) {
        // Keys are strings in Kubernetes documents; scalar keys keep their text.
        Value key = kv.first.IsScalar() ? Value::String(kv.first.Scalar()) : Convert(kv.first, budget);
        entries.emplace_back(std::move(key), Convert(kv.second, budget));
      }
      return Value::Map(std::move(entries));
    }
    case YAML::NodeType::Sequence: {
      ValueList elements;
      for (const auto& x : node) elements.push_back(Convert(x, budget));
      return Value::List(std::move(elements));
    }
    case YAML::NodeType::Scalar:
      // yaml-cpp tags quoted (non-plain) scalars "!": those are strings whatever they spell.
      if (node.Tag() == "!") return Value::String(node.Scalar());
      return ResolvePlain(node.Scalar());
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return Value::Null();
  }
  return Value::Null();
}

}  // namespace

bool ParseYamlDocuments(std::string_view text, std::vector<Value>* out, YamlError* error) {
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    Budget budget;
    for (const YAML::Node& d : docs) {
      if (d.IsNull() || !d.IsDefined()) continue;
      out->push_back(Convert(d, budget));
    }
    return true;
  } catch (const YAML::Exception& e) {
    error->message = e.msg;
    error->line = e.mark.is_null() ? 0 : e.mark.line + 1;
    error->column = e.mark.is_null() ? 0 : e.mark.column + 1;
  } catch (const TooDeep&) {
    error->message = "the document nests more than " + std::to_string(kMaxDepth) + " levels deep";
  } catch (const TooLarge&) {
    error->message = "the documents expand to more than " + std::to_string(kMaxYamlNodes) +
                     " nodes (aliases referring to aliases?)";
  }
  return false;
}

}  // namespace rampart::runtime
