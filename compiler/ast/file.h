#pragma once
// The AST of one policy file.

#include <optional>
#include <vector>

#include "compiler/ast/decl.h"

namespace rampart::ast {

struct File {
  source::FileId file_id = source::kNoFile;
  std::optional<PackageDecl> package;
  std::vector<ImportDecl> imports;
  std::vector<Declaration> decls;
  std::vector<Comment> comments;  // in source order
  // The parser could not read part of the file; nodes it skipped are ErrorExpr or absent.
  bool has_syntax_errors = false;
  // One past the largest NodeId used in this file.
  NodeId next_id = 1;

  NodeId NewId() { return next_id++; }
};

// Structural equality of whole files (ignores ranges, ids, comments and literal spelling).
bool Equivalent(const File& a, const File& b);

}  // namespace rampart::ast
