#include "learner/store/migrations.h"

#include <sqlite3.h>

namespace rampart::learner {
namespace {

// 'RPLN': marks the file as a rampart learner store (PRAGMA application_id).
constexpr int kApplicationId = 0x52504c4e;

// Step 1: the observations and what they hang on. Times are nanoseconds since the epoch,
// NULL when the source gave none.
constexpr const char* kStep1 = R"sql(
CREATE TABLE workload_versions (
  id INTEGER PRIMARY KEY,
  namespace TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  container TEXT NOT NULL,
  version TEXT NOT NULL,
  image TEXT NOT NULL,
  labels TEXT NOT NULL,
  identity_rule TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  events INTEGER NOT NULL DEFAULT 0,
  UNIQUE (namespace, kind, name, container, version)
);
CREATE TABLE replicas (
  id INTEGER PRIMARY KEY,
  workload_version_id INTEGER NOT NULL REFERENCES workload_versions(id),
  pod TEXT NOT NULL,
  node TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  events INTEGER NOT NULL DEFAULT 0,
  UNIQUE (workload_version_id, pod)
);
CREATE TABLE observations (
  id INTEGER PRIMARY KEY,
  workload_version_id INTEGER NOT NULL REFERENCES workload_versions(id),
  plane TEXT NOT NULL CHECK (plane IN ('exec', 'file', 'network', 'syscall')),
  key TEXT NOT NULL,
  exe TEXT, parent_exe TEXT,
  path TEXT, access TEXT,
  direction TEXT, protocol TEXT, port INTEGER,
  peer_namespace TEXT, peer_workload TEXT, peer_labels TEXT, peer_service TEXT, peer_dns TEXT,
  peer_ip TEXT,
  syscall TEXT, syscall_nr INTEGER,
  first_seen INTEGER,
  last_seen INTEGER,
  count INTEGER NOT NULL,
  replica_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (workload_version_id, plane, key)
);
CREATE TABLE observation_replicas (
  observation_id INTEGER NOT NULL REFERENCES observations(id),
  replica_id INTEGER NOT NULL REFERENCES replicas(id),
  PRIMARY KEY (observation_id, replica_id)
) WITHOUT ROWID;
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  fingerprint_len INTEGER NOT NULL,
  compressed INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  lines INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  bad_lines INTEGER NOT NULL DEFAULT 0,
  ignored INTEGER NOT NULL DEFAULT 0,
  first_event INTEGER,
  last_event INTEGER
);
CREATE INDEX sources_by_fingerprint ON sources (fingerprint, fingerprint_len);
)sql";

// Step 2: ingest diagnostics (bad lines kept with their line numbers, losses the sources
// reported, with time and node, for convergence) and the index the novelty curves need.
constexpr const char* kStep2 = R"sql(
ALTER TABLE sources ADD COLUMN lost_events INTEGER NOT NULL DEFAULT 0;
CREATE TABLE bad_lines (
  source_id INTEGER NOT NULL REFERENCES sources(id),
  line INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (source_id, line)
) WITHOUT ROWID;
CREATE TABLE losses (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  observed_at INTEGER,
  node TEXT NOT NULL,
  lost INTEGER NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX observations_by_first_seen ON observations (workload_version_id, plane, first_seen);
)sql";

// Step 3: the addresses pods were seen with (IP -> workload and pod, first/last seen), so
// that a peer a source knew only by its address can be resolved to the workload that held
// it at the time (learner/mine/address_book.h). The key's first column serves lookups by
// address.
constexpr const char* kStep3 = R"sql(
CREATE TABLE addresses (
  ip TEXT NOT NULL,
  namespace TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  pod TEXT NOT NULL,
  labels TEXT NOT NULL,
  first_seen INTEGER,
  last_seen INTEGER,
  sightings INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ip, namespace, kind, name, pod)
) WITHOUT ROWID;
)sql";

constexpr const char* kSteps[] = {kStep1, kStep2, kStep3};

bool Exec(sqlite3* db, const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    *error = message != nullptr ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return false;
  }
  return true;
}

bool QueryInt(sqlite3* db, const char* sql, int* out, std::string* error) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    *error = sqlite3_errmsg(db);
    return false;
  }
  int rc = sqlite3_step(stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
  if (!ok) *error = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  return ok;
}

}  // namespace

const char* MigrationSql(int version) {
  if (version < 1 || version > kLatestSchemaVersion) return nullptr;
  return kSteps[version - 1];
}

bool ReadSchemaVersion(sqlite3* db, int* version, std::string* error) {
  int has_table = 0;
  if (!QueryInt(
          db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
          &has_table, error)) {
    return false;
  }
  if (has_table == 0) {
    *version = 0;
    return true;
  }
  return QueryInt(db, "SELECT version FROM schema_version", version, error);
}

bool MigrateSchema(sqlite3* db, int target, std::string* error) {
  if (!Exec(db, "BEGIN IMMEDIATE", error)) return false;
  auto fail = [&](const std::string& message) {
    *error = message;
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  };
  int version = 0;
  std::string e;
  if (!ReadSchemaVersion(db, &version, &e)) return fail(e);
  if (version == 0) {
    int tables = 0, app_id = 0;
    if (!QueryInt(db, "SELECT count(*) FROM sqlite_master", &tables, &e) ||
        !QueryInt(db, "PRAGMA application_id", &app_id, &e)) {
      return fail(e);
    }
    if (tables != 0 || (app_id != 0 && app_id != kApplicationId)) {
      return fail("not a rampart learner database (it has other tables)");
    }
    if (!Exec(db,
              "CREATE TABLE schema_version (version INTEGER NOT NULL);"
              "INSERT INTO schema_version VALUES (0);",
              &e)) {
      return fail(e);
    }
    if (!Exec(db, ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(), &e)) {
      return fail(e);
    }
  }
  if (version > kLatestSchemaVersion) {
    return fail("the database has schema version " + std::to_string(version) +
                ", newer than this rampart understands (" + std::to_string(kLatestSchemaVersion) +
                "); use a newer rampart");
  }
  for (int step = version + 1; step <= target; ++step) {
    if (!Exec(db, MigrationSql(step), &e)) {
      return fail("schema migration to version " + std::to_string(step) + " failed: " + e);
    }
  }
  if (target > version &&
      !Exec(db, ("UPDATE schema_version SET version = " + std::to_string(target)).c_str(), &e)) {
    return fail(e);
  }
  return Exec(db, "COMMIT", error);
}

}  // namespace rampart::learner
