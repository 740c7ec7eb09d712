#pragma once
// Base class of the generated parser (grammar option `superClass`). ANTLR parsers are
// recursive descent: an input such as 100,000 nested `a ? b : (...)` would overflow the
// stack. This base class counts rule nesting and throws NestingLimitExceeded past a limit;
// compiler/parse catches it at its boundary and reports a diagnostic. Used only there.

#include <cstddef>
#include <stdexcept>

#include "antlr4-runtime.h"

namespace rampart::grammar {

// Thrown from inside the generated parser when rule nesting exceeds the limit.
struct NestingLimitExceeded : std::runtime_error {
  NestingLimitExceeded(size_t line, size_t column)
      : std::runtime_error("nesting limit exceeded"), line(line), column(column) {}
  size_t line;
  size_t column;
};

class DepthLimitedParser : public antlr4::Parser {
 public:
  // Parse-tree depth limit. About nine rule levels make one level of parentheses, so this
  // allows roughly 300 nested parentheses, far beyond any real policy.
  static constexpr int kMaxRuleDepth = 3000;

  explicit DepthLimitedParser(antlr4::TokenStream* input) : antlr4::Parser(input) {}

  void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t rule_index) override {
    CheckDepth(localctx);
    antlr4::Parser::enterRule(localctx, state, rule_index);
  }

  void enterRecursionRule(antlr4::ParserRuleContext* localctx, size_t state, size_t rule_index,
                          int precedence) override {
    CheckDepth(localctx);
    antlr4::Parser::enterRecursionRule(localctx, state, rule_index, precedence);
  }

 private:
  void CheckDepth(antlr4::ParserRuleContext* ctx) {
    // Walk at most kMaxRuleDepth parents: cheap for normal inputs whose trees are shallow.
    int depth = 0;
    for (antlr4::tree::ParseTree* p = ctx; p != nullptr; p = p->parent) {
      if (++depth > kMaxRuleDepth) {
        antlr4::Token* t = getCurrentToken();
        throw NestingLimitExceeded(t ? t->getLine() : 0, t ? t->getCharPositionInLine() : 0);
      }
    }
  }
};

}  // namespace rampart::grammar
