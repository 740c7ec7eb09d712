#include "compiler/ir/printer.h"

#include "compiler/source/quoting.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rampart::ir {

const char* OpName(Op op) {
  switch (op) {
    case Op::kConst: return "const";
    case Op::kInput: return "input";
    case Op::kGlobal: return "global";
    case Op::kMove: return "move";
    case Op::kMakeList: return "list";
    case Op::kConcat: return "concat";
    case Op::kMakeMap: return "map";
    case Op::kSelect: return "select";
    case Op::kHas: return "has";
    case Op::kCall: return "call";
    case Op::kDispatch: return "dispatch";
    case Op::kInvoke: return "invoke";
    case Op::kNot: return "not";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kAssertBool: return "assert_bool";
    case Op::kJump: return "jump";
    case Op::kJumpIfFalse: return "jump_if_false";
    case Op::kJumpIfTrue: return "jump_if_true";
    case Op::kJumpIfError: return "jump_if_error";
    case Op::kIterInit: return "iter_init";
    case Op::kIterNext: return "iter_next";
    case Op::kAppend: return "append";
    case Op::kMapInsert: return "map_insert";
    case Op::kInScope: return "in_scope";
    case Op::kObserve: return "observe";
    case Op::kFire: return "fire";
    case Op::kFail: return "fail";
    case Op::kReturn: return "return";
  }
  return "?";
}

namespace {

std::string ConstantText(const Constant& k) {
  switch (k.kind) {
    case Constant::Kind::kNull: return "null";
    case Constant::Kind::kBool: return k.bool_value ? "true" : "false";
    case Constant::Kind::kInt: return std::to_string(k.int_value);
    case Constant::Kind::kUint: return std::to_string(k.uint_value) + "u";
    case Constant::Kind::kDouble: {
      if (std::isnan(k.double_value)) return "NaN";
      if (std::isinf(k.double_value)) return k.double_value > 0 ? "+Inf" : "-Inf";
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, k.double_value);
      std::string s(buf, r.ptr);
      if (s.find_first_of(".e") == std::string::npos) s += ".0";
      return s;
    }
    case Constant::Kind::kString: return source::QuoteCelString(k.text);
    case Constant::Kind::kBytes: return source::QuoteCelBytes(k.text);
    case Constant::Kind::kType: return "type(" + k.text + ")";
  }
  return "?";
}

std::string Reg(uint32_t r) { return r == kNone ? "_" : "%" + std::to_string(r); }

std::string Operands(const Function& f, uint32_t offset, uint32_t count) {
  std::string out = "(";
  for (uint32_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    uint32_t at = offset + i;
    out += at < f.operands.size() ? Reg(f.operands[at]) : "?";
  }
  return out + ")";
}

std::string At(const std::vector<std::string>& table, uint32_t i) {
  return i < table.size() ? table[i] : "?" + std::to_string(i);
}

std::string InstrText(const Program& p, const Function& f, const Instr& in, const Policy* policy) {
  std::string lhs = in.dst != kNone ? Reg(in.dst) + " = " : "";
  std::string op = OpName(in.op);
  switch (in.op) {
    case Op::kConst:
      return lhs + op + " " + (in.a < p.constants.size() ? ConstantText(p.constants[in.a]) : "?");
    case Op::kInput: return lhs + op + " " + At(p.inputs, in.a);
    case Op::kGlobal:
      return lhs + op + " " + (in.a < p.globals.size() ? p.globals[in.a].name : "?");
    case Op::kMove: case Op::kNot: case Op::kAssertBool: case Op::kIterInit:
      return lhs + op + " " + Reg(in.a);
    case Op::kAnd: case Op::kOr: return lhs + op + " " + Reg(in.a) + ", " + Reg(in.b);
    case Op::kMakeList: case Op::kMakeMap: case Op::kConcat:
      return lhs + op + " " + Operands(f, in.a, in.op == Op::kMakeMap ? in.b * 2 : in.b);
    case Op::kSelect: case Op::kHas: return lhs + op + " " + Reg(in.a) + "." + At(p.strings, in.b);
    case Op::kCall: return lhs + op + " " + At(p.overloads, in.c) + Operands(f, in.a, in.b);
    case Op::kDispatch: {
      std::string names;
      if (in.c < p.candidate_sets.size()) {
        for (uint32_t o : p.candidate_sets[in.c]) names += (names.empty() ? "" : "|") + At(p.overloads, o);
      }
      return lhs + op + " " + names + Operands(f, in.a, in.b);
    }
    case Op::kInvoke:
      return lhs + op + " " + (in.c < p.functions.size() ? p.functions[in.c].name : "?") +
             Operands(f, in.a, in.b);
    case Op::kJump: return op + " @" + std::to_string(in.a);
    case Op::kJumpIfFalse: case Op::kJumpIfTrue: case Op::kJumpIfError:
      return op + " " + Reg(in.a) + ", @" + std::to_string(in.b);
    case Op::kIterNext:
      return lhs + op + " " + Reg(in.a) + (in.c != kNone ? " value " + Reg(in.c) : "") + " else @" +
             std::to_string(in.b);
    case Op::kAppend: return lhs + op + " " + Reg(in.a);
    case Op::kMapInsert: return lhs + op + " " + Reg(in.a) + ": " + Reg(in.b);
    case Op::kObserve: return op + " " + Reg(in.a) + " as " + At(p.strings, in.b);
    case Op::kFire: case Op::kFail: {
      std::string rule = in.a == kNone ? "scope"
                         : (policy != nullptr && in.a < policy->rules.size()) ? policy->rules[in.a].name
                                                                              : "rule " + std::to_string(in.a);
      return op + " " + rule + (in.b != kNone ? ", " + Reg(in.b) : "");
    }
    case Op::kReturn: return op + (in.a != kNone ? " " + Reg(in.a) : "");
    case Op::kInScope: return op;
  }
  return op;
}

