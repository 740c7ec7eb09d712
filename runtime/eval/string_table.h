#pragma once
// A set of strings with dense ids for the guard index (guard_index.h): `proc.name in shells`,
// `workload.labels["app"] == "api"`. Probed once per guarded field per decision, so it is
// built for lookups of short strings: open addressing in one flat array of (hash, length,
// id) slots at most half full, the keys back to back in one buffer. A probe costs one hash
// over the input and, almost always, one slot read and one memcmp; std::unordered_map took
// a quarter of a flow decision (a hash through std::hash, a bucket, a node, a key
// elsewhere: three cache misses).
//
// The keys come from policies (trusted); inputs only look up. Whatever an input holds, a
// probe walks at most the cluster the policy's keys formed, so chosen inputs cannot slow
// lookups down (no hash flooding: nothing an input does inserts).
//
// Immutable after the last Add; Find may run concurrently.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::runtime {

class StringTable {
 public:
  static constexpr uint32_t kAbsent = ~0u;

  // The id of `key`, added if new (ids count up from 0).
  uint32_t Add(std::string_view key) {
    if (uint32_t id = Find(key); id != kAbsent) return id;
    if ((offsets_.size() + 1) * 2 > slots_.size()) Grow();
    const uint32_t id = static_cast<uint32_t>(offsets_.size());
    offsets_.push_back(static_cast<uint32_t>(text_.size()));
    text_.append(key);
    Place(Slot{Hash(key), static_cast<uint32_t>(key.size()), id});
    return id;
  }

  uint32_t Find(std::string_view key) const {
    if (slots_.empty()) return kAbsent;
    const uint64_t hash = Hash(key);
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.id == kAbsent) return kAbsent;
      if (s.hash == hash && s.length == key.size() &&
          std::memcmp(text_.data() + offsets_[s.id], key.data(), key.size()) == 0) {
        return s.id;
      }
    }
  }

  size_t size() const { return offsets_.size(); }
  bool empty() const { return offsets_.empty(); }
  std::string_view Key(uint32_t id) const {
    const size_t end = id + 1 < offsets_.size() ? offsets_[id + 1] : text_.size();
    return std::string_view(text_).substr(offsets_[id], end - offsets_[id]);
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t length = 0;
    uint32_t id = kAbsent;  // kAbsent: empty
  };

  // 8 bytes at a time, each word folded in with a multiply and a shift (the mixing steps of
  // splitmix64); the length goes in first, so "a" and "a\0" differ.
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
      h ^= h >> 31;
    }
    if (n > 0) {
      uint64_t w = 0;
      std::memcpy(&w, p, n);
      h = (h ^ w) * 0x94d049bb133111ebull;
      h ^= h >> 29;
    }
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }

  void Place(const Slot& slot) {
    const size_t mask = slots_.size() - 1;
    size_t i = slot.hash & mask;
    while (slots_[i].id != kAbsent) i = (i + 1) & mask;
    slots_[i] = slot;
  }

  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 8 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
      if (s.id != kAbsent) Place(s);
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::string text_;         // the keys, back to back
  std::vector<uint32_t> offsets_;  // by id: where its key starts in text_
};

}  // namespace rampart::runtime
