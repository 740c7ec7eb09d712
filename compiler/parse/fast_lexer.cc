#include "compiler/parse/fast_lexer.h"

#include <unordered_map>

#include "grammar/RampartLexer.h"

namespace rampart::parse {

using L = grammar::RampartLexer;

namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }

const std::unordered_map<std::string_view, size_t>& Keywords() {
  static const auto* map = new std::unordered_map<std::string_view, size_t>{
      {"in", L::IN}, {"true", L::CEL_TRUE}, {"false", L::CEL_FALSE}, {"null", L::NUL},
      {"if", L::IF}, {"let", L::LET}, {"const", L::CONST}, {"import", L::IMPORT}, {"as", L::AS},
      {"message", L::MESSAGE}, {"admission", L::ADMISSION}, {"runtime", L::RUNTIME},
      {"network", L::NETWORK}, {"package", L::PACKAGE}, {"policy", L::POLICY},
      {"severity", L::SEVERITY}, {"mode", L::MODE}, {"on", L::ON}, {"error", L::ERROR},
      {"description", L::DESCRIPTION}, {"match", L::MATCH}, {"when", L::WHEN},
      {"select", L::SELECT}, {"default", L::DEFAULT}, {"ingress", L::INGRESS},
      {"egress", L::EGRESS}, {"each", L::EACH}, {"from", L::FROM}, {"to", L::TO},
      {"port", L::PORT}, {"test", L::TEST}, {"input", L::INPUT}, {"expect", L::EXPECT}, {"data", L::DATA},
      {"def", L::DEF}, {"deny", L::DENY}, {"warn", L::WARN}, {"allow", L::ALLOW},
      {"alert", L::ALERT}, {"block", L::BLOCK}, {"audit", L::AUDIT}};
  return *map;
}

}  // namespace

FastLexer::FastLexer(std::string_view text, antlr4::CharStream* stream)
    : text_(text), stream_(stream) {}

// ESC_SEQ of the grammar at `at` (a backslash).
bool FastLexer::IsEscape(size_t at, size_t* length) const {
  if (at + 1 >= text_.size() || text_[at] != '\\') return false;
  char k = text_[at + 1];
  switch (k) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v':
    case '"': case '\'': case '\\': case '?': case '`':
      *length = 2;
      return true;
    default: break;
  }
  auto digits = [&](size_t from, size_t n, bool (*ok)(char)) {
    if (from + n > text_.size()) return false;
    for (size_t i = 0; i < n; ++i) {
      if (!ok(text_[from + i])) return false;
    }
    return true;
  };
  if (k >= '0' && k <= '3' && digits(at + 2, 2, IsOctal)) {
    *length = 4;
    return true;
  }
  if ((k == 'x' || k == 'X') && digits(at + 2, 2, IsHex)) {
    *length = 4;
    return true;
  }
  if (k == 'u' && digits(at + 2, 4, IsHex)) {
    *length = 6;
    return true;
  }
  if (k == 'U' && digits(at + 2, 8, IsHex)) {
    *length = 10;
    return true;
  }
  return false;
}

// STRING at `at`: optional r/R, then one of the quoted forms. Returns the longest length.
size_t FastLexer::MatchString(size_t at) const {
  size_t n = text_.size();
  bool raw = at < n && (text_[at] == 'r' || text_[at] == 'R');
  size_t q = raw ? at + 1 : at;
  if (q >= n || (text_[q] != '"' && text_[q] != '\'')) return 0;
  char quote = text_[q];
  size_t best = 0;
  // Single-line form.
  {
    size_t i = q + 1;
    bool ok = false;
    while (i < n) {
      char c = text_[i];
      if (c == quote) {
        ok = true;
        ++i;
        break;
      }
      if (c == '\n' || c == '\r') break;
      if (!raw && c == '\\') {
        size_t len;
        if (!IsEscape(i, &len)) break;
        i += len;
        continue;
      }
      ++i;
    }
    if (ok) best = i - at;
  }
  // Triple-quoted form (non-greedy: ends at the first closing triple quote).
  if (q + 2 < n && text_[q + 1] == quote && text_[q + 2] == quote) {
    size_t i = q + 3;
    while (i < n) {
      if (i + 2 < n + 0 && i + 2 <= n - 1 + 0 && text_[i] == quote && text_[i + 1] == quote &&
          text_[i + 2] == quote) {
        size_t len = i + 3 - at;
        if (len > best) best = len;
        break;
      }
      if (!raw && text_[i] == '\\') {
        size_t len;
        if (!IsEscape(i, &len)) break;
        i += len;
        continue;
      }
      ++i;
    }
  }
  return best;
}

