#pragma once
// CEL values for the reference interpreter and the input decoders: null, bool, int, uint,
// double, string, bytes, list, map, timestamp, duration, type and error. Immutable; copying shares storage (a
// Value is a small handle), so values are cheap to pass around and safe to share between
// threads once built.
//
// Semantics follow the CEL language definition: see value_ops.h for equality and ordering.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rampart::runtime {

enum class ValueKind {
  kNull, kBool, kInt, kUint, kDouble, kString, kBytes, kList, kMap,
  kTimestamp,  // google.protobuf.Timestamp
  kDuration,   // google.protobuf.Duration
  kType, kError
};

// "null_type", "bool", "int", ..., "google.protobuf.Timestamp": the type names CEL's type() gives.
const char* ValueKindName(ValueKind k);

class Value;
using ValueList = std::vector<Value>;
// Map entries in insertion order (decoders keep the document order; lookups use MapFind).
using ValueMap = std::vector<std::pair<Value, Value>>;

class Value {
 public:
  Value() : rep_(std::monostate{}) {}  // null
  static Value Null() { return Value(); }
  static Value Bool(bool b) { return Value(Rep(b)); }
  static Value Int(int64_t i) { return Value(Rep(i)); }
  static Value Uint(uint64_t u) { return Value(Rep(UintRep{u})); }
  static Value Double(double d) { return Value(Rep(d)); }
  static Value String(std::string s);
  static Value Bytes(std::string s);
  static Value List(ValueList elements);
  static Value Map(ValueMap entries);
  // A point in time and a signed length of time, both as whole seconds plus nanoseconds
  // (protobuf's Timestamp and Duration). `nanos` may be any value; it is carried into
  // `seconds` so that 0 <= nanos() < 1e9 (for durations too: -1.5s is -2s + 5e8ns, which
  // keeps ordering a plain (seconds, nanos) comparison). The CEL ranges (year 1..9999;
  // durations that fit int64 nanoseconds, as cel-go's) are the builtins' to enforce, with
  // runtime/value/time_values.h.
  static Value Timestamp(int64_t seconds, int64_t nanos = 0);
  static Value Duration(int64_t seconds, int64_t nanos = 0);
  // A type value: `int`, `list`, `map`, `null_type`, a message name.
  static Value Type(std::string name);
  // An evaluation error; CEL errors are values that `&&`, `||` and `?:` may absorb.
  static Value Error(std::string message);

  // Appends to a list (an entry to a map) in place when this Value is the only owner of its
  // storage, else copies first: comprehensions build their results one element at a time,
  // and copying each step would make them quadratic. A non-list (non-map) becomes one.
  void Append(Value element);
  void Insert(Value key, Value value);

  // The variant's alternatives are in ValueKind order. Inline: every operation asks.
  ValueKind kind() const { return static_cast<ValueKind>(rep_.index()); }
  bool is(ValueKind k) const { return kind() == k; }

  bool bool_value() const { return std::get<bool>(rep_); }
  int64_t int_value() const { return std::get<int64_t>(rep_); }
  uint64_t uint_value() const { return std::get<UintRep>(rep_).value; }
  double double_value() const { return std::get<double>(rep_); }
  // The text of a string, the bytes of bytes, the name of a type, the message of an error.
  const std::string& text() const {
    if (auto* s = std::get_if<StringRep>(&rep_)) return *s->text;
    return OtherText();
  }
  const ValueList& list() const { return *std::get<ListRep>(rep_).elements; }
  const ValueMap& map() const { return *std::get<MapRep>(rep_).entries; }
  // Of a timestamp (since the Unix epoch) or a duration; nanos() is in [0, 1e9).
  int64_t seconds() const;
  int32_t nanos() const;

  // A readable rendering for messages and debugging: 1, 2u, 1.5, "s", b"\x00", [..], {..},
  // timestamp("2024-01-01T00:00:00Z"), duration("1.5s").
  std::string DebugString() const;

 private:
  struct UintRep { uint64_t value; };
  struct StringRep { std::shared_ptr<const std::string> text; };
  struct BytesRep { std::shared_ptr<const std::string> text; };
  struct TypeRep { std::shared_ptr<const std::string> name; };
  struct ErrorRep { std::shared_ptr<const std::string> message; };
  struct ListRep { std::shared_ptr<const ValueList> elements; };
  struct MapRep { std::shared_ptr<const ValueMap> entries; };
  struct TimestampRep { int64_t seconds; int32_t nanos; };
  struct DurationRep { int64_t seconds; int32_t nanos; };
  // In ValueKind order (kind() is the index).
  using Rep = std::variant<std::monostate, bool, int64_t, UintRep, double, StringRep, BytesRep,
                           ListRep, MapRep, TimestampRep, DurationRep, TypeRep, ErrorRep>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  const std::string& OtherText() const;  // text() of bytes, types and errors
  Rep rep_;
};

}  // namespace rampart::runtime
