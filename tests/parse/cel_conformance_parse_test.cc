// Parses every expression of the official CEL conformance suite (tests/data/cel-conformance)
// with rampart's grammar: CEL syntax must be accepted wherever cel-go accepts it, and
// rejected where cel-go reports a syntax error. Evaluation of the same corpus belongs to the
// interpreter's tests. Tests that need protobuf message literals (`Msg{field: v}`), which
// rampart's grammar deliberately does not have, are listed as skipped with the reason.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>

#include "compiler/parse/parser.h"
#include "compiler/source/diagnostic_renderer.h"
#include "tests/support/corpus.h"

namespace rampart::parse {
namespace {

struct Outcome {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  std::vector<std::string> failures;
};

bool NeedsMessageLiteral(const std::string& expr) {
  if (expr.find("TestAllTypes") != std::string::npos ||
      expr.find("google.protobuf.") != std::string::npos) {
    return true;
  }
  // An identifier (possibly qualified) directly followed by `{`.
  for (size_t i = 1; i < expr.size(); ++i) {
    if (expr[i] != '{') continue;
    size_t j = i;
    while (j > 0 && expr[j - 1] == ' ') --j;
    if (j > 0 && (isalnum(static_cast<unsigned char>(expr[j - 1])) || expr[j - 1] == '_')) return true;
  }
  return false;
}

Outcome RunFile(const std::string& name) {
  Outcome out;
  std::string path = testing::SourceDir() + "/tests/data/cel-conformance/" + name + ".json";
  nlohmann::json doc = nlohmann::json::parse(testing::ReadFileOrDie(path));
  for (const auto& suite : doc["suites"]) {
    for (const auto& test : suite["tests"]) {
      const auto& original = test["original"];
      std::string expr = original.value("expr", "");
      std::string id = name + "/" + suite.value("name", "") + "/" + original.value("name", "");
      if (NeedsMessageLiteral(expr)) {
        ++out.skipped;
        continue;
      }
      bool cel_go_syntax_error = false;
      if (test.contains("error")) {
        std::string err = test["error"].is_string() ? test["error"].get<std::string>() : test["error"].dump();
        cel_go_syntax_error = err.find("Syntax error") != std::string::npos ||
                              err.find("syntax error") != std::string::npos;
      }
      source::SourceManager sources;
      source::DiagnosticBag diags;
      source::FileId file = sources.AddFile("<expr>", expr);
      ast::ExprPtr e = ParseExpression(*sources.file(file), diags);
      bool ok = e != nullptr && !diags.has_errors();
      if (ok != !cel_go_syntax_error) {
        ++out.failed;
        out.failures.push_back(id + ": " + expr + "\n" +
                               source::RenderTextAll(diags.Sorted(), sources));
      } else {
        ++out.passed;
      }
    }
  }
  return out;
}

class CelConformanceParse : public ::testing::TestWithParam<std::string> {};

TEST_P(CelConformanceParse, AcceptsCelSyntax) {
  Outcome o = RunFile(GetParam());
  std::printf("%s: %d parsed as cel-go does, %d differ, %d skipped (message literals)\n",
              GetParam().c_str(), o.passed, o.failed, o.skipped);
  std::string failures;
  for (const std::string& f : o.failures) failures += f + "\n";
  EXPECT_EQ(o.failed, 0) << failures;
}

INSTANTIATE_TEST_SUITE_P(Files, CelConformanceParse,
                         ::testing::Values("basic", "comparisons", "conversions", "fields",
                                           "fp_math", "integer_math", "lists", "logic", "macros",
                                           "macros2", "string", "parse", "plumbing", "timestamps",
                                           "math_ext", "string_ext", "dynamic", "wrappers"));

}  // namespace
}  // namespace rampart::parse
