#pragma once
// Prints ASTs back as rampart source. PrintExpr/PrintFile are pure; with the original source
// text and comments (FormatOptions) the same printer is `rampart fmt`: one canonical layout,
// comments and single blank lines kept, literals kept as written. Output always parses back
// to an equivalent AST (ast::Equivalent), and formatting formatted output changes nothing.

#include <string>
#include <string_view>

#include "compiler/ast/file.h"

namespace rampart::ast {

// Expressions are printed on one line unless a list or map literal would pass this column.
inline constexpr size_t kLineWidth = 100;

std::string PrintExpr(const Expr& e);

struct FormatOptions {
  // The text the file was parsed from; enables comments and blank-line preservation.
  std::string_view source_text;
  bool keep_comments = true;
};

// The whole file in canonical layout. Without source text, comments are dropped.
std::string PrintFile(const File& file, const FormatOptions& options = {});

// Quotes `s` as a CEL string literal ("..." with escapes).
std::string QuoteString(std::string_view s);
// Quotes raw bytes as a CEL bytes literal (b"...").
std::string QuoteBytes(std::string_view s);

}  // namespace rampart::ast
