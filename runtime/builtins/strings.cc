// String functions: CEL's standard contains/startsWith/endsWith/matches and the cel-go strings
// extension (charAt, indexOf, lastIndexOf, substring, split, replace, trim, join, lowerAscii,
// upperAscii). Positions and lengths count Unicode code points, as in cel-go.

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "runtime/builtins/regex_options.h"
#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xc0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xc0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

int64_t CodePointCount(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

Value IndexOutOfRange(int64_t index) {
  return Value::Error("index out of range: " + std::to_string(index));
}

namespace {

// Compiled regexes by pattern: policies match against a few constant patterns. Bounded: the
// cache is dropped whole when it grows past kMaxCached (patterns built from input data).
std::shared_ptr<const RE2> CompileRegex(const std::string& pattern, std::string* error) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  constexpr size_t kMaxCached = 1024;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(pattern);
    if (it != cache.end()) return it->second;
  }
  auto re = std::make_shared<const RE2>(pattern, MatchesRegexOptions());
  if (!re->ok()) {
    *error = "invalid regular expression '" + pattern + "': " + re->error();
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(pattern, re);
  return re;
}

Value Matches(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string error;
  std::shared_ptr<const RE2> re = CompileRegex(a[1].text(), &error);
  if (!re) return Value::Error(error);
  return Value::Bool(RE2::PartialMatch(a[0].text(), *re));
}

Value Contains(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(a[0].text().find(a[1].text()) != std::string::npos);
}
Value StartsWith(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(a[0].text().compare(0, a[1].text().size(), a[1].text()) == 0);
}
Value EndsWith(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& s = a[0].text();
  const std::string& t = a[1].text();
  return Value::Bool(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
}

Value LowerAscii(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string s = a[0].text();
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::String(std::move(s));
}
Value UpperAscii(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string s = a[0].text();
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Value::String(std::move(s));
}

// Go's unicode.IsSpace.
bool IsSpace(char32_t c) {
  switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

Value Trim(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::u32string s = DecodeUtf8(a[0].text());
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return Value::String(EncodeUtf8(std::u32string_view(s).substr(b, e - b)));
}

// Go's strings.SplitN: n < 0 all parts, n == 0 none, n > 0 at most n (the last holds the rest).
Value SplitN(const std::string& s, const std::string& sep, int64_t n) {
  ValueList out;
  if (n == 0) return Value::List({});
  if (sep.empty()) {
    std::u32string cps = DecodeUtf8(s);
    size_t count = cps.size();
    if (n > 0 && static_cast<uint64_t>(n) < count) count = static_cast<size_t>(n);
    for (size_t i = 0; i < count; ++i) {
      if (i + 1 == count && count < cps.size()) {
        out.push_back(Value::String(EncodeUtf8(std::u32string_view(cps).substr(i))));
      } else {
        out.push_back(Value::String(EncodeUtf8(std::u32string_view(&cps[i], 1))));
      }
    }
    return Value::List(std::move(out));
  }
  size_t start = 0;
  while (n < 0 || static_cast<int64_t>(out.size()) + 1 < n) {
    size_t at = s.find(sep, start);
    if (at == std::string::npos) break;
    out.push_back(Value::String(s.substr(start, at - start)));
    start = at + sep.size();
  }
  out.push_back(Value::String(s.substr(start)));
  return Value::List(std::move(out));
}

Value Split(BuiltinArgs a, size_t, const BuiltinContext*) {
  return SplitN(a[0].text(), a[1].text(), -1);
}
Value SplitLimit(BuiltinArgs a, size_t, const BuiltinContext*) {
  return SplitN(a[0].text(), a[1].text(), a[2].int_value());
}

// Go's strings.Replace: an empty `from` matches before every code point and at the end.
Value ReplaceN(const std::string& s, const std::string& from, const std::string& to, int64_t n) {
  if (n == 0 || from == to) return Value::String(s);
  std::string out;
  size_t start = 0;
  int64_t done = 0;
  if (from.empty()) {
    size_t i = 0;
    while (n < 0 || done < n) {
      out += to;
      ++done;
      if (i >= s.size()) break;
      size_t len = 1;
      while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xc0) == 0x80) ++len;
      out.append(s, i, len);
      i += len;
    }
    out.append(s, i, std::string::npos);
    return Value::String(std::move(out));
  }
  while (n < 0 || done < n) {
    size_t at = s.find(from, start);
    if (at == std::string::npos) break;
    out.append(s, start, at - start);
    out += to;
    start = at + from.size();
    ++done;
  }
  out.append(s, start, std::string::npos);
  return Value::String(std::move(out));
}

Value Replace(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ReplaceN(a[0].text(), a[1].text(), a[2].text(), -1);
}
Value ReplaceLimit(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ReplaceN(a[0].text(), a[1].text(), a[2].text(), a[3].int_value());
}

Value Substring(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::u32string s = DecodeUtf8(a[0].text());
  int64_t start = a[1].int_value();
  if (start < 0 || start > static_cast<int64_t>(s.size())) return IndexOutOfRange(start);
  return Value::String(EncodeUtf8(std::u32string_view(s).substr(start)));
}
Value SubstringRange(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::u32string s = DecodeUtf8(a[0].text());
  int64_t start = a[1].int_value(), end = a[2].int_value();
  int64_t len = static_cast<int64_t>(s.size());
  if (start < 0 || start > len) return IndexOutOfRange(start);
  if (end < 0 || end > len) return IndexOutOfRange(end);
  if (start > end) {
    return Value::Error("invalid substring range. start: " + std::to_string(start) +
                        ", end: " + std::to_string(end));
  }
  return Value::String(EncodeUtf8(std::u32string_view(s).substr(start, end - start)));
}

Value CharAt(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::u32string s = DecodeUtf8(a[0].text());
  int64_t i = a[1].int_value();
  if (i < 0 || i > static_cast<int64_t>(s.size())) return IndexOutOfRange(i);
  if (i == static_cast<int64_t>(s.size())) return Value::String("");
  return Value::String(EncodeUtf8(std::u32string_view(&s[i], 1)));
}

Value IndexOfFrom(const std::string& str, const std::string& sub, int64_t offset) {
  if (sub.empty()) return Value::Int(offset);
  std::u32string s = DecodeUtf8(str), t = DecodeUtf8(sub);
  if (offset < 0 || offset >= static_cast<int64_t>(s.size())) return IndexOutOfRange(offset);
  size_t at = s.find(t, static_cast<size_t>(offset));
  return Value::Int(at == std::u32string::npos ? -1 : static_cast<int64_t>(at));
}
Value IndexOf(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[1].text().empty()) return Value::Int(0);
  std::u32string s = DecodeUtf8(a[0].text()), t = DecodeUtf8(a[1].text());
  size_t at = s.find(t);
  return Value::Int(at == std::u32string::npos ? -1 : static_cast<int64_t>(at));
}
Value IndexOfOffset(BuiltinArgs a, size_t, const BuiltinContext*) {
  return IndexOfFrom(a[0].text(), a[1].text(), a[2].int_value());
}

