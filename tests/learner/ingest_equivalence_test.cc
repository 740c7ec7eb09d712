// The store does not depend on how an input was cut into batches, nor on which path decoded
// rampart's events (the fast path or simdjson's DOM): every table, ids included, comes out
// the same. Input: generated events of both generators, the fixtures of every format (bad
// lines, blank lines, a pretty-printed document, losses, addresses) and broken lines.

#include <fstream>
#include <iterator>

#include "gtest/gtest.h"
#include "tests/learner/event_generator.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::DataFile;
using testing::Rows;
using testing::ScratchDir;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Input() {
  std::string s;
  for (uint64_t i = 0; i < 1500; ++i) {
    testing::AppendGeneratedEvent(i, &s);
    testing::AppendVariedEvent(i, &s);
    if (i % 200 == 7) s += "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/\\u0073h\"}, \"x\": [1,]}\n";
    if (i % 300 == 11) s += "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/\\/sh\"}, \"time\": 1.5e18}\n";
  }
  for (const char* file :
       {"rampart/events.jsonl", "rampart/mine_events.jsonl", "resolve/events.jsonl",
        "resolve/hubble_flows.json", "hubble/basic-sample-400-tcp-flows.json",
        "falco/alerts.jsonl"}) {
    s += Read(DataFile(file));
    if (!s.empty() && s.back() != '\n') s += '\n';
  }
  s += "{\n  \"kind\": \"exec\",\n  \"proc\": {\"exe\": \"/bin/pretty\"}\n}\n";
  for (uint64_t i = 1500; i < 2500; ++i) testing::AppendGeneratedEvent(i, &s);
  return s;
}

std::vector<std::string> Dump(const std::string& db) {
  std::vector<std::string> all;
  for (const char* sql : {
           "SELECT * FROM workload_versions ORDER BY id",
           "SELECT * FROM replicas ORDER BY id",
           "SELECT * FROM observations ORDER BY id",
           "SELECT * FROM observation_replicas ORDER BY 1, 2",
           "SELECT * FROM sources ORDER BY id",
           "SELECT * FROM bad_lines ORDER BY 1, 2",
           "SELECT * FROM losses ORDER BY id",
           "SELECT * FROM addresses ORDER BY ip, namespace, kind, name, pod",
       }) {
    all.push_back(std::string("-- ") + sql);
    for (std::string& row : Rows(db, sql)) all.push_back(std::move(row));
  }
  return all;
}

std::vector<std::string> IngestWith(const std::string& db, const std::string& input,
                                    bool fast_path, int64_t batch) {
  std::string error;
  auto store = SqliteStore::Open(db, {}, &error);
  EXPECT_NE(store, nullptr) << error;
  if (store == nullptr) return {};
  IngestOptions options;
  options.fast_path = fast_path;
  options.batch_documents = batch;
  Ingester ingester(store.get(), options);
  FileReport report;
  EXPECT_TRUE(ingester.IngestFile(input, &report)) << report.error;
  EXPECT_GT(report.bad_lines, 10);
  EXPECT_GT(report.events, 4000);
  store.reset();
  return Dump(db);
}

TEST(IngestEquivalence, BatchSizesAndDecodingPathsStoreTheSame) {
  ScratchDir dir;
  std::string input = dir.File("input.jsonl");
  testing::WriteFile(input, Input());
  std::vector<std::string> reference = IngestWith(dir.File("reference.db"), input, false, 5000);
  ASSERT_GT(reference.size(), 1000u);
  int run = 0;
  for (bool fast_path : {true, false}) {
    for (int64_t batch : {1, 7, 5000, 1000000}) {
      std::string db = dir.File("run" + std::to_string(run++) + ".db");
      std::vector<std::string> dump = IngestWith(db, input, fast_path, batch);
      ASSERT_EQ(dump.size(), reference.size()) << "fast path " << fast_path << ", batch " << batch;
      for (size_t i = 0; i < dump.size(); ++i)
        ASSERT_EQ(dump[i], reference[i]) << "fast path " << fast_path << ", batch " << batch;
    }
  }
}

}  // namespace
}  // namespace rampart::learner
