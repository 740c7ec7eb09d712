#include "compiler/parse/literals.h"

#include <gtest/gtest.h>

#include <limits>

namespace rampart::parse {
namespace {

std::string Decode(const std::string& token, bool bytes = false) {
  LiteralError err;
  auto v = DecodeStringLiteral(token, bytes, &err);
  return v ? *v : "<error: " + err.message + ">";
}

TEST(StringLiterals, Escapes) {
  EXPECT_EQ(Decode(R"("a\nb")"), "a\nb");
  EXPECT_EQ(Decode(R"('it\'s')"), "it's");
  EXPECT_EQ(Decode(R"("\a\b\f\r\t\v\\\"\?\`")"), "\a\b\f\r\t\v\\\"?`");
  EXPECT_EQ(Decode(R"("\x41\101\u00e9\U0001F600")"), "AA\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(StringLiterals, RawAndTripleQuoted) {
  EXPECT_EQ(Decode(R"(r"\d+")"), "\\d+");
  EXPECT_EQ(Decode(R"(R'\n')"), "\\n");
  EXPECT_EQ(Decode("\"\"\"two\nlines\"\"\""), "two\nlines");
  EXPECT_EQ(Decode("'''it's'''"), "it's");
  EXPECT_EQ(Decode("r'''\\x'''"), "\\x");
}

TEST(StringLiterals, Bytes) {
  EXPECT_EQ(Decode(R"(b"\xff\000")", true), std::string("\xff\0", 2));
  EXPECT_EQ(Decode(R"(b"abc")", true), "abc");
  // In strings \xff is the code point U+00FF, encoded as UTF-8.
  EXPECT_EQ(Decode(R"("\xff")"), "\xc3\xbf");
}

TEST(StringLiterals, Errors) {
  EXPECT_EQ(Decode(R"("\q")"), "<error: unknown escape sequence '\\q'>");
  EXPECT_EQ(Decode(R"("\x4")"), "<error: malformed escape sequence>");
  EXPECT_EQ(Decode(R"("\uD800")"), "<error: escape sequence is not a valid Unicode code point>");
  EXPECT_EQ(Decode(R"(b"\u0041")", true),
            "<error: \\u escapes are not allowed in bytes literals; use \\x>");
}

TEST(NumberLiterals, Ints) {
  EXPECT_EQ(DecodeInt("42", false), 42);
  EXPECT_EQ(DecodeInt("0x1F", false), 31);
  EXPECT_EQ(DecodeInt("9223372036854775807", false), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(DecodeInt("9223372036854775808", true), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(DecodeInt("9223372036854775808", false));
  EXPECT_FALSE(DecodeInt("99999999999999999999", false));
}

TEST(NumberLiterals, UintsAndDoubles) {
  EXPECT_EQ(DecodeUint("18446744073709551615u"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(DecodeUint("0xFFu"), 255u);
  EXPECT_FALSE(DecodeUint("18446744073709551616u"));
  EXPECT_EQ(DecodeDouble("1.5e3", false), 1500.0);
  EXPECT_EQ(DecodeDouble(".5", true), -0.5);
}

}  // namespace
}  // namespace rampart::parse
