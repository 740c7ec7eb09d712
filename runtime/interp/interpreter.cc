#include "runtime/interp/interpreter.h"

#include <memory>

#include "runtime/exec/ops.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {

using ir::Op;

std::unique_ptr<Interpreter> Interpreter::Create(const ir::Program& program, std::string* error) {
  std::unique_ptr<Interpreter> in(new Interpreter(program));
  if (!in->tables_.Resolve(program, error)) return nullptr;
  // Constants read no inputs: evaluate each once, in order.
  for (size_t g = 0; g < program.globals.size(); ++g) {
    uint64_t steps = 0;
    PolicyEvaluation scratch;
    in->tables_.globals[g] = in->Run(program.globals[g].function, {}, Value::Map({}), nullptr, &scratch, &steps, 0);
  }
  in->tables_.IndexGlobals(program);
  return in;
}

void Interpreter::EvaluateInto(uint32_t policy, const Value& inputs, const BuiltinContext* context,
                               PolicyEvaluation* out) const {
  out->in_scope = false;
  out->fired.clear();
  out->errors.clear();
  const ir::Policy& p = program_.policies[policy];
  uint64_t steps = 0;
  Run(p.function, {}, inputs, context, out, &steps, 0);
}

Value Interpreter::Call(uint32_t function, const Value& inputs, const BuiltinContext* context) const {
  PolicyEvaluation scratch;
  uint64_t steps = 0;
  return Run(function, {}, inputs, context, &scratch, &steps, 0);
}

Value Interpreter::Run(uint32_t function, std::vector<Value> args, const Value& inputs,
                       const BuiltinContext* context, PolicyEvaluation* out, uint64_t* steps,
                       int depth) const {
  ops::Evaluation e;
  e.program = &program_;
  e.tables = &tables_;
  e.inputs = &inputs;
  e.context = context;
  e.out = out;
  e.depth = depth;
  return Run(function, std::move(args), e, steps);
}

namespace {

// The registers and iterators of one running function. Frames are kept per thread and per
// call depth and reused, so a decision allocates no register file once the thread is warm;
// leaving a frame clears its values (which releases what they held).
struct Frame {
  std::vector<Value> regs;
  std::vector<ops::Iterator> iterators;  // sized at the first loop: most functions have none
  std::vector<const Value*> operands;    // pointers to the registers an instruction lists
  bool iterators_used = false;
};

class FrameLease {
 public:
  FrameLease(int depth, size_t registers) {
    thread_local std::vector<std::unique_ptr<Frame>> frames;
    const size_t d = static_cast<size_t>(depth < 0 ? 0 : depth);
    while (frames.size() <= d) frames.push_back(std::make_unique<Frame>());
    frame_ = frames[d].get();
    frame_->regs.resize(registers);
  }
  ~FrameLease() {
    frame_->regs.clear();
    if (frame_->iterators_used) {
      for (ops::Iterator& it : frame_->iterators) it = ops::Iterator();
      frame_->iterators_used = false;
    }
  }
  Frame& frame() { return *frame_; }

 private:
  Frame* frame_;
};

}  // namespace

