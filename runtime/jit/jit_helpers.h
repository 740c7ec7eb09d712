#pragma once
// The extern "C" entry points JIT-compiled policies call (compiler/codegen/llvm_codegen.h
// declares them by name). Each is a thin wrapper over runtime/exec/ops.h, the code the
// interpreter runs, so the two engines share every value operation. Pointers are Values,
// ops::Iterators and ops::Evaluations; ints are IR indices.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rampart::runtime::jit {

// (symbol name, address) of every helper, for the JIT host to define.
const std::vector<std::pair<std::string, void*>>& HelperSymbols();

}  // namespace rampart::runtime::jit
