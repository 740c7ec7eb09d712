#pragma once
// Member names as numbers (internal to learner/ingest): the fast path (rampart_fast_path.h)
// tells the names it reads apart by their length and first 16 bytes, loaded as two words,
// instead of comparing text one candidate after the other. Names of up to 16 bytes have equal
// codes exactly when they are equal; every name the importer reads is that short, and a
// longer name never equals one of them (its length differs).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace rampart::learner {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "NameCode loads words little-endian");

struct NameCode {
  uint64_t lo = 0, hi = 0;  // bytes 0-7 and 8-15, zero past the name
  size_t size = 0;
};

constexpr bool operator==(const NameCode& a, const NameCode& b) {
  return a.size == b.size && a.lo == b.lo && a.hi == b.hi;
}
constexpr bool operator!=(const NameCode& a, const NameCode& b) { return !(a == b); }

// The code of a name written in the source (at compile time).
constexpr NameCode Code(std::string_view name) {
  NameCode c;
  c.size = name.size();
  for (size_t i = 0; i < name.size() && i < 16; ++i) {
    uint64_t byte = uint64_t(static_cast<unsigned char>(name[i])) << (8 * (i % 8));
    (i < 8 ? c.lo : c.hi) |= byte;
  }
  return c;
}

// The code of the `n` bytes at `p`; 16 bytes from `p` must be readable.
inline NameCode CodeAt(const char* p, size_t n) {
  auto mask = [](size_t bytes) {
    return bytes >= 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * bytes)) - 1;
  };
  NameCode c;
  c.size = n;
  std::memcpy(&c.lo, p, 8);
  std::memcpy(&c.hi, p + 8, 8);
  c.lo &= mask(n);
  c.hi &= n > 8 ? mask(n - 8) : 0;
  return c;
}

}  // namespace rampart::learner
