#pragma once
// Internal to compiler/parse: ANTLR's default error recovery, resynchronising on rampart's
// structure. Inside a `{ ... }` block (policy, test, braced each) the parser skips to the
// next clause keyword or to the closing brace, so one mistake in a clause costs one
// diagnostic instead of a cascade of phantom declarations.

#include "antlr4-runtime.h"

namespace rampart::parse {

class RecoveryStrategy : public antlr4::DefaultErrorStrategy {
 protected:
  antlr4::misc::IntervalSet getErrorRecoverySet(antlr4::Parser* recognizer) override;
};

}  // namespace rampart::parse
