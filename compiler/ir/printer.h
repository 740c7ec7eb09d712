#pragma once
// Text form of the IR, for golden tests and `rampart` debugging output. Stable: one line per
// instruction, registers as %n, tables resolved to their names.

#include <string>

#include "compiler/ir/ir.h"

namespace rampart::ir {

std::string Print(const Program& program);

}  // namespace rampart::ir
