#pragma once
// Small readers over simdjson's DOM for the importers (internal to learner/ingest): a
// missing member, or one of another type, reads as empty / false instead of failing, because
// every exporter leaves out empty fields (protobuf JSON omits defaults).

#include <charconv>
#include <string_view>

#include "simdjson.h"

namespace rampart::learner::json {

using Field = simdjson::simdjson_result<simdjson::dom::element>;

// Each reader takes a Field (a lookup result) or a dom::element.
template <typename F>
std::string_view Str(F f) {
  std::string_view s;
  if (f.get(s) != simdjson::SUCCESS) return {};
  return s;
}

// Integers as JSON numbers, or as decimal text (protobuf JSON writes 64-bit integers as
// strings: "size_arg": "627").
template <typename F>
bool Int(F f, long long* out) {
  int64_t i;
  if (f.get(i) == simdjson::SUCCESS) {
    *out = i;
    return true;
  }
  uint64_t u;
  if (f.get(u) == simdjson::SUCCESS) {
    *out = u > uint64_t(INT64_MAX) ? INT64_MAX : (long long)u;
    return true;
  }
  double d;
  if (f.get(d) == simdjson::SUCCESS && d >= -9.2e18 && d <= 9.2e18) {
    *out = (long long)d;
    return true;
  }
  std::string_view s;
  if (f.get(s) == simdjson::SUCCESS && !s.empty()) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && p == s.data() + s.size();
  }
  return false;
}

template <typename F>
bool True(F f) {
  bool b = false;
  if (f.get(b) == simdjson::SUCCESS) return b;
  return Str(f) == "true";
}

inline bool IsObject(Field f) {
  simdjson::dom::object o;
  return f.get(o) == simdjson::SUCCESS;
}

inline bool Has(Field f) { return f.error() == simdjson::SUCCESS && !f.value_unsafe().is_null(); }

}  // namespace rampart::learner::json
