#pragma once
// Policies compiled to native code with LLVM ORC (LLJIT): compiler/codegen turns the IR into
// one LLVM module per policy set, optimised at the chosen level and loaded into its own
// JITDylib of a process-wide LLJIT; destroying the engine removes that JITDylib and frees the
// code, so reloading a policy set never blocks evaluation with the previous one.
//
// Thread-safety: immutable after Create; Evaluate may run concurrently.

#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/builtins/builtin.h"
#include "runtime/exec/engine.h"
#include "runtime/exec/ops.h"

namespace rampart::runtime {


struct JitOptions {
  // 0, 1 or 2: the LLVM pipeline run before code generation. 0 by default: the boxed code
  // (calls into runtime/exec/ops) runs as fast at -O0 as at -O2 (measured with
  // bench/interp_bench) and compiles three times faster (bench/jit_compile_bench).
  int opt_level = 0;
};

class JitEngine : public Engine {
 public:
  // Null with `error` set when code generation or loading fails (callers fall back to the
  // interpreter). `program` must outlive the engine and must have passed ir::Verify.
  static std::unique_ptr<JitEngine> Create(const ir::Program& program, const JitOptions& options,
                                           std::string* error);
  ~JitEngine() override;

  const char* name() const override { return "jit"; }
  const ir::Program& program() const override { return program_; }
  void EvaluateInto(uint32_t policy, const Value& inputs, const BuiltinContext* context,
                    PolicyEvaluation* out) const override;
  Value Call(uint32_t function, const Value& inputs, const BuiltinContext* context = nullptr) const override;

  // Wall time spent generating, optimising and loading the code, in milliseconds.
  double compile_ms() const { return compile_ms_; }

 private:
  using Function = void (*)(ops::Evaluation*, const Value* const*, Value*);
  explicit JitEngine(const ir::Program& program);
  Value Run(uint32_t function, const Value& inputs, const BuiltinContext* context, PolicyEvaluation* out) const;

  const ir::Program& program_;
  ops::ProgramTables tables_;
  std::vector<Function> functions_;
  struct Loaded;  // this set's JITDylib in the process-wide LLJIT
  std::unique_ptr<Loaded> loaded_;
  double compile_ms_ = 0;
};

}  // namespace rampart::runtime
