#include "compiler/codegen/llvm_codegen.h"

#include <algorithm>
#include <map>
#include <vector>

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

namespace rampart::codegen {
namespace {

using ir::Op;

// The runtime helpers generated code calls (runtime/jit/jit_helpers.h), by role.
struct Helpers {
  llvm::FunctionCallee regs_init, regs_destroy, iters_init, iters_destroy;
  llvm::FunctionCallee constant, global, input, move, return_, set_null, make_list, make_map, select;
  llvm::FunctionCallee call, dispatch, concat, enter, leave, not_, and_or, assert_bool;
  llvm::FunctionCallee is_true, is_false, is_error, iter_init, iter_next, append, map_insert;
  llvm::FunctionCallee in_scope, observe, fire, fail, has;
};

class Generator {
 public:
  Generator(const ir::Program& p, const RuntimeAbi& abi, llvm::LLVMContext& ctx)
      : p_(p), abi_(abi), ctx_(ctx), module_(std::make_unique<llvm::Module>("rampart", ctx)), b_(ctx) {
    ptr_ = llvm::PointerType::get(ctx, 0);
    i32_ = llvm::Type::getInt32Ty(ctx);
    void_ = llvm::Type::getVoidTy(ctx);
  }

  // Defines `defined` (all functions when null) and declares the rest.
  std::unique_ptr<llvm::Module> Run(const std::vector<uint32_t>* defined, std::string* error) {
    DeclareHelpers();
    auto* fn_type = llvm::FunctionType::get(void_, {ptr_, ptr_, ptr_}, false);
    for (uint32_t i = 0; i < p_.functions.size(); ++i) {
      functions_.push_back(llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, FunctionSymbol(i),
                                                  module_.get()));
    }
    if (defined == nullptr) {
      for (uint32_t i = 0; i < p_.functions.size(); ++i) {
        if (!Generate(i, error)) return nullptr;
      }
    } else {
      for (uint32_t i : *defined) {
        if (i >= p_.functions.size()) {
          *error = "no function " + std::to_string(i);
          return nullptr;
        }
        if (!Generate(i, error)) return nullptr;
      }
    }
    std::string problems;
    llvm::raw_string_ostream os(problems);
    if (llvm::verifyModule(*module_, &os)) {
      *error = "generated LLVM IR does not verify: " + os.str();
      return nullptr;
    }
    return std::move(module_);
  }

