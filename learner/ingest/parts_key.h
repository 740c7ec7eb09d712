#pragma once
// Keys made of several text parts, hashed and compared without joining them first
// (internal to learner/ingest): the batch builder looks up every event's origin and behaviour
// this way, and copying their fields into one string per event cost more than the lookup.
// A joined key (JoinParts) is only built when a new one is kept.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::learner {

// A 64-bit hash of a sequence of parts (each part's length is hashed too, so "ab","c" and
// "a","bc" differ). Only for finding candidates (HashIndex): equal keys are always compared,
// so the hash is made for speed — a part of up to 8 bytes is one step, longer ones feed two
// independent lanes — rather than for exact distinctness.
class PartsHash {
 public:
  void Add(std::string_view part) {
    const char* p = part.data();
    size_t n = part.size();
    uint64_t length = uint64_t(n) * 0xc2b2ae3d27d4eb4fULL;
    if (n > 8) {
      for (; n > 16; p += 16, n -= 16) {
        Mix(&a_, Load8(p));
        Mix(&b_, Load8(p + 8));
      }
      if (n > 8) {
        Mix(&b_, Load8(p));
        p += 8;
        n -= 8;
      }
    }
    Mix(&a_, Short(p, n) ^ length);
  }
  // Finished with a full avalanche (MurmurHash3's fmix64): HashIndex uses the low bits.
  uint64_t value() const {
    uint64_t h = a_ ^ ((b_ << 31) | (b_ >> 33));
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
  }

 private:
  static uint64_t Load8(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  // The `n` <= 8 bytes at `p` in one word, reading only them.
  static uint64_t Short(const char* p, size_t n) {
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return lo | (uint64_t(hi) << 32);
    }
    if (n == 0) return 0;
    const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
    return u[0] | (uint64_t(u[n / 2]) << 8) | (uint64_t(u[n - 1]) << 16);
  }
  static void Mix(uint64_t* h, uint64_t w) {
    *h = (*h ^ w) * 0x9e3779b97f4a7c15ULL;
    *h ^= *h >> 29;
  }
  uint64_t a_ = 0x243f6a8885a308d3ULL;
  uint64_t b_ = 0x13198a2e03707344ULL;
};

// Parts joined with length prefixes: equal joined text exactly when the parts are equal.
inline void JoinPart(std::string* out, std::string_view part) {
  uint32_t n = uint32_t(part.size());
  out->append(reinterpret_cast<const char*>(&n), sizeof n);
  out->append(part.data(), part.size());
}

// Whether `n` bytes at `a` and `b` are equal: inline word compares, because the parts compared
// are short (names, paths) and a library call each cost more than the comparing.
inline bool SameBytes(const char* a, const char* b, size_t n) {
  auto load8 = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  auto load4 = [](const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 <= n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return load8(a + n - 8) == load8(b + n - 8);  // the tail, overlapping
  }
  if (n >= 4) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// Compares parts, one after the other, with a joined key.
class JoinedPartsMatcher {
 public:
  explicit JoinedPartsMatcher(std::string_view joined) : rest_(joined) {}
  void Next(std::string_view part) {
    uint32_t n;
    if (!same_ || rest_.size() < sizeof n + part.size()) {
      same_ = false;
      return;
    }
    std::memcpy(&n, rest_.data(), sizeof n);
    same_ = n == part.size() && SameBytes(rest_.data() + sizeof n, part.data(), n);
    rest_.remove_prefix(sizeof n + part.size());
  }
  // Every part matched and nothing of the joined key is left.
  bool Same() const { return same_ && rest_.empty(); }

 private:
  std::string_view rest_;
  bool same_ = true;
};

// Joined keys of ids 0, 1, 2, ... back to back in one buffer: what an index lookup compares
// with stays in a few cache lines, not behind a pointer per key.
class JoinedKeys {
 public:
  // Adds a part to the key being built; End() closes it as the next id's.
  void Part(std::string_view part) { JoinPart(&text_, part); }
  void End() { ends_.push_back(text_.size()); }
  std::string_view Get(uint32_t id) const {
    size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(text_).substr(begin, ends_[id] - begin);
  }
  void Clear() {
    text_.clear();
    ends_.clear();
  }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

}  // namespace rampart::learner
