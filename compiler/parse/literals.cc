#include "compiler/parse/literals.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

namespace rampart::parse {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::optional<std::string> DecodeStringLiteral(std::string_view token, bool is_bytes,
                                               LiteralError* error) {
  size_t pos = 0;
  if (is_bytes) ++pos;  // b / B
  bool raw = false;
  if (pos < token.size() && (token[pos] == 'r' || token[pos] == 'R')) {
    raw = true;
    ++pos;
  }
  std::string_view body = token.substr(pos);
  size_t quote_len = (body.size() >= 6 && (body.substr(0, 3) == "\"\"\"" || body.substr(0, 3) == "'''"))
                         ? 3
                         : 1;
  if (body.size() < 2 * quote_len) {
    *error = {pos, token.size() - pos, "malformed string literal"};
    return std::nullopt;
  }
  size_t begin = pos + quote_len;
  size_t end = token.size() - quote_len;
  std::string out;
  out.reserve(end - begin);
  if (raw) {
    out.assign(token.substr(begin, end - begin));
    return out;
  }
  for (size_t i = begin; i < end;) {
    char c = token[i];
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    size_t esc = i;
    if (i + 1 >= end) {
      *error = {esc, 1, "a backslash at the end of a string starts no escape sequence"};
      return std::nullopt;
    }
    char k = token[i + 1];
    i += 2;
    switch (k) {
      case 'a': out += '\a'; continue;
      case 'b': out += '\b'; continue;
      case 'f': out += '\f'; continue;
      case 'n': out += '\n'; continue;
      case 'r': out += '\r'; continue;
      case 't': out += '\t'; continue;
      case 'v': out += '\v'; continue;
      case '"': case '\'': case '\\': case '?': case '`': out += k; continue;
      default: break;
    }
    uint32_t value = 0;
    size_t digits = 0;
    int base = 16;
    if (k == 'x' || k == 'X') {
      digits = 2;
    } else if (k == 'u') {
      digits = 4;
    } else if (k == 'U') {
      digits = 8;
    } else if (k >= '0' && k <= '3') {
      base = 8;
      digits = 2;
      value = static_cast<uint32_t>(k - '0');
    } else {
      *error = {esc, 2, std::string("unknown escape sequence '\\") + k + "'"};
      return std::nullopt;
    }
    for (size_t d = 0; d < digits; ++d, ++i) {
      int v = i < end ? HexValue(token[i]) : -1;
      if (v < 0 || v >= base) {
        *error = {esc, i - esc + 1, "malformed escape sequence"};
        return std::nullopt;
      }
      value = value * base + static_cast<uint32_t>(v);
    }
    bool byte_escape = k == 'x' || k == 'X' || base == 8;
    if (is_bytes && byte_escape) {
      out += static_cast<char>(value);
    } else if (is_bytes && (k == 'u' || k == 'U')) {
      *error = {esc, i - esc, "\\u escapes are not allowed in bytes literals; use \\x"};
      return std::nullopt;
    } else {
      if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        *error = {esc, i - esc, "escape sequence is not a valid Unicode code point"};
        return std::nullopt;
      }
      AppendUtf8(out, value);
    }
  }
  return out;
}

std::optional<int64_t> DecodeInt(std::string_view digits, bool negative) {
  uint64_t magnitude = 0;
  bool hex = digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  uint64_t base = hex ? 16 : 10;
  for (size_t i = hex ? 2 : 0; i < digits.size(); ++i) {
    int v = HexValue(digits[i]);
    if (v < 0 || static_cast<uint64_t>(v) >= base) return std::nullopt;
    if (magnitude > (std::numeric_limits<uint64_t>::max() - v) / base) return std::nullopt;
    magnitude = magnitude * base + static_cast<uint64_t>(v);
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    if (magnitude == kMaxPositive + 1) return std::numeric_limits<int64_t>::min();
    return -static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::optional<uint64_t> DecodeUint(std::string_view token) {
  if (token.empty()) return std::nullopt;
  std::string_view digits = token.substr(0, token.size() - 1);  // drop u/U
  bool hex = digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  uint64_t base = hex ? 16 : 10;
  uint64_t value = 0;
  for (size_t i = hex ? 2 : 0; i < digits.size(); ++i) {
    int v = HexValue(digits[i]);
    if (v < 0 || static_cast<uint64_t>(v) >= base) return std::nullopt;
    if (value > (std::numeric_limits<uint64_t>::max() - v) / base) return std::nullopt;
    value = value * base + static_cast<uint64_t>(v);
  }
  return value;
}

std::optional<double> DecodeDouble(std::string_view token, bool negative) {
  std::string text(token);
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return negative ? -d : d;
}

}  // namespace rampart::parse
