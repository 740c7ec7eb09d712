// FastLexer must produce the tokens of the ANTLR lexer generated from the grammar: checked on
// tricky snippets, on every .rp file in the repository, and on random inputs.

#include <gtest/gtest.h>

#include <random>

#include "compiler/parse/lexer_check.h"
#include "tests/support/corpus.h"

namespace rampart::parse {
namespace {

TEST(FastLexer, AgreesOnTrickySnippets) {
  const char* cases[] = {
      "", " ", "a", "in index indexes", "x.5", "1.", "1.5e3", "1e", "1e+", "1e+5u", "0x", "0x1Fu",
      "08.5", ".5e-2", "1.5u", "r\"\\d\"", "R'x'", "r\"\"\"a\nb\"\"\"", "b\"x\"", "br'\\'", "B\"\\q\"",
      "\"\\q\"", "\"abc", "'it''s'", "\"\"\"", "\"\"\"abc", "\"\"\"a\\qb\"\"\"", "'''x''' '''",
      "\"\\u00e9\\U0001F600\\x41\\101\"", "\"\\777\"", "\"é\"", "é", "a@b", "&&|| & |", "!= ! == =",
      "<=<>=>", "// c\nx", "//", "/", "a/*b*/", "\t\r\n\f", "rb\"x\"", "r", "b", "bb\"x\"",
      "deny denyx _x x_1 1_x", "\"a\\\nb\"", "'\\\"'", "\"\\\"\"", "\"a\rb\"", "package p.runtime",
      "\"\"\"a\"\"\"\"\"", "\"\\é\"", "b'\\é", "x\x01y", "12345678901234567890u", "a.`b-c`", "`x", "``", "`a b`.c", "`é`"};
  for (const char* c : cases) EXPECT_EQ(CompareLexers(c), "") << "input: " << c;
}

TEST(FastLexer, AgreesOnEveryPolicyFile) {
  size_t count = 0;
  for (const char* dir : {"/policies", "/tests", "/examples", "/docs"}) {
    std::string root = testing::SourceDir() + dir;
    for (const std::string& f : testing::ListFiles(root, ".rp")) {
      std::string text = testing::ReadFileOrDie(root + "/" + f);
      EXPECT_EQ(CompareLexers(text), "") << f;
      ++count;
    }
  }
  EXPECT_GT(count, 50u);
}

TEST(FastLexer, AgreesOnRandomInputs) {
  std::mt19937 rng(7);
  const char* pieces[] = {"\"", "'", "\\", "r", "b", "R", "B", "x", "1", ".", "e", "+", "-", "u",
                          "0x", "/", "\n", " ", "=", "!", "&", "|", "<", ">", "in", "é", "\"\"\"",
                          "'''", "\\u00", "\\x4", "f", "9", "_", "deny", "\t", "\r", "`"};
  constexpr int kPieces = sizeof(pieces) / sizeof(pieces[0]);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) text += pieces[rng() % kPieces];
    ASSERT_EQ(CompareLexers(text), "") << "input: [" << text << "]";
  }
}

}  // namespace
}  // namespace rampart::parse
