#pragma once
// An open-addressing index of dense ids by 64-bit hash (internal to learner/ingest): the
// batch builder's way of finding a workload, replica or behaviour seen before without
// building a text key per event. The caller keeps the entries and says which id is equal to
// what it looks for; the index only narrows the search to the ids with the same hash.

#include <cstdint>
#include <vector>

namespace rampart::learner {

class HashIndex {
 public:
  static constexpr uint32_t kNone = ~uint32_t(0);

  // The id whose hash is `hash` and for which `same(id)` holds, or kNone.
  template <typename Same>
  uint32_t Find(uint64_t hash, Same same) const {
    if (slots_.empty()) return kNone;
    size_t mask = slots_.size() - 1;
    for (size_t i = size_t(hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.id == kNone) return kNone;
      if (s.hash == hash && same(s.id)) return s.id;
    }
  }

  // Adds `id` under `hash` (the caller checked it is not there).
  void Insert(uint64_t hash, uint32_t id) {
    if ((used_ + 1) * 2 > slots_.size()) Grow();
    Place(hash, id);
    ++used_;
  }

  size_t size() const { return used_; }

  void Clear() {
    slots_.clear();
    used_ = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t id = kNone;
  };

  void Place(uint64_t hash, uint32_t id) {
    size_t mask = slots_.size() - 1;
    size_t i = size_t(hash) & mask;
    while (slots_[i].id != kNone) i = (i + 1) & mask;
    slots_[i] = Slot{hash, id};
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot());
    for (const Slot& s : old) {
      if (s.id != kNone) Place(s.hash, s.id);
    }
  }

  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t used_ = 0;
};

}  // namespace rampart::learner
