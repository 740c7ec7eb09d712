#include "runtime/eval/scope_precheck.h"

#include <cctype>

#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

using ir::Op;

// The kind a value of static type `type` has at run time; nullopt when the type allows
// several (dyn, wrappers, type parameters).
std::optional<ValueKind> KindOf(const std::string& type) {
  if (type == "string") return ValueKind::kString;
  if (type == "bool") return ValueKind::kBool;
  if (type == "int") return ValueKind::kInt;
  if (type == "uint") return ValueKind::kUint;
  if (type == "double") return ValueKind::kDouble;
  if (type.rfind("list(", 0) == 0) return ValueKind::kList;
  if (type.rfind("map(", 0) == 0) return ValueKind::kMap;
  // Messages (Workload, Process, ...) are maps; qualified names and parameters are not known.
  if (!type.empty() && std::isupper(static_cast<unsigned char>(type[0])) &&
      type.find_first_of("(.<") == std::string::npos) {
    return ValueKind::kMap;
  }
  return std::nullopt;
}

// Builtins that return a value, never an error, for arguments of their declared kinds.
bool Total(const std::string& overload) {
  return overload == "equals" || overload == "not_equals" || overload == "in_list" || overload == "in_map" ||
         overload == "starts_with_string" || overload == "ends_with_string";
}

}  // namespace

std::optional<std::vector<FieldExpectation>> ScopePrecheck(
    const ir::Program& program, uint32_t function, const std::function<bool(uint32_t, ValueKind)>& global_ok) {
  const ir::Function& f = program.functions[function];
  const size_t regs = f.register_types.size();
  // What each register holds: a field path (checked), or a value known not to be an error.
  std::vector<std::optional<FieldExpectation>> path(regs);
  std::vector<bool> sound(regs, false);
  std::vector<int> writes(regs, 0);  // a register read as a path must have one writer
  for (const ir::Instr& in : f.code) {
    if (in.dst != ir::kNone && in.dst < regs) ++writes[in.dst];
  }
  std::vector<FieldExpectation> out;
  auto type_kind = [&](uint32_t r) { return r < regs ? KindOf(f.register_types[r]) : std::nullopt; };
  for (const ir::Instr& in : f.code) {
    switch (in.op) {
      case Op::kConst:
        sound[in.dst] = true;
        break;
      case Op::kGlobal: {
        std::optional<ValueKind> kind = type_kind(in.dst);
        if (!kind || !global_ok(in.a, *kind)) return std::nullopt;
        sound[in.dst] = true;
        break;
      }
      case Op::kInput:
      case Op::kSelect: {
        std::optional<ValueKind> kind = type_kind(in.dst);
        if (!kind) return std::nullopt;
        FieldExpectation e;
        if (in.op == Op::kInput) {
          e.input = program.inputs[in.a];
        } else {
          if (!path[in.a] || writes[in.a] != 1) return std::nullopt;  // a field of a computed value
          e = *path[in.a];
          e.path.push_back(program.strings[in.b]);
        }
        e.kind = *kind;
        out.push_back(e);
        path[in.dst] = e;
        sound[in.dst] = true;
        break;
      }
      case Op::kHas:
        if (!path[in.a] || writes[in.a] != 1 || path[in.a]->kind != ValueKind::kMap) return std::nullopt;
        path[in.dst].reset();
        sound[in.dst] = true;
        break;
      case Op::kCall: {
        if (!Total(program.overloads[in.c])) return std::nullopt;
        for (uint32_t k = 0; k < in.b; ++k) {
          uint32_t arg = f.operands[in.a + k];
          if (!sound[arg]) return std::nullopt;
        }
        // The declared kinds: the list or map operand of `in` must be one (its static type says
        // so, and sound registers have their static type's kind).
        const std::string& o = program.overloads[in.c];
        if (o == "in_list" && type_kind(f.operands[in.a + 1]) != ValueKind::kList) return std::nullopt;
        if (o == "in_map" && type_kind(f.operands[in.a + 1]) != ValueKind::kMap) return std::nullopt;
        if ((o == "starts_with_string" || o == "ends_with_string") &&
            (type_kind(f.operands[in.a]) != ValueKind::kString || type_kind(f.operands[in.a + 1]) != ValueKind::kString)) {
          return std::nullopt;
        }
        path[in.dst].reset();
        sound[in.dst] = true;
        break;
      }
      case Op::kNot:
      case Op::kAssertBool:
        if (!sound[in.a] || type_kind(in.a) != ValueKind::kBool) return std::nullopt;
        path[in.dst].reset();
        sound[in.dst] = true;
        break;
      case Op::kAnd:
      case Op::kOr:
        if (!sound[in.a] || !sound[in.b]) return std::nullopt;
        path[in.dst].reset();
        sound[in.dst] = true;
        break;
      case Op::kJump:
      case Op::kJumpIfFalse:
      case Op::kJumpIfTrue:
      case Op::kJumpIfError:
        break;
      case Op::kReturn:
        if (in.a != ir::kNone && !sound[in.a]) return std::nullopt;
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

bool ExpectationsHold(const std::vector<FieldExpectation>& expectations, const Value& inputs) {
  for (const FieldExpectation& e : expectations) {
    const Value* v = inputs.is(ValueKind::kMap) ? FindStringKey(inputs.map(), e.input) : nullptr;
    for (const std::string& key : e.path) {
      if (v == nullptr || !v->is(ValueKind::kMap)) return false;
      v = FindStringKey(v->map(), key);
    }
    if (v == nullptr || !v->is(e.kind)) return false;
  }
  return true;
}

}  // namespace rampart::runtime
