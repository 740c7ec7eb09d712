#pragma once
// A readable, stable dump of an AST with the source range of every node, for golden tests
// (tests/golden/parse/*.ast) and for debugging (`rampart parse --dump-ast` later).
//
//   (policy admission no_root @12:1-20:2
//     (match @14:3-14:40
//       (== @14:9-14:40 (select kind @14:9-14:20 (ident object @14:9-14:15)) ...

#include <string>

#include "compiler/ast/file.h"
#include "compiler/source/source_manager.h"

namespace rampart::ast {

std::string DumpFile(const File& file, const source::SourceManager& sources);
std::string DumpExpr(const Expr& e, const source::SourceManager& sources);

}  // namespace rampart::ast
