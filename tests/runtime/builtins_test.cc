// Runtime builtins: every overload id of functions.schema has one (checked against the schema
// the checker loads), and each area's semantics and errors, table-driven. Expected values come
// from the cel-spec conformance data (tests/data/cel-conformance: integer_math, fp_math,
// string, string_ext, conversions) where a case exists, with the case name noted.

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/check/schema.h"
#include "runtime/builtins/registry.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();
constexpr uint64_t kMaxUint = std::numeric_limits<uint64_t>::max();

Value I(int64_t v) { return Value::Int(v); }
Value U(uint64_t v) { return Value::Uint(v); }
Value D(double v) { return Value::Double(v); }
Value S(const char* v) { return Value::String(v); }
Value Y(const char* v) { return Value::Bytes(v); }
Value B(bool v) { return Value::Bool(v); }
Value L(ValueList v) { return Value::List(std::move(v)); }
Value M(ValueMap v) { return Value::Map(std::move(v)); }
// An expected error: the result must be an error whose message contains `text`.
Value Err(const char* text) { return Value::Error(text); }

struct Case {
  const char* id;
  std::vector<Value> args;
  Value want;
};

Value Call(const std::string& id, const std::vector<Value>& args, const BuiltinContext* ctx = nullptr) {
  const BuiltinEntry* e = FindBuiltinEntry(id);
  if (e == nullptr) return Value::Error("test: no builtin " + id);
  return CallBuiltin(*e, args.data(), args.size(), ctx);
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    Value got = Call(c.id, c.args);
    std::string where = std::string(c.id) + "(";
    for (size_t i = 0; i < c.args.size(); ++i) where += (i ? ", " : "") + c.args[i].DebugString();
    where += ")";
    if (c.want.is(ValueKind::kError)) {
      ASSERT_TRUE(got.is(ValueKind::kError)) << where << " = " << got.DebugString();
      EXPECT_NE(got.text().find(c.want.text()), std::string::npos)
          << where << " = " << got.DebugString() << ", want an error with " << c.want.text();
      continue;
    }
    EXPECT_EQ(got.kind(), c.want.kind()) << where << " = " << got.DebugString();
    if (c.want.is(ValueKind::kDouble) && std::isnan(c.want.double_value())) {
      EXPECT_TRUE(got.is(ValueKind::kDouble) && std::isnan(got.double_value())) << where;
      continue;
    }
    EXPECT_TRUE(Equal(got, c.want)) << where << " = " << got.DebugString() << ", want "
                                    << c.want.DebugString();
  }
}

// ------------------------------------------------------------------ registry vs. schema

TEST(BuiltinRegistry, EveryOverloadInFunctionsSchemaHasABuiltin) {
  const check::Schema& schema = check::Schema::Builtin();
  std::set<std::string> schema_ids;
  size_t overloads = 0;
  for (const auto& [name, list] : schema.functions()) {
    for (const check::Overload& o : list) {
      ++overloads;
      schema_ids.insert(o.id);
      const BuiltinEntry* e = FindBuiltinEntry(o.id);
      EXPECT_NE(e, nullptr) << "no runtime builtin for overload id '" << o.id << "' of " << name;
      if (e == nullptr) continue;
      EXPECT_EQ(std::strlen(e->params), o.params.size())
          << o.id << ": the builtin's arity differs from the schema's";
      // Timestamp and duration parameters are kind-checked ('t', 'D'), so that dyn dispatch
      // tells `timestamp - timestamp` from `timestamp - duration`.
      for (size_t i = 0; i < o.params.size() && i < std::strlen(e->params); ++i) {
        if (o.params[i].kind() == check::Type::Kind::kTimestamp) EXPECT_EQ(e->params[i], 't') << o.id;
        if (o.params[i].kind() == check::Type::Kind::kDuration) EXPECT_EQ(e->params[i], 'D') << o.id;
      }
      EXPECT_NE(FindBuiltin(o.id), nullptr);
    }
  }
  EXPECT_GT(overloads, 200u);  // 224 when written: the schema was read
  // And nothing registered that the schema does not declare (a typo would hide a missing one).
  for (const BuiltinEntry& e : AllBuiltins()) {
    EXPECT_TRUE(schema_ids.count(e.id)) << "builtin '" << e.id << "' is not in functions.schema";
  }
  // Ids are unique.
  for (size_t i = 1; i < AllBuiltins().size(); ++i) {
    EXPECT_STRNE(AllBuiltins()[i - 1].id, AllBuiltins()[i].id);
  }
}

TEST(BuiltinRegistry, LookupAndCheckedCalls) {
  EXPECT_EQ(FindBuiltin("no_such_overload_id"), nullptr);
  ASSERT_NE(FindBuiltin("add_int64"), nullptr);
  Value forty = I(40), two = I(2);
  const Value* args[] = {&forty, &two};
  EXPECT_TRUE(Equal((*FindBuiltin("add_int64"))(BuiltinArgs(args), 2, nullptr), I(42)));
  // CallBuiltin checks arity and kinds, and passes error arguments through.
  EXPECT_EQ(Call("add_int64", {I(1), U(1)}).text(), "no such overload");
  EXPECT_EQ(Call("add_int64", {I(1)}).text(), "no such overload");
  EXPECT_EQ(Call("add_int64", {Value::Error("boom"), I(1)}).text(), "boom");
}

// --------------------------------------------------------------------------- arithmetic

TEST(BuiltinArithmetic, IntegerMath) {
  RunCases({
      {"add_int64", {I(40), I(2)}, I(42)},                      // add_positive_positive
      {"add_int64", {I(-4), I(-2)}, I(-6)},                     // add_negative_negative
      {"subtract_int64", {I(42), I(-22)}, I(64)},               // sub_positive_negative
      {"multiply_int64", {I(40), I(-2)}, I(-80)},               // multiply_positive_negative
      {"divide_int64", {I(-20), I(2)}, I(-10)},                 // divide_positive_negative
      {"modulo_int64", {I(43), I(-5)}, I(3)},                   // mod_positive_negative
      {"modulo_int64", {I(-42), I(-5)}, I(-2)},                 // mod_negative_negative
      {"modulo_int64", {I(-3), I(5)}, I(-3)},                   // mod_negative_positive
      {"negate_int64", {I(-42)}, I(42)},                        // unary_minus_neg
      {"negate_int64", {I(0)}, I(0)},                           // negative_zero
      {"modulo_int64", {I(34), I(0)}, Err("modulus by zero")},  // mod_zero
      {"divide_int64", {I(15), I(0)}, Err("division by zero")}, // divide_zero
      {"add_int64", {I(kMaxInt), I(1)}, Err("overflow")},       // int64_overflow_positive
      {"subtract_int64", {I(kMinInt), I(1)}, Err("overflow")},  // int64_overflow_negative
      {"add_int64", {I(kMinInt), I(-1)}, Err("overflow")},      // int64_overflow_add_negative
      {"subtract_int64", {I(1), I(-kMaxInt)}, Err("overflow")}, // int64_overflow_sub_positive
      {"negate_int64", {I(kMinInt)}, Err("overflow")},          // int64_min_negate
      {"multiply_int64", {I(kMinInt), I(-1)}, Err("overflow")}, // int64_min_negate_mul
      {"divide_int64", {I(kMinInt), I(-1)}, Err("overflow")},   // int64_min_negate_div
      {"modulo_int64", {I(kMinInt), I(-1)}, Err("overflow")},
      {"multiply_int64", {I(5000000000), I(5000000000)}, Err("overflow")},
      {"multiply_int64", {I(-5000000000), I(5000000000)}, Err("overflow")},
      {"add_uint64", {U(42), U(2)}, U(44)},
      {"subtract_uint64", {U(42), U(12)}, U(30)},
      {"multiply_uint64", {U(40), U(2)}, U(80)},
      {"divide_uint64", {U(60), U(2)}, U(30)},
      {"modulo_uint64", {U(42), U(5)}, U(2)},
      {"modulo_uint64", {U(34), U(0)}, Err("modulus by zero")},
      {"divide_uint64", {U(15), U(0)}, Err("division by zero")},
      {"add_uint64", {U(kMaxUint), U(1)}, Err("unsigned integer overflow")},
      {"subtract_uint64", {U(0), U(1)}, Err("unsigned integer overflow")},
      {"multiply_uint64", {U(5000000000), U(5000000000)}, Err("unsigned integer overflow")},
  });
}

