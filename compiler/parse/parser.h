#pragma once
// The rampart parser: policy source text → ast::File. The grammar and every ANTLR type stay
// behind this header. Problems are reported as diagnostics into the caller's bag; the parser
// never prints, never throws, and always returns a tree (with ErrorExpr placeholders where
// it could not read the input), so later passes can report further problems in one run.
// Thread-safe: each call uses its own lexer and parser.

#include <cstddef>
#include <memory>

#include "compiler/ast/file.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace rampart::parse {

// Input limits; each is reported as a diagnostic when exceeded (see docs/limits.md).
struct ParseLimits {
  size_t max_file_bytes = 16u << 20;          // 16 MiB
  size_t max_string_literal_bytes = 64u << 10;  // 64 KiB
  int max_bracket_depth = 256;                // nested ( [ {
  int max_expression_depth = 1000;            // nested operators in one expression
  size_t max_tokens = 4u << 20;               // tokens per file, comments and spaces included
  // Files at least this large are split at top-level declarations and parsed on several
  // threads (results are identical to a whole-file parse; see chunking.h).
  size_t parallel_threshold_bytes = 256u << 10;
};

std::unique_ptr<ast::File> ParseFile(const source::SourceFile& file, source::DiagnosticBag& diags,
                                     const ParseLimits& limits = {});

// Parses the whole file as a single CEL expression (for `rampart expr` and conformance
// tests). Returns null only when the input was rejected before parsing (limits, encoding);
// otherwise an expression that may contain ErrorExpr nodes. `next_id` receives one past the
// largest node id used.
ast::ExprPtr ParseExpression(const source::SourceFile& file, source::DiagnosticBag& diags,
                             ast::NodeId* next_id = nullptr, const ParseLimits& limits = {});

}  // namespace rampart::parse
