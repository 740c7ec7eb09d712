#pragma once
// The reference interpreter: executes IR (compiler/ir/ir.h) over CEL values. It defines what
// a policy means; the JIT must agree with it on every input. A loop over instructions with a
// register file of Values; builtins are the shared table of runtime/builtins.
//
// Thread-safety: an Interpreter is immutable after Create; Evaluate may run concurrently.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/builtins/builtin.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/ops.h"
#include "runtime/value/value.h"

namespace rampart::runtime {


class Interpreter : public Engine {
 public:
  // Resolves every overload of `program` to a builtin and evaluates its constants. Null with
  // `error` set when an overload has no builtin or a constant fails to evaluate. `program`
  // must outlive the interpreter and must have passed ir::Verify.
  static std::unique_ptr<Interpreter> Create(const ir::Program& program, std::string* error);

  // Evaluates policy `index` with `inputs`, a map from input variable name to value (absent
  // variables read as errors).
  void EvaluateInto(uint32_t policy, const Value& inputs, const BuiltinContext* context,
                    PolicyEvaluation* out) const override;

  const char* name() const override { return "interp"; }
  const ir::Program& program() const override { return program_; }

  // Runs a zero-parameter function (such as LowerExpression's) and returns its value.
  Value Call(uint32_t function, const Value& inputs, const BuiltinContext* context = nullptr) const override;

  // Upper bound on executed instructions per evaluation (defence in depth: loops are bounded
  // by input sizes anyway).
  static constexpr uint64_t kStepLimit = 50'000'000;

 private:
  explicit Interpreter(const ir::Program& program) : program_(program) {}
  Value Run(uint32_t function, std::vector<Value> args, const Value& inputs,
            const BuiltinContext* context, PolicyEvaluation* out, uint64_t* steps,
            int depth) const;
  Value Run(uint32_t function, std::vector<Value> args, ops::Evaluation& e, uint64_t* steps) const;

  const ir::Program& program_;
  ops::ProgramTables tables_;
};

}  // namespace rampart::runtime
