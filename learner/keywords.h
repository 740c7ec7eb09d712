#pragma once
// rampart's keywords (grammar/Rampart.g4, hard and soft), as the learner needs them to write
// source: an identifier it makes must not be one, and a label key that is one (or is not an
// identifier) is written as a string.

#include <cctype>
#include <set>
#include <string>

namespace rampart::learner {

inline bool IsKeyword(const std::string& s) {
  static const std::set<std::string> keywords = {
      "admission", "alert",    "allow",       "as",   "audit",   "block",   "const",  "def",
      "default",   "deny",     "description", "each", "egress",  "error",   "expect", "false",
      "from",      "if",       "import",      "in",   "ingress", "input",   "let",    "match",
      "message",   "mode",     "network",     "null", "on",      "package", "policy", "runtime",
      "select",    "severity", "test",        "to",   "true",    "warn",    "when",   "port"};
  return keywords.count(s) != 0;
}

// A name that can be written bare: a letter or '_', then letters, digits and '_', and not a
// keyword.
inline bool IsPlainIdentifier(const std::string& s) {
  if (s.empty() || IsKeyword(s)) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace rampart::learner
