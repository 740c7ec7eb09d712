// Timestamps and durations. The value model has no timestamp or duration kind yet, so every
// overload is registered (the schema promises them) and returns an error value. When the kinds
// arrive (value.h: seconds + nanos, RFC 3339 parse/format, IANA zones), replace NotSupported.

#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

Value NotSupported(const Value*, size_t, const BuiltinContext*) {
  return Value::Error("timestamps not supported yet");
}

}  // namespace

// `*` stands for timestamp or duration: no value kind can match them today.
RAMPART_BUILTIN_TABLE(TimeTable,
  {"less_timestamp", "**", NotSupported},
  {"less_duration", "**", NotSupported},
  {"less_equals_timestamp", "**", NotSupported},
  {"less_equals_duration", "**", NotSupported},
  {"greater_timestamp", "**", NotSupported},
  {"greater_duration", "**", NotSupported},
  {"greater_equals_timestamp", "**", NotSupported},
  {"greater_equals_duration", "**", NotSupported},
  {"add_timestamp_duration", "**", NotSupported},
  {"add_duration_timestamp", "**", NotSupported},
  {"add_duration_duration", "**", NotSupported},
  {"subtract_timestamp_timestamp", "**", NotSupported},
  {"subtract_timestamp_duration", "**", NotSupported},
  {"subtract_duration_duration", "**", NotSupported},
  {"timestamp_to_int64", "*", NotSupported},
  {"timestamp_to_string", "*", NotSupported},
  {"duration_to_string", "*", NotSupported},
  {"timestamp_to_timestamp", "*", NotSupported},
  {"string_to_timestamp", "s", NotSupported},
  {"int64_to_timestamp", "i", NotSupported},
  {"duration_to_duration", "*", NotSupported},
  {"string_to_duration", "s", NotSupported},
  {"timestamp_to_year", "*", NotSupported},
  {"timestamp_to_year_with_tz", "*s", NotSupported},
  {"timestamp_to_month", "*", NotSupported},
  {"timestamp_to_month_with_tz", "*s", NotSupported},
  {"timestamp_to_day_of_year", "*", NotSupported},
  {"timestamp_to_day_of_year_with_tz", "*s", NotSupported},
  {"timestamp_to_day_of_month", "*", NotSupported},
  {"timestamp_to_day_of_month_with_tz", "*s", NotSupported},
  {"timestamp_to_day_of_month_1_based", "*", NotSupported},
  {"timestamp_to_day_of_month_1_based_with_tz", "*s", NotSupported},
  {"timestamp_to_day_of_week", "*", NotSupported},
  {"timestamp_to_day_of_week_with_tz", "*s", NotSupported},
  {"timestamp_to_hours", "*", NotSupported},
  {"timestamp_to_hours_with_tz", "*s", NotSupported},
  {"timestamp_to_minutes", "*", NotSupported},
  {"timestamp_to_minutes_with_tz", "*s", NotSupported},
  {"timestamp_to_seconds", "*", NotSupported},
  {"timestamp_to_seconds_with_tz", "*s", NotSupported},
  {"timestamp_to_milliseconds", "*", NotSupported},
  {"timestamp_to_milliseconds_with_tz", "*s", NotSupported},
  {"duration_to_hours", "*", NotSupported},
  {"duration_to_minutes", "*", NotSupported},
  {"duration_to_seconds", "*", NotSupported},
  {"duration_to_milliseconds", "*", NotSupported})

}  // namespace rampart::runtime::builtins_internal
