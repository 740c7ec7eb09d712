// Logic, equality, ordering and membership (cel-spec langdef.md "Equality", "Ordering",
// "Logical operators"). Ordering across int, uint and double compares numeric values exactly
// (value_ops.h); every comparison involving NaN is false.

#include <cmath>
#include <optional>

#include "runtime/builtins/tables.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime::builtins_internal {
namespace {

enum Op { kLess, kLessEquals, kGreater, kGreaterEquals };

bool IsNaN(const Value& v) { return v.is(ValueKind::kDouble) && std::isnan(v.double_value()); }

template <Op kOp>
Value Relation(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (IsNaN(a[0]) || IsNaN(a[1])) return Value::Bool(false);
  std::optional<int> c = Compare(a[0], a[1]);
  if (!c) return Value::Error("no such overload");
  switch (kOp) {
    case kLess: return Value::Bool(*c < 0);
    case kLessEquals: return Value::Bool(*c <= 0);
    case kGreater: return Value::Bool(*c > 0);
    case kGreaterEquals: return Value::Bool(*c >= 0);
  }
  return Value::Bool(false);
}

Value LogicalNot(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(!a[0].bool_value());
}
// Errors are absorbed by the interpreter before the call; with two bools these are plain.
Value LogicalAnd(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(a[0].bool_value() && a[1].bool_value());
}
Value LogicalOr(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(a[0].bool_value() || a[1].bool_value());
}
Value Conditional(BuiltinArgs a, size_t, const BuiltinContext*) {
  return a[0].bool_value() ? a[1] : a[2];
}
Value Equals(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(Equal(a[0], a[1]));
}
Value NotEquals(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(!Equal(a[0], a[1]));
}
Value InList(BuiltinArgs a, size_t, const BuiltinContext*) {
  for (const Value& e : a[1].list()) {
    if (Equal(a[0], e)) return Value::Bool(true);
  }
  return Value::Bool(false);
}
Value InMap(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(MapFind(a[1].map(), a[0]) != nullptr);
}

}  // namespace

#define RAMPART_RELATION(name, op)                              \
  {name "_bool", "BB", Relation<op>},                           \
  {name "_int64", "ii", Relation<op>},                          \
  {name "_int64_uint64", "iu", Relation<op>},                   \
  {name "_int64_double", "id", Relation<op>},                   \
  {name "_uint64", "uu", Relation<op>},                         \
  {name "_uint64_int64", "ui", Relation<op>},                   \
  {name "_uint64_double", "ud", Relation<op>},                  \
  {name "_double", "dd", Relation<op>},                         \
  {name "_double_int64", "di", Relation<op>},                   \
  {name "_double_uint64", "du", Relation<op>},                  \
  {name "_string", "ss", Relation<op>},                         \
  {name "_bytes", "yy", Relation<op>}

RAMPART_BUILTIN_TABLE(ComparisonTable,
  {"logical_not", "B", LogicalNot},
  {"logical_and", "BB", LogicalAnd},
  {"logical_or", "BB", LogicalOr},
  {"conditional", "B**", Conditional},
  {"equals", "**", Equals},
  {"not_equals", "**", NotEquals},
  {"in_list", "*l", InList},
  {"in_map", "*m", InMap},
  RAMPART_RELATION("less", kLess),
  RAMPART_RELATION("less_equals", kLessEquals),
  RAMPART_RELATION("greater", kGreater),
  RAMPART_RELATION("greater_equals", kGreaterEquals))

}  // namespace rampart::runtime::builtins_internal