TEST(BuiltinArithmetic, FloatingPointAndConcatenation) {
  double inf = std::numeric_limits<double>::infinity();
  RunCases({
      {"add_double", {D(4.25), D(15.25)}, D(19.5)},
      {"subtract_double", {D(-4.875), D(-0.125)}, D(-4.75)},
      {"multiply_double", {D(40.75), D(-2.25)}, D(-91.6875)},
      {"divide_double", {D(-8.875), D(-0.0625)}, D(142)},
      {"divide_double", {D(15.75), D(0.0)}, D(inf)},             // divide_zero
      {"multiply_double", {D(2.0), D(8.988466e+307)}, D(inf)},   // fp_overflow_positive
      {"divide_double", {D(std::numeric_limits<double>::denorm_min()), D(2.0)}, D(0)},  // fp_underflow
      {"negate_double", {D(-1.25)}, D(1.25)},
      {"divide_double", {D(0.0), D(0.0)}, D(NAN)},
      {"add_string", {S("¢"), S("ÿ")}, S("¢ÿ")},
      {"add_bytes", {Y("abc"), Y("def")}, Y("abcdef")},
      {"add_list", {L({I(1)}), L({S("a"), I(2)})}, L({I(1), S("a"), I(2)})},
      {"add_list", {L({}), L({})}, L({})},
  });
}

// --------------------------------------------------------------------------- comparison

TEST(BuiltinComparison, OrderingEqualityAndMembership) {
  RunCases({
      {"less_bool", {B(false), B(true)}, B(true)},
      {"less_int64", {I(-1), I(0)}, B(true)},
      {"less_int64_uint64", {I(-1), U(0)}, B(true)},
      {"less_uint64_int64", {U(kMaxUint), I(kMaxInt)}, B(false)},
      {"less_int64_double", {I(1), D(1.5)}, B(true)},
      {"less_double_int64", {D(NAN), I(1)}, B(false)},
      {"greater_equals_double_int64", {D(NAN), I(1)}, B(false)},
      {"less_equals_uint64_double", {U(2), D(2.0)}, B(true)},
      {"greater_double_uint64", {D(-0.5), U(0)}, B(false)},
      {"greater_int64", {I(2), I(1)}, B(true)},
      {"greater_equals_uint64", {U(1), U(1)}, B(true)},
      {"less_string", {S("a"), S("b")}, B(true)},
      {"less_string", {S("a"), S("a")}, B(false)},
      {"greater_bytes", {Y("b"), Y("a")}, B(true)},
      {"less_equals_string", {S("abc"), S("abd")}, B(true)},
      {"equals", {I(1), D(1.0)}, B(true)},
      {"equals", {L({I(1)}), L({U(1)})}, B(true)},
      {"not_equals", {S("a"), Y("a")}, B(true)},
      {"in_list", {I(2), L({U(1), D(2.0)})}, B(true)},
      {"in_list", {S("x"), L({})}, B(false)},
      {"in_map", {U(1), M({{I(1), S("one")}})}, B(true)},
      {"in_map", {S("k"), M({{S("j"), I(1)}})}, B(false)},
      {"logical_not", {B(true)}, B(false)},
      {"logical_and", {B(true), B(false)}, B(false)},
      {"logical_or", {B(true), B(false)}, B(true)},
      {"conditional", {B(false), I(1), S("b")}, S("b")},
  });
}

// ---------------------------------------------------------------------- index and size

TEST(BuiltinCollections, IndexAndSize) {
  Value list = L({S("a"), S("b")});
  Value map = M({{S("k"), I(1)}, {I(2), S("two")}});
  RunCases({
      {"index_list", {list, I(1)}, S("b")},
      {"index_list", {list, I(2)}, Err("index out of range: 2")},
      {"index_list", {list, I(-1)}, Err("index out of range: -1")},
      {"index_list_uint", {list, U(0)}, S("a")},
      {"index_list_uint", {list, U(kMaxUint)}, Err("index out of range")},
      {"index_list_double", {list, D(1.0)}, S("b")},
      {"index_list_double", {list, D(0.5)}, Err("unsupported index value")},
      {"index_map", {map, S("k")}, I(1)},
      {"index_map", {map, D(2.0)}, S("two")},
      {"index_map", {map, S("x")}, Err("no such key: x")},
      {"size_string", {S("")}, I(0)},           // string size empty
      {"size_string", {S("πέντε")}, I(5)},      // string size unicode
      {"string_size", {S("🐱😀")}, I(2)},
      {"size_bytes", {Y("abc")}, I(3)},         // string size bytes
      {"bytes_size", {Y("")}, I(0)},
      {"size_list", {list}, I(2)},
      {"list_size", {L({})}, I(0)},
      {"size_map", {map}, I(2)},
      {"map_size", {M({})}, I(0)},
  });
}

// ------------------------------------------------------------------------------ strings

TEST(BuiltinStrings, StandardFunctions) {
  RunCases({
      {"contains_string", {S("abababc"), S("ababc")}, B(true)},  // contains_multiple
      {"contains_string", {S(""), S("")}, B(true)},
      {"contains_string", {S("hello"), S("ol")}, B(false)},
      {"starts_with_string", {S("завтра"), S("за")}, B(true)},
      {"starts_with_string", {S(""), S("foo")}, B(false)},
      {"ends_with_string", {S("forté"), S("té")}, B(true)},
      {"ends_with_string", {S("foobar"), S("foo")}, B(false)},
      {"ends_with_string", {S("a"), S("abc")}, B(false)},
      {"matches_string", {S("hubba"), S("ubb")}, B(true)},       // partial match
      {"matches_string", {S(""), S("foo|bar")}, B(false)},
      {"matches_string", {S("banana"), S("ba(na)*")}, B(true)},
      {"matches_string", {S("mañana"), S("a+ñ+a+")}, B(true)},
      {"matches_string", {S("🐱😀😀"), S("(a|😀){2}")}, B(true)},
      {"matches", {S("abc"), S("^b")}, B(false)},
      {"matches", {S("abc"), S("(")}, Err("invalid regular expression")},
  });
}

