#pragma once
// What evaluates policies: the reference interpreter (runtime/interp) or JIT-compiled native
// code (runtime/jit). Both run the same IR with the same value operations
// (runtime/exec/ops.h) and must return identical results; runtime/eval combines them into
// decisions without knowing which one ran.
//
// Thread-safety: an engine is immutable after creation; Evaluate may run concurrently.

#include <cstdint>

#include "compiler/ir/ir.h"
#include "runtime/builtins/builtin.h"
#include "runtime/exec/evaluation.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;  // "interp" or "jit"
  virtual const ir::Program& program() const = 0;
  // Evaluates policy `policy` with `inputs`, a map from input variable name to value.
  PolicyEvaluation Evaluate(uint32_t policy, const Value& inputs,
                            const BuiltinContext* context = nullptr) const {
    PolicyEvaluation out;
    EvaluateInto(policy, inputs, context, &out);
    return out;
  }
  // The same into `out`, which is reset first and keeps its vectors' capacity: a caller
  // that reuses one (runtime::Decide, per thread) allocates nothing for a rule that fires
  // without an explanation to record.
  virtual void EvaluateInto(uint32_t policy, const Value& inputs, const BuiltinContext* context,
                            PolicyEvaluation* out) const = 0;
  // Runs a zero-parameter function (such as LowerExpression's) and returns its value.
  virtual Value Call(uint32_t function, const Value& inputs, const BuiltinContext* context = nullptr) const = 0;
};

}  // namespace rampart::runtime
