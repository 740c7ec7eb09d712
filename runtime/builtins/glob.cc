// Path globs and path parts. A glob matches the whole path: `*` any run of characters within
// one segment, `**` any run across segments (`**/` also matches no segment at all, so
// "/a/**/b" matches "/a/b"), `?` one character other than '/', `[abc]`, `[a-z]`, `[!a]` or
// `[^a]` one character of (or not of) a class, `\x` the character x. Characters are code points.
// dirname and basename follow POSIX (dirname(1), basename(1)).

#include <string>
#include <vector>

#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

struct Token {
  enum Kind { kLiteral, kAny, kClass, kStar, kGlobStar, kGlobStarSlash };
  explicit Token(Kind k, char32_t c = 0) : kind(k), literal(c) {}
  Kind kind;
  char32_t literal;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive
};

bool Compile(const std::u32string& p, std::vector<Token>* out, std::string* error) {
  for (size_t i = 0; i < p.size(); ++i) {
    char32_t c = p[i];
    if (c == '\\') {
      if (++i == p.size()) return *error = "trailing backslash", false;
      out->emplace_back(Token::kLiteral, p[i]);
    } else if (c == '?') {
      out->emplace_back(Token::kAny);
    } else if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        ++i;
        while (i + 1 < p.size() && p[i + 1] == '*') ++i;
        if (i + 1 < p.size() && p[i + 1] == '/') {
          ++i;
          out->emplace_back(Token::kGlobStarSlash);
        } else {
          out->emplace_back(Token::kGlobStar);
        }
      } else {
        out->emplace_back(Token::kStar);
      }
    } else if (c == '[') {
      Token t(Token::kClass);
      size_t j = i + 1;
      if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
        t.negated = true;
        ++j;
      }
      bool first = true;
      for (;; first = false) {
        if (j >= p.size()) return *error = "unterminated character class", false;
        if (p[j] == ']' && !first) break;
        char32_t lo = p[j];
        if (lo == '\\') {
          if (++j >= p.size()) return *error = "unterminated character class", false;
          lo = p[j];
        }
        char32_t hi = lo;
        if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
          j += 2;
          hi = p[j];
          if (hi == '\\') {
            if (++j >= p.size()) return *error = "unterminated character class", false;
            hi = p[j];
          }
          if (hi < lo) return *error = "invalid character range", false;
        }
        t.ranges.emplace_back(lo, hi);
        ++j;
      }
      i = j;
      out->push_back(std::move(t));
    } else {
      out->emplace_back(Token::kLiteral, c);
    }
  }
  return true;
}

bool InClass(const Token& t, char32_t c) {
  bool in = false;
  for (auto [lo, hi] : t.ranges) in = in || (c >= lo && c <= hi);
  return in != t.negated;
}

// Bottom-up over (token, position): match[j] says tokens i.. match path[j..].
bool Match(const std::vector<Token>& tokens, const std::u32string& s) {
  size_t n = s.size();
  std::vector<char> next(n + 1, 0), cur(n + 1, 0);
  next[n] = 1;  // no tokens left: only the end of the path matches
  for (size_t i = tokens.size(); i-- > 0;) {
    const Token& t = tokens[i];
    bool rest = false;  // kGlobStarSlash: some '/' at or after j ends a consumed run
    for (size_t j = n + 1; j-- > 0;) {
      bool m = false;
      bool has = j < n;
      switch (t.kind) {
        case Token::kLiteral: m = has && s[j] == t.literal && next[j + 1]; break;
        case Token::kAny: m = has && s[j] != '/' && next[j + 1]; break;
        case Token::kClass: m = has && s[j] != '/' && InClass(t, s[j]) && next[j + 1]; break;
        case Token::kStar: m = next[j] || (has && s[j] != '/' && cur[j + 1]); break;
        case Token::kGlobStar: m = next[j] || (has && cur[j + 1]); break;
        case Token::kGlobStarSlash:
          if (has && s[j] == '/' && next[j + 1]) rest = true;
          m = next[j] || (has && rest);
          break;
      }
      cur[j] = m;
    }
    std::swap(cur, next);
  }
  return next[0];
}

Value GlobMatch(const std::string& path, const std::string& pattern) {
  std::vector<Token> tokens;
  std::string error;
  if (!Compile(DecodeUtf8(pattern), &tokens, &error)) {
    return Value::Error("invalid glob pattern \"" + pattern + "\": " + error);
  }
  return Value::Bool(Match(tokens, DecodeUtf8(path)));
}

// path.glob(pattern) and glob(path, pattern).
Value Glob(BuiltinArgs a, size_t, const BuiltinContext*) { return GlobMatch(a[0].text(), a[1].text()); }

Value Dirname(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string s = a[0].text();
  if (s.empty()) return Value::String(".");
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  size_t slash = s.rfind('/');
  if (slash == std::string::npos) return Value::String(".");
  s.resize(slash);
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return Value::String(s.empty() ? "/" : s);
}

Value Basename(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string s = a[0].text();
  if (s.empty()) return Value::String(".");
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s == "/") return Value::String("/");
  size_t slash = s.rfind('/');
  return Value::String(slash == std::string::npos ? s : s.substr(slash + 1));
}

}  // namespace

RAMPART_BUILTIN_TABLE(GlobTable,
  {"glob", "ss", Glob},
  {"glob_global", "ss", Glob},
  {"dirname", "s", Dirname},
  {"basename", "s", Basename})

}  // namespace rampart::runtime::builtins_internal
