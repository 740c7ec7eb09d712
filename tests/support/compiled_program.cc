#include "tests/support/compiled_program.h"

#include <gtest/gtest.h>

#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"

namespace rampart::testing {

CompiledProgram CompileProgram(std::unique_ptr<driver::Compilation> compilation) {
  CompiledProgram c;
  c.compilation = std::move(compilation);
  EXPECT_FALSE(c.compilation->diags.has_errors())
      << source::RenderTextAll(c.compilation->diags.Sorted(), c.compilation->sources);
  c.program = lower::Lower(c.compilation->file_pointers(), c.compilation->program, c.compilation->sources);
  std::vector<std::string> problems = ir::Verify(*c.program);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0]);
  std::string error;
  c.interpreter = runtime::Interpreter::Create(*c.program, &error);
  EXPECT_NE(c.interpreter, nullptr) << error;
  return c;
}

CompiledProgram CompileSource(const std::string& source) {
  driver::CompileOptions options;
  options.check.check_test_inputs_exist = false;
  return CompileProgram(driver::CompileSources({{"t.rp", source}}, options));
}

CompiledProgram CompileSources(const std::vector<std::pair<std::string, std::string>>& files) {
  driver::CompileOptions options;
  options.check.check_test_inputs_exist = false;
  return CompileProgram(driver::CompileSources(files, options));
}

CompiledProgram CompileFiles(const std::vector<std::string>& paths) {
  driver::CompileOptions options;
  options.check.check_test_inputs_exist = false;
  return CompileProgram(driver::Compile(paths, options));
}

std::string DescribeEvaluation(const ir::Program& p, uint32_t policy, const runtime::PolicyEvaluation& e,
                               bool with_values) {
  const ir::Policy& pol = p.policies[policy];
  std::string out = pol.name + (e.in_scope ? " in scope" : " out of scope");
  for (const runtime::RuleFiring& f : e.fired) {
    out += "\n  fired " + pol.rules[f.rule].name + (f.message ? ": " + *f.message : " (no message)");
    for (const auto& [expr, value] : f.observed) {
      out += "\n    saw " + expr + (with_values ? " = " + value.DebugString() : "");
    }
  }
  for (const runtime::EvaluationError& err : e.errors) {
    out += "\n  error in " + (err.rule == ir::kNone ? std::string("scope") : pol.rules[err.rule].name) + ": " +
           err.message + " @" + std::to_string(err.source) + (err.message_only ? " (message)" : "");
  }
  return out;
}

}  // namespace rampart::testing