 private:
  llvm::FunctionCallee Declare(const char* name, llvm::Type* result, std::vector<llvm::Type*> params) {
    auto* type = llvm::FunctionType::get(result, params, false);
    auto known = abi_.helper_addresses.find(name);
    if (known != abi_.helper_addresses.end()) {
      auto* address = llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx_), reinterpret_cast<uintptr_t>(known->second));
      return llvm::FunctionCallee(type, llvm::ConstantExpr::getIntToPtr(address, ptr_));
    }
    return module_->getOrInsertFunction(name, type);
  }

  void DeclareHelpers() {
    auto* p = ptr_;
    auto* i = i32_;
    auto* v = void_;
    h_.regs_init = Declare("rampart_jit_regs_init", v, {p, p, i});
    h_.regs_destroy = Declare("rampart_jit_regs_destroy", v, {p, i});
    h_.iters_init = Declare("rampart_jit_iters_init", v, {p, i});
    h_.iters_destroy = Declare("rampart_jit_iters_destroy", v, {p, i});
    h_.constant = Declare("rampart_jit_constant", v, {p, p, i});
    h_.global = Declare("rampart_jit_global", v, {p, p, i});
    h_.input = Declare("rampart_jit_input", v, {p, p, p, i});
    h_.move = Declare("rampart_jit_move", v, {p, p, p, p});
    h_.return_ = Declare("rampart_jit_return", v, {p, p});
    h_.set_null = Declare("rampart_jit_set_null", v, {p});
    h_.make_list = Declare("rampart_jit_make_list", v, {p, p, i});
    h_.make_map = Declare("rampart_jit_make_map", v, {p, p, i});
    h_.select = Declare("rampart_jit_select", v, {p, p, p, p, p, i});
    h_.call = Declare("rampart_jit_call", p, {p, p, i, p, i, i});
    h_.has = Declare("rampart_jit_has", p, {p, p, p, i});
    h_.dispatch = Declare("rampart_jit_dispatch", v, {p, p, i, p, i});
    h_.concat = Declare("rampart_jit_concat", v, {p, p, i});
    h_.enter = Declare("rampart_jit_enter", i, {p, p});
    h_.leave = Declare("rampart_jit_leave", v, {p});
    h_.not_ = Declare("rampart_jit_not", p, {p, p});
    h_.and_or = Declare("rampart_jit_and_or", p, {p, p, p, i});
    h_.assert_bool = Declare("rampart_jit_assert_bool", v, {p, p});
    h_.is_true = Declare("rampart_jit_is_true", i, {p});
    h_.is_false = Declare("rampart_jit_is_false", i, {p});
    h_.is_error = Declare("rampart_jit_is_error", i, {p});
    h_.iter_init = Declare("rampart_jit_iter_init", v, {p, p, p, p});
    h_.iter_next = Declare("rampart_jit_iter_next", i, {p, p, p, p, p});
    h_.append = Declare("rampart_jit_append", v, {p, p, p});
    h_.map_insert = Declare("rampart_jit_map_insert", v, {p, p, p, p});
    h_.in_scope = Declare("rampart_jit_in_scope", v, {p});
    h_.observe = Declare("rampart_jit_observe", v, {p, p, i});
    h_.fire = Declare("rampart_jit_fire", v, {p, i, p, i});
    h_.fail = Declare("rampart_jit_fail", v, {p, i, p, i});
  }

  llvm::Value* I32(uint32_t v) { return llvm::ConstantInt::get(i32_, v); }

  // The address of element `index` of a runtime array of Values, as a constant.
  llvm::Value* Address(const void* array, uint32_t index) {
    uintptr_t at = reinterpret_cast<uintptr_t>(array) + static_cast<uintptr_t>(index) * abi_.value_size;
    return llvm::ConstantExpr::getIntToPtr(llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx_), at), ptr_);
  }

  // Register r is two stack slots (runtime/jit/jit_helpers.cc): the Value it owns, and a
  // pointer to where its value is — the owned Value, or stable storage it borrows from
  // (inputs, constants, globals, the caller's arguments).
  llvm::Value* Owned(uint32_t r) {
    return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), regs_, r * abi_.value_size);
  }
  llvm::Value* Slot(uint32_t r) { return b_.CreateConstInBoundsGEP1_64(ptr_, slots_, r); }
  // Where register r's value is, for reading.
  llvm::Value* Read(uint32_t r) { return b_.CreateLoad(ptr_, Slot(r)); }
  // After an operation wrote register r's owned Value.
  void Own(uint32_t r) { b_.CreateStore(Owned(r), Slot(r)); }
  // After an operation answered where register r's value is (its owned Value, stable
  // storage, or the runtime's true/false).
  void Point(uint32_t r, llvm::Value* where) { b_.CreateStore(where, Slot(r)); }
  llvm::Value* Fixed(const void* address) {
    return llvm::ConstantExpr::getIntToPtr(
        llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx_), reinterpret_cast<uintptr_t>(address)), ptr_);
  }

  // Stores pointers to the listed registers' values in the operand array and returns it.
  llvm::Value* Operands(const ir::Function& f, uint32_t offset, uint32_t count) {
    for (uint32_t k = 0; k < count; ++k) {
      llvm::Value* slot = b_.CreateConstInBoundsGEP1_64(ptr_, operands_, k);
      b_.CreateStore(Read(f.operands[offset + k]), slot);
    }
    return count == 0 ? llvm::ConstantPointerNull::get(ptr_) : operands_;
  }

  llvm::BasicBlock* Block(uint32_t index) { return index < blocks_.size() ? blocks_[index] : end_; }

  bool Generate(uint32_t index, std::string* error) {
    const ir::Function& f = p_.functions[index];
    llvm::Function* fn = functions_[index];
    llvm::Value* eval = fn->getArg(0);
    llvm::Value* args = fn->getArg(1);
    llvm::Value* result = fn->getArg(2);
    const uint32_t registers = static_cast<uint32_t>(f.register_types.size());

    // Iterator slots: one per register an IterInit writes.
    std::map<uint32_t, uint32_t> iterator_slot;
    uint32_t max_operands = 0;
    for (const ir::Instr& in : f.code) {
      if (in.op == Op::kIterInit && !iterator_slot.count(in.dst)) {
        uint32_t slot = static_cast<uint32_t>(iterator_slot.size());
        iterator_slot[in.dst] = slot;
      }
      if (in.op == Op::kMakeMap) max_operands = std::max(max_operands, in.b * 2);
      if (in.op == Op::kMakeList || in.op == Op::kCall || in.op == Op::kDispatch || in.op == Op::kInvoke ||
          in.op == Op::kConcat) {
        max_operands = std::max(max_operands, in.b);
      }
    }
    const uint32_t iterators = static_cast<uint32_t>(iterator_slot.size());

    auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn);
    // A basic block starts at each jump target and after each branch; straight-line
    // instructions share one block (a block per instruction made the backend's time grow
    // with block count, not code size).
    const uint32_t size = static_cast<uint32_t>(f.code.size());
    std::vector<bool> leader(size + 1, false);
    leader[0] = true;
    for (uint32_t i = 0; i < size; ++i) {
      const ir::Instr& in = f.code[i];
      switch (in.op) {
        case Op::kJump:
          if (in.a < size) leader[in.a] = true;
          leader[i + 1] = true;
          break;
        case Op::kJumpIfFalse:
        case Op::kJumpIfTrue:
        case Op::kJumpIfError:
        case Op::kIterNext:
          if (in.b < size) leader[in.b] = true;
          leader[i + 1] = true;
          break;
        case Op::kInvoke:
        case Op::kReturn:
          leader[i + 1] = true;
          break;
        default:
          break;
      }
    }
    blocks_.assign(size, nullptr);
    for (uint32_t i = 0; i < size; ++i) {
      if (leader[i]) blocks_[i] = llvm::BasicBlock::Create(ctx_, "i" + std::to_string(i), fn);
    }
    end_ = llvm::BasicBlock::Create(ctx_, "end", fn);
    auto* exit = llvm::BasicBlock::Create(ctx_, "exit", fn);

    b_.SetInsertPoint(entry);
    auto* regs_alloca = b_.CreateAlloca(b_.getInt8Ty(), b_.getInt64(std::max<uint64_t>(1, registers * abi_.value_size)), "regs");
    regs_alloca->setAlignment(llvm::Align(abi_.value_align));
    regs_ = regs_alloca;
    auto* iters_alloca = b_.CreateAlloca(b_.getInt8Ty(), b_.getInt64(std::max<uint64_t>(1, iterators * abi_.iterator_size)), "iters");
    iters_alloca->setAlignment(llvm::Align(abi_.iterator_align));
    llvm::Value* iters = iters_alloca;
    slots_ = b_.CreateAlloca(ptr_, b_.getInt32(std::max<uint32_t>(1, registers)), "slots");
    operands_ = b_.CreateAlloca(ptr_, b_.getInt32(std::max<uint32_t>(1, max_operands)), "operands");
    b_.CreateCall(h_.regs_init, {regs_, slots_, I32(registers)});
    if (iterators > 0) b_.CreateCall(h_.iters_init, {iters, I32(iterators)});
    // Arguments are the caller's registers, which do not change during the call: borrowed.
    for (uint32_t i = 0; i < f.param_count && i < registers; ++i) {
      llvm::Value* arg = b_.CreateLoad(ptr_, b_.CreateConstInBoundsGEP1_64(ptr_, args, i));
      b_.CreateStore(arg, Slot(i));
    }
    b_.CreateBr(Block(0));

    auto iter = [&](uint32_t reg) {
      return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), iters, iterator_slot.at(reg) * abi_.iterator_size);
    };
    // A branch on a register that points at the runtime's `true` or `false` is decided by
    // its address; any other value (a bool computed elsewhere, an error) asks the helper.
    // `on_true` and `on_false`: where each of those two goes.
    auto branch_if = [&](llvm::FunctionCallee test, uint32_t reg, uint32_t target, uint32_t next,
                         uint32_t on_true, uint32_t on_false) {
      llvm::Value* where = Read(reg);
      if (abi_.true_value != nullptr && abi_.false_value != nullptr) {
        auto* not_true = llvm::BasicBlock::Create(ctx_, "", fn);
        auto* other = llvm::BasicBlock::Create(ctx_, "", fn);
        b_.CreateCondBr(b_.CreateICmpEQ(where, Fixed(abi_.true_value)), Block(on_true), not_true);
        b_.SetInsertPoint(not_true);
        b_.CreateCondBr(b_.CreateICmpEQ(where, Fixed(abi_.false_value)), Block(on_false), other);
        b_.SetInsertPoint(other);
      }
      llvm::Value* hit = b_.CreateICmpNE(b_.CreateCall(test, {where}), I32(0));
      b_.CreateCondBr(hit, Block(target), Block(next));
    };

    for (uint32_t i = 0; i < size; ++i) {
      const ir::Instr& in = f.code[i];
      if (leader[i]) b_.SetInsertPoint(blocks_[i]);
      const uint32_t next = i + 1;
      bool falls_through = true;
      switch (in.op) {
        case Op::kConst:
          if (abi_.true_value != nullptr && abi_.false_value != nullptr &&
              p_.constants[in.a].kind == ir::Constant::Kind::kBool) {
            Point(in.dst, Fixed(p_.constants[in.a].bool_value ? abi_.true_value : abi_.false_value));
          } else if (abi_.constants != nullptr) b_.CreateStore(Address(abi_.constants, in.a), Slot(in.dst));
          else b_.CreateCall(h_.constant, {eval, Slot(in.dst), I32(in.a)});
          break;
        case Op::kInput: b_.CreateCall(h_.input, {eval, Owned(in.dst), Slot(in.dst), I32(in.a)}); break;
        case Op::kGlobal:
          if (abi_.globals != nullptr) b_.CreateStore(Address(abi_.globals, in.a), Slot(in.dst));
          else b_.CreateCall(h_.global, {eval, Slot(in.dst), I32(in.a)});
          break;
        case Op::kMove: b_.CreateCall(h_.move, {Owned(in.dst), Slot(in.dst), Read(in.a), Owned(in.a)}); break;
        case Op::kMakeList:
          b_.CreateCall(h_.make_list, {Owned(in.dst), Operands(f, in.a, in.b), I32(in.b)});
          Own(in.dst);
          break;
        case Op::kMakeMap:
          b_.CreateCall(h_.make_map, {Owned(in.dst), Operands(f, in.a, in.b * 2), I32(in.b)});
          Own(in.dst);
          break;
        case Op::kSelect:
          b_.CreateCall(h_.select, {eval, Owned(in.dst), Slot(in.dst), Read(in.a), Owned(in.a), I32(in.b)});
          break;
        case Op::kHas: Point(in.dst, b_.CreateCall(h_.has, {eval, Owned(in.dst), Read(in.a), I32(in.b)})); break;
        case Op::kCall: {
          // Whether the first operand is stable storage (not its register's owned Value): a
          // value found inside it can then be pointed at instead of copied.
          llvm::Value* first_stable = I32(0);
          if (in.b > 0) {
            const uint32_t first = f.operands[in.a];
            first_stable = b_.CreateZExt(b_.CreateICmpNE(Read(first), Owned(first)), i32_);
          }
          llvm::Value* operands = Operands(f, in.a, in.b);
          Point(in.dst, b_.CreateCall(h_.call, {eval, Owned(in.dst), I32(in.c), operands, I32(in.b), first_stable}));
          break;
        }
        case Op::kConcat:
          b_.CreateCall(h_.concat, {Owned(in.dst), Operands(f, in.a, in.b), I32(in.b)});
          Own(in.dst);
          break;
        case Op::kDispatch:
          b_.CreateCall(h_.dispatch, {eval, Owned(in.dst), I32(in.c), Operands(f, in.a, in.b), I32(in.b)});
          Own(in.dst);
          break;
        case Op::kInvoke: {
          if (in.c >= functions_.size()) {
            *error = "call of unknown function " + std::to_string(in.c);
            return false;
          }
          llvm::Value* operands = Operands(f, in.a, in.b);
          llvm::Value* ok = b_.CreateICmpNE(b_.CreateCall(h_.enter, {eval, Owned(in.dst)}), I32(0));
          Own(in.dst);  // both ways write the owned Value: the error, or the helper's result
          auto* call = llvm::BasicBlock::Create(ctx_, "invoke", fn);
          b_.CreateCondBr(ok, call, Block(next));
          b_.SetInsertPoint(call);
          b_.CreateCall(functions_[in.c], {eval, operands, Owned(in.dst)});
          b_.CreateCall(h_.leave, {eval});
          break;
        }
        case Op::kNot: Point(in.dst, b_.CreateCall(h_.not_, {Owned(in.dst), Read(in.a)})); break;
        case Op::kAnd:
        case Op::kOr:
          Point(in.dst, b_.CreateCall(h_.and_or, {Owned(in.dst), Read(in.a), Read(in.b), I32(in.op == Op::kOr ? 1 : 0)}));
          break;
        case Op::kAssertBool:
          b_.CreateCall(h_.assert_bool, {Owned(in.dst), Read(in.a)});
          Own(in.dst);
          break;
        case Op::kJump:
          b_.CreateBr(Block(in.a));
          falls_through = false;
          break;
        case Op::kJumpIfFalse:
          branch_if(h_.is_false, in.a, in.b, next, next, in.b);
          falls_through = false;
          break;
        case Op::kJumpIfTrue:
          branch_if(h_.is_true, in.a, in.b, next, in.b, next);
          falls_through = false;
          break;
        case Op::kJumpIfError:
          branch_if(h_.is_error, in.a, in.b, next, next, next);
          falls_through = false;
          break;
        case Op::kIterInit:
          b_.CreateCall(h_.iter_init, {iter(in.dst), Owned(in.dst), Read(in.a), Owned(in.a)});
          Own(in.dst);
          break;
        case Op::kIterNext: {
          if (!iterator_slot.count(in.a)) {
            *error = "iter_next on a register no iter_init writes";
            return false;
          }
          llvm::Value* null = llvm::ConstantPointerNull::get(ptr_);
          llvm::Value* value = in.c != ir::kNone ? Owned(in.c) : null;
          llvm::Value* value_slot = in.c != ir::kNone ? Slot(in.c) : null;
          llvm::Value* more = b_.CreateICmpNE(
              b_.CreateCall(h_.iter_next, {iter(in.a), Owned(in.dst), Slot(in.dst), value, value_slot}), I32(0));
          b_.CreateCondBr(more, Block(next), Block(in.b));
          falls_through = false;
          break;
        }
        case Op::kAppend:
          b_.CreateCall(h_.append, {Owned(in.dst), Read(in.dst), Read(in.a)});
          Own(in.dst);
          break;
        case Op::kMapInsert:
          b_.CreateCall(h_.map_insert, {Owned(in.dst), Read(in.dst), Read(in.a), Read(in.b)});
          Own(in.dst);
          break;
        case Op::kInScope: b_.CreateCall(h_.in_scope, {eval}); break;
        case Op::kObserve: b_.CreateCall(h_.observe, {eval, Read(in.a), I32(in.b)}); break;
        case Op::kFire: {
          llvm::Value* message = in.b != ir::kNone ? Read(in.b) : llvm::ConstantPointerNull::get(ptr_);
          b_.CreateCall(h_.fire, {eval, I32(in.a), message, I32(in.source)});
          break;
        }
        case Op::kFail: b_.CreateCall(h_.fail, {eval, I32(in.a), Read(in.b), I32(in.source)}); break;
        case Op::kReturn:
          if (in.a != ir::kNone) b_.CreateCall(h_.return_, {result, Read(in.a)});
          else b_.CreateCall(h_.set_null, {result});
          b_.CreateBr(exit);
          falls_through = false;
          break;
      }
      if (falls_through && (next >= size || leader[next])) b_.CreateBr(Block(next));
    }
    // Running off the end returns null, as in the interpreter.
    b_.SetInsertPoint(end_);
    b_.CreateCall(h_.set_null, {result});
    b_.CreateBr(exit);
    b_.SetInsertPoint(exit);
    b_.CreateCall(h_.regs_destroy, {regs_, I32(registers)});
    if (iterators > 0) b_.CreateCall(h_.iters_destroy, {iters, I32(iterators)});
    b_.CreateRetVoid();
    return true;
  }

  const ir::Program& p_;
  RuntimeAbi abi_;
  llvm::LLVMContext& ctx_;
  std::unique_ptr<llvm::Module> module_;
  llvm::IRBuilder<> b_;
  llvm::PointerType* ptr_;
  llvm::Type* i32_;
  llvm::Type* void_;
  Helpers h_;
  std::vector<llvm::Function*> functions_;
  std::vector<llvm::BasicBlock*> blocks_;
  llvm::BasicBlock* end_ = nullptr;
  llvm::Value* regs_ = nullptr;
  llvm::Value* slots_ = nullptr;
  llvm::Value* operands_ = nullptr;
};

}  // namespace

