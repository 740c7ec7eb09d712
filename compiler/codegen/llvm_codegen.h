#pragma once
// IR (compiler/ir/ir.h) → LLVM IR. Every IR function becomes one native function
//
//   void rampart_fn_<index>(ptr evaluation, ptr args, ptr result)
//
// whose control flow is native branches and whose value operations are calls to the
// runtime's extern "C" helpers (runtime/jit/jit_helpers.h: `rampart_jit_*`), the same
// implementations the interpreter runs (runtime/exec/ops.h). Registers are stack slots of
// the runtime's Value type, which this layer sees only as size and alignment (RuntimeAbi), so
// the compiler does not depend on the runtime.
//
// This is the boxed-value code path: it removes the interpreter's dispatch, operand vectors
// and frame allocation. Unboxed fast paths and decision structures build on it
// (docs/design/jit.md).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace rampart::codegen {

struct RuntimeAbi {
  uint64_t value_size = 0;
  uint64_t value_align = 8;
  uint64_t iterator_size = 0;
  uint64_t iterator_align = 8;
  // Where the `rampart_jit_*` helpers are in this process, when the code runs here: calls
  // then go to fixed addresses and the linker resolves no helper symbol (with thousands of
  // functions, resolving them was a third of the JIT's time). Empty: calls by name.
  std::map<std::string, const void*> helper_addresses;
  // Where the engine keeps the program's constant and global values (arrays of runtime
  // Values, `value_size` apart, that do not move while the code is loaded), when known:
  // registers then point at them with a store, no call. Null: a helper call finds them.
  const void* constants = nullptr;
  const void* globals = nullptr;
  // Where the runtime keeps the Values `true` and `false` that operations with a bool
  // result point a register at (runtime/exec/ops.h, BoolRef): a branch on such a register
  // compares addresses and calls nothing. Null: branches ask a helper.
  const void* true_value = nullptr;
  const void* false_value = nullptr;
};

// The name of IR function `index` in generated modules.
std::string FunctionSymbol(uint32_t index);

// Null with `error` set if `program` uses something this code generator cannot translate.
std::unique_ptr<llvm::Module> GenerateModule(const ir::Program& program, const RuntimeAbi& abi,
                                             llvm::LLVMContext& context, std::string* error);

// A module defining only `functions` (indices into program.functions; the others are
// declared, for calls between parts). Parts in separate contexts can be generated and
// compiled on separate threads, then linked into one JITDylib.
std::unique_ptr<llvm::Module> GenerateModulePart(const ir::Program& program, const RuntimeAbi& abi,
                                                 const std::vector<uint32_t>& functions,
                                                 llvm::LLVMContext& context, std::string* error);

// `program`'s functions in at most `parts` groups of consecutive indices with about equal
// instruction counts (every function in exactly one group; no empty group).
std::vector<std::vector<uint32_t>> PartitionFunctions(const ir::Program& program, unsigned parts);

}  // namespace rampart::codegen
