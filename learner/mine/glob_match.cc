#include "learner/mine/glob_match.h"

namespace rampart::learner {
namespace {

// Matches one class at p[i] ('[' ...) against c; sets *end past the ']'.
bool ClassMatch(std::string_view p, size_t i, char c, size_t* end, bool* ok) {
  size_t j = i + 1;
  bool negated = j < p.size() && (p[j] == '!' || p[j] == '^');
  if (negated) ++j;
  bool hit = false, first = true;
  for (;; first = false) {
    if (j >= p.size()) return *ok = false;
    if (p[j] == ']' && !first) break;
    char lo = p[j];
    if (lo == '\\' && ++j < p.size()) lo = p[j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      j += 2;
      hi = p[j];
      if (hi == '\\' && ++j < p.size()) hi = p[j];
    }
    if (c >= lo && c <= hi) hit = true;
    ++j;
  }
  *end = j + 1;
  return hit != negated;
}

bool Match(std::string_view p, size_t i, std::string_view t, size_t k, bool* ok) {
  while (i < p.size()) {
    char c = p[i];
    if (c == '*') {
      bool globstar = i + 1 < p.size() && p[i + 1] == '*';
      size_t next = i + 1;
      while (next < p.size() && p[next] == '*') ++next;
      if (globstar && next < p.size() && p[next] == '/') {
        // `**/`: no segment at all, or any run ending in '/'.
        if (Match(p, next + 1, t, k, ok)) return true;
        for (size_t m = k; m < t.size(); ++m) {
          if (t[m] == '/' && Match(p, next + 1, t, m + 1, ok)) return true;
        }
        return false;
      }
      for (size_t m = k;; ++m) {
        if (Match(p, next, t, m, ok)) return true;
        if (m >= t.size() || (!globstar && t[m] == '/')) return false;
      }
    }
    if (k >= t.size()) return false;
    if (c == '?') {
      if (t[k] == '/') return false;
      ++i;
    } else if (c == '[') {
      size_t end = i;
      if (!ClassMatch(p, i, t[k], &end, ok)) return false;
      i = end;
    } else {
      if (c == '\\') {
        if (++i >= p.size()) return *ok = false;
        c = p[i];
      }
      if (t[k] != c) return false;
      ++i;
    }
    ++k;
  }
  return k == t.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text) {
  bool ok = true;
  bool m = Match(pattern, 0, text, 0, &ok);
  return ok && m;
}

bool HasGlob(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '[') {
      return true;
    }
  }
  return false;
}

}  // namespace rampart::learner
