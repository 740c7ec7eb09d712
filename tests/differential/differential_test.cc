// Differential testing (issue 4): seeded random policy sets and random Pods
// (tests/differential/policy_generator.h). The interpreter defines every answer; the JIT at
// -O0 and -O2, and the interpreter on projected inputs (only the fields the set reads), must
// return identical evaluations: rules fired, messages, explanations, errors.
//
// `make test` runs a bounded budget (RAMPART_DIFF_SETS, default 40 sets of 60 policies and 45
// Pods: over 100,000 policy evaluations per engine); the `slow`-labelled variant runs 1,000
// sets. A failure prints the seed, the one policy that differed, and the input.

#include <gtest/gtest.h>

#include <cstdlib>

#include "compiler/driver/compilation.h"
#include "compiler/ir/field_usage.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/projection.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/jit_engine.h"
#include "tests/differential/policy_generator.h"
#include "tests/support/compiled_program.h"

namespace rampart::runtime {
namespace {

std::string Describe(const ir::Program& p, uint32_t policy, const PolicyEvaluation& e) {
  // Observed values are left out: a projected input shows only the fields read.
  return testing::DescribeEvaluation(p, policy, e, /*with_values=*/false);
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atoi(v) : fallback;
}

struct Budget {
  int sets, policies, inputs;
};

void RunDifferential(const Budget& budget, uint64_t first_seed) {
  long compared = 0, fired = 0, errors = 0;
  for (int s = 0; s < budget.sets; ++s) {
    uint64_t seed = first_seed + static_cast<uint64_t>(s);
    testing::PolicyGenerator gen(seed);
    testing::GeneratedSet set = gen.Policies(budget.policies);
    std::string source = set.Source();
    auto compilation = driver::CompileSources({{"diff.rp", source}});
    ASSERT_FALSE(compilation->diags.has_errors())
        << "seed " << seed << ": the generator wrote a policy that does not check:\n"
        << source::RenderTextAll(compilation->diags.Sorted(), compilation->sources);
    auto program = lower::Lower(compilation->file_pointers(), compilation->program, compilation->sources);
    ASSERT_TRUE(ir::Verify(*program).empty()) << "seed " << seed;
    std::string error;
    auto interp = Interpreter::Create(*program, &error);
    ASSERT_NE(interp, nullptr) << error;
    JitOptions options;
    options.opt_level = s % 2 == 0 ? 0 : 2;
    auto jit = JitEngine::Create(*program, options, &error);
    ASSERT_NE(jit, nullptr) << "seed " << seed << ": " << error;
    ir::FieldNode usage = ir::AnalyzeFieldUsage(*program);
    for (int i = 0; i < budget.inputs; ++i) {
      Value input = gen.Input();
      Value projected = Project(input, usage);
      for (uint32_t p = 0; p < program->policies.size(); ++p) {
        PolicyEvaluation want = interp->Evaluate(p, input);
        std::string expected = Describe(*program, p, want);
        std::string native = Describe(*program, p, jit->Evaluate(p, input));
        std::string narrow = Describe(*program, p, interp->Evaluate(p, projected));
        if (native != expected || narrow != expected) {
          FAIL() << "seed " << seed << " (-O" << options.opt_level << "), policy " << set.policies[p].name << ":\n"
                 << set.policies[p].source << "input: " << input.DebugString() << "\n\ninterpreter:\n"
                 << expected << "\n\nJIT:\n" << native << "\n\ninterpreter on the projected input:\n" << narrow;
        }
        ++compared;
        fired += static_cast<long>(want.fired.size());
        errors += static_cast<long>(want.errors.size());
      }
    }
  }
  std::printf("%ld policy evaluations agree on the JIT and on projected inputs (%ld rule firings, %ld errors)\n",
              compared, fired, errors);
  // The generator must exercise rules and errors, not only scopes.
  EXPECT_GT(fired, compared / 20);
  EXPECT_GT(errors, compared / 50);
}

TEST(Differential, BoundedBudget) {
  RunDifferential({EnvInt("RAMPART_DIFF_SETS", 40), 60, 45}, static_cast<uint64_t>(EnvInt("RAMPART_DIFF_SEED", 1)));
}

TEST(Differential, SLOW_ManySets) {
  if (std::getenv("RAMPART_SLOW_TESTS") == nullptr) GTEST_SKIP() << "set RAMPART_SLOW_TESTS=1 (ctest -L slow)";
  RunDifferential({1000, 60, 45}, 100000);
}

}  // namespace
}  // namespace rampart::runtime
