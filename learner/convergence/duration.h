#pragma once
// Durations as people write them on a command line ("24h", "30m", "1h30m", "7d", "90s") and as
// reports print them (largest two units: "2d3h", "10m", "45s"). Values are nanoseconds, like
// every time in the learner (learner/plane.h).

#include <string>
#include <string_view>

namespace rampart::learner {

inline constexpr long long kSecond = 1000000000LL;
inline constexpr long long kMinute = 60 * kSecond;
inline constexpr long long kHour = 60 * kMinute;
inline constexpr long long kDay = 24 * kHour;

// Parses one or more NUMBER UNIT pairs (units d, h, m, s, ms). False with `*error` set to a
// sentence saying what is accepted when `text` is not such a duration or is not positive.
bool ParseDuration(std::string_view text, long long* out, std::string* error);

// "2d3h", "1h", "10m30s", "45s", "0s"; below a second: "250ms" (rounded down to what is
// shown, never up, so "quiet for 23h59m" is not printed as 24h).
std::string DurationText(long long ns);

}  // namespace rampart::learner
