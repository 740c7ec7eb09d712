// The guard index's string set (runtime/eval/string_table.h): every key added is found with
// its id, nothing else is, whatever the keys' lengths, bytes or number.
#include "runtime/eval/string_table.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace rampart::runtime {
namespace {

TEST(StringTable, FindsWhatWasAddedAndNothingElse) {
  StringTable t;
  EXPECT_EQ(t.Find("sh"), StringTable::kAbsent);  // empty
  std::vector<std::string> keys = {"", "a", std::string("a\0", 2), "sh", "bash", "/usr/bin/",
                                   "exactly8", "exactly8!", "sixteen-bytes-ab", "ünïcødé"};
  for (int i = 0; i < 3000; ++i) keys.push_back("app-" + std::to_string(i * 7919));
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(t.Add(keys[i]), i) << keys[i];
  EXPECT_EQ(t.Add("sh"), 3u);  // again: the same id
  EXPECT_EQ(t.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(t.Find(keys[i]), i) << keys[i];
    EXPECT_EQ(t.Key(static_cast<uint32_t>(i)), keys[i]);
  }
  const std::set<std::string> added(keys.begin(), keys.end());
  // Prefixes, extensions, one byte changed, other lengths: none is a key.
  for (const std::string& k : keys) {
    for (std::string probe : {k + "x", k + std::string(1, '\0'), k.empty() ? "x" : k.substr(1),
                              k.empty() ? "y" : k.substr(0, k.size() - 1)}) {
      if (added.count(probe) == 0) EXPECT_EQ(t.Find(probe), StringTable::kAbsent) << probe;
    }
    if (!k.empty()) {
      std::string changed = k;
      changed.back() ^= 0x20;
      if (added.count(changed) == 0) EXPECT_EQ(t.Find(changed), StringTable::kAbsent) << changed;
    }
  }
}

}  // namespace
}  // namespace rampart::runtime
