#include "compiler/parse/chunking.h"

#include <cstdlib>

namespace rampart::parse {
namespace {

bool StartsDeclaration(std::string_view rest) {
  for (std::string_view kw : {"admission policy ", "runtime policy ", "network policy ", "const ",
                              "def ", "test "}) {
    if (rest.substr(0, kw.size()) == kw) return true;
  }
  return false;
}

}  // namespace

std::vector<uint32_t> FindSplitPoints(std::string_view text, int pieces) {
  std::vector<uint32_t> candidates;
  int depth = 0;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++i;
      if (depth == 0 && i < n && StartsDeclaration(text.substr(i))) {
        candidates.push_back(static_cast<uint32_t>(i));
      }
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      bool raw = i > 0 && (text[i - 1] == 'r' || text[i - 1] == 'R');
      bool triple = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
      i += triple ? 3 : 1;
      while (i < n) {
        if (!raw && text[i] == '\\') {
          i += 2;
          continue;
        }
        if (triple && text[i] == c && i + 2 < n && text[i + 1] == c && text[i + 2] == c) {
          i += 3;
          break;
        }
        if (!triple && (text[i] == c || text[i] == '\n')) {
          if (text[i] == c) ++i;
          break;
        }
        ++i;
      }
      continue;
    }
    if (c == '{' || c == '(' || c == '[') ++depth;
    if ((c == '}' || c == ')' || c == ']') && depth > 0) --depth;
    ++i;
  }
  std::vector<uint32_t> out;
  for (int k = 1; k < pieces; ++k) {
    size_t target = n * k / pieces;
    uint32_t best = 0;
    bool found = false;
    for (uint32_t cand : candidates) {
      if (!out.empty() && cand <= out.back()) continue;
      if (!found || std::llabs(static_cast<long long>(cand) - static_cast<long long>(target)) <
                        std::llabs(static_cast<long long>(best) - static_cast<long long>(target))) {
        best = cand;
        found = true;
      }
    }
    if (found) out.push_back(best);
  }
  return out;
}

}  // namespace rampart::parse
