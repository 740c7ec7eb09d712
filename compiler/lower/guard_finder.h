#pragma once
// Finds a policy condition's guards (ir::Guard): operands of its top-level `&&` chain that
// compare an input field with constants — `proc.name == "nc"`, `proc.uid == 0`, `proc.name
// in shells`, `proc.exe.startsWith("/tmp/")`, `path.glob("/opt/*/bin/java")` (its literal
// prefix and suffix), `workload.labels["app"] == "api"`. A decision that reads the field and finds a
// string the guard rejects knows the whole condition is false without running it.
//
// Soundness rests on two facts: CEL's `&&` is false when any operand is false, whatever
// the others are (errors included); and each recognised form is false — never an error —
// when its field holds a value of the constant's kind (string, or int for integer
// equality) outside the guard (globs only when the pattern is valid, so patterns with `[`
// or `\` are not used).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/expr.h"
#include "compiler/check/checker.h"
#include "compiler/ir/ir.h"

namespace rampart::lower {

// A user helper (`def`) and the file it is written in, for guards read through its body.
struct HelperDefinition {
  source::FileId file = source::kNoFile;
  const ast::DefDecl* decl = nullptr;
};

// How the finder names things in the program being lowered (the lowerer's interning).
struct GuardNaming {
  std::function<uint32_t(const std::string&)> input;         // input variable → inputs[]
  std::function<uint32_t(const std::string&)> string;        // field name → strings[]
  std::function<uint32_t(const std::string&)> string_const;  // string → constants[]
  std::function<uint32_t(int64_t)> int_const;                // integer → constants[]
  std::function<uint32_t(const std::string&)> const_global;  // "package.const" → globals[]
  // A constant list literal written in a file → globals[].
  std::function<uint32_t(const ast::Expr&, source::FileId)> literal_global;
  // "package.def" → its declaration (decl null when unknown).
  std::function<HelperDefinition(const std::string&)> helper;
  // Entries of the list a package constant is written as (0: unknown), to prefer the
  // narrowest guard.
  std::function<size_t(const std::string&)> const_list_size;
};

// The policy's `let`s visible to a condition, by name: their defining expressions, written
// in the condition's file.
using LetDefinitions = std::map<std::string, const ast::Expr*>;

// The guards among the `&&` operands of `condition`, most selective first (string equality
// and membership, then prefixes and suffixes, then integer equality; fewer values first),
// at most kMaxGuards; empty when no operand
// has a recognised form. Each must accept for the condition to hold.
//
// The operands are read through names, because a name's value is what its definition
// evaluates to: a `let` (in `lets`) stands for its expression, and a call of a helper for the
// helper's body with each parameter standing for its argument (helpers are pure, and take
// their arguments as values, errors included, so the body sees what the inlined expression
// would). So `let p = parent` then `p.name == "sh"` guards `parent.name`, and
// `def shell(p: Process): bool = p.name in shells && ...` called as `shell(proc)` guards
// `proc.name`. Helper calls are followed kMaxHelperDepth deep: far below
// the evaluator's nesting limit (ops::kMaxDepth), so a followed call can never fail for depth.
inline constexpr size_t kMaxGuards = 4;
inline constexpr int kMaxHelperDepth = 4;
std::vector<ir::Guard> FindGuards(const ast::Expr& condition, source::FileId file,
                                  const check::CheckedProgram& checked, const GuardNaming& naming,
                                  const LetDefinitions* lets = nullptr);

}  // namespace rampart::lower
