#pragma once
// The result of evaluating one policy, as every engine reports it (runtime/exec/engine.h).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

struct RuleFiring {
  uint32_t rule = ir::kNone;
  std::optional<std::string> message;  // when the rule has a message that evaluated
  // The explanation: the field paths and variables the rule's condition read, as written in
  // the source, with the values they had when it fired (errors for absent fields).
  std::vector<std::pair<std::string, Value>> observed;
};

struct EvaluationError {
  uint32_t rule = ir::kNone;  // kNone: the policy's scope (match/when/select)
  std::string message;
  uint32_t source = ir::kNone;  // index into Program::source_map
  bool message_only = false;    // the rule fired; only its message failed to evaluate
};

struct PolicyEvaluation {
  bool in_scope = false;  // the scope condition held (or there was none)
  std::vector<RuleFiring> fired;
  std::vector<EvaluationError> errors;
};

}  // namespace rampart::runtime
