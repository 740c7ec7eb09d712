// Ingest mechanics: a file read twice counts once, a grown file continues where it stopped,
// gzip by magic bytes, an unfinished last line waits, batches commit the resume point.

#include <fstream>
#include <iterator>

#include "gtest/gtest.h"
#include "tests/learner/event_generator.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::DataFile;
using testing::Ingest;
using testing::Rows;
using testing::ScratchDir;
using testing::Value;
using testing::WriteFile;

std::string Generated(uint64_t from, uint64_t to) {
  std::string s;
  for (uint64_t i = from; i < to; ++i) testing::AppendGeneratedEvent(i, &s);
  return s;
}

std::vector<std::string> Dump(const std::string& db) {
  return Rows(db,
              "SELECT w.namespace, w.name, w.version, w.events, o.plane, o.key, o.count, "
              "o.first_seen, o.last_seen,"
              " o.replica_count FROM observations o JOIN workload_versions w ON w.id = "
              "o.workload_version_id"
              " ORDER BY 1, 2, 3, 5, 6");
}

TEST(Ingest, SameFileTwiceCountsOnce) {
  ScratchDir dir;
  std::string db = dir.File("s.db");
  std::string input = DataFile("hubble/basic-sample-348-http-flows.json");
  auto first = Ingest(db, {input});
  std::vector<std::string> before = Dump(db);
  auto again = Ingest(db, {input});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, "already ingested");
  EXPECT_EQ(again[0].documents, 0);
  EXPECT_EQ(Dump(db), before);
  EXPECT_EQ(Value(db, "SELECT count(*) FROM sources"), "1");
  // A copy under another name is the same content: still counted once.
  std::string copy = dir.File("copy.json");
  WriteFile(copy, Generated(0, 0));
  std::ifstream in(input, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  WriteFile(copy, text);
  auto third = Ingest(db, {copy});
  EXPECT_EQ(third[0].status, "already ingested");
  EXPECT_EQ(Dump(db), before);
}

TEST(Ingest, GrownFileContinuesAndGzipIsRecognised) {
  ScratchDir dir;
  std::string db = dir.File("g.db"), reference = dir.File("ref.db");
  std::string all = Generated(0, 3000);
  std::string log = dir.File("events.log");
  // A log written in two goes; the first read stops at the end of what was there.
  size_t cut = all.find('\n', all.size() / 3) + 1;
  WriteFile(log, all.substr(0, cut));
  auto first = Ingest(db, {log}, 500);
  EXPECT_EQ(first[0].status, "new");
  WriteFile(log, all);
  auto second = Ingest(db, {log}, 500);
  EXPECT_EQ(second[0].status, "resumed");
  EXPECT_EQ(second[0].resumed_from, int64_t(cut));
  EXPECT_EQ(first[0].events + second[0].events, 3000);

  // The same events compressed, in one go, into another store: the same observations.
  std::string gz = dir.File("events.gz");
  testing::WriteGzip(gz, all);
  auto zipped = Ingest(reference, {gz});
  EXPECT_TRUE(zipped[0].compressed);
  EXPECT_EQ(zipped[0].events, 3000);
  EXPECT_EQ(Dump(db), Dump(reference));
  // The gzip file's content is the log's: ingesting it into the first store adds nothing.
  auto again = Ingest(db, {gz});
  EXPECT_EQ(again[0].status, "already ingested");
  EXPECT_EQ(Dump(db), Dump(reference));
}

TEST(Ingest, UnfinishedLastLineWaitsForTheNextRun) {
  ScratchDir dir;
  std::string db = dir.File("u.db");
  std::string all = Generated(0, 10);
  std::string log = dir.File("events.log");
  size_t half = all.size() - 40;  // inside the last line
  WriteFile(log, all.substr(0, half));
  auto first = Ingest(db, {log});
  EXPECT_EQ(first[0].events, 9);
  EXPECT_EQ(first[0].bad_lines, 0);
  EXPECT_GT(first[0].incomplete_tail, 0);
  WriteFile(log, all);
  auto second = Ingest(db, {log});
  EXPECT_EQ(second[0].events, 1);
  EXPECT_EQ(second[0].bad_lines, 0);
  EXPECT_EQ(Value(db, "SELECT events || '|' || lines || '|' || byte_offset FROM sources"),
            "10|10|" + std::to_string(all.size()));
}

TEST(Ingest, CutMultiLineDocumentIsReportedAtItsFirstLine) {
  ScratchDir dir;
  std::string db = dir.File("m.db");
  std::string file = dir.File("mixed.json");
  // A pretty-printed event cut short, then a complete one-line event.
  WriteFile(file,
            "{\n  \"kind\": \"exec\",\n  \"proc\": {\n    \"exe\": \"/bin/sh\"\n"
            "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/ls\"}, \"workload\": {\"namespace\": "
            "\"a\", \"pod\": \"web-0\"}}\n"
            "{\n  \"kind\": \"exec\",\n  \"proc\": {\"exe\": \"/bin/cat\"},\n  \"workload\": "
            "{\"namespace\": \"a\", \"pod\": \"web-1\"}\n}\n");
  auto r = Ingest(db, {file});
  EXPECT_EQ(r[0].events, 2);
  EXPECT_EQ(r[0].bad_lines, 4);
  // Line 1 opens a document that line 5 (a new document at column 0) shows was cut; lines 2-4
  // are each bad on their own.
  ASSERT_GE(r[0].bad_line_samples.size(), 1u);
  EXPECT_EQ(r[0].bad_line_samples[0].line, 1);
  EXPECT_EQ(Rows(db, "SELECT exe FROM observations ORDER BY exe"),
            (std::vector<std::string>{"/bin/cat", "/bin/ls"}));
  EXPECT_EQ(
      Value(db,
            "SELECT count(*) FROM workload_versions WHERE kind = 'StatefulSet' AND name = 'web'"),
      "1");
}

TEST(Ingest, ForcedFormatReportsOtherDocumentsAsBad) {
  ScratchDir dir;
  std::string error;
  auto store = SqliteStore::Open(dir.File("f.db"), {}, &error);
  ASSERT_NE(store, nullptr) << error;
  IngestOptions options;
  options.input_format = "falco";
  Ingester ingester(store.get(), options);
  FileReport report;
  ASSERT_TRUE(ingester.IngestFile(DataFile("hubble/basic-sample-10-flows.json"), &report));
  EXPECT_EQ(report.bad_lines, 10);
  EXPECT_EQ(report.bad_line_samples[0].reason, "a Falco alert without output_fields");
  EXPECT_FALSE(IsInputFormat("syslog"));
}

TEST(Ingest, MissingFileFails) {
  ScratchDir dir;
  std::string error;
  auto store = SqliteStore::Open(dir.File("x.db"), {}, &error);
  Ingester ingester(store.get(), {});
  FileReport report;
  EXPECT_FALSE(ingester.IngestFile(dir.File("nope.json"), &report));
  EXPECT_EQ(report.status, "failed");
  EXPECT_NE(report.error.find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace rampart::learner
