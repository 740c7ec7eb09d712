// Arithmetic operators (cel-spec langdef.md "Arithmetic"): int and uint overflow is an error,
// double follows IEEE 754, + concatenates strings, bytes and lists.

#include <cstdint>
#include <limits>

#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

// cel-go's wording (common/types/err.go).
Value IntOverflow() { return Value::Error("integer overflow"); }
Value UintOverflow() { return Value::Error("unsigned integer overflow"); }

Value NegateInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t x = a[0].int_value();
  if (x == std::numeric_limits<int64_t>::min()) return IntOverflow();
  return Value::Int(-x);
}
Value NegateDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(-a[0].double_value());
}

Value AddInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t r;
  if (__builtin_add_overflow(a[0].int_value(), a[1].int_value(), &r)) return IntOverflow();
  return Value::Int(r);
}
Value SubtractInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t r;
  if (__builtin_sub_overflow(a[0].int_value(), a[1].int_value(), &r)) return IntOverflow();
  return Value::Int(r);
}
Value MultiplyInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t r;
  if (__builtin_mul_overflow(a[0].int_value(), a[1].int_value(), &r)) return IntOverflow();
  return Value::Int(r);
}
Value DivideInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  if (y == 0) return Value::Error("division by zero");
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return IntOverflow();
  return Value::Int(x / y);
}
Value ModuloInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t x = a[0].int_value(), y = a[1].int_value();
  if (y == 0) return Value::Error("modulus by zero");
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return IntOverflow();
  return Value::Int(x % y);
}

Value AddUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  uint64_t r;
  if (__builtin_add_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return UintOverflow();
  return Value::Uint(r);
}
Value SubtractUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  uint64_t r;
  if (__builtin_sub_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return UintOverflow();
  return Value::Uint(r);
}
Value MultiplyUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  uint64_t r;
  if (__builtin_mul_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return UintOverflow();
  return Value::Uint(r);
}
Value DivideUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[1].uint_value() == 0) return Value::Error("division by zero");
  return Value::Uint(a[0].uint_value() / a[1].uint_value());
}
Value ModuloUint64(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[1].uint_value() == 0) return Value::Error("modulus by zero");
  return Value::Uint(a[0].uint_value() % a[1].uint_value());
}

Value AddDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(a[0].double_value() + a[1].double_value());
}
Value SubtractDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(a[0].double_value() - a[1].double_value());
}
Value MultiplyDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(a[0].double_value() * a[1].double_value());
}
Value DivideDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Double(a[0].double_value() / a[1].double_value());
}

Value AddString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(a[0].text() + a[1].text());
}
Value AddBytes(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bytes(a[0].text() + a[1].text());
}
Value AddList(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (a[1].list().empty()) return a[0];
  if (a[0].list().empty()) return a[1];
  ValueList out = a[0].list();
  out.insert(out.end(), a[1].list().begin(), a[1].list().end());
  return Value::List(std::move(out));
}

}  // namespace

RAMPART_BUILTIN_TABLE(ArithmeticTable,
  {"negate_int64", "i", NegateInt64},
  {"negate_double", "d", NegateDouble},
  {"add_int64", "ii", AddInt64},
  {"add_uint64", "uu", AddUint64},
  {"add_double", "dd", AddDouble},
  {"add_string", "ss", AddString},
  {"add_bytes", "yy", AddBytes},
  {"add_list", "ll", AddList},
  {"subtract_int64", "ii", SubtractInt64},
  {"subtract_uint64", "uu", SubtractUint64},
  {"subtract_double", "dd", SubtractDouble},
  {"multiply_int64", "ii", MultiplyInt64},
  {"multiply_uint64", "uu", MultiplyUint64},
  {"multiply_double", "dd", MultiplyDouble},
  {"divide_int64", "ii", DivideInt64},
  {"divide_uint64", "uu", DivideUint64},
  {"divide_double", "dd", DivideDouble},
  {"modulo_int64", "ii", ModuloInt64},
  {"modulo_uint64", "uu", ModuloUint64})

}  // namespace rampart::runtime::builtins_internal
