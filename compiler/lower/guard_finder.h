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
#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/expr.h"
#include "compiler/check/checker.h"
#include "compiler/ir/ir.h"

namespace rampart::lower {

// How the finder names things in the program being lowered (the lowerer's interning).
struct GuardNaming {
  std::function<uint32_t(const std::string&)> input;         // input variable → inputs[]
  std::function<uint32_t(const std::string&)> string;        // field name → strings[]
  std::function<uint32_t(const std::string&)> string_const;  // string → constants[]
  std::function<uint32_t(int64_t)> int_const;                // integer → constants[]
  std::function<uint32_t(const std::string&)> const_global;  // "package.const" → globals[]
  std::function<uint32_t(const ast::Expr&)> literal_global;  // a constant list literal → globals[]
  // Entries of the list a package constant is written as (0: unknown), to prefer the
  // narrowest guard.
  std::function<size_t(const std::string&)> const_list_size;
};

// The guards among the `&&` operands of `condition`, most selective first (string equality
// and membership, then prefixes and suffixes, then integer equality; fewer values first),
// at most kMaxGuards; empty when no operand
// has a recognised form. Each must accept for the condition to hold.
inline constexpr size_t kMaxGuards = 4;
std::vector<ir::Guard> FindGuards(const ast::Expr& condition, source::FileId file,
                                  const check::CheckedProgram& checked, const GuardNaming& naming);

}  // namespace rampart::lower
