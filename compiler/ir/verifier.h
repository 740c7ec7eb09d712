#pragma once
// Structural checks of a Program: every register, table index and jump target in range, every
// function ends in a return, every rule a policy fires exists. Run after lowering, after each
// pass and on bundle load (a bundle is untrusted input).

#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace rampart::ir {

// Problems found, each "function NAME, instruction N: what"; empty when the program is valid.
std::vector<std::string> Verify(const Program& program);

}  // namespace rampart::ir
