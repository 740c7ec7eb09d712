#include "compiler/parse/syntax_errors.h"

#include <set>

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

// Soft keywords: also identifiers, so also expression starts.
bool IsSoftKeyword(size_t t) {
  switch (t) {
    case P::PACKAGE: case P::POLICY: case P::SEVERITY: case P::MODE: case P::ON: case P::ERROR:
    case P::DESCRIPTION: case P::MATCH: case P::WHEN: case P::SELECT: case P::DEFAULT:
    case P::INGRESS: case P::EGRESS: case P::EACH: case P::FROM: case P::TO: case P::PORT:
    case P::TEST: case P::INPUT: case P::EXPECT: case P::DEF: case P::DENY: case P::WARN:
    case P::ALLOW: case P::ALERT: case P::BLOCK: case P::AUDIT:
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
  std::vector<std::string> names;
  bool clause = have.count(P::SEVERITY) && have.count(P::MODE) && have.count(P::DENY);
  bool declaration = have.count(P::CONST) && have.count(P::DEF) && have.count(P::TEST);
  size_t expr_starts = 0;
  for (size_t t : types) expr_starts += StartsExpression(t) ? 1 : 0;
  bool expression = expr_starts >= 4;
  if (clause) names.push_back("a policy clause (severity, mode, on, match, when, select, let, each, a rule)");
  if (declaration) names.push_back("a declaration (const, def, a policy or a test)");
  if (expression) names.push_back("an expression");
  for (size_t t : types) {
    if (t == antlr4::Token::EOF) {
      if (!declaration) names.push_back("end of file");
      continue;
    }
    if (expression && (StartsExpression(t) || IsSoftKeyword(t))) continue;
    if ((clause || declaration) && (IsSoftKeyword(t) || t == P::LET || t == P::CONST ||
                                    t == P::IDENTIFIER)) {
      continue;
    }
    if (t == P::IDENTIFIER) {
      names.push_back("a name");
      continue;
    }
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

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string& msg,
                                      std::exception_ptr) {
  ++count_;
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
  std::string message;
  if (msg.rfind("missing ", 0) == 0) {
    message = "expected " + (expected.empty() ? msg.substr(8) : expected) + " before " + found;
  } else {
    message = "unexpected " + found;
    if (!expected.empty()) message += "; expected " + expected;
  }
  diags_.Error("syntax", range, message);
}

}  // namespace rampart::parse
