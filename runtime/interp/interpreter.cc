#include "runtime/interp/interpreter.h"

#include "runtime/builtins/registry.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

using ir::Op;

Value ToValue(const ir::Constant& k) {
  switch (k.kind) {
    case ir::Constant::Kind::kNull: return Value::Null();
    case ir::Constant::Kind::kBool: return Value::Bool(k.bool_value);
    case ir::Constant::Kind::kInt: return Value::Int(k.int_value);
    case ir::Constant::Kind::kUint: return Value::Uint(k.uint_value);
    case ir::Constant::Kind::kDouble: return Value::Double(k.double_value);
    case ir::Constant::Kind::kString: return Value::String(k.text);
    case ir::Constant::Kind::kBytes: return Value::Bytes(k.text);
    case ir::Constant::Kind::kType: return Value::Type(k.text);
  }
  return Value::Null();
}

bool Matches(const BuiltinEntry& e, const std::vector<Value>& args) {
  return ArgumentsMatch(e, args.data(), args.size());
}

// The first error among `args`, if any: CEL functions propagate argument errors.
const Value* FirstError(const std::vector<Value>& args) {
  for (const Value& a : args) {
    if (a.is(ValueKind::kError)) return &a;
  }
  return nullptr;
}

// Iteration state of a register holding an iterator.
struct Iterator {
  Value container;
  size_t next = 0;
  bool is_map = false;
};

}  // namespace

std::unique_ptr<Interpreter> Interpreter::Create(const ir::Program& program, std::string* error) {
  std::unique_ptr<Interpreter> in(new Interpreter(program));
  for (const std::string& id : program.overloads) {
    const BuiltinEntry* e = FindBuiltinEntry(id);
    if (e == nullptr) {
      *error = "no builtin implements overload '" + id + "'";
      return nullptr;
    }
    in->overloads_.push_back(e);
  }
  for (const ir::Constant& k : program.constants) in->constants_.push_back(ToValue(k));
  // Constants read no inputs: evaluate each once, in order (a global's function may read
  // earlier globals only through kGlobal, which finds them already computed).
  in->globals_.resize(program.globals.size());
  for (size_t g = 0; g < program.globals.size(); ++g) {
    uint64_t steps = 0;
    PolicyEvaluation scratch;
    in->globals_[g] = in->Run(program.globals[g].function, {}, Value::Map({}), nullptr, &scratch,
                              &steps, 0);
  }
  return in;
}

PolicyEvaluation Interpreter::Evaluate(uint32_t policy, const Value& inputs,
                                       const BuiltinContext* context) const {
  PolicyEvaluation out;
  const ir::Policy& p = program_.policies[policy];
  uint64_t steps = 0;
  Run(p.function, {}, inputs, context, &out, &steps, 0);
  return out;
}

Value Interpreter::Call(uint32_t function, const Value& inputs, const BuiltinContext* context) const {
  PolicyEvaluation scratch;
  uint64_t steps = 0;
  return Run(function, {}, inputs, context, &scratch, &steps, 0);
}