std::string FunctionSymbol(uint32_t index) { return "rampart_fn_" + std::to_string(index); }

std::unique_ptr<llvm::Module> GenerateModule(const ir::Program& program, const RuntimeAbi& abi,
                                             llvm::LLVMContext& context, std::string* error) {
  if (abi.value_size == 0 || abi.iterator_size == 0) {
    *error = "the runtime ABI (value and iterator sizes) is not set";
    return nullptr;
  }
  return Generator(program, abi, context).Run(nullptr, error);
}

std::unique_ptr<llvm::Module> GenerateModulePart(const ir::Program& program, const RuntimeAbi& abi,
                                                 const std::vector<uint32_t>& functions,
                                                 llvm::LLVMContext& context, std::string* error) {
  if (abi.value_size == 0 || abi.iterator_size == 0) {
    *error = "the runtime ABI (value and iterator sizes) is not set";
    return nullptr;
  }
  return Generator(program, abi, context).Run(&functions, error);
}

std::vector<std::vector<uint32_t>> PartitionFunctions(const ir::Program& program, unsigned parts) {
  size_t total = 0;
  for (const ir::Function& f : program.functions) total += f.code.size() + 1;
  parts = std::max(1u, parts);
  const size_t share = total / parts + 1;
  std::vector<std::vector<uint32_t>> out(1);
  size_t filled = 0;
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    if (filled >= share && out.size() < parts) {
      out.emplace_back();
      filled = 0;
    }
    out.back().push_back(i);
    filled += program.functions[i].code.size() + 1;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

}  // namespace rampart::codegen
