// The calendar getters of timestamps (getFullYear, getMonth, ... getMilliseconds), in UTC or
// in the time zone their argument names. As cel-go: month, day of year and getDayOfMonth
// count from 0, getDate from 1, day of week from Sunday = 0.
//
// A zone argument is an IANA name ("Australia/Sydney", "US/Central", "UTC") or, when it
// contains ':', a fixed offset from UTC: [+|-]hh:mm ("+11:00", "-02:30", "02:00"). Names are
// resolved by Abseil (cctz) from the system's tzdata; an unknown name is an error value.

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <sys/stat.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>

#include "compiler/source/quoting.h"
#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [+|-]h:mm or [+|-]hh:mm, hours below 24.
bool ParseOffset(const std::string& text, absl::TimeZone* zone) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  size_t colon = text.find(':', i);
  size_t hour_digits = colon - i;
  if (colon == std::string::npos || hour_digits < 1 || hour_digits > 2 || text.size() != colon + 3) {
    return false;
  }
  for (size_t k = i; k < text.size(); ++k) {
    if (k != colon && !IsDigit(text[k])) return false;
  }
  int hours = std::atoi(text.substr(i, hour_digits).c_str());
  int minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
  if (hours > 23 || minutes > 59) return false;
  int seconds = (hours * 60 + minutes) * 60;
  *zone = absl::FixedTimeZone(negative ? -seconds : seconds);
  return true;
}

// A name that can only mean a file under the zoneinfo directory. Abseil would also take an
// absolute path or "file:..." and read any file; Go's time.LoadLocation rejects those too.
// "localtime" (Abseil: the machine's zone) is refused so that a policy means the same on
// every machine.
bool PlausibleZoneName(const std::string& name) {
  if (name.empty() || name.size() > 255 || name[0] == '/' || name.find("..") != std::string::npos ||
      name == "localtime") {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '/' ||
              c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

bool ZoneFileExists(const std::string& name) {
  const char* dir = std::getenv("TZDIR");  // where cctz looks too
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") + "/" + name;
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// An IANA zone by name. Loaded zones are cached here. A name is only handed to Abseil when
// its file exists: Abseil remembers every name it was asked for, including failures, and
// zone arguments may come from input data, so unknown names must not reach it.
bool LoadZone(const std::string& name, absl::TimeZone* zone) {
  static std::mutex mu;
  static auto* loaded = new std::unordered_map<std::string, absl::TimeZone>();
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = loaded->find(name);
    if (it != loaded->end()) {
      *zone = it->second;
      return true;
    }
  }
  if (!PlausibleZoneName(name) || !ZoneFileExists(name) || !absl::LoadTimeZone(name, zone)) {
    return false;
  }
  std::lock_guard<std::mutex> lock(mu);
  loaded->emplace(name, *zone);
  return true;
}

// Sets `*zone` to the zone `text` names and returns null, or returns an error value naming it.
Value ResolveZone(const std::string& text, absl::TimeZone* zone) {
  if (text.find(':') != std::string::npos) {
    if (ParseOffset(text, zone)) return Value::Null();
    return Value::Error("invalid time zone offset " + source::QuoteCelString(text) +
                        ": want [+|-]hh:mm, as in -02:30");
  }
  // Go's time.LoadLocation reads "" as UTC; "UTC" needs no tzdata.
  if (text.empty() || text == "UTC") {
    *zone = absl::UTCTimeZone();
    return Value::Null();
  }
  if (LoadZone(text, zone)) return Value::Null();
  return Value::Error("unknown time zone " + source::QuoteCelString(text) +
                      " (want an IANA name such as America/New_York, or an offset such as +02:00)");
}

enum Field { kYear, kMonth, kDayOfYear, kDayOfMonth, kDate, kDayOfWeek, kHours, kMinutes, kSeconds, kMilliseconds };

int64_t FieldOf(Field field, const Value& timestamp, const absl::TimeZone& zone) {
  absl::Time t = absl::FromUnixSeconds(timestamp.seconds());
  absl::CivilSecond cs = absl::ToCivilSecond(t, zone);
  switch (field) {
    case kYear: return cs.year();
    case kMonth: return cs.month() - 1;
    case kDayOfYear: return absl::GetYearDay(absl::CivilDay(cs)) - 1;
    case kDayOfMonth: return cs.day() - 1;
    case kDate: return cs.day();
    // absl::Weekday counts from Monday = 0.
    case kDayOfWeek: return (static_cast<int>(absl::GetWeekday(cs)) + 1) % 7;
    case kHours: return cs.hour();
    case kMinutes: return cs.minute();
    case kSeconds: return cs.second();
    // Zone offsets are whole seconds: the fraction is the same in every zone.
    case kMilliseconds: return timestamp.nanos() / 1000000;
  }
  return 0;
}

template <Field kField>
Value InUtc(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(FieldOf(kField, a[0], absl::UTCTimeZone()));
}

template <Field kField>
Value InZone(BuiltinArgs a, size_t, const BuiltinContext*) {
  absl::TimeZone zone;
  Value error = ResolveZone(a[1].text(), &zone);
  if (error.is(ValueKind::kError)) return error;
  return Value::Int(FieldOf(kField, a[0], zone));
}

}  // namespace

RAMPART_BUILTIN_TABLE(TimeFieldsTable,
  {"timestamp_to_year", "t", InUtc<kYear>},
  {"timestamp_to_year_with_tz", "ts", InZone<kYear>},
  {"timestamp_to_month", "t", InUtc<kMonth>},
  {"timestamp_to_month_with_tz", "ts", InZone<kMonth>},
  {"timestamp_to_day_of_year", "t", InUtc<kDayOfYear>},
  {"timestamp_to_day_of_year_with_tz", "ts", InZone<kDayOfYear>},
  {"timestamp_to_day_of_month", "t", InUtc<kDayOfMonth>},
  {"timestamp_to_day_of_month_with_tz", "ts", InZone<kDayOfMonth>},
  {"timestamp_to_day_of_month_1_based", "t", InUtc<kDate>},
  {"timestamp_to_day_of_month_1_based_with_tz", "ts", InZone<kDate>},
  {"timestamp_to_day_of_week", "t", InUtc<kDayOfWeek>},
  {"timestamp_to_day_of_week_with_tz", "ts", InZone<kDayOfWeek>},
  {"timestamp_to_hours", "t", InUtc<kHours>},
  {"timestamp_to_hours_with_tz", "ts", InZone<kHours>},
  {"timestamp_to_minutes", "t", InUtc<kMinutes>},
  {"timestamp_to_minutes_with_tz", "ts", InZone<kMinutes>},
  {"timestamp_to_seconds", "t", InUtc<kSeconds>},
  {"timestamp_to_seconds_with_tz", "ts", InZone<kSeconds>},
  {"timestamp_to_milliseconds", "t", InUtc<kMilliseconds>},
  {"timestamp_to_milliseconds_with_tz", "ts", InZone<kMilliseconds>})

}  // namespace rampart::runtime::builtins_internal
