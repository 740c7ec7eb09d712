#include "compiler/parse/recovery_strategy.h"

#include "grammar/RampartParser.h"

namespace rampart::parse {

using P = grammar::RampartParser;

antlr4::misc::IntervalSet RecoveryStrategy::getErrorRecoverySet(antlr4::Parser* recognizer) {
  bool in_block = false;
  for (antlr4::tree::ParseTree* t = recognizer->getContext(); t != nullptr; t = t->parent) {
    if (dynamic_cast<P::PolicyDeclContext*>(t) != nullptr ||
        dynamic_cast<P::TestDeclContext*>(t) != nullptr) {
      in_block = true;
      break;
    }
  }
  if (!in_block) return antlr4::DefaultErrorStrategy::getErrorRecoverySet(recognizer);
  antlr4::misc::IntervalSet set;
  for (size_t t : {P::SEVERITY, P::MODE, P::ON, P::DESCRIPTION, P::MATCH, P::WHEN, P::SELECT,
                   P::DEFAULT, P::LET, P::EACH, P::DENY, P::WARN, P::ALLOW, P::ALERT, P::BLOCK,
                   P::AUDIT, P::INGRESS, P::EGRESS, P::INPUT, P::EXPECT, P::DATA, P::RBRACE, P::CONST,
                   P::DEF, P::TEST, P::ADMISSION, P::RUNTIME, P::NETWORK}) {
    set.add(static_cast<ssize_t>(t));
  }
  set.add(antlr4::Token::EOF);
  return set;
}

}  // namespace rampart::parse
