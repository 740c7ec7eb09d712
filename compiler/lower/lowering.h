#pragma once
// Lowers checked ASTs to the IR (compiler/ir/ir.h, docs/design/ir.md): one function per
// policy, per helper (`def`) and per constant. Requires a program the checker accepted
// without errors; the result passes ir::Verify.

#include <memory>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/check/checker.h"
#include "compiler/ir/ir.h"
#include "compiler/source/source_manager.h"

namespace rampart::lower {

std::unique_ptr<ir::Program> Lower(const std::vector<const ast::File*>& files,
                                   const check::CheckedProgram& checked,
                                   const source::SourceManager& sources);

// Lowers one checked standalone expression (`rampart expr`, the CEL conformance suite) to a
// program whose single function returns its value; its free variables are inputs.
std::unique_ptr<ir::Program> LowerExpression(const ast::Expr& expr, source::FileId file,
                                             const check::CheckedProgram& checked,
                                             const source::SourceManager& sources);

}  // namespace rampart::lower
