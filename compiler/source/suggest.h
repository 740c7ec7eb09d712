#pragma once
// "Did you mean" suggestions for misspelt names.

#include <string>
#include <vector>

namespace rampart::source {

// The candidate closest to `name` by edit distance, if close enough to be a plausible typo
// (distance at most a third of the name's length, and at least 1; case-only differences
// always qualify); "" otherwise.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

// DidYouMean when there is a close candidate, else `fallback` (e.g. "; use one of: a, b").
std::string HintOr(const std::string& name, const std::vector<std::string>& candidates,
                   const std::string& fallback);

}  // namespace rampart::source
