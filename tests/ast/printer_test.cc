// The expression printer: minimal parentheses that preserve meaning, for every precedence
// combination (checked by reparsing), and canonical literals for synthesized nodes.

#include "compiler/ast/printer.h"

#include <gtest/gtest.h>

#include "compiler/parse/parser.h"

namespace rampart::ast {
namespace {

ExprPtr ParseOrDie(const std::string& text) {
  source::SourceManager sources;
  source::DiagnosticBag diags;
  auto id = sources.AddFile("<expr>", text);
  auto e = parse::ParseExpression(*sources.file(id), diags);
  EXPECT_FALSE(diags.has_errors()) << text;
  return e;
}

struct Case {
  const char* input;
  const char* printed;
};

class PrintExprTest : public ::testing::TestWithParam<Case> {};

TEST_P(PrintExprTest, PrintsCanonicallyAndReparsesEquivalent) {
  ExprPtr e = ParseOrDie(GetParam().input);
  ASSERT_NE(e, nullptr);
  std::string printed = PrintExpr(*e);
  EXPECT_EQ(printed, GetParam().printed);
  ExprPtr again = ParseOrDie(printed);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(Equivalent(*e, *again)) << printed;
}

INSTANTIATE_TEST_SUITE_P(
    Precedence, PrintExprTest,
    ::testing::Values(
        Case{"a  +  b * c", "a + b * c"}, Case{"(a + b) * c", "(a + b) * c"},
        Case{"a - (b - c)", "a - (b - c)"}, Case{"(a - b) - c", "a - b - c"},
        Case{"a || b && c", "a || b && c"}, Case{"(a || b) && c", "(a || b) && c"},
        Case{"a ? b : c ? d : e", "a ? b : c ? d : e"}, Case{"(a ? b : c) ? d : e", "(a ? b : c) ? d : e"},
        Case{"a ? (b ? c : d) : e", "a ? (b ? c : d) : e"}, Case{"!(a && b)", "!(a && b)"},
        Case{"-(a + 1)", "-(a + 1)"}, Case{"!!a", "!(!a)"}, Case{"- -a", "-(-a)"},
        Case{"(a + b).size()", "(a + b).size()"}, Case{"x in [1, 2] == true", "x in [1, 2] == true"},
        Case{"a == (b == c)", "a == (b == c)"}, Case{"(-5).size()", "(-5).size()"},
        Case{"-(-5)", "-(-5)"}, Case{"a.b[c].d(e)", "a.b[c].d(e)"}, Case{".a.b", ".a.b"},
        Case{"has(a.b.c)", "has(a.b.c)"}, Case{"l.exists(x, x > 1)", "l.exists(x, x > 1)"},
        Case{"l.map(x, x > 1, x * 2)", "l.map(x, x > 1, x * 2)"},
        Case{"{'a': 1, 2: [3,]}", "{'a': 1, 2: [3]}"}, Case{"0x1F + 1u", "0x1F + 1u"},
        Case{"r'\\d' + '''x'''", "r'\\d' + '''x'''"}, Case{"b'\\xff'", "b'\\xff'"},
        Case{"1e3 - .5", "1e3 - .5"}, Case{"a % b / c", "a % b / c"}, Case{"m.`content-type` == m.`x`", "m.`content-type` == m.x"},
        Case{"has(m.`a/b`)", "has(m.`a/b`)"}, Case{"a / (b % c)", "a / (b % c)"}));

TEST(PrintExpr, SynthesizedLiteralsAreCanonical) {
  Literal s;
  s.kind = Literal::Kind::kString;
  s.string_value = "say \"hi\"\n\\";
  EXPECT_EQ(PrintExpr(*MakeExpr(1, {}, s)), R"("say \"hi\"\n\\")");
  Literal d;
  d.kind = Literal::Kind::kDouble;
  d.double_value = 2;
  EXPECT_EQ(PrintExpr(*MakeExpr(1, {}, d)), "2.0");
  Literal u;
  u.kind = Literal::Kind::kUint;
  u.uint_value = 7;
  EXPECT_EQ(PrintExpr(*MakeExpr(1, {}, u)), "7u");
}

TEST(PrintExpr, LongListsBreakOnePerLine) {
  std::string list = "[";
  for (int i = 0; i < 30; ++i) list += (i ? ", " : "") + std::string("\"/usr/bin/tool") + std::to_string(i) + "\"";
  list += "]";
  ExprPtr e = ParseOrDie(list);
  std::string printed = PrintExpr(*e);
  EXPECT_NE(printed.find("[\n  \"/usr/bin/tool0\",\n"), std::string::npos) << printed;
  EXPECT_TRUE(Equivalent(*e, *ParseOrDie(printed)));
}

}  // namespace
}  // namespace rampart::ast