TEST(BuiltinStrings, Extension) {
  RunCases({
      {"char_at", {S("tacocat"), I(3)}, S("o")},
      {"char_at", {S("tacocat"), I(7)}, S("")},
      {"char_at", {S("©αT"), I(1)}, S("α")},
      {"char_at", {S("tacocat"), I(30)}, Err("index out of range: 30")},
      {"char_at", {S("tacocat"), I(-1)}, Err("index out of range: -1")},
      {"index_of", {S("tacocat"), S("")}, I(0)},
      {"index_of", {S("tacocat"), S("ac")}, I(1)},
      {"index_of", {S("tacocat"), S("none")}, I(-1)},
      {"index_of_offset", {S("tacocat"), S(""), I(3)}, I(3)},
      {"index_of_offset", {S("tacocat"), S("a"), I(3)}, I(5)},
      {"index_of", {S("ta©o©αT"), S("©")}, I(2)},
      {"index_of_offset", {S("ta©o©αT"), S("©αT"), I(3)}, I(4)},
      {"index_of_offset", {S("ta©o©αT"), S("©α"), I(5)}, I(-1)},
      {"index_of_offset", {S("tacocat"), S("a"), I(30)}, Err("index out of range: 30")},
      {"last_index_of", {S(""), S("@@")}, I(-1)},
      {"last_index_of", {S("tacocat"), S("")}, I(7)},
      {"last_index_of", {S("tacocat"), S("at")}, I(5)},
      {"last_index_of_offset", {S("tacocat"), S(""), I(3)}, I(3)},
      {"last_index_of_offset", {S("tacocat"), S("a"), I(3)}, I(1)},
      {"last_index_of", {S("ta©o©αT"), S("©")}, I(4)},
      {"last_index_of_offset", {S("ta©o©αT"), S("©"), I(3)}, I(2)},
      {"last_index_of_offset", {S("ta©o©αT"), S("©α"), I(4)}, I(4)},
      {"last_index_of_offset", {S("bananananana"), S("nana"), I(7)}, I(6)},
      {"last_index_of_offset", {S("tacocat"), S("a"), I(-1)}, Err("index out of range: -1")},
      {"last_index_of_offset", {S("tacocat"), S("a"), I(30)}, Err("index out of range: 30")},
      {"substring", {S("tacocat"), I(4)}, S("cat")},
      {"substring", {S("tacocat"), I(7)}, S("")},
      {"substring_range", {S("tacocat"), I(0), I(4)}, S("taco")},
      {"substring_range", {S("ta©o©αT"), I(2), I(6)}, S("©o©α")},
      {"substring_range", {S("ta©o©αT"), I(7), I(7)}, S("")},
      {"substring", {S("tacocat"), I(40)}, Err("index out of range: 40")},
      {"substring", {S("tacocat"), I(-1)}, Err("index out of range: -1")},
      {"substring_range", {S("tacocat"), I(1), I(50)}, Err("index out of range: 50")},
      {"substring_range", {S("tacocat"), I(49), I(50)}, Err("index out of range: 49")},
      {"substring_range", {S("tacocat"), I(4), I(3)}, Err("invalid substring range. start: 4, end: 3")},
      {"split", {S("hello world"), S(" ")}, L({S("hello"), S("world")})},
      {"split", {S("a,b,"), S(",")}, L({S("a"), S("b"), S("")})},
      {"split", {S(""), S(",")}, L({S("")})},
      {"split", {S("a©b"), S("")}, L({S("a"), S("©"), S("b")})},
      {"split_limit", {S("hello world events!"), S(" "), I(0)}, L({})},
      {"split_limit", {S("hello world events!"), S(" "), I(1)}, L({S("hello world events!")})},
      {"split_limit", {S("hello world events!"), S(" "), I(2)}, L({S("hello"), S("world events!")})},
      {"split_limit", {S("o©o©o©o"), S("©"), I(-1)}, L({S("o"), S("o"), S("o"), S("o")})},
      {"split_limit", {S("abc"), S(""), I(2)}, L({S("a"), S("bc")})},
      {"replace", {S("{0} days {0} hours"), S("{0}"), S("2")}, S("2 days 2 hours")},
      {"replace_limit", {S("{0} days {0} hours"), S("{0}"), S("2"), I(1)}, S("2 days {0} hours")},
      {"replace_limit", {S("aaa"), S("a"), S("b"), I(0)}, S("aaa")},
      {"replace", {S("1 ©αT taco"), S("αT"), S("o©α")}, S("1 ©o©α taco")},
      {"replace", {S("ab"), S(""), S("-")}, S("-a-b-")},
      {"replace_limit", {S("ab"), S(""), S("-"), I(2)}, S("-a-b")},
      {"trim", {S(" \f\n\r\t\vtext  ")}, S("text")},
      {"trim", {S("\u0085\u00a0\u1680text")}, S("text")},
      {"trim", {S("\u200atext\u2028\u2029\u202F\u205F\u3000")}, S("text")},
      {"trim", {S("\u180etext\u200b")}, S("\u180etext\u200b")},  // unicode_no_trim
      {"lower_ascii", {S("TacoCÆt Xii")}, S("tacocÆt xii")},
      {"upper_ascii", {S("tacoCαt xii")}, S("TACOCαT XII")},
      {"join", {L({S("x"), S("y")})}, S("xy")},
      {"join_separator", {L({S("x"), S("y")}), S("-")}, S("x-y")},
      {"join_separator", {L({}), S("-")}, S("")},
      {"join", {L({S("x"), I(1)})}, Err("not a string")},
  });
}

// -------------------------------------------------------------------------- conversions

