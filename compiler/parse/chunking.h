#pragma once
// Internal to compiler/parse: splitting a large file at top-level declarations so its
// pieces can be lexed, parsed and built on several cores. ANTLR's C++ runtime spends about
// 2 µs per token; a 10,000-policy file has a million tokens.

#include <cstdint>
#include <string_view>
#include <vector>

namespace rampart::parse {

// Up to `pieces - 1` byte offsets, in increasing order, where a top-level declaration
// (`admission policy`, `runtime policy`, `network policy`, `const`, `def`, `test`) starts at
// the beginning of a line, outside any bracket, string or comment, each near an equal share
// of the text. Fewer (possibly none) when no such line is found. A wrong guess is harmless:
// the caller parses the whole file again if any piece has a syntax error.
std::vector<uint32_t> FindSplitPoints(std::string_view text, int pieces);

}  // namespace rampart::parse
