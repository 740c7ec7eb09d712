#pragma once
// A program with only the tables ops:: reads, resolved, and an evaluation over it: for tests
// of single operations (runtime/exec/ops.h) without compiling a policy.

#include <string>

#include "compiler/ir/ir.h"
#include "runtime/exec/ops.h"

namespace rampart::testing {

struct OpsHarness {
  ir::Program program;
  runtime::ops::ProgramTables tables;
  runtime::ops::Evaluation e;

  // Resolves `program` (set its overloads, strings and globals first) and points `e` at it.
  bool Resolve(std::string* error) {
    if (!tables.Resolve(program, error)) return false;
    e.program = &program;
    e.tables = &tables;
    return true;
  }
};

}  // namespace rampart::testing