Value LastIndexOfFrom(const std::string& str, const std::string& sub, int64_t offset) {
  if (sub.empty()) return Value::Int(offset);
  std::u32string s = DecodeUtf8(str), t = DecodeUtf8(sub);
  if (offset < 0 || offset >= static_cast<int64_t>(s.size())) return IndexOutOfRange(offset);
  if (t.size() > s.size()) return Value::Int(-1);
  size_t at = s.rfind(t, static_cast<size_t>(offset));
  return Value::Int(at == std::u32string::npos ? -1 : static_cast<int64_t>(at));
}
Value LastIndexOf(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t len = CodePointCount(a[0].text());
  if (a[1].text().empty()) return Value::Int(len);
  if (a[0].text().size() < a[1].text().size()) return Value::Int(-1);
  return LastIndexOfFrom(a[0].text(), a[1].text(), len - 1);
}
Value LastIndexOfOffset(BuiltinArgs a, size_t, const BuiltinContext*) {
  return LastIndexOfFrom(a[0].text(), a[1].text(), a[2].int_value());
}

Value JoinWith(const ValueList& list, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is(ValueKind::kString)) return Value::Error("join: list element is not a string");
    if (i) out += sep;
    out += list[i].text();
  }
  return Value::String(std::move(out));
}
Value Join(BuiltinArgs a, size_t, const BuiltinContext*) { return JoinWith(a[0].list(), ""); }
Value JoinSeparator(BuiltinArgs a, size_t, const BuiltinContext*) {
  return JoinWith(a[0].list(), a[1].text());
}

}  // namespace

RAMPART_BUILTIN_TABLE(StringsTable,
  {"contains_string", "ss", Contains},
  {"starts_with_string", "ss", StartsWith},
  {"ends_with_string", "ss", EndsWith},
  {"matches", "ss", Matches},
  {"matches_string", "ss", Matches},
  {"lower_ascii", "s", LowerAscii},
  {"upper_ascii", "s", UpperAscii},
  {"trim", "s", Trim},
  {"split", "ss", Split},
  {"split_limit", "ssi", SplitLimit},
  {"replace", "sss", Replace},
  {"replace_limit", "sssi", ReplaceLimit},
  {"substring", "si", Substring},
  {"substring_range", "sii", SubstringRange},
  {"index_of", "ss", IndexOf},
  {"index_of_offset", "ssi", IndexOfOffset},
  {"last_index_of", "ss", LastIndexOf},
  {"last_index_of_offset", "ssi", LastIndexOfOffset},
  {"char_at", "si", CharAt},
  {"join", "l", Join},
  {"join_separator", "ls", JoinSeparator})

}  // namespace rampart::runtime::builtins_internal
