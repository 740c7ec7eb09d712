#include "learner/convergence/duration.h"

#include <cstdint>

namespace rampart::learner {

bool ParseDuration(std::string_view text, long long* out, std::string* error) {
  auto fail = [&]() {
    *error = "'" + std::string(text) +
             "' is not a duration: write a positive number and a unit, e.g. 24h, 30m, 1h30m, "
             "7d, 90s (units d, h, m, s, ms)";
    return false;
  };
  long long total = 0;
  size_t i = 0;
  if (text.empty()) return fail();
  while (i < text.size()) {
    long long n = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > INT64_MAX / 10 - 9) return fail();
      n = n * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0) return fail();
    long long unit = 0;
    if (text.substr(i, 2) == "ms") {
      unit = kSecond / 1000;
      i += 2;
    } else if (i < text.size()) {
      switch (text[i]) {
        case 'd':
          unit = kDay;
          break;
        case 'h':
          unit = kHour;
          break;
        case 'm':
          unit = kMinute;
          break;
        case 's':
          unit = kSecond;
          break;
        default:
          return fail();
      }
      ++i;
    } else {
      return fail();
    }
    if (n > (INT64_MAX - total) / unit) return fail();
    total += n * unit;
  }
  if (total <= 0) return fail();
  *out = total;
  return true;
}

std::string DurationText(long long ns) {
  if (ns < 0) ns = 0;
  if (ns < kSecond) return ns == 0 ? "0s" : std::to_string(ns / (kSecond / 1000)) + "ms";
  struct Unit {
    long long size;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{kDay, "d"}, {kHour, "h"}, {kMinute, "m"}, {kSecond, "s"}};
  std::string out;
  int shown = 0;
  for (const Unit& u : kUnits) {
    if (shown == 2) break;
    long long n = ns / u.size;
    if (n == 0) {
      if (shown > 0) break;  // "2d" not "2d0h"; the next unit would be out of order
      continue;
    }
    out += std::to_string(n) + u.name;
    ns -= n * u.size;
    ++shown;
  }
  return out;
}

}  // namespace rampart::learner
