// Lowering to the IR: golden IR text for tests/golden/ir/*.rp, and every policy file in the
// repository lowers to a program the verifier accepts.

#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/driver/compilation.h"
#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "tests/support/corpus.h"

namespace rampart {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<ir::Program> LowerFiles(const std::vector<std::string>& files, std::string* problems) {
  auto c = driver::Compile(files);
  if (c->diags.has_errors()) {
    *problems = source::RenderTextAll(c->diags.Sorted(), c->sources);
    return nullptr;
  }
  auto program = lower::Lower(c->file_pointers(), c->program, c->sources);
  for (const std::string& p : ir::Verify(*program)) *problems += p + "\n";
  return program;
}

std::vector<std::string> IrCases() {
  return testing::ListFiles(testing::SourceDir() + "/tests/golden/ir", ".rp");
}

class IrGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(IrGolden, LowersToTheExpectedIr) {
  std::string dir = testing::SourceDir() + "/tests/golden/ir";
  fs::path saved = fs::current_path();
  fs::current_path(dir);
  std::string problems;
  auto program = LowerFiles({GetParam()}, &problems);
  fs::current_path(saved);
  ASSERT_NE(program, nullptr) << problems;
  EXPECT_EQ(problems, "");
  std::string stem = GetParam().substr(0, GetParam().size() - 3);
  EXPECT_EQ(testing::CompareGolden(dir + "/" + stem + ".ir", ir::Print(*program)), "");
}

INSTANTIATE_TEST_SUITE_P(Corpus, IrGolden, ::testing::ValuesIn(IrCases()), [](const auto& info) {
  std::string s = info.param;
  for (char& c : s) if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
});

TEST(Lowering, EveryCleanCorpusVerifies) {
  // Each policy library folder and each parse-corpus case is one program.
  std::vector<std::vector<std::string>> programs;
  source::DiagnosticBag bag;
  programs.push_back(driver::CollectPolicyFiles({testing::SourceDir() + "/policies"}, bag));
  std::string parse = testing::SourceDir() + "/tests/golden/parse";
  for (const auto& e : fs::directory_iterator(parse)) {
    if (e.path().extension() == ".rp" || (e.is_directory() && e.path().filename() != "testdata")) {
      programs.push_back(driver::CollectPolicyFiles({e.path().string()}, bag));
    }
  }
  size_t policies = 0;
  for (const auto& files : programs) {
    if (files.empty()) continue;
    std::string problems;
    auto program = LowerFiles(files, &problems);
    ASSERT_NE(program, nullptr) << files[0] << "\n" << problems;
    EXPECT_EQ(problems, "") << files[0];
    policies += program->policies.size();
  }
  EXPECT_GT(policies, 50u);
}

TEST(Verifier, CatchesBrokenPrograms) {
  ir::Program p;
  ir::Function f;
  f.name = "broken";
  f.register_types = {"int"};
  f.code.push_back({ir::Op::kConst, 0, 5, ir::kNone, ir::kNone, ir::kNone});   // constant 5 missing
  f.code.push_back({ir::Op::kJump, ir::kNone, 9, ir::kNone, ir::kNone, ir::kNone});  // past the end
  f.code.push_back({ir::Op::kMove, 3, 0, ir::kNone, ir::kNone, ir::kNone});     // register 3 missing
  p.functions.push_back(f);
  std::vector<std::string> problems = ir::Verify(p);
  ASSERT_EQ(problems.size(), 4u) << ::testing::PrintToString(problems);
  EXPECT_EQ(problems[0], "function broken, instruction 3: function does not end with return");
  EXPECT_EQ(problems[1], "function broken, instruction 0: constant out of range");
  EXPECT_EQ(problems[2], "function broken, instruction 1: jump target out of range");
  EXPECT_EQ(problems[3], "function broken, instruction 2: destination register out of range");
}

}  // namespace
}  // namespace rampart