Value Interpreter::Run(uint32_t function, std::vector<Value> args, const Value& inputs,
                       const BuiltinContext* context, PolicyEvaluation* out, uint64_t* steps,
                       int depth) const {
  const ir::Function& f = program_.functions[function];
  std::vector<Value> regs(f.register_types.size());
  std::vector<Iterator> iterators;  // sized at the first loop: most functions have none
  std::vector<Value> call_args;     // reused by every builtin call of this frame
  std::vector<std::pair<std::string, Value>> observed;  // for the next kFire
  for (size_t i = 0; i < args.size() && i < regs.size(); ++i) regs[i] = std::move(args[i]);
  auto operand_values = [&](uint32_t offset, uint32_t count) {
    std::vector<Value> vals;
    vals.reserve(count);
    for (uint32_t k = 0; k < count; ++k) vals.push_back(regs[f.operands[offset + k]]);
    return vals;
  };
  uint32_t pc = 0;
  const uint32_t size = static_cast<uint32_t>(f.code.size());
  while (pc < size) {
    if (++*steps > kStepLimit) {
      out->errors.push_back({ir::kNone, "evaluation exceeded " + std::to_string(kStepLimit) + " steps", ir::kNone});
      return Value::Error("step limit exceeded");
    }
    const ir::Instr& in = f.code[pc];
    ++pc;
    switch (in.op) {
      case Op::kConst: regs[in.dst] = constants_[in.a]; break;
      case Op::kInput: {
        const Value* v = inputs.is(ValueKind::kMap)
                             ? MapFind(inputs.map(), Value::String(program_.inputs[in.a]))
                             : nullptr;
        regs[in.dst] = v != nullptr ? *v : Value::Error("no such key: " + program_.inputs[in.a]);
        break;
      }
      case Op::kGlobal: regs[in.dst] = globals_[in.a]; break;
      case Op::kMove: regs[in.dst] = regs[in.a]; break;
      case Op::kMakeList: {
        std::vector<Value> vals = in.b == 0 ? std::vector<Value>{} : operand_values(in.a, in.b);
        const Value* err = FirstError(vals);
        regs[in.dst] = err ? *err : Value::List(std::move(vals));
        break;
      }
      case Op::kMakeMap: {
        std::vector<Value> vals = in.b == 0 ? std::vector<Value>{} : operand_values(in.a, in.b * 2);
        if (const Value* err = FirstError(vals)) {
          regs[in.dst] = *err;
          break;
        }
        ValueMap entries;
        Value result;
        for (size_t k = 0; k < vals.size(); k += 2) {
          if (MapFind(entries, vals[k]) != nullptr) {
            result = Value::Error("Failed with repeated key");
            break;
          }
          entries.emplace_back(vals[k], vals[k + 1]);
        }
        regs[in.dst] = result.is(ValueKind::kError) ? result : Value::Map(std::move(entries));
        break;
      }
      case Op::kSelect:
      case Op::kHas: {
        const Value& operand = regs[in.a];
        const std::string& field = program_.strings[in.b];
        if (operand.is(ValueKind::kError)) {
          regs[in.dst] = operand;
        } else if (!operand.is(ValueKind::kMap)) {
          regs[in.dst] = Value::Error(std::string("no such field '") + field + "' on " +
                                      ValueKindName(operand.kind()));
        } else {
          const Value* v = FindStringKey(operand.map(), field);
          if (in.op == Op::kHas) regs[in.dst] = Value::Bool(v != nullptr);
          else regs[in.dst] = v != nullptr ? *v : Value::Error("no such key: " + field);
        }
        break;
      }
      case Op::kCall: {
        std::vector<Value>& vals = call_args;
        vals.clear();
        for (uint32_t k = 0; k < in.b; ++k) vals.push_back(regs[f.operands[in.a + k]]);
        if (const Value* err = FirstError(vals)) {
          regs[in.dst] = *err;
        } else if (!Matches(*overloads_[in.c], vals)) {
          // A `dyn` argument of another kind than the overload the checker chose.
          regs[in.dst] = Value::Error("no matching overload for '" + program_.overloads[in.c] + "'");
        } else {
          regs[in.dst] = overloads_[in.c]->fn(vals.data(), vals.size(), context);
        }
        break;
      }
      case Op::kDispatch: {
        std::vector<Value> vals = operand_values(in.a, in.b);
        if (const Value* err = FirstError(vals)) {
          regs[in.dst] = *err;
          break;
        }
        Value result = Value::Error("no matching overload");
        for (uint32_t o : program_.candidate_sets[in.c]) {
          if (Matches(*overloads_[o], vals)) {
            result = overloads_[o]->fn(vals.data(), vals.size(), context);
            break;
          }
        }
        regs[in.dst] = result;
        break;
      }
      case Op::kInvoke: {
        if (depth > 512) {
          regs[in.dst] = Value::Error("helpers nest too deeply");
          break;
        }
        regs[in.dst] = Run(in.c, operand_values(in.a, in.b), inputs, context, out, steps, depth + 1);
        break;
      }
      case Op::kNot: {
        const Value& v = regs[in.a];
        regs[in.dst] = v.is(ValueKind::kBool) ? Value::Bool(!v.bool_value())
                       : v.is(ValueKind::kError) ? v
                                                 : Value::Error("no matching overload for '!'");
        break;
      }
      case Op::kAnd:
      case Op::kOr: {
        // Both operands evaluated: the absorbing value (false for &&, true for ||) wins over
        // errors from either side; then errors; then the other value.
        bool absorbing = in.op == Op::kOr;
        const Value& x = regs[in.a];
        const Value& y = regs[in.b];
        auto is = [&](const Value& v, bool b) { return v.is(ValueKind::kBool) && v.bool_value() == b; };
        if (is(x, absorbing) || is(y, absorbing)) {
          regs[in.dst] = Value::Bool(absorbing);
        } else if (x.is(ValueKind::kError)) {
          regs[in.dst] = x;
        } else if (y.is(ValueKind::kError)) {
          regs[in.dst] = y;
        } else if (!x.is(ValueKind::kBool) || !y.is(ValueKind::kBool)) {
          regs[in.dst] = Value::Error(std::string("no matching overload for '") +
                                      (absorbing ? "||" : "&&") + "'");
        } else {
          regs[in.dst] = Value::Bool(!absorbing);
        }
        break;
      }
      case Op::kAssertBool: {
        const Value& v = regs[in.a];
        regs[in.dst] = v.is(ValueKind::kBool) || v.is(ValueKind::kError)
                           ? v
                           : Value::Error(std::string("expected bool, found ") + ValueKindName(v.kind()));
        break;
      }
      case Op::kJump: pc = in.a; break;
      case Op::kJumpIfFalse: {
        const Value& v = regs[in.a];
        if (v.is(ValueKind::kBool) && !v.bool_value()) pc = in.b;
        break;
      }
      case Op::kJumpIfTrue: {
        const Value& v = regs[in.a];
        if (v.is(ValueKind::kBool) && v.bool_value()) pc = in.b;
        break;
      }
      case Op::kJumpIfError:
        if (regs[in.a].is(ValueKind::kError)) pc = in.b;
        break;
      case Op::kIterInit: {
        const Value& c = regs[in.a];
        if (c.is(ValueKind::kList) || c.is(ValueKind::kMap)) {
          if (iterators.empty()) iterators.resize(regs.size());
          iterators[in.dst] = {c, 0, c.is(ValueKind::kMap)};
          regs[in.dst] = Value::Null();
        } else {
          regs[in.dst] = c.is(ValueKind::kError)
                             ? c
                             : Value::Error(std::string("cannot iterate over ") + ValueKindName(c.kind()));
        }
        break;
      }
      case Op::kIterNext: {
        Iterator& it = iterators[in.a];
        size_t n = it.is_map ? it.container.map().size() : it.container.list().size();
        if (it.next >= n) {
          pc = in.b;
        } else if (in.c == ir::kNone) {
          regs[in.dst] = it.is_map ? it.container.map()[it.next].first : it.container.list()[it.next];
          ++it.next;
        } else if (it.is_map) {
          const auto& entry = it.container.map()[it.next++];
          regs[in.dst] = entry.first;
          regs[in.c] = entry.second;
        } else {
          regs[in.dst] = Value::Int(static_cast<int64_t>(it.next));
          regs[in.c] = it.container.list()[it.next++];
        }
        break;
      }
      case Op::kAppend: regs[in.dst].Append(regs[in.a]); break;
      case Op::kMapInsert: regs[in.dst].Insert(regs[in.a], regs[in.b]); break;
      case Op::kInScope: out->in_scope = true; break;
      case Op::kObserve:
        observed.push_back({program_.strings[in.b], regs[in.a]});
        break;
      case Op::kFire: {
        RuleFiring firing;
        firing.rule = in.a;
        firing.observed = std::move(observed);
        observed.clear();
        if (in.b != ir::kNone) {
          const Value& m = regs[in.b];
          if (m.is(ValueKind::kString)) {
            firing.message = m.text();
          } else {
            // The rule fired; only its message failed. Keep both facts.
            out->errors.push_back({in.a, "message: " + (m.is(ValueKind::kError) ? m.text() : m.DebugString()),
                                   in.source, true});
          }
        }
        out->fired.push_back(std::move(firing));
        break;
      }
      case Op::kFail: {
        const Value& e = regs[in.b];
        out->errors.push_back({in.a, e.is(ValueKind::kError) ? e.text() : e.DebugString(), in.source});
        break;
      }
      case Op::kReturn:
        return in.a != ir::kNone ? regs[in.a] : Value::Null();
    }
  }
  return Value::Null();
}

}  // namespace rampart::runtime
