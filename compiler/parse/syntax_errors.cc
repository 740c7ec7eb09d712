#include "compiler/parse/syntax_errors.h"

#include <set>

#include "compiler/source/suggest.h"

namespace rampart::parse {
namespace {

// Tokens that can start an expression: when several of them are expected, say so once.
bool StartsExpression(size_t t) {
  switch (t) {
    case P::IDENTIFIER: case P::NUM_INT: case P::NUM_UINT: case P::NUM_FLOAT: case P::STRING:
    case P::BYTES: case P::BAD_STRING: case P::CEL_TRUE: case P::CEL_FALSE: case P::NUL:
    case P::LPAREN: case P::LBRACKET: case P::LBRACE: case P::MINUS: case P::EXCLAM: case P::DOT:
      return true;
    default:
      return false;
  }
}

// `port` is both a keyword (`port 443/tcp`) and a flow variable.
bool IsSoftKeyword(size_t t) { return t == P::PORT; }

// Words that start a policy clause or a body item.
bool IsClauseKeyword(size_t t) {
  switch (t) {
    case P::SEVERITY: case P::MODE: case P::ON: case P::DESCRIPTION: case P::MATCH: case P::WHEN:
    case P::SELECT: case P::DEFAULT: case P::LET: case P::EACH: case P::DENY: case P::WARN:
    case P::ALLOW: case P::ALERT: case P::BLOCK: case P::AUDIT: case P::INGRESS: case P::EGRESS:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string DescribeToken(const antlr4::Token* tok, const antlr4::dfa::Vocabulary& vocabulary) {
  if (tok == nullptr || tok->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = tok->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  switch (tok->getType()) {
    case P::IDENTIFIER: return "identifier '" + text + "'";
    case P::NUM_INT: case P::NUM_UINT: case P::NUM_FLOAT: return "number " + text;
    case P::STRING: case P::BAD_STRING: return "string " + text;
    case P::BYTES: return "bytes " + text;
    default: return "'" + text + "'";
  }
  (void)vocabulary;
}

std::string DescribeExpected(const antlr4::misc::IntervalSet& set,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  std::vector<size_t> types;
  for (const antlr4::misc::Interval& iv : set.getIntervals()) {
    for (ssize_t t = iv.a; t <= iv.b; ++t) types.push_back(static_cast<size_t>(t));
  }
  std::set<size_t> have(types.begin(), types.end());
  // Identifiers and soft keywords appear in almost every set (they start expressions and
  // names), so the kind of set is told by the tokens only it has.
  size_t literal_starts = 0;
  for (size_t t : types) {
    literal_starts += StartsExpression(t) && t != P::IDENTIFIER ? 1 : 0;
  }
  bool expression = literal_starts >= 4;
  bool clause = !expression && have.count(P::SEVERITY) && have.count(P::MODE) && have.count(P::LET);
  bool body = !expression && !clause && have.count(P::LET) && have.count(P::EACH);
  bool declaration = !expression && have.count(P::CONST) && have.count(P::DEF) && have.count(P::TEST);
  bool statement = !expression && have.count(P::INPUT) && have.count(P::EXPECT);
  bool name = !expression && !clause && !body && have.count(P::IDENTIFIER);
  std::vector<std::string> names;
  if (clause) names.push_back("a policy clause (severity, mode, on, match, when, select, let, each, a rule)");
  if (body) names.push_back("a rule, let or each");
  if (declaration) names.push_back("a declaration (const, def, a policy or a test)");
  if (statement) names.push_back("input, data or expect");
  if (expression) names.push_back("an expression");
  if (name) names.push_back("a name");
  auto absorbed = [&](size_t t) {
    if ((expression || name) && (StartsExpression(t) || IsSoftKeyword(t))) return true;
    if ((clause || body) && IsClauseKeyword(t)) return true;
    if (declaration && (t == P::CONST || t == P::DEF || t == P::TEST || t == P::ADMISSION ||
                        t == P::RUNTIME || t == P::NETWORK || t == P::IMPORT || t == P::PACKAGE)) {
      return true;
    }
    if (statement && (t == P::INPUT || t == P::EXPECT || t == P::DATA)) return true;
    return false;
  };
  for (size_t t : types) {
    if (t == antlr4::Token::EOF) {
      if (!declaration) names.push_back("end of file");
      continue;
    }
    if (absorbed(t)) continue;
    std::string literal = vocabulary.getLiteralName(t);
    names.push_back(!literal.empty() ? literal : vocabulary.getDisplayName(t));
  }
  std::set<std::string> seen;
  std::vector<std::string> unique;
  for (std::string& n : names) {
    if (seen.insert(n).second) unique.push_back(n);
  }
  if (unique.empty()) return "";
  if (unique.size() > 6) {
    unique.resize(6);
    unique.push_back("...");
  }
  std::string out;
  for (size_t i = 0; i < unique.size(); ++i) {
    if (i > 0) out += (i + 1 == unique.size() && unique[i] != "...") ? " or " : ", ";
    out += unique[i];
  }
  return out;
}

namespace {

// The next token on the default channel after `tok`, or null.
antlr4::Token* NextToken(antlr4::Parser* parser, antlr4::Token* tok) {
  auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser->getTokenStream());
  if (stream == nullptr || tok == nullptr) return nullptr;
  for (size_t i = tok->getTokenIndex() + 1; i < stream->size(); ++i) {
    antlr4::Token* t = stream->get(i);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
  }
  return nullptr;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string& msg,
                                      std::exception_ptr) {
  ++count_;
  if (offending != nullptr && offending->getType() != antlr4::Token::EOF &&
      !lines_with_errors_.insert(offending->getLine()).second) {
    return;
  }
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  source::SourceRange range{file_.id(), 0, 0};
  if (offending != nullptr) {
    uint32_t begin = offsets_.ByteOffset(offending->getStartIndex());
    uint32_t end = offending->getType() == antlr4::Token::EOF
                       ? begin
                       : offsets_.ByteOffset(offending->getStopIndex() + 1);
    range = {file_.id(), begin, end};
  }
  std::string expected;
  if (parser != nullptr) {
    try {
      expected = DescribeExpected(parser->getExpectedTokens(), parser->getVocabulary());
    } catch (...) {
      expected.clear();
    }
  }
  const antlr4::dfa::Vocabulary& vocab =
      parser != nullptr ? parser->getVocabulary() : antlr4::dfa::Vocabulary::EMPTY_VOCABULARY;
  std::string found = DescribeToken(offending, vocab);
  // `runtme policy x {`: a misspelt policy kind, not a generic syntax error.
  if (parser != nullptr && offending != nullptr && offending->getType() == P::IDENTIFIER) {
    antlr4::Token* next = NextToken(parser, offending);
    if (next != nullptr && next->getType() == P::POLICY) {
      diags_.Error("unknown-policy-kind", range,
                   "unknown policy kind '" + offending->getText() + "'" +
                       source::HintOr(offending->getText(), {"admission", "runtime", "network"},
                                      "; policies are admission, runtime or network"));
      return;
    }
  }
  std::string message;
  if (offending != nullptr && offending->getType() == P::ASSIGN) {
    message = "unexpected '='; compare with '==' (rampart has no assignment; use `let` to name a value)";
  } else if (msg.rfind("missing ", 0) == 0) {
    message = "expected " + (expected.empty() ? msg.substr(8) : expected) + " before " + found;
  } else {
    message = "unexpected " + found;
    if (!expected.empty()) message += "; expected " + expected;
  }
  source::Diagnostic& d = diags_.Error("syntax", range, message);
  // A block left open: point at the brace that is still waiting, as clang does.
  bool expects_brace = false;
  if (parser != nullptr) {
    try {
      expects_brace = parser->getExpectedTokens().contains(static_cast<size_t>(P::RBRACE));
    } catch (...) {
    }
  }
  size_t t = offending != nullptr ? offending->getType() : antlr4::Token::EOF;
  bool starts_declaration = t == antlr4::Token::EOF || t == P::ADMISSION || t == P::RUNTIME ||
                            t == P::NETWORK || t == P::CONST || t == P::DEF || t == P::TEST;
  if (parser != nullptr && expects_brace && starts_declaration) {
    for (antlr4::tree::ParseTree* p = parser->getContext(); p != nullptr; p = p->parent) {
      antlr4::tree::TerminalNode* open = nullptr;
      if (auto* c = dynamic_cast<P::PolicyDeclContext*>(p)) open = c->LBRACE();
      else if (auto* c = dynamic_cast<P::TestDeclContext*>(p)) open = c->LBRACE();
      else if (auto* c = dynamic_cast<P::EachBodyContext*>(p)) open = c->LBRACE();
      if (open == nullptr) continue;
      antlr4::Token* tok = open->getSymbol();
      uint32_t at = offsets_.ByteOffset(tok->getStartIndex());
      d.notes.push_back({{file_.id(), at, at + 1}, "to match this '{'"});
      break;
    }
  }
}

}  // namespace rampart::parse
