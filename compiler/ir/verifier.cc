#include "compiler/ir/verifier.h"

#include <algorithm>

namespace rampart::ir {

std::vector<std::string> Verify(const Program& p) {
  std::vector<std::string> problems;
  std::vector<const Policy*> policy_of(p.functions.size(), nullptr);
  for (const Policy& pol : p.policies) {
    if (pol.function >= p.functions.size()) {
      problems.push_back("policy " + pol.name + ": function index out of range");
    } else {
      policy_of[pol.function] = &pol;
    }
  }
  for (const Policy& pol : p.policies) {
    auto check_guard = [&](const Guard& g) {
      bool ok = g.input < p.inputs.size();
      for (uint32_t s : g.path) ok = ok && s < p.strings.size();
      for (uint32_t v : g.values) {
        ok = ok && v < p.constants.size() &&
             (p.constants[v].kind == Constant::Kind::kString ||
              (g.kind == Guard::Kind::kEquals && p.constants[v].kind == Constant::Kind::kInt));
      }
      if (g.kind == Guard::Kind::kIn) ok = ok && g.list < p.globals.size() && g.values.empty();
      else ok = ok && !g.values.empty();
      if (!ok) problems.push_back("policy " + pol.name + ": malformed guard");
    };
    for (const Guard& g : pol.scope_guards) {
      check_guard(g);
      if (g.rule != kNone) problems.push_back("policy " + pol.name + ": a scope guard names a rule");
    }
    std::vector<bool> guarded(pol.rules.size(), false);
    for (const Guard& g : pol.rule_guards) {
      check_guard(g);
      if (g.rule >= pol.rules.size()) problems.push_back("policy " + pol.name + ": a rule guard names no rule");
      else guarded[g.rule] = true;
    }
    if (!pol.rule_guards.empty() && std::find(guarded.begin(), guarded.end(), false) != guarded.end()) {
      problems.push_back("policy " + pol.name + ": rule guards leave a rule unguarded");
    }
    if (pol.scope_function != kNone &&
        (pol.scope_function >= p.functions.size() || p.functions[pol.scope_function].param_count != 0)) {
      problems.push_back("policy " + pol.name + ": scope function is not a zero-parameter function");
    }
  }
  for (const Global& g : p.globals) {
    if (g.function >= p.functions.size() || p.functions[g.function].param_count != 0) {
      problems.push_back("global " + g.name + ": not a zero-parameter function");
    }
  }
  for (const auto& set : p.candidate_sets) {
    for (uint32_t o : set) {
      if (o >= p.overloads.size()) problems.push_back("candidate set names overload out of range");
    }
  }
  for (size_t fi = 0; fi < p.functions.size(); ++fi) {
    const Function& f = p.functions[fi];
    const uint32_t regs = static_cast<uint32_t>(f.register_types.size());
    const uint32_t size = static_cast<uint32_t>(f.code.size());
    auto fail = [&](size_t i, const std::string& what) {
      problems.push_back("function " + f.name + ", instruction " + std::to_string(i) + ": " + what);
    };
    auto reg = [&](size_t i, uint32_t r, const char* role) {
      if (r >= regs) fail(i, std::string(role) + " register out of range");
    };
    auto target = [&](size_t i, uint32_t t) {
      if (t > size) fail(i, "jump target out of range");
    };
    auto operands = [&](size_t i, uint32_t offset, uint32_t count) {
      if (offset == kNone && count == 0) return;
      if (static_cast<uint64_t>(offset) + count > f.operands.size()) {
        fail(i, "operand list out of range");
        return;
      }
      for (uint32_t k = 0; k < count; ++k) reg(i, f.operands[offset + k], "operand");
    };
    if (f.param_count > regs) fail(0, "more parameters than registers");
    if (f.code.empty() || f.code.back().op != Op::kReturn) fail(size, "function does not end with return");
    for (size_t i = 0; i < f.code.size(); ++i) {
      const Instr& in = f.code[i];
      if (in.source != kNone && in.source >= p.source_map.size()) fail(i, "source index out of range");
      switch (in.op) {
        case Op::kConst:
          reg(i, in.dst, "destination");
          if (in.a >= p.constants.size()) fail(i, "constant out of range");
          break;
        case Op::kInput:
          reg(i, in.dst, "destination");
          if (in.a >= p.inputs.size()) fail(i, "input out of range");
          break;
        case Op::kGlobal:
          reg(i, in.dst, "destination");
          if (in.a >= p.globals.size()) fail(i, "global out of range");
          break;
        case Op::kMove: case Op::kNot: case Op::kAssertBool: case Op::kIterInit:
          reg(i, in.dst, "destination");
          reg(i, in.a, "source");
          break;
        case Op::kAnd: case Op::kOr:
          reg(i, in.dst, "destination");
          reg(i, in.a, "source");
          reg(i, in.b, "source");
          break;
        case Op::kMakeList: reg(i, in.dst, "destination"); operands(i, in.a, in.b); break;
        case Op::kConcat:
          reg(i, in.dst, "destination");
          operands(i, in.a, in.b);
          if (in.b < 2) fail(i, "concat of fewer than two strings");
          break;
        case Op::kMakeMap: reg(i, in.dst, "destination"); operands(i, in.a, in.b * 2); break;
        case Op::kSelect: case Op::kHas:
          reg(i, in.dst, "destination");
          reg(i, in.a, "source");
          if (in.b >= p.strings.size()) fail(i, "field name out of range");
          break;
        case Op::kCall:
          reg(i, in.dst, "destination");
          operands(i, in.a, in.b);
          if (in.c >= p.overloads.size()) fail(i, "overload out of range");
          break;
        case Op::kDispatch:
          reg(i, in.dst, "destination");
          operands(i, in.a, in.b);
          if (in.c >= p.candidate_sets.size()) fail(i, "candidate set out of range");
          break;
        case Op::kInvoke:
          reg(i, in.dst, "destination");
          operands(i, in.a, in.b);
          if (in.c >= p.functions.size()) {
            fail(i, "function out of range");
          } else if (p.functions[in.c].param_count != in.b) {
            fail(i, "argument count differs from the function's parameters");
          } else if (in.c == fi) {
            fail(i, "a function invokes itself (evaluation must be bounded)");
          }
          break;
        case Op::kJump: target(i, in.a); break;
        case Op::kJumpIfFalse: case Op::kJumpIfTrue: case Op::kJumpIfError:
          reg(i, in.a, "condition");
          target(i, in.b);
          break;
        case Op::kIterNext:
          reg(i, in.dst, "destination");
          reg(i, in.a, "iterator");
          if (in.c != kNone) reg(i, in.c, "value destination");
          target(i, in.b);
          break;
        case Op::kAppend: reg(i, in.dst, "accumulator"); reg(i, in.a, "source"); break;
        case Op::kObserve:
          reg(i, in.a, "observed value");
          if (in.b >= p.strings.size()) fail(i, "string out of range");
          break;
        case Op::kMapInsert:
          reg(i, in.dst, "accumulator");
          reg(i, in.a, "key");
          reg(i, in.b, "value");
          break;
        case Op::kFire: case Op::kFail: {
          const Policy* pol = policy_of[fi];
          if (pol == nullptr) fail(i, std::string(OpName(in.op)) + " outside a policy");
          else if (in.a != kNone && in.a >= pol->rules.size()) fail(i, "rule out of range");
          if (in.b != kNone) reg(i, in.b, "value");
          if (in.op == Op::kFail && in.b == kNone) fail(i, "fail without an error value");
          break;
        }
        case Op::kReturn:
          if (in.a != kNone) reg(i, in.a, "result");
          break;
        case Op::kInScope:
          if (policy_of[fi] == nullptr) fail(i, "in_scope outside a policy");
          break;
      }
    }
  }
  return problems;
}

}  // namespace rampart::ir
