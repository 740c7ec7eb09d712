// Parser behaviour on valid and broken input, and the input limits: every bad input gets a
// diagnostic with a position, never a crash, hang or stack overflow.

#include "compiler/parse/parser.h"

#include <gtest/gtest.h>

#include <random>

#include "compiler/ast/printer.h"
#include "compiler/source/diagnostic_renderer.h"

namespace rampart::parse {
namespace {

struct Parsed {
  source::SourceManager sources;
  source::DiagnosticBag diags;
  std::unique_ptr<ast::File> file;
  std::string Render() const { return source::RenderTextAll(diags.Sorted(), sources); }
  bool HasCode(const std::string& code) const {
    for (const auto& d : diags.unsorted()) {
      if (d.code == code) return true;
    }
    return false;
  }
  std::string Where(size_t i = 0) const {
    auto ds = diags.Sorted();
    if (i >= ds.size()) return "none";
    auto lc = sources.file(ds[i].range.file)->Position(ds[i].range.begin);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }
};

std::unique_ptr<Parsed> Parse(const std::string& text, ParseLimits limits = {}) {
  auto p = std::make_unique<Parsed>();
  source::FileId id = p->sources.AddFile("t.rp", text);
  p->file = ParseFile(*p->sources.file(id), p->diags, limits);
  return p;
}

TEST(Parser, ParsesAPolicy) {
  auto p = Parse(R"(package a.b
import c.d as e
const xs = [1, 2u, 3.0, "s", b"b", null, true]
admission policy p {
  severity high
  match object.kind == "Pod"
  each c in containers(object)
    deny named if c.image.startsWith("x") message "m: " + c.name
}
)");
  EXPECT_FALSE(p->diags.has_errors()) << p->Render();
  ASSERT_TRUE(p->file->package);
  EXPECT_EQ(p->file->package->name.ToString(), "a.b");
  ASSERT_EQ(p->file->imports.size(), 1u);
  EXPECT_EQ(p->file->imports[0].LocalName(), "e");
  ASSERT_EQ(p->file->decls.size(), 2u);
  auto& policy = std::get<ast::PolicyDecl>(p->file->decls[1].node);
  EXPECT_EQ(policy.kind.text, "admission");
  EXPECT_EQ(policy.clauses.size(), 3u);
}

TEST(Parser, SoftKeywordsAreIdentifiersInExpressions) {
  auto p = Parse(R"(network policy n {
  select workload.namespace == "x" && workload.labels["port"] == "1"
  egress deny if port in [389] && peer.namespace != "default"
}
)");
  EXPECT_FALSE(p->diags.has_errors()) << p->Render();
}

TEST(Parser, EveryRuleHasACondition) {
  // `block allow if c` must not silently become an unconditional block plus a rule.
  auto p = Parse("runtime policy r {\n  block allow if proc.name == \"sh\"\n}\n");
  EXPECT_TRUE(p->diags.has_errors());
  EXPECT_TRUE(Parse("runtime policy r {\n  block if true\n}\n")->diags.error_count() == 0);
}

TEST(Parser, ReportsSeveralSyntaxErrorsInOneRun) {
  auto p = Parse("admission policy a {\n  match object.kind ==\n}\nconst = 3\nconst b = (1 + \n");
  EXPECT_GE(p->diags.error_count(), 2u) << p->Render();
  EXPECT_TRUE(p->file->has_syntax_errors);
  EXPECT_EQ(p->Where(0), "3:1") << p->Render();
}

TEST(Parser, MessagesNameTheProblem) {
  auto p = Parse("admission policy a {\n  deny if\n}\n");
  EXPECT_NE(p->Render().find("unexpected '}'; expected an expression"), std::string::npos)
      << p->Render();
}

TEST(Parser, UnexpectedCharacterAndUnterminatedString) {
  auto p = Parse("const a = 1 @ 2\nconst b = \"abc\nconst c = 'x\\q'\n");
  std::string r = p->Render();
  EXPECT_NE(r.find("unexpected character '@'"), std::string::npos) << r;
  EXPECT_NE(r.find("missing terminating \" character"), std::string::npos) << r;
  EXPECT_NE(r.find("unknown escape sequence '\\q'"), std::string::npos) << r;
}

TEST(Parser, CaretPointsAtTheToken) {
  auto p = Parse("const a = [1, 2\nconst b = 3\n");
  std::string r = p->Render();
  EXPECT_NE(r.find("t.rp:2:1: error:"), std::string::npos) << r;
}

TEST(Parser, ByteOrderMarkIsNotPartOfTheText) {
  auto p = Parse("\xEF\xBB\xBF" "const a = 1 @ 2\n");
  EXPECT_EQ(p->Where(0), "1:13") << p->Render();  // columns count from after the mark
  EXPECT_EQ(p->diags.error_count(), 1u);
}

TEST(ParserLimits, HundredThousandNestedParentheses) {
  std::string text = "const a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
  auto p = Parse(text);
  EXPECT_TRUE(p->HasCode("nesting-too-deep")) << p->Render();
  EXPECT_EQ(p->Where(0), "1:267");
}

TEST(ParserLimits, LongOperatorChainsAndTernaries) {
  std::string chain = "const a = 1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  EXPECT_TRUE(Parse(chain + "\n")->HasCode("expression-too-deep"));

  std::string ands = "const a = true";
  for (int i = 0; i < 100000; ++i) ands += " && true";
  EXPECT_TRUE(Parse(ands + "\n")->HasCode("expression-too-deep"));

  std::string nots = "const a = " + std::string(100000, '!') + "true\n";
  auto n = Parse(nots);
  EXPECT_TRUE(n->HasCode("expression-too-deep") || n->HasCode("nesting-too-deep")) << n->Render();

  std::string ternary = "const a = ";
  for (int i = 0; i < 100000; ++i) ternary += "true ? 1 : ";
  auto p = Parse(ternary + "0\n");
  EXPECT_TRUE(p->HasCode("nesting-too-deep") || p->HasCode("expression-too-deep")) << p->Render();

  std::string members = "const a = x";
  for (int i = 0; i < 100000; ++i) members += ".f";
  EXPECT_TRUE(Parse(members + "\n")->HasCode("expression-too-deep"));
}

TEST(ParserLimits, ModerateNestingIsFine) {
  std::string text = "const a = " + std::string(100, '(') + "1" + std::string(100, ')') + "\n";
  auto p = Parse(text);
  EXPECT_FALSE(p->diags.has_errors()) << p->Render();
}

TEST(ParserLimits, FileTooLarge) {
  std::string text(50u << 20, ' ');
  auto p = Parse(text);
  EXPECT_TRUE(p->HasCode("file-too-large"));
  EXPECT_EQ(p->diags.error_count(), 1u);
}

TEST(ParserLimits, HugeStringLiteral) {
  std::string text = "const a = \"" + std::string(1u << 20, 'x') + "\"\n";
  auto p = Parse(text);
  EXPECT_TRUE(p->HasCode("bad-literal")) << p->Render();
  EXPECT_NE(p->Render().find("literals are limited to 65536 bytes"), std::string::npos);
}

TEST(ParserLimits, InvalidUtf8) {
  auto p = Parse("const a = \"\xff\xfe\"\n");
  EXPECT_TRUE(p->HasCode("invalid-utf8"));
  EXPECT_EQ(p->Where(0), "1:12");
  // Overlong encoding and a lone surrogate are invalid too.
  EXPECT_TRUE(Parse("const a = \"\xc0\xaf\"\n")->HasCode("invalid-utf8"));
  EXPECT_TRUE(Parse("const a = \"\xed\xa0\x80\"\n")->HasCode("invalid-utf8"));
}

TEST(ParserLimits, BinaryGarbageNeverCrashes) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 50; ++round) {
    std::string text;
    size_t n = rng() % 4096;
    for (size_t i = 0; i < n; ++i) text += static_cast<char>(rng() % 256);
    auto p = Parse(text);
    if (!text.empty()) EXPECT_TRUE(p->diags.has_errors());
  }
  // Valid UTF-8 noise made of the language's own punctuation and words.
  const char* pieces[] = {"(", ")", "{", "}", "[", "]", "deny", "if", "policy", "admission",
                          "\"s\"", "1", ".", ",", ":", "?", "each", "in", "message", "\n", "@"};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    for (int i = 0; i < 300; ++i) text += std::string(pieces[rng() % 21]) + " ";
    Parse(text);
  }
}

TEST(ParserLimits, ErrorFloodIsCapped) {
  std::string text(20000, '@');
  auto p = Parse(text);
  EXPECT_EQ(p->diags.error_count(), source::DiagnosticBag::kMaxErrorsPerFile);
  EXPECT_TRUE(p->HasCode("too-many-errors"));
}

TEST(ParseExpression, StandaloneExpression) {
  source::SourceManager sources;
  source::DiagnosticBag diags;
  auto id = sources.AddFile("<expr>", "[1, 2].map(x, x * 2)[0] + size('abc')");
  auto e = ParseExpression(*sources.file(id), diags);
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(ast::PrintExpr(*e), "[1, 2].map(x, x * 2)[0] + size('abc')");
}

}  // namespace
}  // namespace rampart::parse
