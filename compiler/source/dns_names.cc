#include "compiler/source/dns_names.h"

#include <cstddef>

namespace rampart::source {
namespace {

constexpr size_t kMaxName = 253;  // RFC 1035: 255 octets on the wire, 253 as text
constexpr size_t kMaxLabel = 63;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view WithoutTrailingDot(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

bool PatternChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '*';
}

// One label against one pattern label: `*` is zero or more characters. Iterative, with
// backtracking to the last star only (linear in practice, never exponential).
bool LabelMatches(std::string_view pattern, std::string_view label) {
  size_t p = 0, l = 0, star = std::string_view::npos, resume = 0;
  while (l < label.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = l;
    } else if (p < pattern.size() && Lower(pattern[p]) == Lower(label[l])) {
      ++p;
      ++l;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      l = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

std::string DnsPatternProblem(std::string_view pattern) {
  // Built only on failure: the builtins validate a pattern on every call.
  auto problem = [pattern](const std::string& why) {
    return "'" + std::string(pattern) +
           "' is not a DNS name or pattern such as api.example.com or *.example.com (" + why + ")";
  };
  std::string_view name = WithoutTrailingDot(pattern);
  if (name.empty()) return problem("it is empty");
  if (name.size() > kMaxName) return problem("longer than 253 characters");
  if (size_t scheme = name.find("://"); scheme != std::string_view::npos) {
    std::string_view host = name.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/:"));
    return problem("a URL: write only its host name" +
                   (host.empty() ? std::string() : ", " + std::string(host)));
  }
  size_t label_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      size_t length = i - label_start;
      if (length == 0) return problem("empty label between dots");
      if (length > kMaxLabel) return problem("a label longer than 63 characters");
      label_start = i + 1;
      continue;
    }
    if (!PatternChar(name[i])) {
      unsigned char c = static_cast<unsigned char>(name[i]);
      if (c >= 0x80) return problem("non-ASCII: write internationalised names in their xn-- form");
      std::string what = c < 0x21 || c == 0x7f ? std::string("a space or control character")
                                               : "'" + std::string(1, name[i]) + "'";
      return problem(what + " is not allowed: letters, digits, '-', '_' and the wildcard '*'");
    }
    if (name[i] == '*' && i + 1 < name.size() && name[i + 1] == '*') {
      return problem("'**' is not supported: '*' matches within one label, never across a dot");
    }
  }
  return "";
}

bool DnsNameMatches(std::string_view pattern, std::string_view name) {
  pattern = WithoutTrailingDot(pattern);
  name = WithoutTrailingDot(name);
  if (name.empty() || pattern.empty()) return false;
  if (pattern == "*") return true;
  for (;;) {
    size_t pd = pattern.find('.'), nd = name.find('.');
    if (!LabelMatches(pattern.substr(0, pd), name.substr(0, nd))) return false;
    if (pd == std::string_view::npos || nd == std::string_view::npos) {
      return pd == std::string_view::npos && nd == std::string_view::npos;
    }
    pattern.remove_prefix(pd + 1);
    name.remove_prefix(nd + 1);
  }
}

std::string CanonicalDnsName(std::string_view name) {
  std::string out(WithoutTrailingDot(name));
  for (char& c : out) c = Lower(c);
  return out;
}

}  // namespace rampart::source