TEST(BuiltinConversions, Conformance) {
  RunCases({
      {"int64_to_double", {I(-9007199254740992)}, D(-9007199254740992.0)},  // int_min_exact
      {"int64_to_double", {I(kMaxInt)}, D(9223372036854775807.0)},          // int_range
      {"uint64_to_double", {U(kMaxUint)}, D(18446744073709551615.0)},       // uint_range
      {"string_to_double", {S("-0.0")}, D(0)},
      {"string_to_double", {S("6.02214e23")}, D(6.02214e23)},
      {"string_to_double", {S("-5.43e-21")}, D(-5.43e-21)},
      {"string_to_double", {S("1e999")}, Err("out of range")},
      {"string_to_double", {S(" 1")}, Err("cannot convert")},
      {"string_to_double", {S("1x")}, Err("cannot convert")},
      {"uint64_to_int64", {U(9223372036854775807ull)}, I(kMaxInt)},         // uint_max_exact
      {"uint64_to_int64", {U(kMaxUint)}, Err("integer overflow")},          // uint_range
      {"double_to_int64", {D(-123.456)}, I(-123)},                          // double_round_neg
      {"double_to_int64", {D(11.5)}, I(11)},                                // double_half_pos
      {"double_to_int64", {D(-3.5)}, I(-3)},                                // double_half_neg
      {"double_to_int64", {D(36028797018963968.0)}, I(36028797018963968)},  // double_big_exact
      {"double_to_int64", {D(9223372036854775807.0)}, Err("overflow")},     // double_int_max_range
      {"double_to_int64", {D(-9223372036854775808.0)}, Err("overflow")},    // double_int_min_range
      {"double_to_int64", {D(1e99)}, Err("overflow")},                      // double_range
      {"double_to_int64", {D(NAN)}, Err("overflow")},
      {"string_to_int64", {S("987")}, I(987)},
      {"string_to_int64", {S("-9223372036854775808")}, I(kMinInt)},
      {"string_to_int64", {S("+5")}, I(5)},
      {"string_to_int64", {S("9223372036854775808")}, Err("overflow")},
      {"string_to_int64", {S("1.5")}, Err("cannot convert")},
      {"string_to_int64", {S("")}, Err("cannot convert")},
      {"string_to_int64", {S("+-1")}, Err("cannot convert")},
      {"int64_to_uint64", {I(kMaxInt)}, U(9223372036854775807ull)},         // int_max
      {"int64_to_uint64", {I(-1)}, Err("unsigned integer overflow")},       // int_neg
      {"double_to_uint64", {D(3.14159265)}, U(3)},
      {"double_to_uint64", {D(25.5)}, U(25)},
      {"double_to_uint64", {D(6.022e23)}, Err("overflow")},                 // double_range_beyond_uint
      {"double_to_uint64", {D(-1.0)}, Err("overflow")},
      {"string_to_uint64", {S("300")}, U(300)},
      {"string_to_uint64", {S("-1")}, Err("cannot convert")},
      {"string_to_uint64", {S("18446744073709551616")}, Err("overflow")},
      {"int64_to_string", {I(-456)}, S("-456")},
      {"uint64_to_string", {U(9876)}, S("9876")},
      {"double_to_string", {D(123.456)}, S("123.456")},
      {"double_to_string", {D(-4.5e-3)}, S("-0.0045")},                     // double_hard
      {"double_to_string", {D(1e6)}, S("1e+06")},
      {"double_to_string", {D(123456.0)}, S("123456")},
      {"double_to_string", {D(1.5e-5)}, S("1.5e-05")},
      {"double_to_string", {D(1e100)}, S("1e+100")},
      {"double_to_string", {D(0.0)}, S("0")},
      {"double_to_string", {D(NAN)}, S("NaN")},
      {"double_to_string", {D(-std::numeric_limits<double>::infinity())}, S("-Inf")},
      {"bool_to_string", {B(true)}, S("true")},
      {"bytes_to_string", {Y("\303\277")}, S("\u00ff")},                    // bytes_unicode
      {"bytes_to_string", {Value::Bytes(std::string("\000\xff", 2))}, Err("invalid UTF-8")},
      {"string_to_bytes", {S("ÿ")}, Y("\303\277")},
      {"string_to_bool", {S("1")}, B(true)},
      {"string_to_bool", {S("True")}, B(true)},
      {"string_to_bool", {S("f")}, B(false)},
      {"string_to_bool", {S("FALSE")}, B(false)},
      {"string_to_bool", {S("TrUe")}, Err("cannot convert")},               // string_true_badcase
      {"int64_to_int64", {I(1)}, I(1)},
      {"uint64_to_uint64", {U(1)}, U(1)},
      {"double_to_double", {D(5.5)}, D(5.5)},
      {"string_to_string", {S("hello")}, S("hello")},
      {"bool_to_bool", {B(true)}, B(true)},
      {"bytes_to_bytes", {Y("a")}, Y("a")},
      {"to_dyn", {L({I(1)})}, L({I(1)})},
      {"type", {I(1)}, Value::Type("int")},
      {"type", {M({})}, Value::Type("map")},
      {"type", {Value::Null()}, Value::Type("null_type")},
  });
}

// ------------------------------------------------------------------------------- time

// Expected values from tests/data/cel-conformance/timestamps.json where a case exists.

Value Ts(int64_t seconds, int64_t nanos = 0) { return Value::Timestamp(seconds, nanos); }
Value Dur(int64_t seconds, int64_t nanos = 0) { return Value::Duration(seconds, nanos); }
constexpr int64_t kMinTs = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTs = 253402300799;  // 9999-12-31T23:59:59Z
// int64 nanoseconds, the longest durations: 9223372036.854775807s and -9223372036.854775808s.
const Value kMaxDuration = Dur(9223372036, 854775807);
const Value kMinDuration = Dur(-9223372037, 145224192);

TEST(BuiltinTime, TimestampConversions) {
  RunCases({
      {"string_to_timestamp", {S("2009-02-13T23:31:30Z")}, Ts(1234567890)},
      {"string_to_timestamp", {S("2009-02-13T23:31:30.123456789Z")}, Ts(1234567890, 123456789)},
      {"string_to_timestamp", {S("2009-02-14T01:01:30+01:30")}, Ts(1234567890)},
      {"string_to_timestamp", {S("2009-02-13T20:31:30.5-03:00")}, Ts(1234567890, 500000000)},
      {"string_to_timestamp", {S("2009-02-13t23:31:30z")}, Ts(1234567890)},
      {"string_to_timestamp", {S("2009-02-13T23:31:30.1234567891Z")}, Ts(1234567890, 123456789)},
      {"string_to_timestamp", {S("0001-01-01T00:00:00Z")}, Ts(kMinTs)},
      {"string_to_timestamp", {S("9999-12-31T23:59:59.999999999Z")}, Ts(kMaxTs, 999999999)},
      {"string_to_timestamp", {S("0000-01-01T00:00:00Z")}, Err("out of range")},  // from_string_under
      {"string_to_timestamp", {S("0001-01-01T00:00:00+01:00")}, Err("out of range")},
      {"string_to_timestamp", {S("10000-01-01T00:00:00Z")}, Err("invalid timestamp")},  // from_string_over
      {"string_to_timestamp", {S("2009-02-30T00:00:00Z")}, Err("invalid timestamp \"2009-02-30")},
      {"string_to_timestamp", {S("2009-02-13T23:31:60Z")}, Err("invalid timestamp")},  // as Go: no :60
      {"string_to_timestamp", {S("2009-02-13T24:00:00Z")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("2009-02-13 23:31:30Z")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("2009-02-13T23:31:30")}, Err("invalid timestamp")},  // no offset
      {"string_to_timestamp", {S("2009-02-13T23:31:30.Z")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("2009-02-13T23:31:30+0100")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("2009-02-13T23:31:30+24:00")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("2009-02-13")}, Err("invalid timestamp")},
      {"string_to_timestamp", {S("")}, Err("invalid timestamp")},
      {"int64_to_timestamp", {I(1234567890)}, Ts(1234567890)},
      {"int64_to_timestamp", {I(kMinTs)}, Ts(kMinTs)},
      {"int64_to_timestamp", {I(kMinTs - 1)}, Err("timestamp out of range")},
      {"int64_to_timestamp", {I(kMaxTs + 1)}, Err("timestamp out of range")},
      {"int64_to_timestamp", {I(kMaxInt)}, Err("timestamp out of range")},
      {"timestamp_to_int64", {Ts(1234567890)}, I(1234567890)},  // toInt_timestamp
      {"timestamp_to_int64", {Ts(-1, 500000000)}, I(-1)},        // toward the past, as Go's Unix()
      {"timestamp_to_string", {Ts(1234567890)}, S("2009-02-13T23:31:30Z")},  // toString_timestamp
      {"timestamp_to_string", {Ts(kMaxTs, 999999999)}, S("9999-12-31T23:59:59.999999999Z")},
      {"timestamp_to_string", {Ts(1234567890, 120000000)}, S("2009-02-13T23:31:30.12Z")},
      {"timestamp_to_string", {Ts(kMinTs)}, S("0001-01-01T00:00:00Z")},
      {"timestamp_to_string", {Ts(-1, 999999999)}, S("1969-12-31T23:59:59.999999999Z")},
      {"timestamp_to_timestamp", {Ts(5, 6)}, Ts(5, 6)},
      {"type", {Ts(0)}, Value::Type("google.protobuf.Timestamp")},  // toType_timestamp
      {"type", {Dur(0)}, Value::Type("google.protobuf.Duration")},   // toType_duration
  });
}

