#pragma once
// Compares FastLexer with the ANTLR lexer generated from grammar/Rampart.g4 on one input.
// Used by tests and by the fuzz target; not by the compiler itself.

#include <string>

namespace rampart::parse {

// "" when both lexers produce the same tokens (type, channel, start, stop, line, column);
// otherwise a description of the first difference. `text` must be valid UTF-8.
std::string CompareLexers(const std::string& text);

}  // namespace rampart::parse
