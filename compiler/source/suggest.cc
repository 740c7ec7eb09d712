#include "compiler/source/suggest.h"

#include <algorithm>
#include <cctype>

namespace rampart::source {
namespace {

size_t EditDistance(const std::string& a, const std::string& b, size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      // Transposition ("imgae" → "image") counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev[j - 1]);  // approximate Damerau
      }
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  if (name.empty()) return "";
  size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  std::string lower = Lower(name);
  for (const std::string& c : candidates) {
    if (c == name || c.empty()) continue;
    size_t d = Lower(c) == lower ? 0 : EditDistance(name, c, limit);
    if (d < best_distance || (d == best_distance && !best.empty() && c < best)) {
      best_distance = d;
      best = c;
    }
  }
  return best_distance <= limit ? best : "";
}

std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string HintOr(const std::string& name, const std::vector<std::string>& candidates,
                   const std::string& fallback) {
  std::string hint = DidYouMean(name, candidates);
  return hint.empty() ? fallback : hint;
}

}  // namespace rampart::source