TEST(BuiltinTime, DurationConversions) {
  RunCases({
      {"string_to_duration", {S("1000000s")}, Dur(1000000)},
      {"string_to_duration", {S("1.5s")}, Dur(1, 500000000)},
      {"string_to_duration", {S("-1.5s")}, Dur(-2, 500000000)},
      {"string_to_duration", {S("1h30m")}, Dur(5400)},
      {"string_to_duration", {S("+2h45m10.5s")}, Dur(9910, 500000000)},
      {"string_to_duration", {S("1.5h")}, Dur(5400)},
      {"string_to_duration", {S(".5m")}, Dur(30)},
      {"string_to_duration", {S("300ms")}, Dur(0, 300000000)},
      {"string_to_duration", {S("1us")}, Dur(0, 1000)},
      {"string_to_duration", {S("1\xC2\xB5s")}, Dur(0, 1000)},  // µ, U+00B5
      {"string_to_duration", {S("1\xCE\xBCs")}, Dur(0, 1000)},  // μ, U+03BC
      {"string_to_duration", {S("-999999999ns")}, Dur(-1, 1)},
      {"string_to_duration", {S("123.321456789s")}, Dur(123, 321456789)},
      {"string_to_duration", {S("0")}, Dur(0)},
      {"string_to_duration", {S("-0")}, Dur(0)},
      {"string_to_duration", {S("9223372036.854775807s")}, kMaxDuration},
      {"string_to_duration", {S("-9223372036854775808ns")}, kMinDuration},
      {"string_to_duration", {S("9223372036854775808ns")}, Err("duration out of range")},
      {"string_to_duration", {S("320000000000s")}, Err("out of range")},   // from_string_over
      {"string_to_duration", {S("-320000000000s")}, Err("out of range")},  // from_string_under
      {"string_to_duration", {S("99999999999999999999s")}, Err("out of range")},
      {"string_to_duration", {S("1d")}, Err("unknown unit \"d\"")},
      {"string_to_duration", {S("10")}, Err("missing unit")},
      {"string_to_duration", {S("1s 2m")}, Err("unknown unit")},
      {"string_to_duration", {S("")}, Err("invalid duration")},
      {"string_to_duration", {S("-")}, Err("invalid duration")},
      {"string_to_duration", {S(".s")}, Err("invalid duration")},
      {"string_to_duration", {S("s")}, Err("invalid duration")},
      {"duration_to_string", {Dur(1000000)}, S("1000000s")},  // toString_duration
      {"duration_to_string", {Dur(1, 500000000)}, S("1.5s")},
      {"duration_to_string", {Dur(-2, 500000000)}, S("-1.5s")},
      {"duration_to_string", {Dur(-1, 999999999)}, S("-0.000000001s")},
      {"duration_to_string", {Dur(0)}, S("0s")},
      {"duration_to_string", {kMinDuration}, S("-9223372036.854775808s")},
      {"duration_to_duration", {Dur(3)}, Dur(3)},
  });
}

TEST(BuiltinTime, ArithmeticAndRanges) {
  RunCases({
      {"add_timestamp_duration", {Ts(1234566000), Dur(240)}, Ts(1234566240)},  // add_duration_to_time
      {"add_duration_timestamp", {Dur(120), Ts(1234566060)}, Ts(1234566180)},  // add_time_to_duration
      {"add_duration_duration", {Dur(600), Dur(50)}, Dur(650)},
      // add_time_to_duration_nanos_negative / _positive
      {"add_timestamp_duration", {Ts(kMinTs + 1, 1), Dur(-1, 1)}, Ts(kMinTs, 2)},
      {"add_timestamp_duration", {Ts(kMinTs + 1, 999999999), Dur(0, 999999999)}, Ts(kMinTs + 2, 999999998)},
      {"subtract_timestamp_duration", {Ts(1234567800), Dur(600)}, Ts(1234567200)},
      {"subtract_timestamp_duration", {Ts(0), kMinDuration}, Ts(9223372036, 854775808)},
      {"subtract_timestamp_timestamp", {Ts(1234567860), Ts(1234567740)}, Dur(120)},
      {"subtract_timestamp_timestamp", {Ts(0), Ts(0, 1)}, Dur(-1, 999999999)},
      {"subtract_duration_duration", {Dur(900), Dur(42)}, Dur(858)},
      // timestamp_range
      {"add_timestamp_duration", {Ts(kMinTs), Dur(-1)}, Err("timestamp out of range")},
      {"add_timestamp_duration", {Ts(kMaxTs), Dur(1)}, Err("timestamp out of range")},
      {"add_timestamp_duration", {Ts(kMaxTs, 999999999), Dur(0, 1)}, Err("out of range")},
      {"add_timestamp_duration", {Ts(kMinTs), Dur(-1, 999999999)}, Err("out of range")},
      {"add_duration_timestamp", {Dur(1), Ts(kMaxTs)}, Err("out of range")},
      {"subtract_timestamp_duration", {Ts(kMinTs), Dur(0, 1)}, Err("out of range")},
      {"subtract_timestamp_timestamp", {Ts(kMaxTs), Ts(kMinTs)}, Err("duration out of range")},
      {"subtract_timestamp_timestamp", {Ts(kMinTs), Ts(kMaxTs)}, Err("duration out of range")},
      // duration_range
      {"add_duration_duration", {kMaxDuration, Dur(0, 1)}, Err("duration out of range")},
      {"add_duration_duration", {kMinDuration, Dur(-1, 999999999)}, Err("duration out of range")},
      {"subtract_duration_duration", {kMinDuration, Dur(0, 1)}, Err("duration out of range")},
      {"subtract_duration_duration", {Dur(0), kMinDuration}, Err("duration out of range")},
      {"add_duration_duration", {kMaxDuration, kMinDuration}, Dur(-1, 999999999)},
      // A hand-built duration longer than int64 nanoseconds is refused, not wrapped.
      {"add_duration_duration", {Dur(kMaxInt / 2), Dur(0)}, Err("duration out of range")},
  });
}

TEST(BuiltinTime, OrderingAndEquality) {
  RunCases({
      {"less_timestamp", {Ts(1, 0), Ts(1, 1)}, B(true)},
      {"less_timestamp", {Ts(-1, 999999999), Ts(0)}, B(true)},
      {"less_equals_timestamp", {Ts(5), Ts(5)}, B(true)},
      {"less_equals_timestamp", {Ts(5, 1), Ts(5)}, B(false)},
      {"greater_timestamp", {Ts(6), Ts(5)}, B(true)},
      {"greater_equals_timestamp", {Ts(4), Ts(5)}, B(false)},
      {"less_duration", {Dur(-2, 500000000), Dur(-1)}, B(true)},  // -1.5s < -1s
      {"less_equals_duration", {Dur(300), Dur(200)}, B(false)},
      {"greater_duration", {Dur(300), Dur(200)}, B(true)},
      {"greater_equals_duration", {Dur(200), Dur(200)}, B(true)},
      {"less_timestamp", {Ts(1), Dur(1)}, Err("no such overload")},
      {"less_duration", {Dur(1), I(1)}, Err("no such overload")},
      {"equals", {Ts(1, 2), Ts(1, 2)}, B(true)},
      {"equals", {Ts(1), Dur(1)}, B(false)},
      {"equals", {Ts(1234567890), S("2009-02-13T23:31:30Z")}, B(false)},
      {"not_equals", {Dur(60), Dur(3600)}, B(true)},
  });
}

