// Type conversions (cel-spec langdef.md "Type conversions", cel-go's ConvertToType): range
// checked, strings parsed as Go's strconv does, doubles printed as Go's %g.

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

Value IntOverflow() { return Value::Error("integer overflow"); }
Value UintOverflow() { return Value::Error("unsigned integer overflow"); }
Value ParseError(const std::string& text, const char* type) {
  return Value::Error("cannot convert string \"" + text + "\" to " + type);
}

Value Identity(BuiltinArgs a, size_t, const BuiltinContext*) { return a[0]; }

Value Uint64ToInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[0].uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return IntOverflow();
  }
  return Value::Int(static_cast<int64_t>(a[0].uint_value()));
}
Value DoubleToInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  double d = a[0].double_value();
  // cel-go: NaN, infinities and values at or beyond ±2^63 are out of range (so is -2^63).
  if (std::isnan(d) || d <= -9223372036854775808.0 || d >= 9223372036854775808.0) {
    return IntOverflow();
  }
  return Value::Int(static_cast<int64_t>(d));
}
Value StringToInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& s = a[0].text();
  const char* b = s.data();
  const char* e = b + s.size();
  if (b != e && *b == '+') ++b;  // strconv.ParseInt accepts a sign; from_chars only '-'
  if (b != e && *b == '-' && b != s.data()) return ParseError(s, "int");
  int64_t v;
  auto r = std::from_chars(b, e, v);
  if (b == e || r.ec != std::errc() || r.ptr != e) {
    return r.ec == std::errc::result_out_of_range ? IntOverflow() : ParseError(s, "int");
  }
  return Value::Int(v);
}

Value Int64ToUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[0].int_value() < 0) return UintOverflow();
  return Value::Uint(static_cast<uint64_t>(a[0].int_value()));
}
Value DoubleToUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  double d = a[0].double_value();
  if (std::isnan(d) || d < 0 || d >= 18446744073709551616.0) return UintOverflow();
  return Value::Uint(static_cast<uint64_t>(d));
}
Value StringToUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& s = a[0].text();
  uint64_t v;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    return r.ec == std::errc::result_out_of_range ? UintOverflow() : ParseError(s, "uint");
  }
  return Value::Uint(v);
}

Value Int64ToDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(static_cast<double>(a[0].int_value()));
}
Value Uint64ToDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(static_cast<double>(a[0].uint_value()));
}
Value StringToDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& s = a[0].text();
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return ParseError(s, "double");
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return ParseError(s, "double");
  if (errno == ERANGE && std::isinf(d)) return Value::Error("double out of range: " + s);
  return Value::Double(d);
}

Value Int64ToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(std::to_string(a[0].int_value()));
}
Value Uint64ToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(std::to_string(a[0].uint_value()));
}

// cel-go prints doubles with Go's %g: the shortest digits that round-trip, in exponent form
// ("1e+06", "1.5e-05") when the decimal exponent is < -4 or >= 6.
std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);  // "-1.2345e+06"
  size_t epos = sci.find('e');
  int exp = std::atoi(sci.c_str() + epos + 1);
  std::string mant = sci.substr(0, epos);
  bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits += c;
  }
  int nd = static_cast<int>(digits.size());
  constexpr int eprec = 6;
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= eprec) {
    out += digits.substr(0, 1);
    if (nd > 1) out += "." + digits.substr(1);
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return out + e;
  }
  if (exp < 0) return out + "0." + std::string(-exp - 1, '0') + digits;
  if (nd <= exp + 1) return out + digits + std::string(exp + 1 - nd, '0');
  return out + digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
}

Value DoubleToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(FormatDouble(a[0].double_value()));
}
Value BoolToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(a[0].bool_value() ? "true" : "false");
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len;
    char32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c >> 5) == 0x6) { len = 2; cp = c & 0x1f; }
    else if ((c >> 4) == 0xe) { len = 3; cp = c & 0x0f; }
    else if ((c >> 3) == 0x1e) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      return false;
    }
    i += len;
  }
  return true;
}

Value BytesToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (!ValidUtf8(a[0].text())) return Value::Error("invalid UTF-8");
  return Value::String(a[0].text());
}
Value StringToBytes(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bytes(a[0].text());
}
Value StringToBool(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& s = a[0].text();
  if (s == "1" || s == "t" || s == "true" || s == "TRUE" || s == "True") return Value::Bool(true);
  if (s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False") {
    return Value::Bool(false);
  }
  return ParseError(s, "bool");
}

const char* TypeName(const Value& v) { return ValueKindName(v.kind()); }
Value TypeOf(BuiltinArgs a, size_t, const BuiltinContext*) { return Value::Type(TypeName(a[0])); }

}  // namespace

RAMPART_BUILTIN_TABLE(ConversionsTable,
  {"int64_to_int64", "i", Identity},
  {"uint64_to_int64", "u", Uint64ToInt64},
  {"double_to_int64", "d", DoubleToInt64},
  {"string_to_int64", "s", StringToInt64},
  {"uint64_to_uint64", "u", Identity},
  {"int64_to_uint64", "i", Int64ToUint64},
  {"double_to_uint64", "d", DoubleToUint64},
  {"string_to_uint64", "s", StringToUint64},
  {"double_to_double", "d", Identity},
  {"int64_to_double", "i", Int64ToDouble},
  {"uint64_to_double", "u", Uint64ToDouble},
  {"string_to_double", "s", StringToDouble},
  {"string_to_string", "s", Identity},
  {"int64_to_string", "i", Int64ToString},
  {"uint64_to_string", "u", Uint64ToString},
  {"double_to_string", "d", DoubleToString},
  {"bool_to_string", "B", BoolToString},
  {"bytes_to_string", "y", BytesToString},
  {"bytes_to_bytes", "y", Identity},
  {"string_to_bytes", "s", StringToBytes},
  {"bool_to_bool", "B", Identity},
  {"string_to_bool", "s", StringToBool},
  {"to_dyn", "*", Identity},
  {"type", "*", TypeOf})

}  // namespace rampart::runtime::builtins_internal
