#pragma once
// The four planes a baseline covers. Their text names are what the store and the JSON output
// use ("exec", "file", "network", "syscall"); the order is the order reports print them in.

#include <array>
#include <string_view>

namespace rampart::learner {

enum class Plane { kExec = 0, kFile = 1, kNetwork = 2, kSyscall = 3 };

inline constexpr std::array<Plane, 4> kPlanes = {Plane::kExec, Plane::kFile, Plane::kNetwork,
                                                 Plane::kSyscall};

inline constexpr std::string_view PlaneName(Plane p) {
  switch (p) {
    case Plane::kExec:
      return "exec";
    case Plane::kFile:
      return "file";
    case Plane::kNetwork:
      return "network";
    case Plane::kSyscall:
      return "syscall";
  }
  return "exec";
}

// False when `name` is none of the four names.
inline bool PlaneFromName(std::string_view name, Plane* out) {
  for (Plane p : kPlanes) {
    if (PlaneName(p) == name) {
      *out = p;
      return true;
    }
  }
  return false;
}

// Time values are nanoseconds since the Unix epoch; kNoTime marks an event without a time
// (stored as SQL NULL).
inline constexpr long long kNoTime = -9223372036854775807LL - 1;

}  // namespace rampart::learner