TEST(BuiltinTime, DurationGetters) {
  RunCases({
      {"duration_to_hours", {Dur(10000)}, I(2)},                        // get_hours
      {"duration_to_minutes", {Dur(3730)}, I(62)},                      // get_minutes
      {"duration_to_seconds", {Dur(3730)}, I(3730)},                    // get_seconds
      {"duration_to_milliseconds", {Dur(123, 321456789)}, I(321)},      // get_milliseconds
      {"duration_to_seconds", {Dur(-2, 500000000)}, I(-1)},             // -1.5s: toward zero
      {"duration_to_milliseconds", {Dur(-2, 500000000)}, I(-500)},
      {"duration_to_hours", {Dur(-3601)}, I(-1)},
  });
}

TEST(BuiltinTime, CalendarFields) {
  Value t = Ts(1234567890);        // 2009-02-13T23:31:30Z, a Friday
  Value early = Ts(1234490400);    // 2009-02-13T02:00:00Z
  Value millis = Ts(1234567880, 123456789);
  RunCases({
      // timestamp_selectors
      {"timestamp_to_year", {t}, I(2009)},
      {"timestamp_to_month", {t}, I(1)},
      {"timestamp_to_day_of_year", {t}, I(43)},
      {"timestamp_to_day_of_month", {t}, I(12)},
      {"timestamp_to_day_of_month_1_based", {t}, I(13)},
      {"timestamp_to_day_of_week", {t}, I(5)},
      {"timestamp_to_hours", {t}, I(23)},
      {"timestamp_to_minutes", {t}, I(31)},
      {"timestamp_to_seconds", {t}, I(30)},
      {"timestamp_to_milliseconds", {millis}, I(123)},
      // timestamp_selectors_tz
      {"timestamp_to_day_of_month_1_based_with_tz", {t, S("Australia/Sydney")}, I(14)},
      {"timestamp_to_day_of_month_with_tz", {t, S("US/Central")}, I(12)},
      {"timestamp_to_day_of_month_with_tz", {t, S("+11:00")}, I(13)},
      {"timestamp_to_day_of_month_with_tz", {early, S("-02:30")}, I(11)},
      {"timestamp_to_day_of_month_with_tz", {early, S("America/St_Johns")}, I(11)},
      {"timestamp_to_day_of_week_with_tz", {t, S("UTC")}, I(5)},
      {"timestamp_to_day_of_year_with_tz", {t, S("US/Central")}, I(43)},
      {"timestamp_to_year_with_tz", {t, S("-09:30")}, I(2009)},
      {"timestamp_to_hours_with_tz", {t, S("02:00")}, I(1)},
      {"timestamp_to_minutes_with_tz", {t, S("Asia/Kathmandu")}, I(16)},
      {"timestamp_to_month_with_tz", {t, S("UTC")}, I(1)},
      {"timestamp_to_seconds_with_tz", {t, S("-00:00")}, I(30)},
      {"timestamp_to_milliseconds_with_tz", {millis, S("Asia/Kathmandu")}, I(123)},
      {"timestamp_to_hours_with_tz", {t, S("-0:30")}, I(23)},
      {"timestamp_to_hours_with_tz", {t, S("")}, I(23)},  // Go reads "" as UTC
      // 2009-01-01T03:00:00Z is 2008-12-31 in New York: day 365 of a leap year, a Wednesday.
      {"timestamp_to_year_with_tz", {Ts(1230778800), S("America/New_York")}, I(2008)},
      {"timestamp_to_day_of_year_with_tz", {Ts(1230778800), S("America/New_York")}, I(365)},
      {"timestamp_to_day_of_week_with_tz", {Ts(1230778800), S("America/New_York")}, I(3)},
      // Daylight saving time: Sydney is UTC+11 in February, UTC+10 on 2009-07-01T00:00:00Z.
      {"timestamp_to_hours_with_tz", {Ts(1246406400), S("Australia/Sydney")}, I(10)},
      // Year 1 seen from west of Greenwich is year 0.
      {"timestamp_to_year_with_tz", {Ts(kMinTs), S("-01:00")}, I(0)},
      {"timestamp_to_hours_with_tz", {t, S("Mars/Olympus_Mons")}, Err("unknown time zone \"Mars/Olympus_Mons\"")},
      {"timestamp_to_hours_with_tz", {t, S("/etc/passwd")}, Err("unknown time zone")},
      {"timestamp_to_hours_with_tz", {t, S("../../../etc/passwd")}, Err("unknown time zone")},
      {"timestamp_to_hours_with_tz", {t, S("localtime")}, Err("unknown time zone")},
      {"timestamp_to_hours_with_tz", {t, S("America")}, Err("unknown time zone")},  // a directory
      {"timestamp_to_hours_with_tz", {t, S("+24:00")}, Err("invalid time zone offset \"+24:00\"")},
      {"timestamp_to_hours_with_tz", {t, S("+1:5")}, Err("invalid time zone offset")},
      {"timestamp_to_hours_with_tz", {t, S("ab:cd")}, Err("invalid time zone offset")},
      {"timestamp_to_hours_with_tz", {t, S("+123:00")}, Err("invalid time zone offset")},
  });
}

// ---------------------------------------------------------------------------- network

