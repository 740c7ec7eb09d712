// DNS names and patterns (compiler/source/dns_names.h): what the checker accepts and what a
// pattern matches, as the dns(...) peer and matchesDns use them on both engines.

#include "compiler/source/dns_names.h"

#include <gtest/gtest.h>

#include <string>

namespace rampart::source {
namespace {

TEST(DnsPatternProblem, AcceptsNamesAndPatterns) {
  for (const char* ok : {"api.example.com", "API.Example.COM.", "localhost", "*", "*.example.com",
                         "api-*.example.com", "*-api.*.example.com", "_http._tcp.example.com",
                         "xn--bcher-kva.example", "a-.b", "1.2.3.4"}) {
    EXPECT_EQ(DnsPatternProblem(ok), "") << ok;
  }
  std::string label63(63, 'a'), label64(64, 'a');
  EXPECT_EQ(DnsPatternProblem(label63 + ".com"), "");
  std::string name253;
  while (name253.size() + 2 <= 253) name253 += name253.empty() ? "a" : ".a";
  EXPECT_EQ(DnsPatternProblem(name253), "");
  EXPECT_EQ(DnsPatternProblem(name253 + "."), "") << "the trailing dot is not counted";
}

TEST(DnsPatternProblem, SaysWhatIsWrong) {
  struct Case {
    std::string pattern, says;
  };
  std::string long_name;
  while (long_name.size() <= 253) long_name += "abc.";
  long_name += "com";
  const Case cases[] = {
      {"", "(it is empty)"},
      {".", "(it is empty)"},
      {"api..example.com", "(empty label between dots)"},
      {".example.com", "(empty label between dots)"},
      {"example.com..", "(empty label between dots)"},
      {std::string(64, 'a') + ".com", "(a label longer than 63 characters)"},
      {long_name, "(longer than 253 characters)"},
      {"api.example.com/path", "('/' is not allowed: letters, digits, '-', '_' and the wildcard '*')"},
      {"api example.com", "(a space or control character is not allowed"},
      {"bücher.example", "(non-ASCII: write internationalised names in their xn-- form)"},
      {"**.example.com", "('**' is not supported: '*' matches within one label, never across a dot)"},
      {"https://api.example.com:8443/v1", "(a URL: write only its host name, api.example.com)"},
      {"api.example.com:443", "(':' is not allowed"},
  };
  for (const Case& c : cases) {
    std::string problem = DnsPatternProblem(c.pattern);
    EXPECT_EQ(problem.rfind("'" + c.pattern + "' is not a DNS name or pattern such as api.example.com or *.example.com",
                            0),
              0u)
        << problem;
    EXPECT_NE(problem.find(c.says), std::string::npos) << c.pattern << ": " << problem;
  }
}

TEST(DnsNameMatches, LiteralNamesIgnoreCaseAndOneTrailingDot) {
  EXPECT_TRUE(DnsNameMatches("api.example.com", "api.example.com"));
  EXPECT_TRUE(DnsNameMatches("api.example.com", "API.Example.Com"));
  EXPECT_TRUE(DnsNameMatches("API.EXAMPLE.COM", "api.example.com."));
  EXPECT_TRUE(DnsNameMatches("api.example.com.", "api.example.com"));
  EXPECT_FALSE(DnsNameMatches("api.example.com", "api.example.com.."));
  EXPECT_FALSE(DnsNameMatches("api.example.com", "api.example.co"));
  EXPECT_FALSE(DnsNameMatches("api.example.com", "xapi.example.com"));
  EXPECT_FALSE(DnsNameMatches("api.example.com", "api.example.com.evil.net"));
  EXPECT_FALSE(DnsNameMatches("example.com", "api.example.com"));
  EXPECT_FALSE(DnsNameMatches("api.example.com", ""));
  EXPECT_FALSE(DnsNameMatches("api.example.com", "."));
}

TEST(DnsNameMatches, StarStaysWithinOneLabel) {
  EXPECT_TRUE(DnsNameMatches("*.example.com", "api.example.com"));
  EXPECT_TRUE(DnsNameMatches("*.example.com", "API.EXAMPLE.COM."));
  EXPECT_FALSE(DnsNameMatches("*.example.com", "example.com"));
  EXPECT_FALSE(DnsNameMatches("*.example.com", "a.b.example.com"));
  EXPECT_FALSE(DnsNameMatches("*.example.com", "api.example.org"));
  EXPECT_TRUE(DnsNameMatches("api-*.example.com", "api-1.example.com"));
  EXPECT_TRUE(DnsNameMatches("api-*.example.com", "api-.example.com"));
  EXPECT_FALSE(DnsNameMatches("api-*.example.com", "api.example.com"));
  EXPECT_TRUE(DnsNameMatches("*-api.*.example.com", "eu-api.prod.example.com"));
  EXPECT_TRUE(DnsNameMatches("a*b*c.example", "aXbYbZc.example"));
  EXPECT_FALSE(DnsNameMatches("a*b*c.example", "aXbYbZ.example"));
  EXPECT_TRUE(DnsNameMatches("*", "anything.at.all"));
  EXPECT_TRUE(DnsNameMatches("*", "localhost."));
  EXPECT_FALSE(DnsNameMatches("*", ""));
}

TEST(CanonicalDnsName, LowerCaseWithoutTrailingDot) {
  EXPECT_EQ(CanonicalDnsName("API.Example.COM."), "api.example.com");
  EXPECT_EQ(CanonicalDnsName("api.example.com"), "api.example.com");
  EXPECT_EQ(CanonicalDnsName(""), "");
}

}  // namespace
}  // namespace rampart::source
