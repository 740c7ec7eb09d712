// CEL value semantics: equality and ordering across numeric kinds, containers, and JSON
// decoding. Expected results follow cel-spec's conformance cases (comparisons.textproto).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "runtime/value/json.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

TEST(ValueEquality, HeterogeneousNumbers) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Uint(1)));
  EXPECT_TRUE(Equal(Value::Int(1), Value::Double(1.0)));
  EXPECT_TRUE(Equal(Value::Uint(1), Value::Double(1.0)));
  EXPECT_FALSE(Equal(Value::Int(-1), Value::Uint(std::numeric_limits<uint64_t>::max())));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(1.5)));
  EXPECT_FALSE(Equal(Value::Double(NAN), Value::Double(NAN)));
  // CEL compares an integer with a double by converting it to double (conformance:
  // comparisons/lte_literal/lte_dyn_big_double_int), so int64 max equals 2^63.
  EXPECT_TRUE(Equal(Value::Int(std::numeric_limits<int64_t>::max()), Value::Double(9223372036854775808.0)));
  EXPECT_TRUE(Equal(Value::Uint(9223372036854775808ull), Value::Double(9223372036854775808.0)));
}

TEST(ValueEquality, KindsAndContainers) {
  EXPECT_FALSE(Equal(Value::String("1"), Value::Int(1)));
  EXPECT_TRUE(Equal(Value::Null(), Value::Null()));
  EXPECT_FALSE(Equal(Value::Null(), Value::Bool(false)));
  EXPECT_TRUE(Equal(Value::List({Value::Int(1), Value::String("a")}),
                    Value::List({Value::Double(1.0), Value::String("a")})));
  EXPECT_FALSE(Equal(Value::List({Value::Int(1)}), Value::List({Value::Int(1), Value::Int(2)})));
  Value m1 = Value::Map({{Value::String("a"), Value::Int(1)}, {Value::Int(2), Value::Bool(true)}});
  Value m2 = Value::Map({{Value::Uint(2), Value::Bool(true)}, {Value::String("a"), Value::Uint(1)}});
  EXPECT_TRUE(Equal(m1, m2));  // order-insensitive, numeric keys unify
  EXPECT_TRUE(Equal(Value::Type("int"), Value::Type("int")));
  EXPECT_FALSE(Equal(Value::Bytes("a"), Value::String("a")));
}

TEST(ValueOrdering, NumbersStringsBools) {
  EXPECT_EQ(Compare(Value::Int(-1), Value::Uint(0)), -1);
  EXPECT_EQ(Compare(Value::Uint(std::numeric_limits<uint64_t>::max()), Value::Int(1)), 1);
  EXPECT_EQ(Compare(Value::Double(1.5), Value::Int(1)), 1);
  EXPECT_EQ(Compare(Value::Int(2), Value::Double(1.5)), 1);
  EXPECT_EQ(Compare(Value::Double(-1.5), Value::Int(-1)), -1);
  EXPECT_EQ(Compare(Value::Double(NAN), Value::Int(1)), std::nullopt);
  EXPECT_EQ(Compare(Value::String("a"), Value::String("b")), -1);
  EXPECT_EQ(Compare(Value::String("\xc3\xa9"), Value::String("z")), 1);  // é after z
  EXPECT_EQ(Compare(Value::Bool(false), Value::Bool(true)), -1);
  EXPECT_EQ(Compare(Value::String("a"), Value::Int(1)), std::nullopt);
  EXPECT_EQ(Compare(Value::List({}), Value::List({})), std::nullopt);
}

TEST(ValueJson, DecodesDocuments) {
  Value v;
  JsonError err;
  ASSERT_TRUE(ParseJson(R"({"kind":"Pod","spec":{"containers":[{"name":"a","ports":[{"containerPort":80}]}]},
                          "big":18446744073709551615,"d":1.5,"n":null,"t":true})",
                        &v, &err))
      << err.message;
  ASSERT_TRUE(v.is(ValueKind::kMap));
  EXPECT_EQ(MapFind(v.map(), Value::String("kind"))->text(), "Pod");
  EXPECT_TRUE(MapFind(v.map(), Value::String("big"))->is(ValueKind::kUint));
  EXPECT_TRUE(MapFind(v.map(), Value::String("d"))->is(ValueKind::kDouble));
  EXPECT_TRUE(MapFind(v.map(), Value::String("n"))->is(ValueKind::kNull));
  const Value* spec = MapFind(v.map(), Value::String("spec"));
  const Value& c0 = MapFind(spec->map(), Value::String("containers"))->list()[0];
  EXPECT_EQ(MapFind(c0.map(), Value::String("ports"))->list()[0].DebugString(), "{\"containerPort\": 80}");
}

TEST(ValueJson, RejectsMalformedAndTruncatedInput) {
  Value v;
  JsonError err;
  EXPECT_FALSE(ParseJson(R"({"kind": "Pod", )", &v, &err));
  EXPECT_NE(err.message.find("malformed JSON"), std::string::npos);
  EXPECT_FALSE(ParseJson("", &v, &err));
  EXPECT_FALSE(ParseJson(std::string(5000, '['), &v, &err));  // deeper than simdjson's limit
  EXPECT_FALSE(ParseJson("\"\xff\"", &v, &err));                // invalid UTF-8
}

}  // namespace
}  // namespace rampart::runtime