Value Interpreter::Run(uint32_t function, std::vector<Value> args, ops::Evaluation& e, uint64_t* steps) const {
  const ir::Function& f = program_.functions[function];
  FrameLease lease(e.depth, f.register_types.size());
  std::vector<Value>& regs = lease.frame().regs;
  std::vector<ops::Iterator>& iterators = lease.frame().iterators;
  std::vector<const Value*>& operands = lease.frame().operands;
  for (size_t i = 0; i < args.size() && i < regs.size(); ++i) regs[i] = std::move(args[i]);
  auto gather = [&](uint32_t offset, uint32_t count) -> const Value* const* {
    operands.clear();
    for (uint32_t k = 0; k < count; ++k) operands.push_back(&regs[f.operands[offset + k]]);
    return operands.data();
  };
  uint32_t pc = 0;
  const uint32_t size = static_cast<uint32_t>(f.code.size());
  while (pc < size) {
    if (++*steps > kStepLimit) {
      e.out->errors.push_back({ir::kNone, "evaluation exceeded " + std::to_string(kStepLimit) + " steps", ir::kNone});
      return Value::Error("step limit exceeded");
    }
    const ir::Instr& in = f.code[pc];
    ++pc;
    switch (in.op) {
      case Op::kConst: regs[in.dst] = tables_.constants[in.a]; break;
      case Op::kInput: ops::Input(e, &regs[in.dst], in.a); break;
      case Op::kGlobal: regs[in.dst] = tables_.globals[in.a]; break;
      case Op::kMove: regs[in.dst] = regs[in.a]; break;
      case Op::kMakeList: ops::MakeList(&regs[in.dst], gather(in.a, in.b), in.b); break;
      case Op::kMakeMap: ops::MakeMap(&regs[in.dst], gather(in.a, in.b * 2), in.b); break;
      case Op::kSelect:
      case Op::kHas: ops::Select(e, &regs[in.dst], regs[in.a], in.b, in.op == Op::kHas); break;
      case Op::kCall: ops::Call(e, &regs[in.dst], in.c, gather(in.a, in.b), in.b); break;
      case Op::kConcat: ops::Concat(&regs[in.dst], gather(in.a, in.b), in.b); break;
      case Op::kDispatch: ops::Dispatch(e, &regs[in.dst], in.c, gather(in.a, in.b), in.b); break;
      case Op::kInvoke: {
        if (e.depth >= ops::kMaxDepth) {
          regs[in.dst] = Value::Error("helpers nest too deeply");
          break;
        }
        std::vector<Value> call(in.b);
        for (uint32_t k = 0; k < in.b; ++k) call[k] = regs[f.operands[in.a + k]];
        ++e.depth;
        regs[in.dst] = Run(in.c, std::move(call), e, steps);
        --e.depth;
        break;
      }
      case Op::kNot: ops::Not(&regs[in.dst], regs[in.a]); break;
      case Op::kAnd:
      case Op::kOr: ops::AndOr(&regs[in.dst], regs[in.a], regs[in.b], in.op == Op::kOr); break;
      case Op::kAssertBool: ops::AssertBool(&regs[in.dst], regs[in.a]); break;
      case Op::kJump: pc = in.a; break;
      case Op::kJumpIfFalse:
        if (ops::IsFalse(regs[in.a])) pc = in.b;
        break;
      case Op::kJumpIfTrue:
        if (ops::IsTrue(regs[in.a])) pc = in.b;
        break;
      case Op::kJumpIfError:
        if (ops::IsError(regs[in.a])) pc = in.b;
        break;
      case Op::kIterInit:
        if (iterators.size() < regs.size()) iterators.resize(regs.size());
        lease.frame().iterators_used = true;
        ops::IterInit(&iterators[in.dst], &regs[in.dst], regs[in.a]);
        break;
      case Op::kIterNext:
        if (!ops::IterNext(&iterators[in.a], &regs[in.dst], in.c != ir::kNone ? &regs[in.c] : nullptr)) pc = in.b;
        break;
      case Op::kAppend: regs[in.dst].Append(regs[in.a]); break;
      case Op::kMapInsert: regs[in.dst].Insert(regs[in.a], regs[in.b]); break;
      case Op::kInScope: e.out->in_scope = true; break;
      case Op::kObserve: ops::Observe(e, regs[in.a], in.b); break;
      case Op::kFire: ops::Fire(e, in.a, in.b != ir::kNone ? &regs[in.b] : nullptr, in.source); break;
      case Op::kFail: ops::Fail(e, in.a, regs[in.b], in.source); break;
      case Op::kReturn: return in.a != ir::kNone ? regs[in.a] : Value::Null();
    }
  }
  return Value::Null();
}

}  // namespace rampart::runtime
