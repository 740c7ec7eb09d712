// ops::CallRef answers common builtins (==, !=, in, map index, int comparisons, startsWith,
// endsWith) without the builtin table. Its answers must be the table's for every pair of
// argument kinds — the fast path may only take kinds it knows and must leave the rest,
// errors included, to the builtin. Compared here over a grid of values of every kind.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "runtime/builtins/registry.h"
#include "runtime/exec/ops.h"
#include "runtime/value/value_ops.h"
#include "tests/support/ops_harness.h"

namespace rampart::runtime {
namespace {

// What ops::Call gave through the builtin table alone: a first error argument wins, then a
// kind mismatch is an error, else the builtin.
Value TableAnswer(const std::string& id, const Value* const* args) {
  for (int i = 0; i < 2; ++i) {
    if (args[i]->is(ValueKind::kError)) return *args[i];
  }
  const BuiltinEntry* entry = FindBuiltinEntry(id);
  const BuiltinArgs vals(args);
  if (!ArgumentsMatch(*entry, vals, 2)) return Value::Error("no matching overload for '" + id + "'");
  return entry->fn(vals, 2, nullptr);
}

std::string Show(const Value& v) {
  return std::string(ValueKindName(v.kind())) + ":" + (v.is(ValueKind::kError) ? v.text() : v.DebugString());
}

std::vector<Value> Samples(const Value& constant_list) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {
      Value::Null(), Value::Bool(true), Value::Bool(false), Value::Int(0), Value::Int(-7), Value::Int(8080),
      Value::Int(std::numeric_limits<int64_t>::min()), Value::Uint(0), Value::Uint(8080), Value::Double(8080.0),
      Value::Double(nan), Value::String(""), Value::String("app"), Value::String("ap"), Value::String("apps"),
      Value::String("curl"), Value::String("ünï"), Value::String(std::string("a\0b", 3)), Value::Bytes("app"),
      Value::Error("boom"), Value::Error("other"), Value::List({}), Value::List({Value::String("app"), Value::Int(1)}),
      constant_list, Value::Map({}),
      Value::Map({{Value::String("app"), Value::String("api")}, {Value::String("tier"), Value::Int(3)}}),
      Value::Map({{Value::Int(1), Value::String("one")}, {Value::String(""), Value::Null()}}),
      Value::Timestamp(5), Value::Duration(5), Value::Type("int"),
  };
}

TEST(FastCalls, AnswerAsTheBuiltinTableForEveryPairOfKinds) {
  const std::vector<std::string> ids = {
      "equals", "not_equals", "in_list", "in_map", "index_map", "less_int64", "less_equals_int64",
      "greater_int64", "greater_equals_int64", "starts_with_string", "ends_with_string"};
  testing::OpsHarness h;
  h.program.overloads = ids;
  h.program.globals.push_back({"tools", ir::kNone});
  std::string error;
  ASSERT_TRUE(h.Resolve(&error)) << error;
  ops::ProgramTables& tables = h.tables;
  for (uint32_t o = 0; o < ids.size(); ++o) {
    EXPECT_NE(tables.fast_calls[o], ops::FastCall::kNone) << ids[o] << " has no fast path to test";
  }
  // A constant list long enough to be answered from a hash set.
  tables.globals[0] = Value::List({Value::String("curl"), Value::String("wget"), Value::String("nc"), Value::String(""),
                                   Value::String("ünï"), Value::String("perl"), Value::String("app")});
  tables.IndexGlobals(h.program);
  ASSERT_EQ(tables.string_sets.sets.size(), 1u);

  const std::vector<Value> samples = Samples(tables.globals[0]);
  ops::Evaluation& e = h.e;
  int fast_answers = 0;
  for (uint32_t o = 0; o < ids.size(); ++o) {
    for (const Value& a : samples) {
      for (const Value& b : samples) {
        const Value* args[] = {&a, &b};
        const Value expected = TableAnswer(ids[o], args);
        for (bool first_stable : {false, true}) {
          Value owned = Value::String("stale");
          const Value* answer = ops::CallRef(e, &owned, o, args, 2, first_stable);
          ASSERT_NE(answer, nullptr);
          EXPECT_EQ(Show(*answer), Show(expected)) << ids[o] << "(" << a.DebugString() << ", " << b.DebugString()
                                                   << ") first_stable=" << first_stable;
          if (answer == &ops::kTrueValue || answer == &ops::kFalseValue) ++fast_answers;
          // A value found in the first argument is pointed at only when that argument is stable.
          if (answer != &owned && answer != &ops::kTrueValue && answer != &ops::kFalseValue) {
            EXPECT_TRUE(first_stable) << ids[o] << " pointed into an argument that is not stable";
          }
        }
        // ops::Call (the interpreter's) writes the same answer into its register.
        Value dst;
        ops::Call(e, &dst, o, args, 2);
        EXPECT_EQ(Show(dst), Show(expected)) << ids[o];
      }
    }
  }
  EXPECT_GT(fast_answers, 500);  // the fast paths were taken, not only the table
}

// The bool operations answering by address agree with the ones writing a register.
TEST(FastCalls, NotAndOrAndHasAnswerAsTheirRegisterForms) {
  testing::OpsHarness h;
  h.program.strings = {"app", "missing"};
  std::string error;
  ASSERT_TRUE(h.Resolve(&error)) << error;
  ops::Evaluation& e = h.e;
  const std::vector<Value> samples = Samples(Value::List({}));
  for (const Value& x : samples) {
    Value owned, expected;
    ops::Not(&expected, x);
    EXPECT_EQ(Show(*ops::NotRef(&owned, x)), Show(expected)) << x.DebugString();
    for (uint32_t field = 0; field < 2; ++field) {
      ops::Select(e, &expected, x, field, true);
      EXPECT_EQ(Show(*ops::HasRef(e, &owned, x, field)), Show(expected)) << x.DebugString();
    }
    for (const Value& y : samples) {
      for (bool is_or : {false, true}) {
        ops::AndOr(&expected, x, y, is_or);
        EXPECT_EQ(Show(*ops::AndOrRef(&owned, x, y, is_or)), Show(expected)) << x.DebugString() << y.DebugString();
      }
    }
  }
}

}  // namespace
}  // namespace rampart::runtime
