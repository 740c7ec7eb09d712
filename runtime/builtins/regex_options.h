#pragma once
// The RE2 options of CEL's `matches` (runtime/builtins/strings.cc). Anything else that must
// agree with `matches` — the guard index's regex sets (runtime/eval/guard_index.h) — compiles
// with these, so a pattern matches the same strings everywhere.

#include <re2/re2.h>

namespace rampart::runtime {

inline RE2::Options MatchesRegexOptions() {
  RE2::Options options;  // UTF-8, leftmost-first, as cel-go's RE2
  options.set_log_errors(false);
  return options;
}

}  // namespace rampart::runtime