TEST(BuiltinNetwork, IpAndCidr) {
  RunCases({
      {"ip", {S("10.0.0.1")}, S("10.0.0.1")},
      {"ip", {S("2001:DB8:0:0::1")}, S("2001:db8::1")},
      {"ip", {S("10.0.0")}, Err("parse error")},
      {"ip", {S("::ffff:1.2.3.4")}, Err("parse error")},
      {"ip", {S("fe80::1%eth0")}, Err("parse error")},
      {"is_ip", {S("::1")}, B(true)},
      {"is_ip", {S("256.0.0.1")}, B(false)},
      {"ip_family", {S("10.0.0.1")}, I(4)},
      {"ip_family", {S("::1")}, I(6)},
      {"ip_is_loopback", {S("127.0.0.2")}, B(true)},
      {"ip_is_loopback", {S("::1")}, B(true)},
      {"ip_is_loopback", {S("10.0.0.1")}, B(false)},
      {"ip_is_unspecified", {S("0.0.0.0")}, B(true)},
      {"ip_is_unspecified", {S("::")}, B(true)},
      {"ip_is_global_unicast", {S("8.8.8.8")}, B(true)},
      {"ip_is_global_unicast", {S("2001:db8::1")}, B(true)},
      {"ip_is_global_unicast", {S("255.255.255.255")}, B(false)},
      {"ip_is_global_unicast", {S("224.0.0.1")}, B(false)},
      {"ip_is_global_unicast", {S("169.254.1.1")}, B(false)},
      {"ip_is_link_local_unicast", {S("169.254.1.1")}, B(true)},
      {"ip_is_link_local_unicast", {S("fe80::1")}, B(true)},
      {"ip_is_link_local_unicast", {S("fec0::1")}, B(false)},
      {"ip_to_string", {S("10.0.0.1")}, S("10.0.0.1")},
      {"cidr", {S("10.0.0.0/8")}, S("10.0.0.0/8")},
      {"cidr", {S("2001:DB8::/32")}, S("2001:db8::/32")},
      {"cidr", {S("10.0.0.0/33")}, Err("parse error")},
      {"cidr", {S("10.0.0.0")}, Err("parse error")},
      {"cidr", {S("10.0.0.0/08")}, Err("parse error")},
      {"is_cidr", {S("::/0")}, B(true)},
      {"is_cidr", {S("1.2.3.4/")}, B(false)},
      {"cidr_contains_ip_string", {S("10.0.0.0/8"), S("10.255.0.1")}, B(true)},
      {"cidr_contains_ip_string", {S("10.0.0.0/8"), S("11.0.0.1")}, B(false)},
      {"cidr_contains_ip_string", {S("10.0.0.0/8"), S("nope")}, Err("parse error")},
      {"cidr_contains_ip", {S("192.168.0.0/23"), S("192.168.1.255")}, B(true)},
      {"cidr_contains_ip", {S("192.168.0.0/23"), S("192.168.2.0")}, B(false)},
      {"cidr_contains_ip", {S("0.0.0.0/0"), S("1.2.3.4")}, B(true)},
      {"cidr_contains_ip", {S("0.0.0.0/0"), S("::1")}, B(false)},     // families never mix
      {"cidr_contains_ip", {S("2001:db8::/32"), S("2001:db8:ffff::1")}, B(true)},
      {"cidr_contains_ip", {S("2001:db8::/33"), S("2001:db8:8000::1")}, B(false)},
      {"cidr_contains_ip", {S("fe80::/10"), S("febf::1")}, B(true)},
      {"cidr_contains_cidr", {S("10.0.0.0/8"), S("10.1.0.0/16")}, B(true)},
      {"cidr_contains_cidr", {S("10.1.0.0/16"), S("10.0.0.0/8")}, B(false)},
      {"cidr_contains_cidr_string", {S("10.0.0.0/8"), S("10.0.0.0/8")}, B(true)},
      {"cidr_contains_cidr_string", {S("10.0.0.0/8"), S("bad")}, Err("parse error")},
      {"cidr_prefix_length", {S("10.0.0.0/8")}, I(8)},
      {"cidr_ip", {S("192.168.0.1/24")}, S("192.168.0.1")},
      {"cidr_to_string", {S("2001:db8::/32")}, S("2001:db8::/32")},
      {"string_in_cidr", {S("10.1.2.3"), S("10.0.0.0/8")}, B(true)},
      {"string_in_cidr", {S("::1"), S("::1/128")}, B(true)},
      {"string_in_cidr", {S("10.1.2.3"), S("10.0.0.0/33")}, Err("parse error")},
  });
}

// ----------------------------------------------------------------------------- semver

TEST(BuiltinSemver, ParseAndPrecedence) {
  RunCases({
      {"semver", {S("v1.2.3")}, S("1.2.3")},
      {"semver", {S("1.0.0-alpha.1+build.5")}, S("1.0.0-alpha.1+build.5")},
      {"semver", {S("1.2")}, Err("invalid semantic version")},
      {"semver", {S("01.2.3")}, Err("invalid semantic version")},
      {"semver", {S("1.2.3-01")}, Err("invalid semantic version")},
      {"semver", {S("1.2.3-")}, Err("invalid semantic version")},
      {"semver", {S("1.2.3+")}, Err("invalid semantic version")},
      {"is_semver", {S("2.17.1")}, B(true)},
      {"is_semver", {S("1.2.3.4")}, B(false)},
      {"is_semver", {S("99999999999999999999.0.0")}, B(false)},
      {"semver_major", {S("2.17.1")}, I(2)},
      {"semver_minor", {S("2.17.1")}, I(17)},
      {"semver_patch", {S("2.17.1")}, I(1)},
      {"semver_to_string", {S("v2.0.0")}, S("2.0.0")},
      {"less_semver", {S("2.14.1"), S("2.17.1")}, B(true)},
      {"less_semver", {S("2.9.0"), S("2.17.0")}, B(true)},   // numeric, not lexical
      {"less_semver", {S("2.17.1"), S("2.17.1")}, B(false)},
      {"less_equals_semver", {S("2.17.1"), S("v2.17.1")}, B(true)},
      {"greater_semver", {S("10.0.0"), S("9.9.9")}, B(true)},
      {"greater_equals_semver", {S("1.0.0-rc.1"), S("1.0.0")}, B(false)},
      // semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta
      //   < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0.
      {"less_semver", {S("1.0.0-alpha"), S("1.0.0-alpha.1")}, B(true)},
      {"less_semver", {S("1.0.0-alpha.1"), S("1.0.0-alpha.beta")}, B(true)},
      {"less_semver", {S("1.0.0-alpha.beta"), S("1.0.0-beta")}, B(true)},
      {"less_semver", {S("1.0.0-beta"), S("1.0.0-beta.2")}, B(true)},
      {"less_semver", {S("1.0.0-beta.2"), S("1.0.0-beta.11")}, B(true)},
      {"less_semver", {S("1.0.0-beta.11"), S("1.0.0-rc.1")}, B(true)},
      {"less_semver", {S("1.0.0-rc.1"), S("1.0.0")}, B(true)},
      {"semver_compare_to", {S("1.0.0+a"), S("1.0.0+b")}, I(0)},  // build metadata ignored
      {"semver_compare_to", {S("1.0.1"), S("1.0.0")}, I(1)},
      {"semver_compare_to", {S("1.0.0"), S("1.0.1")}, I(-1)},
      {"semver_is_less_than", {S("1.0.0"), S("1.0.1")}, B(true)},
      {"semver_is_greater_than", {S("1.0.0"), S("1.0.1")}, B(false)},
      {"less_semver", {S("1.0.0"), S("x")}, Err("invalid semantic version")},
  });
}

// ------------------------------------------------------------------------- kubernetes

Value Container(const char* name) { return M({{S("name"), S(name)}}); }
Value Spec() {
  return M({{S("initContainers"), L({Container("init")})},
            {S("containers"), L({Container("app"), Container("side")})},
            {S("ephemeralContainers"), L({Container("debug")})}});
}
Value Names(const Value& containers) {
  ValueList names;
  for (const Value& c : containers.list()) names.push_back(*MapFind(c.map(), S("name")));
  return L(std::move(names));
}

