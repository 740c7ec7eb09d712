// Kills `rampart learn ingest` (the real CLI, in a child process) with SIGKILL in the middle of
// a large input, then checks what DESIGN.md promises: the store passes PRAGMA
// integrity_check, every committed batch is whole (the source's resume point, line count and
// event count agree with the observations), and running the ingest again ends with exactly
// the store an uninterrupted run makes.

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "gtest/gtest.h"
#include "tests/learner/event_generator.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::Rows;
using testing::ScratchDir;
using testing::Value;

constexpr uint64_t kEvents = 400000;

int RunIngest(const std::string& db, const std::string& input, pid_t* child_out = nullptr) {
  pid_t pid = fork();
  if (pid == 0) {
    // Quiet child: the summary is not what this test reads.
    freopen("/dev/null", "w", stdout);
    execl(RAMPART_BINARY, RAMPART_BINARY, "learn", "ingest", "--db", db.c_str(), "--batch", "2000",
          input.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (child_out != nullptr) {
    *child_out = pid;
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The committed offset, read without disturbing the writer (0 while there is none yet).
long long CommittedOffset(const std::string& db_path) {
  sqlite3* db = nullptr;
  long long offset = 0;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT max(byte_offset) FROM sources", -1, &stmt, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      offset = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return offset;
}

std::vector<std::string> Dump(const std::string& db) {
  std::vector<std::string> rows = Rows(
      db,
      "SELECT w.namespace, w.kind, w.name, w.container, w.version, w.events, w.first_seen, "
      "w.last_seen,"
      " o.plane, o.key, o.count, o.first_seen, o.last_seen, o.replica_count FROM observations o"
      " JOIN workload_versions w ON w.id = o.workload_version_id ORDER BY 1, 2, 3, 4, 5, 9, 10");
  for (const std::string& r :
       Rows(db,
            "SELECT w.name, w.version, r.pod, r.node, r.events, r.first_seen, r.last_seen"
            " FROM replicas r JOIN workload_versions w ON w.id = r.workload_version_id"
            " ORDER BY 1, 2, 3")) {
    rows.push_back(r);
  }
  for (const std::string& r :
       Rows(db,
            "SELECT byte_offset, content_hash, lines, events, bad_lines, first_event,"
            " last_event FROM sources")) {
    rows.push_back(r);
  }
  return rows;
}

TEST(LearnerCrash, KilledMidIngestLosesNothingCommitted) {
  ScratchDir dir;
  std::string input = dir.File("history.jsonl");
  ASSERT_TRUE(testing::WriteGeneratedEvents(input, kEvents));
  std::ifstream in(input, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  std::string reference = dir.File("reference.db");
  ASSERT_EQ(RunIngest(reference, input), 0);
  std::vector<std::string> expected = Dump(reference);
  ASSERT_EQ(Value(reference, "SELECT events FROM sources"), std::to_string(kEvents));

  std::string crashed = dir.File("crashed.db");
  pid_t child = 0;
  RunIngest(crashed, input, &child);
  // Kill it once a third of the input is committed: mid-way, between or inside a transaction.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (CommittedOffset(crashed) < (long long)(text.size() / 3) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the ingest ended before it was killed; make the input larger";

  EXPECT_EQ(Value(crashed, "PRAGMA integrity_check"), "ok");
  std::vector<std::string> source =
      Rows(crashed, "SELECT byte_offset, lines, events, bad_lines FROM sources");
  ASSERT_EQ(source.size(), 1u);
  long long offset = std::stoll(Value(crashed, "SELECT byte_offset FROM sources"));
  long long lines = std::stoll(Value(crashed, "SELECT lines FROM sources"));
  long long events = std::stoll(Value(crashed, "SELECT events FROM sources"));
  ASSERT_GT(offset, 0);
  ASSERT_LT(offset, (long long)text.size());
  // The resume point is a line boundary, and the counts are those of exactly the lines before it.
  EXPECT_EQ(text[size_t(offset - 1)], '\n');
  EXPECT_EQ(lines, (long long)std::count(text.begin(), text.begin() + offset, '\n'));
  EXPECT_EQ(events, lines);
  EXPECT_EQ(Value(crashed, "SELECT sum(count) FROM observations"), std::to_string(events));
  EXPECT_EQ(Value(crashed, "SELECT sum(events) FROM workload_versions"), std::to_string(events));
  EXPECT_EQ(Value(crashed, "SELECT sum(events) FROM replicas"), std::to_string(events));

  ASSERT_EQ(RunIngest(crashed, input), 0);
  EXPECT_EQ(Value(crashed, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(Dump(crashed), expected);
}

}  // namespace
}  // namespace rampart::learner
