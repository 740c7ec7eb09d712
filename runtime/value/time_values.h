#pragma once
// Timestamps and durations as CEL has them (cel-spec langdef.md, cel-go's behaviour): their
// ranges, their RFC 3339 and duration text, and range-checked construction. Shared by the
// builtins (timestamp(), duration(), string(), arithmetic), Value::DebugString and the
// cel.expr.Value JSON codec.
//
// Ranges: timestamps cover 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z (CEL's);
// durations are what fits int64 nanoseconds (about ±292 years), because cel-go keeps them as
// Go's time.Duration and the conformance suite expects its range errors (a duration of
// 320000000000s, or the 9998 years between the extreme timestamps, is out of range).

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/value/value.h"

namespace rampart::runtime {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the Unix epoch.
inline constexpr int64_t kMinTimestampSeconds = -62135596800;
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;

// A timestamp `seconds` + `nanos` (nanos any value, carried), or the error
// "timestamp out of range" outside CEL's range. `seconds` must be within ±2^62.
Value TimestampInRange(int64_t seconds, int64_t nanos);

// A duration of `nanos` nanoseconds (every int64 is in range).
Value DurationFromNanos(int64_t nanos);
// The length of a duration value in nanoseconds; false when it does not fit int64 (only a
// Value::Duration built by hand can be that long).
bool DurationNanos(const Value& duration, int64_t* nanos);

// Parses RFC 3339 text as Go's time.Parse(time.RFC3339) accepts it: 2009-02-13T23:31:30Z,
// with an optional fraction of any length (truncated to nanoseconds) and a `Z` or ±hh:mm
// offset; `T` and `Z` may be lower case. A timestamp, or an error value that quotes `text`
// ("timestamp out of range" for a valid date outside year 1..9999).
Value ParseTimestamp(std::string_view text);

// RFC 3339 in UTC with `Z` and the fraction's trailing zeros removed, as cel-go's
// string(timestamp): "2009-02-13T23:31:30Z", "9999-12-31T23:59:59.999999999Z".
std::string FormatTimestamp(const Value& timestamp);

// Parses Go duration syntax (time.ParseDuration), which cel-go's duration(string) uses and
// which includes protobuf's JSON form: an optional sign, then one or more decimal numbers
// with a unit each — h, m, s, ms, us (or µs, μs), ns — as in "1h30m", "-1.5s", "300ms";
// "0" needs no unit. A duration, or an error value ("duration out of range" when the
// result does not fit int64 nanoseconds).
Value ParseDuration(std::string_view text);

// Seconds with the fraction's trailing zeros removed, as cel-go's string(duration) and
// protobuf's JSON: "1000000s", "1.5s", "-0.000000001s". Exact; cel-go goes through a double
// and so rounds durations with more than 15 significant digits.
std::string FormatDuration(const Value& duration);

}  // namespace rampart::runtime
