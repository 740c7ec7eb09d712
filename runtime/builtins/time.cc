// Timestamps and durations: conversions, arithmetic, ordering and the duration getters
// (cel-spec langdef.md "Timestamps and durations", cel-go's behaviour). The calendar getters
// of timestamps, which need time zones, are in time_fields.cc; text forms and ranges in
// runtime/value/time_values.h. Results outside CEL's ranges are errors whose message says
// "out of range", as the conformance suite expects.

#include <limits>
#include <optional>

#include "runtime/builtins/tables.h"
#include "runtime/value/time_values.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime::builtins_internal {
namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

Value DurationOutOfRange() { return Value::Error("duration out of range"); }

enum Op { kLess, kLessEquals, kGreater, kGreaterEquals };

// Both arguments are timestamps, or both durations (the kinds were checked).
template <Op kOp>
Value Relation(BuiltinArgs a, size_t, const BuiltinContext*) {
  int c = *Compare(a[0], a[1]);
  switch (kOp) {
    case kLess: return Value::Bool(c < 0);
    case kLessEquals: return Value::Bool(c <= 0);
    case kGreater: return Value::Bool(c > 0);
    case kGreaterEquals: return Value::Bool(c >= 0);
  }
  return Value::Bool(false);
}

// `timestamp` moved by `duration` (backwards when `subtract`). Splitting the duration into
// seconds and nanoseconds keeps every intermediate far from overflow.
Value Shift(const Value& timestamp, const Value& duration, bool subtract) {
  int64_t nanos;
  if (!DurationNanos(duration, &nanos)) return DurationOutOfRange();
  int64_t seconds = nanos / kNanosPerSecond;
  int64_t rest = nanos % kNanosPerSecond;
  if (subtract) {
    seconds = -seconds;
    rest = -rest;
  }
  return TimestampInRange(timestamp.seconds() + seconds, timestamp.nanos() + rest);
}

Value AddTimestampDuration(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Shift(a[0], a[1], false);
}
Value AddDurationTimestamp(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Shift(a[1], a[0], false);
}
Value SubtractTimestampDuration(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Shift(a[0], a[1], true);
}

Value AddDurationDuration(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t x, y, sum;
  if (!DurationNanos(a[0], &x) || !DurationNanos(a[1], &y) || __builtin_add_overflow(x, y, &sum)) {
    return DurationOutOfRange();
  }
  return DurationFromNanos(sum);
}
Value SubtractDurationDuration(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t x, y, difference;
  if (!DurationNanos(a[0], &x) || !DurationNanos(a[1], &y) ||
      __builtin_sub_overflow(x, y, &difference)) {
    return DurationOutOfRange();
  }
  return DurationFromNanos(difference);
}
// Two timestamps in range can be 9998 years apart, more than a duration holds.
Value SubtractTimestampTimestamp(BuiltinArgs a, size_t, const BuiltinContext*) {
  __int128 nanos = (static_cast<__int128>(a[0].seconds()) - a[1].seconds()) * kNanosPerSecond +
                   (a[0].nanos() - a[1].nanos());
  if (nanos < std::numeric_limits<int64_t>::min() || nanos > std::numeric_limits<int64_t>::max()) {
    return DurationOutOfRange();
  }
  return DurationFromNanos(static_cast<int64_t>(nanos));
}

Value Identity(BuiltinArgs a, size_t, const BuiltinContext*) { return a[0]; }

// Seconds since the Unix epoch, the fraction dropped (towards the past, as Go's Unix()).
Value TimestampToInt64(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(a[0].seconds());
}
Value Int64ToTimestamp(BuiltinArgs a, size_t, const BuiltinContext*) {
  return TimestampInRange(a[0].int_value(), 0);
}
Value StringToTimestamp(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ParseTimestamp(a[0].text());
}
Value TimestampToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(FormatTimestamp(a[0]));
}
Value StringToDuration(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ParseDuration(a[0].text());
}
Value DurationToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::String(FormatDuration(a[0]));
}

// Duration getters. Hours, minutes and seconds are the whole duration in that unit,
// truncated toward zero (cel-go); milliseconds are only the millisecond part of the
// fraction (cel-spec, conformance duration_converters/get_milliseconds: 123.321456789s → 321).
template <int64_t kUnitNanos>
Value DurationIn(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t nanos;
  if (!DurationNanos(a[0], &nanos)) return DurationOutOfRange();
  return Value::Int(nanos / kUnitNanos);
}
Value DurationMilliseconds(BuiltinArgs a, size_t, const BuiltinContext*) {
  int64_t nanos;
  if (!DurationNanos(a[0], &nanos)) return DurationOutOfRange();
  return Value::Int(nanos % kNanosPerSecond / 1000000);
}

}  // namespace

// `t` is a timestamp argument, `D` a duration (builtin.h).
RAMPART_BUILTIN_TABLE(TimeTable,
  {"less_timestamp", "tt", Relation<kLess>},
  {"less_duration", "DD", Relation<kLess>},
  {"less_equals_timestamp", "tt", Relation<kLessEquals>},
  {"less_equals_duration", "DD", Relation<kLessEquals>},
  {"greater_timestamp", "tt", Relation<kGreater>},
  {"greater_duration", "DD", Relation<kGreater>},
  {"greater_equals_timestamp", "tt", Relation<kGreaterEquals>},
  {"greater_equals_duration", "DD", Relation<kGreaterEquals>},
  {"add_timestamp_duration", "tD", AddTimestampDuration},
  {"add_duration_timestamp", "Dt", AddDurationTimestamp},
  {"add_duration_duration", "DD", AddDurationDuration},
  {"subtract_timestamp_timestamp", "tt", SubtractTimestampTimestamp},
  {"subtract_timestamp_duration", "tD", SubtractTimestampDuration},
  {"subtract_duration_duration", "DD", SubtractDurationDuration},
  {"timestamp_to_int64", "t", TimestampToInt64},
  {"timestamp_to_string", "t", TimestampToString},
  {"duration_to_string", "D", DurationToString},
  {"timestamp_to_timestamp", "t", Identity},
  {"string_to_timestamp", "s", StringToTimestamp},
  {"int64_to_timestamp", "i", Int64ToTimestamp},
  {"duration_to_duration", "D", Identity},
  {"string_to_duration", "s", StringToDuration},
  {"duration_to_hours", "D", DurationIn<3600 * kNanosPerSecond>},
  {"duration_to_minutes", "D", DurationIn<60 * kNanosPerSecond>},
  {"duration_to_seconds", "D", DurationIn<kNanosPerSecond>},
  {"duration_to_milliseconds", "D", DurationMilliseconds})

}  // namespace rampart::runtime::builtins_internal
