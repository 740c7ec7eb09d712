#include "runtime/value/time_values.h"

#include <absl/time/time.h>

#include <limits>

#include "compiler/source/quoting.h"

namespace rampart::runtime {
namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of the two digits at s[i], s[i+1] (callers checked they are digits).
int TwoDigits(std::string_view s, size_t i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); }

// Go's RFC 3339 layout, checked before Abseil parses it: Abseil's %Y takes any number of
// digits and a sign, and it accepts a leap second (:60) that Go rejects. Abseil then rejects
// impossible dates (February 30) and converts the offset.
bool HasRfc3339Shape(std::string_view s) {
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (!IsDigit(s[i])) return false;
    }
    return true;
  };
  // 2009-02-13T23:31:30
  if (!digits(0, 4) || s.size() < 19 || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2) || (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' ||
      !digits(14, 2) || s[16] != ':' || !digits(17, 2)) {
    return false;
  }
  if (TwoDigits(s, 11) > 23 || TwoDigits(s, 14) > 59 || TwoDigits(s, 17) > 59) return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i + 1 == s.size() && (s[i] == 'Z' || s[i] == 'z')) return true;
  // ±hh:mm
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(i + 1, 2) &&
         s[i + 3] == ':' && digits(i + 4, 2) && TwoDigits(s, i + 1) <= 23 &&
         TwoDigits(s, i + 4) <= 59;
}

Value BadDuration(std::string_view text, const std::string& why) {
  return Value::Error("invalid duration " + source::QuoteCelString(std::string(text)) + ": " + why);
}
Value DurationOutOfRange(std::string_view text) {
  return Value::Error("duration out of range: " + source::QuoteCelString(std::string(text)));
}

// Nanoseconds per unit of Go's duration syntax.
uint64_t UnitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return 1000;  // µ (U+00B5), μ (U+03BC)
  if (unit == "ms") return 1000000;
  if (unit == "s") return kNanosPerSecond;
  if (unit == "m") return 60 * kNanosPerSecond;
  if (unit == "h") return 3600 * kNanosPerSecond;
  return 0;
}

}  // namespace

Value TimestampInRange(int64_t seconds, int64_t nanos) {
  Value t = Value::Timestamp(seconds, nanos);
  if (t.seconds() < kMinTimestampSeconds || t.seconds() > kMaxTimestampSeconds) {
    return Value::Error("timestamp out of range");
  }
  return t;
}

Value DurationFromNanos(int64_t nanos) { return Value::Duration(0, nanos); }

bool DurationNanos(const Value& duration, int64_t* nanos) {
  __int128 total = static_cast<__int128>(duration.seconds()) * kNanosPerSecond + duration.nanos();
  if (total < std::numeric_limits<int64_t>::min() || total > std::numeric_limits<int64_t>::max()) {
    return false;
  }
  *nanos = static_cast<int64_t>(total);
  return true;
}

Value ParseTimestamp(std::string_view text) {
  absl::Time t;
  std::string error;
  // Debian's Abseil has its own string_view (built as C++14), hence the conversion.
  if (!HasRfc3339Shape(text) ||
      !absl::ParseTime(absl::RFC3339_full, absl::string_view(text.data(), text.size()), &t, &error)) {
    return Value::Error("invalid timestamp " + source::QuoteCelString(std::string(text)) +
                        ": want RFC 3339 text such as 2024-01-01T00:00:00Z");
  }
  // Four-digit years keep `t` far inside Abseil's range, so these conversions are exact.
  int64_t seconds = absl::ToUnixSeconds(t);  // rounds toward the past: the fraction is >= 0
  int64_t nanos = absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds));
  Value v = TimestampInRange(seconds, nanos);
  if (v.is(ValueKind::kError)) {
    return Value::Error("timestamp out of range: " + source::QuoteCelString(std::string(text)));
  }
  return v;
}

std::string FormatTimestamp(const Value& timestamp) {
  absl::Time t = absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  // %4Y: year 1 prints as 0001. %E*S: seconds with as many fraction digits as needed, none
  // for whole seconds.
  return absl::FormatTime("%4Y-%m-%dT%H:%M:%E*SZ", t, absl::UTCTimeZone());
}

// A transcription of Go's time.ParseDuration (including its float arithmetic for fractions,
// so that results match cel-go to the nanosecond); overflow is a range error.
Value ParseDuration(std::string_view text) {
  constexpr uint64_t kLimit = uint64_t{1} << 63;  // |int64 min|
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return Value::Duration(0, 0);
  if (s.empty()) return BadDuration(text, "want a number and a unit, as in 1.5s or 1h30m");
  uint64_t total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigit(s[0]))) return BadDuration(text, "want a number before each unit");
    // The integer part.
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (whole > kLimit / 10) return DurationOutOfRange(text);
      whole = whole * 10 + static_cast<uint64_t>(s[i] - '0');
      if (whole > kLimit) return DurationOutOfRange(text);
    }
    bool has_whole = i > 0;
    s.remove_prefix(i);
    // The fraction: digits past what fits are ignored, as Go does.
    uint64_t fraction = 0;
    double scale = 1;
    bool has_fraction = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      bool overflow = false;
      for (i = 0; i < s.size() && IsDigit(s[i]); ++i) {
        if (overflow) continue;
        if (fraction > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t next = fraction * 10 + static_cast<uint64_t>(s[i] - '0');
        if (next > kLimit) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      has_fraction = i > 0;
      s.remove_prefix(i);
    }
    if (!has_whole && !has_fraction) return BadDuration(text, "want digits around the '.'");
    // The unit: everything up to the next number.
    for (i = 0; i < s.size() && s[i] != '.' && !IsDigit(s[i]); ++i) {
    }
    if (i == 0) return BadDuration(text, "missing unit (h, m, s, ms, us, ns)");
    uint64_t unit = UnitNanos(s.substr(0, i));
    if (unit == 0) {
      return BadDuration(text, "unknown unit " + source::QuoteCelString(std::string(s.substr(0, i))) +
                                   " (want h, m, s, ms, us, ns)");
    }
    s.remove_prefix(i);
    if (whole > kLimit / unit) return DurationOutOfRange(text);
    whole *= unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) * (static_cast<double>(unit) / scale));
      if (whole > kLimit) return DurationOutOfRange(text);
    }
    total += whole;
    if (total > kLimit) return DurationOutOfRange(text);
  }
  if (negative) return DurationFromNanos(static_cast<int64_t>(0 - total));  // two's complement
  if (total > kLimit - 1) return DurationOutOfRange(text);
  return DurationFromNanos(static_cast<int64_t>(total));
}

std::string FormatDuration(const Value& duration) {
  // Magnitude as whole seconds and nanoseconds (nanos() is the floor remainder).
  bool negative = duration.seconds() < 0;
  uint64_t seconds = static_cast<uint64_t>(duration.seconds());
  uint32_t nanos = static_cast<uint32_t>(duration.nanos());
  if (negative) {
    seconds = 0 - seconds;  // |seconds|, also for int64 min
    if (nanos > 0) {
      --seconds;
      nanos = kNanosPerSecond - nanos;
    }
  }
  std::string out = (negative ? "-" : "") + std::to_string(seconds);
  if (nanos > 0) {
    std::string fraction = std::to_string(nanos);
    fraction.insert(0, 9 - fraction.size(), '0');
    fraction.erase(fraction.find_last_not_of('0') + 1);
    out += "." + fraction;
  }
  return out + "s";
}

}  // namespace rampart::runtime
