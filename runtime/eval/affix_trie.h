#pragma once
// Prefix (or suffix) sets for the guard index (guard_index.h): a byte trie from affixes to ids,
// probed with every prefix of an input string in one walk. A hash table per distinct affix
// length cost one hash and one probe per length (Falco-style rule sets have a dozen
// lengths of path prefixes); the walk costs one child lookup per byte of the input, up to
// the longest affix.
//
// Suffixes are the same trie over reversed strings (`reversed`). Immutable after the last
// Add; Match may run concurrently.

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace rampart::runtime {

class AffixTrie {
 public:
  explicit AffixTrie(bool reversed) : reversed_(reversed), nodes_(1) {}

  // The id of `affix` (new ids count up from 0).
  uint32_t Add(std::string_view affix) {
    uint32_t node = 0;
    for (size_t i = 0; i < affix.size(); ++i) {
      const unsigned char c = At(affix, i);
      auto& next = nodes_[node].next;
      auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(c, 0u),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
      if (it == next.end() || it->first != c) {
        const uint32_t child = static_cast<uint32_t>(nodes_.size());
        next.insert(it, {c, child});
        nodes_.emplace_back();  // invalidates `next`: not used after this
        node = child;
      } else {
        node = it->second;
      }
    }
    if (nodes_[node].id < 0) nodes_[node].id = static_cast<int32_t>(ids_++);
    return static_cast<uint32_t>(nodes_[node].id);
  }

  // Calls `found(id)` for every added affix that `s` starts with (ends with, reversed),
  // shortest first.
  template <class Found>
  void Match(std::string_view s, Found&& found) const {
    uint32_t node = 0;
    for (size_t i = 0;; ++i) {
      if (nodes_[node].id >= 0) found(static_cast<uint32_t>(nodes_[node].id));
      if (i == s.size()) return;
      const unsigned char c = At(s, i);
      const auto& next = nodes_[node].next;
      auto it = std::lower_bound(next.begin(), next.end(), std::make_pair(c, 0u),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
      if (it == next.end() || it->first != c) return;
      node = it->second;
    }
  }

  bool empty() const { return ids_ == 0; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> next;  // by byte, ascending
    int32_t id = -1;                                       // an affix ends here
  };
  unsigned char At(std::string_view s, size_t i) const {
    return static_cast<unsigned char>(reversed_ ? s[s.size() - 1 - i] : s[i]);
  }
  bool reversed_;
  std::vector<Node> nodes_;
  uint32_t ids_ = 0;
};

}  // namespace rampart::runtime
