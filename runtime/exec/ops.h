#pragma once
// What each IR instruction does to values (compiler/ir/ir.h), written once and shared by
// both engines: the interpreter calls these from its loop, JIT-compiled code calls them
// through the extern "C" entry points of runtime/jit/jit_helpers.cc. One implementation is
// what makes "the JIT agrees with the interpreter on every input" hold by construction for
// everything but control flow, which the differential tests check.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/builtins/builtin.h"
#include "runtime/exec/evaluation.h"
#include "runtime/value/value.h"

namespace rampart::runtime::ops {

// Iteration state of a register holding an iterator.
struct Iterator {
  Value container;
  size_t next = 0;
  bool is_map = false;
  bool stable = false;  // JIT: the container outlives the evaluation (its elements may be borrowed)
};

// Hash sets for `x in [...]` over constant lists of strings (a decision structure: one
// lookup instead of a scan). Built once per engine from the program's globals (constants
// and hoisted literals); keyed by the list's storage, which every copy of the value shares.
struct StringSets {
  std::unordered_map<const ValueList*, std::unordered_set<std::string_view>> sets;
};
// Lists shorter than this are scanned: a handful of comparisons beats hashing.
inline constexpr size_t kMinSetSize = 6;
StringSets BuildStringSets(const ir::Program& program, const std::vector<Value>& globals);

// Builtins with a direct implementation for their common argument kinds (CallRef): two
// strings or two ints compared, a string key looked up in a map, a string tested for a
// prefix. Other kinds go through the builtin table, so the answer is the builtin's.
enum class FastCall : uint8_t {
  kNone, kEquals, kNotEquals, kInList, kInMap, kIndexMap,
  kLessInt, kLessEqualsInt, kGreaterInt, kGreaterEqualsInt, kStartsWith, kEndsWith,
};
FastCall FastCallFor(const std::string& overload_id);

// `true` and `false` at fixed addresses: operations whose result is a bool return a pointer
// to one of these instead of writing a register (ops::*Ref), and JIT code branches by
// comparing a register's pointer with them before asking the Value.
extern const Value kTrueValue;
extern const Value kFalseValue;
inline const Value* BoolRef(bool b) { return b ? &kTrueValue : &kFalseValue; }

// What an engine resolves once per program, the same for both engines.
struct ProgramTables {
  std::vector<const BuiltinEntry*> overloads;  // by Program::overloads index
  std::vector<FastCall> fast_calls;            // by Program::overloads index
  std::vector<Value> constants;                // by Program::constants index
  std::vector<Value> globals;                  // by Program::globals index, once computed
  StringSets string_sets;

  // Overloads to builtins, constants to values. False with `error` set when an overload has
  // no builtin. `globals` is sized; the engine runs each global's function in order (a
  // global reads only earlier ones) and then calls IndexGlobals.
  bool Resolve(const ir::Program& program, std::string* error);
  void IndexGlobals(const ir::Program& program) { string_sets = BuildStringSets(program, globals); }
};

// Everything an evaluation of one policy (or one helper call) shares: the program, its
// resolved tables, the inputs, and where results go.
struct Evaluation {
  const ir::Program* program = nullptr;
  const ProgramTables* tables = nullptr;
  const Value* inputs = nullptr;
  const BuiltinContext* context = nullptr;
  PolicyEvaluation* out = nullptr;
  std::vector<std::pair<std::string, Value>> observed;  // for the next Fire
  int depth = 0;                                         // helper nesting

  // The input variable `i` (a Program::inputs index) in `inputs`, or null when absent. A
  // policy reads the same variable again in every rule (`peer`, `proc`, `port`): each is
  // found by name once per evaluation (the first kInputCache of the program; the rest each
  // time).
  const Value* FindInput(uint32_t i);

 private:
  static constexpr uint32_t kInputCache = 64;
  uint64_t inputs_found_ = 0;  // bit i: input_values_[i] holds input i's lookup
  const Value* input_values_[kInputCache];
};

// Helpers (`def`) may nest this deep; deeper calls evaluate to an error.
inline constexpr int kMaxDepth = 512;

Value ConstantValue(const ir::Constant& k);

void Input(Evaluation& e, Value* dst, uint32_t input);
void MakeList(Value* dst, const Value* const* elements, uint32_t count);
void MakeMap(Value* dst, const Value* const* keys_and_values, uint32_t entries);
void Select(Evaluation& e, Value* dst, const Value& operand, uint32_t field, bool presence);
// Builtin `overload` (a Program::overloads index) on `args`; kCall.
void Call(Evaluation& e, Value* dst, uint32_t overload, const Value* const* args, uint32_t count);
// The same, answering where the result is: a bool result is kTrueValue or kFalseValue, a
// value found in `args[0]` (index_map) is returned in place when `first_stable` (args[0]
// outlives the caller's use of the result), anything else is written to `owned`, which may
// be one of `args`.
const Value* CallRef(Evaluation& e, Value* owned, uint32_t overload, const Value* const* args, uint32_t count,
                     bool first_stable);
// `parts[0] + parts[1] + ...` over strings (kConcat): what the left-nested add_string calls
// would give — the first error met left to right, a non-string making the rest an error —
// with the text built once.
void Concat(Value* dst, const Value* const* parts, uint32_t count);
// The first of `candidates` (a Program::candidate_sets index) whose kinds match; kDispatch.
void Dispatch(Evaluation& e, Value* dst, uint32_t candidates, const Value* const* args, uint32_t count);
void Not(Value* dst, const Value& v);
// `&&` (absorbing false) or `||` (absorbing true) with both operands evaluated.
void AndOr(Value* dst, const Value& x, const Value& y, bool is_or);
// Not, AndOr and Select's presence test answering where the result is, as CallRef: a bool
// is kTrueValue or kFalseValue; an error is copied to `owned` (which may be an operand).
const Value* NotRef(Value* owned, const Value& v);
const Value* AndOrRef(Value* owned, const Value& x, const Value& y, bool is_or);
const Value* HasRef(Evaluation& e, Value* owned, const Value& operand, uint32_t field);
void AssertBool(Value* dst, const Value& v);
inline bool IsTrue(const Value& v) { return v.is(ValueKind::kBool) && v.bool_value(); }
inline bool IsFalse(const Value& v) { return v.is(ValueKind::kBool) && !v.bool_value(); }
inline bool IsError(const Value& v) { return v.is(ValueKind::kError); }
// dst = Null (the iterator register) or the error why `container` cannot be iterated.
void IterInit(Iterator* it, Value* dst, const Value& container);
// False when exhausted; else the next element (or index/key and element/value with `value`).
bool IterNext(Iterator* it, Value* dst, Value* value);
void Observe(Evaluation& e, const Value& v, uint32_t text);
void Fire(Evaluation& e, uint32_t rule, const Value* message, uint32_t source);
void Fail(Evaluation& e, uint32_t rule, const Value& error, uint32_t source);

}  // namespace rampart::runtime::ops
