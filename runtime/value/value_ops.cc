#include "runtime/value/value_ops.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace rampart::runtime {
namespace {

bool IsNumber(const Value& v) {
  return v.is(ValueKind::kInt) || v.is(ValueKind::kUint) || v.is(ValueKind::kDouble);
}

// Three-way comparison of two numbers of any numeric kinds: exact between int and uint, by
// conversion to double when a double is involved (as CEL specifies); nullopt for NaN.
std::optional<int> CompareNumbers(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  if (a.is(ValueKind::kDouble) || b.is(ValueKind::kDouble)) {
    if (a.is(ValueKind::kDouble) && b.is(ValueKind::kDouble)) {
      if (std::isnan(a.double_value()) || std::isnan(b.double_value())) return std::nullopt;
      return sign(a.double_value(), b.double_value());
    }
    // One double, one integer: CEL converts the integer to double (the conformance suite
    // expects dyn(9223372036854775807) == 9223372036854775808.0).
    double x = a.is(ValueKind::kDouble) ? a.double_value()
               : a.is(ValueKind::kInt)  ? static_cast<double>(a.int_value())
                                        : static_cast<double>(a.uint_value());
    double y = b.is(ValueKind::kDouble) ? b.double_value()
               : b.is(ValueKind::kInt)  ? static_cast<double>(b.int_value())
                                        : static_cast<double>(b.uint_value());
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return sign(x, y);
  }
  if (a.is(ValueKind::kInt) && b.is(ValueKind::kInt)) return sign(a.int_value(), b.int_value());
  if (a.is(ValueKind::kUint) && b.is(ValueKind::kUint)) return sign(a.uint_value(), b.uint_value());
  // int vs uint
  if (a.is(ValueKind::kInt)) {
    if (a.int_value() < 0) return -1;
    return sign(static_cast<uint64_t>(a.int_value()), b.uint_value());
  }
  if (b.int_value() < 0) return 1;
  return sign(a.uint_value(), static_cast<uint64_t>(b.int_value()));
}

}  // namespace

bool Equal(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) {
    std::optional<int> c = CompareNumbers(a, b);
    return c.has_value() && *c == 0;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kNull: return true;
    case ValueKind::kBool: return a.bool_value() == b.bool_value();
    case ValueKind::kTimestamp:
    case ValueKind::kDuration: return a.seconds() == b.seconds() && a.nanos() == b.nanos();
    case ValueKind::kString:
    case ValueKind::kBytes:
    case ValueKind::kType:
    case ValueKind::kError: return a.text() == b.text();
    case ValueKind::kList: {
      const ValueList& x = a.list();
      const ValueList& y = b.list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equal(x[i], y[i])) return false;
      }
      return true;
    }
    case ValueKind::kMap: {
      const ValueMap& x = a.map();
      const ValueMap& y = b.map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const Value* other = MapFind(y, k);
        if (other == nullptr || !Equal(v, *other)) return false;
      }
      return true;
    }
    default: return false;
  }
}

std::optional<int> Compare(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a, b);
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case ValueKind::kBool: return static_cast<int>(a.bool_value()) - static_cast<int>(b.bool_value());
    case ValueKind::kString:
    case ValueKind::kBytes: {
      // Byte order of UTF-8 is code point order.
      int c = a.text().compare(b.text());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    // nanos() is never negative (value.h), so (seconds, nanos) order is time order.
    case ValueKind::kTimestamp:
    case ValueKind::kDuration: {
      if (a.seconds() != b.seconds()) return a.seconds() < b.seconds() ? -1 : 1;
      return a.nanos() < b.nanos() ? -1 : (a.nanos() > b.nanos() ? 1 : 0);
    }
    default: return std::nullopt;
  }
}

const Value* MapFind(const ValueMap& map, const Value& key) {
  for (const auto& [k, v] : map) {
    if (Equal(k, key)) return &v;
  }
  return nullptr;
}

const Value* FindStringKey(const ValueMap& map, std::string_view key) {
  // Only a string key can equal a string: compare texts, without building a Value. Keys are
  // mostly short field names of few distinct lengths: the length and first byte rule out
  // most of them before a call to memcmp.
  for (const auto& [k, v] : map) {
    if (!k.is(ValueKind::kString)) continue;
    const std::string& text = k.text();
    if (text.size() != key.size()) continue;
    if (key.empty()) return &v;
    if (text[0] == key[0] && std::memcmp(text.data(), key.data(), key.size()) == 0) return &v;
  }
  return nullptr;
}

const Value* Member(const Value& object, const char* key) {
  return object.is(ValueKind::kMap) ? FindStringKey(object.map(), key) : nullptr;
}

std::string StringMember(const Value& object, const char* key) {
  const Value* v = Member(object, key);
  return v != nullptr && v->is(ValueKind::kString) ? v->text() : "";
}

}  // namespace rampart::runtime
