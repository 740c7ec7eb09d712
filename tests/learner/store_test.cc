// The SQLite store: schema versions and upgrades, refusing what is not a store, upsert
// arithmetic of batches.

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

#include "gtest/gtest.h"
#include "learner/store/migrations.h"
#include "learner/store/sqlite_store.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::Rows;
using testing::ScratchDir;
using testing::Value;

// A source registered in `store`: every batch belongs to one.
SourceRecord NewSource(SqliteStore* store) {
  SourceRecord source;
  source.name = "x";
  source.fingerprint = "f";
  source.fingerprint_len = 1;
  std::string error;
  EXPECT_TRUE(store->CreateSource(&source, &error)) << error;
  return source;
}

void Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "");
}

TEST(SqliteStore, UpgradesAVersion1Database) {
  ScratchDir dir;
  std::string path = dir.File("v1.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string error;
    ASSERT_TRUE(MigrateSchema(db, 1, &error)) << error;
    Exec(db,
         "INSERT INTO workload_versions (id, namespace, kind, name, container, version, image, "
         "labels,"
         " identity_rule, first_seen, last_seen, events) VALUES (1, 'payments', 'Deployment', "
         "'billing', 'app',"
         " 'sha256:4e5f', 'billing:1.4', '{}', 'label pod-template-hash', 100, 200, 7);"
         "INSERT INTO observations (workload_version_id, plane, key, exe, parent_exe, first_seen, "
         "last_seen, count)"
         " VALUES (1, 'exec', '[\"/usr/bin/java\",\"/bin/sh\"]', '/usr/bin/java', '/bin/sh', 100, "
         "200, 7);"
         "INSERT INTO sources (name, fingerprint, fingerprint_len, compressed, byte_offset, "
         "content_hash, lines, events)"
         " VALUES ('old.jsonl', 'abc', 10, 0, 10, 'def', 1, 7);");
    int version = -1;
    ASSERT_TRUE(ReadSchemaVersion(db, &version, &error));
    EXPECT_EQ(version, 1);
    sqlite3_close(db);
  }
  EXPECT_EQ(Rows(path, "SELECT name FROM sqlite_master WHERE name = 'bad_lines'").size(), 0u);
  std::string error;
  auto store = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  EXPECT_EQ(Value(path, "SELECT version FROM schema_version"),
            std::to_string(kLatestSchemaVersion));
  // Everything version 1 held is still there; version 2's additions exist with defaults.
  std::vector<WorkloadSummary> workloads;
  ASSERT_TRUE(store->Summaries(&workloads, &error)) << error;
  ASSERT_EQ(workloads.size(), 1u);
  EXPECT_EQ(workloads[0].ref.name, "billing");
  EXPECT_EQ(workloads[0].events, 7);
  EXPECT_EQ(workloads[0].distinct[int(Plane::kExec)], 1);
  EXPECT_EQ(workloads[0].observed[int(Plane::kExec)], 7);
  EXPECT_EQ(Value(path, "SELECT lost_events FROM sources"), "0");
  EXPECT_EQ(Value(path, "SELECT count(*) FROM bad_lines"), "0");
  EXPECT_EQ(Value(path, "SELECT count(*) FROM losses"), "0");
  // Version 3's address table exists, empty, and answers lookups.
  EXPECT_EQ(Value(path, "SELECT count(*) FROM addresses"), "0");
  std::vector<AddressHolding> holders;
  ASSERT_TRUE(store->AddressHolders({"10.0.3.7"}, &holders, &error)) << error;
  EXPECT_TRUE(holders.empty());
  EXPECT_EQ(Value(path, "PRAGMA journal_mode"), "wal");
  // Opening again does not migrate again.
  store.reset();
  store = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  EXPECT_EQ(Value(path, "SELECT count(*) FROM schema_version"), "1");
}

// A version-2 store (before the address table) with data upgrades to the latest version,
// keeps its rows, and takes address sightings afterwards.
TEST(SqliteStore, UpgradesAVersion2Database) {
  ScratchDir dir;
  std::string path = dir.File("v2.db");
  std::string error;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(MigrateSchema(db, 2, &error)) << error;
    Exec(db,
         "INSERT INTO sources (name, fingerprint, fingerprint_len, compressed, content_hash)"
         " VALUES ('old', 'f', 1, 0, 'h');"
         "INSERT INTO losses (source_id, observed_at, node, lost, detail) VALUES (1, 5, 'n', 3, "
         "'x');");
    sqlite3_close(db);
  }
  EXPECT_EQ(Value(path, "SELECT version FROM schema_version"), "2");
  EXPECT_EQ(Rows(path, "SELECT name FROM sqlite_master WHERE name = 'addresses'").size(), 0u);
  auto store = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  EXPECT_EQ(Value(path, "SELECT version FROM schema_version"),
            std::to_string(kLatestSchemaVersion));
  EXPECT_EQ(Value(path, "SELECT lost FROM losses"), "3");
  SourceRecord source = NewSource(store.get());
  EXPECT_EQ(source.id, 2);
  BatchDelta b;
  b.source = source;
  AddressHolding a;
  a.ip = "10.0.3.7";
  a.namespace_name = "db";
  a.name = "pg";
  a.pod = "pg-0";
  a.first_seen = a.last_seen = 7;
  a.sightings = 1;
  b.addresses.push_back(a);
  ASSERT_TRUE(store->Commit(b, &error)) << error;
  std::vector<AddressHolding> holders;
  ASSERT_TRUE(store->AddressHolders({"10.0.3.7"}, &holders, &error)) << error;
  ASSERT_EQ(holders.size(), 1u);
  EXPECT_EQ(holders[0].pod, "pg-0");
  EXPECT_EQ(Value(path, "PRAGMA integrity_check"), "ok");
}

