#pragma once
// What the evaluation tests share: a policy set compiled, lowered, verified and loaded into
// the reference interpreter (gtest failures on any problem), and one text for everything an
// engine reports about a policy, so engines and inputs are compared as readable diffs.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/compilation.h"
#include "compiler/ir/ir.h"
#include "runtime/interp/interpreter.h"

namespace rampart::testing {

struct CompiledProgram {
  std::unique_ptr<driver::Compilation> compilation;
  std::unique_ptr<ir::Program> program;
  std::unique_ptr<runtime::Interpreter> interpreter;
};

// Checks (test inputs need not exist), lowers, verifies and creates the interpreter.
CompiledProgram CompileProgram(std::unique_ptr<driver::Compilation> compilation);
CompiledProgram CompileSource(const std::string& source);  // one file, "t.rp"
// Several files: (name, text) pairs, as if they were read from those paths.
CompiledProgram CompileSources(const std::vector<std::pair<std::string, std::string>>& files);
CompiledProgram CompileFiles(const std::vector<std::string>& paths);

// Scope, every rule fired with its message and observed values (values too when
// `with_values`), every error with its rule and source index.
std::string DescribeEvaluation(const ir::Program& program, uint32_t policy, const runtime::PolicyEvaluation& e,
                               bool with_values = true);

}  // namespace rampart::testing
