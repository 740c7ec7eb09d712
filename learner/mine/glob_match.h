#pragma once
// The path globs of the rampart language (docs/schemas/functions.md "Glob matching") for the
// learner's own use: to check that a generalisation never covers a sensitive path, and to
// tell in `learn diff` whether a new entry widens an old one. `*` any run within a segment,
// `**` any run across segments (`**/` also matches no segment), `?` one character other than
// '/', `[abc]`/`[a-z]`/`[!a]` a class, `\x` the character x. Bytes, not code points: the
// learner only matches patterns it wrote against paths it stored. The runtime's matcher
// (runtime/builtins/glob.cc) decides policies; this one must agree with it on such input.

#include <string_view>

namespace rampart::learner {

// True when `pattern` matches the whole of `text`. A malformed pattern matches nothing.
bool GlobMatch(std::string_view pattern, std::string_view text);

// True when `pattern` has an unescaped glob metacharacter.
bool HasGlob(std::string_view pattern);

}  // namespace rampart::learner
