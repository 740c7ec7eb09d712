#pragma once
// Internal to compiler/parse: a hand-written scanner that produces exactly the tokens of the
// lexer rules in grammar/Rampart.g4 (same types, channels, positions and lines), for the
// ANTLR parser to consume. ANTLR 4.9's C++ lexer runtime spends ~0.8 µs per token, most of it
// in locked DFA lookups; this scanner is about ten times faster. The generated ANTLR lexer
// stays the specification: tests/parse/fast_lexer_test.cc and the fuzz target compare the two
// on every corpus file and every fuzzed input.

#include <memory>
#include <string_view>

#include "antlr4-runtime.h"

namespace rampart::parse {

class FastLexer : public antlr4::TokenSource {
 public:
  // `text` is UTF-8 (already validated); `stream` is an ANTLRInputStream over the same text,
  // from which tokens take their text. Neither is owned.
  FastLexer(std::string_view text, antlr4::CharStream* stream);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override { return stream_; }
  std::string getSourceName() override { return stream_->getSourceName(); }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  // Length in bytes of the longest match of each kind of rule at pos_ (0: no match).
  size_t MatchNumber(size_t* type) const;
  size_t MatchString(size_t at) const;  // STRING at `at` (with an r/R prefix or none)
  size_t MatchBadString(size_t at) const;
  size_t MatchIdentifier(size_t* type) const;
  size_t MatchOperator(size_t* type) const;
  bool IsEscape(size_t at, size_t* length) const;

  std::string_view text_;
  antlr4::CharStream* stream_;
  size_t pos_ = 0;         // byte offset
  size_t code_point_ = 0;  // code point index of pos_
  size_t line_ = 1;
  size_t column_ = 0;      // code points since the last newline
};

}  // namespace rampart::parse
