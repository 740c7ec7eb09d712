// CEL value semantics: equality and ordering across numeric kinds, containers, timestamps and
// durations, and JSON decoding. Expected results follow cel-spec's conformance cases
// (comparisons.textproto, timestamps.textproto).

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "runtime/value/cel_json.h"
#include "runtime/value/json.h"
#include "runtime/value/time_values.h"
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

TEST(ValueTime, NormalizedSecondsAndNanos) {
  Value t = Value::Timestamp(10, -1);  // nanos carried: 9s + 999999999ns
  EXPECT_EQ(t.kind(), ValueKind::kTimestamp);
  EXPECT_EQ(t.seconds(), 9);
  EXPECT_EQ(t.nanos(), 999999999);
  Value d = Value::Duration(0, -1500000000);  // -1.5s is -2s + 0.5s
  EXPECT_EQ(d.kind(), ValueKind::kDuration);
  EXPECT_EQ(d.seconds(), -2);
  EXPECT_EQ(d.nanos(), 500000000);
  EXPECT_STREQ(ValueKindName(ValueKind::kTimestamp), "google.protobuf.Timestamp");
  EXPECT_STREQ(ValueKindName(ValueKind::kDuration), "google.protobuf.Duration");
  EXPECT_EQ(Value::Timestamp(1234567890, 5000000).DebugString(), "timestamp(\"2009-02-13T23:31:30.005Z\")");
  EXPECT_EQ(d.DebugString(), "duration(\"-1.5s\")");
}

TEST(ValueTime, EqualityAndOrdering) {
  EXPECT_TRUE(Equal(Value::Timestamp(5, 1), Value::Timestamp(5, 1)));
  EXPECT_FALSE(Equal(Value::Timestamp(5, 1), Value::Timestamp(5, 2)));
  EXPECT_FALSE(Equal(Value::Timestamp(5), Value::Duration(5)));  // different kinds
  EXPECT_FALSE(Equal(Value::Duration(5), Value::Int(5)));
  EXPECT_TRUE(Equal(Value::List({Value::Duration(1)}), Value::List({Value::Duration(0, 1000000000)})));
  EXPECT_EQ(Compare(Value::Timestamp(-1, 999999999), Value::Timestamp(0)), -1);
  EXPECT_EQ(Compare(Value::Timestamp(7, 3), Value::Timestamp(7, 2)), 1);
  EXPECT_EQ(Compare(Value::Duration(0, -1), Value::Duration(0)), -1);
  EXPECT_EQ(Compare(Value::Duration(3), Value::Duration(3)), 0);
  EXPECT_EQ(Compare(Value::Timestamp(1), Value::Duration(1)), std::nullopt);
  EXPECT_EQ(Compare(Value::Timestamp(1), Value::Int(1)), std::nullopt);
}

TEST(ValueTime, TextForms) {
  EXPECT_TRUE(Equal(ParseTimestamp("1970-01-01T00:00:00.000000001+00:00"), Value::Timestamp(0, 1)));
  EXPECT_EQ(FormatTimestamp(Value::Timestamp(kMinTimestampSeconds)), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Value::Timestamp(kMaxTimestampSeconds)), "9999-12-31T23:59:59Z");
  EXPECT_TRUE(ParseTimestamp("2024-13-01T00:00:00Z").is(ValueKind::kError));
  EXPECT_TRUE(Equal(ParseDuration("1m0.5s"), Value::Duration(60, 500000000)));
  EXPECT_EQ(FormatDuration(Value::Duration(0, 10)), "0.00000001s");
  EXPECT_TRUE(TimestampInRange(kMaxTimestampSeconds, 1000000000).is(ValueKind::kError));
  int64_t nanos = 0;
  EXPECT_TRUE(DurationNanos(Value::Duration(-1, 1), &nanos));
  EXPECT_EQ(nanos, -999999999);
  EXPECT_FALSE(DurationNanos(Value::Duration(10000000000), &nanos));  // > 2^63 ns
}

// The conformance suite's encoding: a protobuf Any holding the well-known type's JSON.
TEST(ValueCelJson, TimestampsAndDurationsAsObjectValues) {
  Value doc;
  JsonError err;
  ASSERT_TRUE(ParseJson(R"({"objectValue": {"@type": "type.googleapis.com/google.protobuf.Duration",
                                            "value": "123.321456789s"}})",
                        &doc, &err));
  EXPECT_TRUE(Equal(FromCelValueJson(doc), Value::Duration(123, 321456789)));
  ASSERT_TRUE(ParseJson(R"({"objectValue": {"@type": "type.googleapis.com/google.protobuf.Timestamp",
                                            "value": "2009-02-13T23:31:30Z"}})",
                        &doc, &err));
  EXPECT_TRUE(Equal(FromCelValueJson(doc), Value::Timestamp(1234567890)));
  EXPECT_EQ(ToCelValueJson(Value::Timestamp(1234567890)),
            R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Timestamp","value":"2009-02-13T23:31:30Z"}})");
  EXPECT_EQ(ToCelValueJson(Value::Duration(-2, 500000000)),
            R"({"objectValue":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"-1.5s"}})");
  // Other message types stay unsupported; bad text is an error value.
  ASSERT_TRUE(ParseJson(R"({"objectValue": {"@type": "type.googleapis.com/google.protobuf.Int64Value", "value": "1"}})",
                        &doc, &err));
  EXPECT_TRUE(FromCelValueJson(doc).is(ValueKind::kError));
  ASSERT_TRUE(ParseJson(R"({"objectValue": {"@type": "type.googleapis.com/google.protobuf.Timestamp", "value": "yesterday"}})",
                        &doc, &err));
  EXPECT_TRUE(FromCelValueJson(doc).is(ValueKind::kError));
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

namespace rampart::runtime {
namespace {

// Append/Insert grow storage in place only for a sole owner: a copy made before must not see
// the new element (comprehension results are shared once a `let` or a move holds them).
TEST(ValueGrowth, AppendAndInsertNeverChangeACopy) {
  Value list = Value::List({Value::Int(1)});
  Value copy = list;
  list.Append(Value::Int(2));
  EXPECT_EQ(copy.DebugString(), "[1]");
  EXPECT_EQ(list.DebugString(), "[1, 2]");
  list.Append(Value::Int(3));  // now the sole owner: in place
  EXPECT_EQ(list.DebugString(), "[1, 2, 3]");
  EXPECT_EQ(copy.DebugString(), "[1]");

  Value map = Value::Map({});
  map.Insert(Value::String("a"), Value::Int(1));
  Value map_copy = map;
  map.Insert(Value::String("b"), Value::Int(2));
  EXPECT_EQ(map_copy.DebugString(), R"({"a": 1})");
  EXPECT_EQ(map.DebugString(), R"({"a": 1, "b": 2})");

  Value not_a_list = Value::Null();
  not_a_list.Append(Value::Bool(true));
  EXPECT_EQ(not_a_list.DebugString(), "[true]");
}

}  // namespace
}  // namespace rampart::runtime