TEST(SqliteStore, EveryMigrationStepExists) {
  for (int v = 1; v <= kLatestSchemaVersion; ++v) EXPECT_NE(MigrationSql(v), nullptr) << v;
  EXPECT_EQ(MigrationSql(kLatestSchemaVersion + 1), nullptr);
}

TEST(SqliteStore, RefusesANewerSchema) {
  ScratchDir dir;
  std::string path = dir.File("new.db");
  std::string error;
  ASSERT_NE(SqliteStore::Open(path, {}, &error), nullptr) << error;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  Exec(db, "UPDATE schema_version SET version = 99");
  sqlite3_close(db);
  EXPECT_EQ(SqliteStore::Open(path, {}, &error), nullptr);
  EXPECT_NE(error.find("schema version 99, newer than this rampart understands"), std::string::npos)
      << error;
}

TEST(SqliteStore, RefusesOtherDatabasesAndGarbage) {
  ScratchDir dir;
  std::string other = dir.File("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  Exec(db, "CREATE TABLE invoices (id INTEGER)");
  sqlite3_close(db);
  std::string error;
  EXPECT_EQ(SqliteStore::Open(other, {}, &error), nullptr);
  EXPECT_NE(error.find("not a rampart learner database"), std::string::npos) << error;

  std::string garbage = dir.File("garbage.db");
  testing::WriteFile(garbage, std::string(8192, 'x'));
  error.clear();
  EXPECT_EQ(SqliteStore::Open(garbage, {}, &error), nullptr);
  EXPECT_NE(error.find(garbage), std::string::npos) << error;

  SqliteStore::Options must_exist;
  must_exist.create = false;
  error.clear();
  EXPECT_EQ(SqliteStore::Open(dir.File("missing.db"), must_exist, &error), nullptr);
  EXPECT_NE(error.find("cannot open the learner database"), std::string::npos) << error;
}

TEST(SqliteStore, TruncatedDatabaseIsAnErrorNotACrash) {
  ScratchDir dir;
  std::string path = dir.File("cut.db");
  testing::Ingest(path, {testing::DataFile("hubble/basic-sample-400-tcp-flows.json")});
  ASSERT_GT(std::filesystem::file_size(path), 16384u);
  std::filesystem::resize_file(path, 10000);
  std::string error;
  auto store = SqliteStore::Open(path, {}, &error);
  std::vector<WorkloadSummary> workloads;
  bool failed = store == nullptr || !store->Summaries(&workloads, &error);
  EXPECT_TRUE(failed);
  EXPECT_NE(error.find(path), std::string::npos) << error;
}

WorkloadRef Billing() {
  WorkloadRef w;
  w.namespace_name = "payments";
  w.kind = "Deployment";
  w.name = "billing";
  w.container = "app";
  w.version = "sha256:4e5f";
  return w;
}

BatchDelta OneExec(const SourceRecord& source, long long time, const std::string& pod) {
  BatchDelta b;
  b.source = source;
  b.workloads.push_back({Billing(), 1, time, time});
  b.replicas.push_back({0, pod, "node-1", 1, time, time});
  ObservationDelta o;
  o.plane = Plane::kExec;
  o.key = "[\"/bin/sh\",\"/usr/bin/java\"]";
  o.columns.exe = "/bin/sh";
  o.columns.parent_exe = "/usr/bin/java";
  o.count = 1;
  o.first_seen = o.last_seen = time;
  o.replicas = {0};
  b.observations.push_back(o);
  return b;
}

TEST(SqliteStore, BatchesAddUp) {
  ScratchDir dir;
  std::string path = dir.File("sum.db");
  std::string error;
  auto store = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  SourceRecord source = NewSource(store.get());
  ASSERT_TRUE(store->Commit(OneExec(source, 300, "billing-a"), &error)) << error;
  ASSERT_TRUE(store->Commit(OneExec(source, 100, "billing-b"), &error)) << error;
  ASSERT_TRUE(store->Commit(OneExec(source, 200, "billing-a"), &error)) << error;
  EXPECT_EQ(
      Rows(path, "SELECT count, first_seen, last_seen, replica_count, exe, path FROM observations"),
      std::vector<std::string>{"3|100|300|2|/bin/sh|NULL"});
  EXPECT_EQ(Rows(path, "SELECT events, first_seen, last_seen FROM workload_versions"),
            std::vector<std::string>{"3|100|300"});
  EXPECT_EQ(Rows(path, "SELECT pod, events, first_seen, last_seen FROM replicas ORDER BY pod"),
            (std::vector<std::string>{"billing-a|2|200|300", "billing-b|1|100|100"}));
  EXPECT_EQ(Value(path, "SELECT count(*) FROM observation_replicas"), "2");
}

// A connection skips updating first_seen (and its index) when a batch cannot lower it. It
// must still lower it when a batch is earlier, also after another connection wrote, and a
// batch without a time changes nothing.
TEST(SqliteStore, FirstSeenOnlyEverMovesEarlier) {
  ScratchDir dir;
  std::string path = dir.File("first.db");
  std::string error;
  auto store = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  auto other = SqliteStore::Open(path, {}, &error);
  ASSERT_NE(other, nullptr) << error;
  SourceRecord source = NewSource(store.get());
  auto first_seen = [&] {
    return Value(path,
                 "SELECT first_seen FROM observations INDEXED BY observations_by_first_seen"
                 " WHERE workload_version_id = 1 AND plane = 'exec'");
  };
  ASSERT_TRUE(store->Commit(OneExec(source, 500, "billing-a"), &error)) << error;
  ASSERT_TRUE(store->Commit(OneExec(source, 600, "billing-a"), &error)) << error;  // cannot move
  EXPECT_EQ(first_seen(), "500");
  ASSERT_TRUE(store->Commit(OneExec(source, 400, "billing-a"), &error)) << error;  // earlier
  EXPECT_EQ(first_seen(), "400");
  ASSERT_TRUE(other->Commit(OneExec(source, 100, "billing-b"), &error)) << error;
  ASSERT_TRUE(store->Commit(OneExec(source, 300, "billing-a"), &error)) << error;
  EXPECT_EQ(first_seen(), "100");  // the other connection's earlier time stands
  ASSERT_TRUE(store->Commit(OneExec(source, 50, "billing-a"), &error)) << error;
  EXPECT_EQ(first_seen(), "50");
  ASSERT_TRUE(store->Commit(OneExec(source, kNoTime, "billing-a"), &error)) << error;
  EXPECT_EQ(Rows(path, "SELECT count, first_seen, last_seen FROM observations"),
            std::vector<std::string>{"7|50|600"});
  EXPECT_EQ(Value(path, "PRAGMA integrity_check"), "ok");
}

// Address sightings: one row per address and pod; times widen, sightings add up, the labels
// of the earliest sighting stay whatever order batches come in; lookups by address in time
// order.
TEST(SqliteStore, AddressesAddUp) {
  auto sighting = [](const std::string& ip, const std::string& pod, const std::string& labels,
                     long long time) {
    AddressHolding a;
    a.ip = ip;
    a.namespace_name = "db";
    a.kind = "StatefulSet";
    a.name = "pg";
    a.pod = pod;
    a.labels = labels;
    a.first_seen = a.last_seen = time;
    a.sightings = 1;
    return a;
  };
  for (bool reversed : {false, true}) {
    ScratchDir dir;
    std::string path = dir.File("addresses.db");
    std::string error;
    auto store = SqliteStore::Open(path, {}, &error);
    ASSERT_NE(store, nullptr) << error;
    SourceRecord source = NewSource(store.get());
    std::vector<AddressHolding> order = {sighting("10.0.3.7", "pg-0", "app=pg,tier=b", 200),
                                         sighting("10.0.3.7", "pg-0", "app=pg,tier=a", 100),
                                         sighting("10.0.3.7", "pg-1", "app=pg", 900),
                                         sighting("10.0.3.8", "pg-1", "app=pg", 50),
                                         sighting("10.0.3.7", "pg-0", "app=pg,tier=c", kNoTime)};
    if (reversed) std::reverse(order.begin(), order.end());
    for (const AddressHolding& a : order) {
      BatchDelta b;
      b.source = source;
      b.addresses.push_back(a);
      ASSERT_TRUE(store->Commit(b, &error)) << error;
    }
    EXPECT_EQ(Rows(path,
                   "SELECT ip, namespace, kind, name, pod, labels, first_seen, last_seen, sightings"
                   " FROM addresses ORDER BY ip, pod"),
              (std::vector<std::string>{"10.0.3.7|db|StatefulSet|pg|pg-0|app=pg,tier=a|100|200|3",
                                        "10.0.3.7|db|StatefulSet|pg|pg-1|app=pg|900|900|1",
                                        "10.0.3.8|db|StatefulSet|pg|pg-1|app=pg|50|50|1"}))
        << (reversed ? "reversed" : "in order");
    std::vector<AddressHolding> holders;
    ASSERT_TRUE(store->AddressHolders({"10.0.3.7", "10.9.9.9", "10.0.3.7"}, &holders, &error))
        << error;
    ASSERT_EQ(holders.size(), 2u);
    EXPECT_EQ(holders[0].pod, "pg-0");
    EXPECT_EQ(holders[0].first_seen, 100);
    EXPECT_EQ(holders[0].sightings, 3);
    EXPECT_EQ(holders[1].pod, "pg-1");
    EXPECT_EQ(holders[1].labels, "app=pg");
  }
}

}  // namespace
}  // namespace rampart::learner
