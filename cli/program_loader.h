#pragma once
// What `rampart test`, `eval` and `audit` share: compile policy files, lower them, verify the
// IR, create the interpreter, and load external data (Trivy reports).

#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compilation.h"
#include "compiler/ir/field_usage.h"
#include "compiler/ir/ir.h"
#include "runtime/decode/trivy.h"
#include "runtime/exec/engine.h"

namespace rampart::cli {

struct LoadedProgram {
  std::unique_ptr<driver::Compilation> compilation;
  std::unique_ptr<ir::Program> program;
  std::unique_ptr<runtime::Engine> engine;  // the JIT, or the interpreter
  runtime::VulnerabilityData vulnerabilities;
  runtime::BuiltinContext context;  // points into `vulnerabilities` when data was given
  std::vector<uint32_t> all_policies;
  // The fields the policy set reads (children: input variables); decoders keep only these.
  ir::FieldNode usage;
};

// Prints problems (diagnostics, I/O) to stderr. Returns 0, or the exit status to return:
// 1 for errors in policies or data, 2 for usage and I/O problems.
// `engine` is "jit" (native code; falls back to the interpreter with a warning when code
// generation fails) or "interp" (the reference interpreter).
int LoadProgram(const std::vector<std::string>& policy_paths, const std::vector<std::string>& data,
                LoadedProgram* out, const std::string& engine = "jit");

}  // namespace rampart::cli
