#pragma once
// Quoting text for the places rampart prints it back: CEL literals (the formatter, IR and
// value dumps) and JSON strings (machine output). One implementation each, shared by every
// layer above compiler/source.

#include <string>
#include <string_view>

namespace rampart::source {

// A CEL string literal: "..." with \" \\ \n \r \t and \xHH for other control bytes; UTF-8 kept.
std::string QuoteCelString(std::string_view s);
// A CEL bytes literal: b"..." with \xHH for every byte outside printable ASCII.
std::string QuoteCelBytes(std::string_view s);
// The inside of a JSON string (no quotes): \" \\ \n \r \t and \u00HH for control bytes.
std::string JsonEscape(std::string_view s);

}  // namespace rampart::source
