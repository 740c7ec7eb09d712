#pragma once
// Checks made on raw bytes before lexing: size and UTF-8 validity. Internal to compiler/parse.

#include "compiler/parse/parser.h"

namespace rampart::parse {

// Reports and returns false when the file cannot be lexed at all.
bool CheckRawInput(const source::SourceFile& file, source::DiagnosticBag& diags,
                   const ParseLimits& limits);

}  // namespace rampart::parse