// `proc.name in global shells`, `proc.exe starts with "/tmp/" | "/dev/shm/"`.
std::string GuardText(const Program& p, const Guard& g) {
  std::string out = g.input < p.inputs.size() ? p.inputs[g.input] : "?";
  for (uint32_t s : g.path) out += "." + (s < p.strings.size() ? p.strings[s] : std::string("?"));
  if (g.kind == Guard::Kind::kIn) {
    return out + " in global " + (g.list < p.globals.size() ? p.globals[g.list].name : std::string("?"));
  }
  out += g.kind == Guard::Kind::kEquals   ? " =="
         : g.kind == Guard::Kind::kPrefix ? " starts with"
         : g.kind == Guard::Kind::kSuffix ? " ends with"
                                          : " matches";
  for (size_t i = 0; i < g.values.size(); ++i) {
    out += i ? " | " : " ";
    if (g.values[i] >= p.constants.size()) out += "?";
    else if (p.constants[g.values[i]].kind == Constant::Kind::kInt) out += std::to_string(p.constants[g.values[i]].int_value);
    else out += "\"" + p.constants[g.values[i]].text + "\"";
  }
  return out;
}

}  // namespace

std::string Print(const Program& p) {
  std::string out;
  for (const Global& g : p.globals) {
    out += "global " + g.name + " = " +
           (g.function < p.functions.size() ? p.functions[g.function].name : "?") + "\n";
  }
  for (const Policy& pol : p.policies) {
    out += "policy " + pol.package + (pol.package.empty() ? "" : ".") + pol.name + " (" + pol.kind +
           ", " + pol.mode + (pol.severity.empty() ? "" : ", " + pol.severity) + ", on error " +
           pol.on_error;
    if (!pol.event_kinds.empty()) {
      out += ", on";
      for (const std::string& k : pol.event_kinds) out += " " + k;
    }
    out += ") = " + (pol.function < p.functions.size() ? p.functions[pol.function].name : "?") + "\n";
    for (size_t i = 0; i < pol.rules.size(); ++i) {
      const Rule& r = pol.rules[i];
      out += "  rule " + std::to_string(i) + " " + r.name + ": " + r.action +
             (r.direction.empty() ? "" : " " + r.direction) + "\n";
    }
    for (const auto& [dir, action] : pol.defaults) {
      out += "  default " + (dir.empty() ? std::string() : dir + " ") + action + "\n";
    }
    for (const Guard& g : pol.scope_guards) out += "  scope guard " + GuardText(p, g) + "\n";
    for (const Guard& g : pol.rule_guards) {
      out += "  rule " + std::to_string(g.rule) + " guard " + GuardText(p, g) + "\n";
    }
    if (pol.scope_function < p.functions.size()) {
      out += "  scope = " + p.functions[pol.scope_function].name + "\n";
    }
  }
  for (size_t fi = 0; fi < p.functions.size(); ++fi) {
    const Function& f = p.functions[fi];
    const Policy* policy = nullptr;
    for (const Policy& pol : p.policies) {
      if (pol.function == fi) policy = &pol;
    }
    out += "\nfunction " + f.name + "(" + std::to_string(f.param_count) + " params, " +
           std::to_string(f.register_types.size()) + " registers) {\n";
    for (size_t i = 0; i < f.code.size(); ++i) {
      const Instr& in = f.code[i];
      std::string line = "  " + std::to_string(i) + ": " + InstrText(p, f, in, policy);
      if (in.dst != kNone && in.dst < f.register_types.size() && !f.register_types[in.dst].empty() &&
          in.op != Op::kJump) {
        line += " : " + f.register_types[in.dst];
      }
      if (in.source < p.source_map.size()) {
        const SourceLocation& s = p.source_map[in.source];
        line += std::string(std::max<size_t>(2, 72 - std::min<size_t>(line.size(), 70)), ' ') + "; " +
                std::to_string(s.line) + ":" + std::to_string(s.column);
      }
      out += line + "\n";
    }
    out += "}\n";
  }
  return out;
}

}  // namespace rampart::ir