// BAD_STRING at `at`: [bB]? then a single-line quote form allowing any escape, closing
// quote optional.
size_t FastLexer::MatchBadString(size_t at) const {
  size_t n = text_.size();
  size_t q = at;
  if (q < n && (text_[q] == 'b' || text_[q] == 'B')) ++q;
  if (q >= n || (text_[q] != '"' && text_[q] != '\'')) return 0;
  char quote = text_[q];
  size_t i = q + 1;
  while (i < n) {
    char c = text_[i];
    if (c == quote) return i + 1 - at;
    if (c == '\n' || c == '\r') break;
    if (c == '\\') {
      if (i + 1 < n && text_[i + 1] != '\n' && text_[i + 1] != '\r') {
        // `\` plus one character (a code point: skip its continuation bytes too).
        i += 2;
        while (i < n && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
        continue;
      }
      break;
    }
    ++i;
  }
  return i - at;
}

size_t FastLexer::MatchNumber(size_t* type) const {
  size_t n = text_.size(), p = pos_;
  auto digits = [&](size_t i) {
    size_t j = i;
    while (j < n && IsDigit(text_[j])) ++j;
    return j - i;
  };
  auto exponent = [&](size_t i) -> size_t {
    if (i >= n || (text_[i] != 'e' && text_[i] != 'E')) return 0;
    size_t j = i + 1;
    if (j < n && (text_[j] == '+' || text_[j] == '-')) ++j;
    size_t d = digits(j);
    return d == 0 ? 0 : j + d - i;
  };
  size_t best = 0;
  *type = 0;
  auto consider = [&](size_t len, size_t t) {
    if (len > best) {
      best = len;
      *type = t;
    }
  };
  if (text_[p] == '.') {
    size_t d = digits(p + 1);
    if (d > 0) consider(1 + d + exponent(p + 1 + d), L::NUM_FLOAT);
    return best;
  }
  size_t d = digits(p);
  // NUM_FLOAT: DIGIT+ '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT
  if (p + d < n && text_[p + d] == '.') {
    size_t f = digits(p + d + 1);
    if (f > 0) consider(d + 1 + f + exponent(p + d + 1 + f), L::NUM_FLOAT);
  }
  if (size_t e = exponent(p + d)) consider(d + e, L::NUM_FLOAT);
  // NUM_INT / NUM_UINT, decimal and hex.
  consider(d, L::NUM_INT);
  if (p + d < n && (text_[p + d] == 'u' || text_[p + d] == 'U')) consider(d + 1, L::NUM_UINT);
  if (text_[p] == '0' && p + 1 < n && text_[p + 1] == 'x') {
    size_t h = 0;
    while (p + 2 + h < n && IsHex(text_[p + 2 + h])) ++h;
    if (h > 0) {
      consider(2 + h, L::NUM_INT);
      if (p + 2 + h < n && (text_[p + 2 + h] == 'u' || text_[p + 2 + h] == 'U')) {
        consider(3 + h, L::NUM_UINT);
      }
    }
  }
  return best;
}

size_t FastLexer::MatchIdentifier(size_t* type) const {
  size_t n = text_.size(), p = pos_;
  size_t i = p + 1;
  while (i < n && (IsLetter(text_[i]) || IsDigit(text_[i]) || text_[i] == '_')) ++i;
  auto it = Keywords().find(text_.substr(p, i - p));
  *type = it != Keywords().end() ? it->second : L::IDENTIFIER;
  return i - p;
}

size_t FastLexer::MatchOperator(size_t* type) const {
  size_t n = text_.size(), p = pos_;
  char c = text_[p], d = p + 1 < n ? text_[p + 1] : '\0';
  if (c == '=' && d == '=') { *type = L::EQUALS; return 2; }
  if (c == '!' && d == '=') { *type = L::NOT_EQUALS; return 2; }
  if (c == '<' && d == '=') { *type = L::LESS_EQUALS; return 2; }
  if (c == '>' && d == '=') { *type = L::GREATER_EQUALS; return 2; }
  if (c == '&' && d == '&') { *type = L::LOGICAL_AND; return 2; }
  if (c == '|' && d == '|') { *type = L::LOGICAL_OR; return 2; }
  switch (c) {
    case '<': *type = L::LESS; return 1;
    case '>': *type = L::GREATER; return 1;
    case '=': *type = L::ASSIGN; return 1;
    case '[': *type = L::LBRACKET; return 1;
    case ']': *type = L::RBRACKET; return 1;
    case '{': *type = L::LBRACE; return 1;
    case '}': *type = L::RBRACE; return 1;
    case '(': *type = L::LPAREN; return 1;
    case ')': *type = L::RPAREN; return 1;
    case '.': *type = L::DOT; return 1;
    case ',': *type = L::COMMA; return 1;
    case '-': *type = L::MINUS; return 1;
    case '!': *type = L::EXCLAM; return 1;
    case '?': *type = L::QUESTIONMARK; return 1;
    case ':': *type = L::COLON; return 1;
    case '+': *type = L::PLUS; return 1;
    case '*': *type = L::STAR; return 1;
    case '/': *type = L::SLASH; return 1;
    case '%': *type = L::PERCENT; return 1;
    default: return 0;
  }
}

std::unique_ptr<antlr4::Token> FastLexer::nextToken() {
  size_t n = text_.size();
  size_t start_cp = code_point_, start_line = line_, start_column = column_;
  if (pos_ >= n) {
    auto eof = std::make_unique<antlr4::CommonToken>(std::make_pair(this, stream_), antlr4::Token::EOF,
                                                     antlr4::Token::DEFAULT_CHANNEL, start_cp,
                                                     start_cp - 1);
    eof->setLine(start_line);
    eof->setCharPositionInLine(start_column);
    return eof;
  }
  char c = text_[pos_];
  size_t length = 0, type = 0, channel = antlr4::Token::DEFAULT_CHANNEL;
  auto take = [&](size_t len, size_t t) {
    if (len > length) {  // strictly longer: on a tie the earlier rule (smaller type) stays
      length = len;
      type = t;
    } else if (len == length && len > 0 && t < type) {
      type = t;
    }
  };
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
    size_t i = pos_;
    while (i < n && (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\r' ||
                     text_[i] == '\n' || text_[i] == '\f')) {
      ++i;
    }
    take(i - pos_, L::WHITESPACE);
    channel = antlr4::Token::HIDDEN_CHANNEL;
  } else if (c == '/' && pos_ + 1 < n && text_[pos_ + 1] == '/') {
    size_t i = pos_;
    while (i < n && text_[i] != '\n') ++i;
    take(i - pos_, L::COMMENT);
    channel = antlr4::Token::HIDDEN_CHANNEL;
  } else if (IsDigit(c) || (c == '.' && pos_ + 1 < n && IsDigit(text_[pos_ + 1]))) {
    size_t t;
    size_t len = MatchNumber(&t);
    take(len, t);
  } else if (IsLetter(c) || c == '_') {
    size_t t;
    take(MatchIdentifier(&t), t);
    if (c == 'r' || c == 'R') take(MatchString(pos_), L::STRING);
    if (c == 'b' || c == 'B') {
      size_t s = MatchString(pos_ + 1);
      if (s > 0) take(1 + s, L::BYTES);
      take(MatchBadString(pos_), L::BAD_STRING);
    }
  } else if (c == '`') {
    // ESCAPED_IDENTIFIER: `(LETTER | DIGIT | '_' | '.' | '-' | '/' | ' ')+`
    size_t i = pos_ + 1;
    while (i < n && (IsLetter(text_[i]) || IsDigit(text_[i]) || text_[i] == '_' || text_[i] == '.' ||
                     text_[i] == '-' || text_[i] == '/' || text_[i] == ' ')) {
      ++i;
    }
    if (i > pos_ + 1 && i < n && text_[i] == '`') take(i + 1 - pos_, L::ESCAPED_IDENTIFIER);
  } else if (c == '"' || c == '\'') {
    take(MatchString(pos_), L::STRING);
    take(MatchBadString(pos_), L::BAD_STRING);
  } else {
    size_t t;
    take(MatchOperator(&t), t);
  }
  if (length == 0) {
    // UNEXPECTED_CHARACTER: one code point, hidden.
    length = 1;
    while (pos_ + length < n && (static_cast<unsigned char>(text_[pos_ + length]) & 0xC0) == 0x80) {
      ++length;
    }
    type = L::UNEXPECTED_CHARACTER;
    channel = antlr4::Token::HIDDEN_CHANNEL;
  }
  // Advance, counting code points and lines as ANTLR does.
  size_t end = pos_ + length;
  for (size_t i = pos_; i < end; ++i) {
    unsigned char b = static_cast<unsigned char>(text_[i]);
    if ((b & 0xC0) == 0x80) continue;
    ++code_point_;
    if (b == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
  pos_ = end;
  auto tok = std::make_unique<antlr4::CommonToken>(std::make_pair(this, stream_), type, channel,
                                                   start_cp, code_point_ - 1);
  tok->setLine(start_line);
  tok->setCharPositionInLine(start_column);
  return tok;
}

}  // namespace rampart::parse