TEST(BuiltinKubernetes, PodsAndTemplates) {
  Value all = L({S("init"), S("app"), S("side"), S("debug")});
  Value pod = M({{S("kind"), S("Pod")}, {S("spec"), Spec()}});
  Value deployment =
      M({{S("kind"), S("Deployment")},
         {S("spec"), M({{S("template"), M({{S("metadata"), M({})}, {S("spec"), Spec()}})}})}});
  Value cronjob = M(
      {{S("kind"), S("CronJob")},
       {S("spec"),
        M({{S("jobTemplate"),
            M({{S("spec"), M({{S("template"), M({{S("spec"), M({{S("containers"), L({Container("c")})}})}})}})}})}})}});
  Value config_map = M({{S("kind"), S("ConfigMap")}, {S("data"), M({})}});

  EXPECT_TRUE(Equal(Names(Call("containers_object", {pod})), all));
  EXPECT_TRUE(Equal(Names(Call("containers_object", {deployment})), all));
  EXPECT_TRUE(Equal(Names(Call("containers_object", {cronjob})), L({S("c")})));
  EXPECT_TRUE(Equal(Call("containers_object", {config_map}), L({})));
  EXPECT_TRUE(Equal(Names(Call("containers_pod", {pod})), all));
  EXPECT_TRUE(Equal(Call("containers_pod", {Value::Null()}), L({})));
  EXPECT_TRUE(Equal(Names(Call("containers_pod_spec", {Spec()})), all));
  EXPECT_TRUE(Equal(Call("pod_spec", {deployment}), Spec()));
  EXPECT_TRUE(Call("pod_spec", {config_map}).is(ValueKind::kError));
  EXPECT_TRUE(Call("has_pod", {cronjob}).bool_value());
  EXPECT_FALSE(Call("has_pod", {config_map}).bool_value());
  EXPECT_FALSE(Call("has_pod", {M({{S("kind"), S("Deployment")}})}).bool_value());
}

TEST(BuiltinKubernetes, ImageReferences) {
  struct ImageCase {
    const char* image;
    const char* registry;
    const char* repository;
    const char* tag;
    const char* digest;
  };
  const ImageCase cases[] = {
      {"nginx", "docker.io", "library/nginx", "latest", ""},
      {"nginx:1.25", "docker.io", "library/nginx", "1.25", ""},
      {"bitnami/redis:7", "docker.io", "bitnami/redis", "7", ""},
      {"docker.io/nginx", "docker.io", "library/nginx", "latest", ""},
      {"index.docker.io/library/nginx", "docker.io", "library/nginx", "latest", ""},
      {"ghcr.io/org/app/sub:v2", "ghcr.io", "org/app/sub", "v2", ""},
      {"localhost:5000/app", "localhost:5000", "app", "latest", ""},
      {"localhost/app:1", "localhost", "app", "1", ""},
      {"registry.k8s.io/pause@sha256:abc", "registry.k8s.io", "pause", "", "sha256:abc"},
      {"quay.io/a/b:1.0@sha256:def", "quay.io", "a/b", "1.0", "sha256:def"},
  };
  for (const ImageCase& c : cases) {
    EXPECT_EQ(Call("image_registry", {S(c.image)}).text(), c.registry) << c.image;
    EXPECT_EQ(Call("image_repository", {S(c.image)}).text(), c.repository) << c.image;
    EXPECT_EQ(Call("image_tag", {S(c.image)}).text(), c.tag) << c.image;
    EXPECT_EQ(Call("image_digest", {S(c.image)}).text(), c.digest) << c.image;
  }
}

TEST(BuiltinKubernetes, VulnerabilityData) {
  EXPECT_EQ(Call("image_vulns", {S("nginx")}).text(), "no vulnerability data loaded");
  EXPECT_EQ(Call("image_scanned", {S("nginx")}).text(), "no vulnerability data loaded");

  static const Value kVulns = L({M({{S("id"), S("CVE-2021-44228")}})});
  BuiltinContext ctx;
  ctx.find_image_vulns = [](const void* data, const std::string& image) -> const Value* {
    return image == *static_cast<const std::string*>(data) ? &kVulns : nullptr;
  };
  std::string scanned = "nginx:1.25";
  ctx.vulnerability_data = &scanned;
  EXPECT_TRUE(Equal(Call("image_vulns", {S("nginx:1.25")}, &ctx), kVulns));
  EXPECT_TRUE(Equal(Call("image_vulns", {S("redis")}, &ctx), L({})));
  EXPECT_TRUE(Call("image_scanned", {S("nginx:1.25")}, &ctx).bool_value());
  EXPECT_FALSE(Call("image_scanned", {S("redis")}, &ctx).bool_value());
}

// ------------------------------------------------------------------------------- glob

TEST(BuiltinGlob, PatternsAndPaths) {
  RunCases({
      {"glob", {S("/usr/bin/bash"), S("/usr/bin/*sh")}, B(true)},
      {"glob", {S("/usr/bin/sh"), S("/usr/bin/*sh")}, B(true)},
      {"glob", {S("/usr/bin/x/bash"), S("/usr/bin/*sh")}, B(false)},   // * stays in a segment
      {"glob", {S("/opt/app/a/b/c"), S("/opt/app/**")}, B(true)},
      {"glob", {S("/opt/app/"), S("/opt/app/**")}, B(true)},
      {"glob", {S("/opt/other/a"), S("/opt/app/**")}, B(false)},
      {"glob", {S("/a/b"), S("/a/**/b")}, B(true)},                     // **/ matches no segment
      {"glob", {S("/a/x/y/b"), S("/a/**/b")}, B(true)},
      {"glob", {S("/a/xb"), S("/a/**/b")}, B(false)},
      {"glob", {S("/a/x.log"), S("**.log")}, B(true)},
      {"glob", {S("/tmp/ab"), S("/tmp/a?")}, B(true)},
      {"glob", {S("/tmp/a/"), S("/tmp/a?")}, B(false)},                 // ? never matches '/'
      {"glob", {S("/tmp/é"), S("/tmp/?")}, B(true)},                    // one code point
      {"glob", {S("/dev/sda"), S("/dev/sd[abc]")}, B(true)},
      {"glob", {S("/dev/sdd"), S("/dev/sd[a-c]")}, B(false)},
      {"glob", {S("/dev/sdd"), S("/dev/sd[!a-c]")}, B(true)},
      {"glob", {S("/dev/sdd"), S("/dev/sd[^d]")}, B(false)},
      {"glob", {S("a]"), S("[]]]")}, B(false)},
      {"glob", {S("]"), S("[]]")}, B(true)},
      {"glob", {S("/x/*"), S("/x/\\*")}, B(true)},
      {"glob", {S("/x/y"), S("/x/\\*")}, B(false)},
      {"glob", {S(""), S("")}, B(true)},
      {"glob", {S("a"), S("")}, B(false)},
      {"glob", {S("abc"), S("a*b*c*")}, B(true)},
      {"glob", {S("a"), S("[a")}, Err("invalid glob pattern")},
      {"glob", {S("a"), S("a\\")}, Err("invalid glob pattern")},
      {"glob_global", {S("/etc/passwd"), S("/etc/*")}, B(true)},
      {"dirname", {S("/usr/bin/sh")}, S("/usr/bin")},
      {"dirname", {S("/usr/bin/")}, S("/usr")},
      {"dirname", {S("/sh")}, S("/")},
      {"dirname", {S("sh")}, S(".")},
      {"dirname", {S("/")}, S("/")},
      {"dirname", {S("")}, S(".")},
      {"basename", {S("/usr/bin/sh")}, S("sh")},
      {"basename", {S("/usr/bin/")}, S("bin")},
      {"basename", {S("sh")}, S("sh")},
      {"basename", {S("/")}, S("/")},
      {"basename", {S("")}, S(".")},
  });
}

}  // namespace
}  // namespace rampart::runtime
