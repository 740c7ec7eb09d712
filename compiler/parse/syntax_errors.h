#pragma once
// Internal to compiler/parse: turns ANTLR's syntax errors into diagnostics with messages a
// policy author can act on ("unexpected '}'; expected an expression") instead of ANTLR's
// token-set dumps.

#include <set>

#include "antlr4-runtime.h"
#include "compiler/parse/ast_builder.h"

namespace rampart::parse {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorListener(const source::SourceFile& file, const OffsetMap& offsets,
                      source::DiagnosticBag& diags)
      : file_(file), offsets_(offsets), diags_(diags) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& msg, std::exception_ptr e) override;

  size_t count() const { return count_; }
  // Lines that already have an error (lexical errors found before parsing): a further
  // syntax error on such a line is a consequence, not news, and is not reported.
  void MarkLine(size_t line) { lines_with_errors_.insert(line); }

 private:
  std::set<size_t> lines_with_errors_;
  const source::SourceFile& file_;
  const OffsetMap& offsets_;
  source::DiagnosticBag& diags_;
  size_t count_ = 0;
};

// "'}'", "identifier 'foo'", "end of file", ...
std::string DescribeToken(const antlr4::Token* tok, const antlr4::dfa::Vocabulary& vocabulary);
// "an expression", "a policy clause", "'}' or ','" ...
std::string DescribeExpected(const antlr4::misc::IntervalSet& set,
                             const antlr4::dfa::Vocabulary& vocabulary);

}  // namespace rampart::parse
