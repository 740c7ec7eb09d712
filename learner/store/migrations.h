#pragma once
// The store's schema as ordered migration steps. Version N is reached by running steps 1..N
// in order, each once; `schema_version` (one row) records where a database is. A step is
// never edited after release: changes are new steps, so every database ever written can be
// brought up to date. docs/learner.md describes the tables.

#include <string>

struct sqlite3;

namespace rampart::learner {

inline constexpr int kLatestSchemaVersion = 3;

// The SQL of step `version` (1-based), or nullptr.
const char* MigrationSql(int version);

// Brings `db` to `target` (≤ kLatestSchemaVersion) in one transaction. Refuses a database
// newer than this program, and a non-empty file that is not a rampart learner store.
bool MigrateSchema(sqlite3* db, int target, std::string* error);

// The schema version of `db` (0 for an empty database).
bool ReadSchemaVersion(sqlite3* db, int* version, std::string* error);

}  // namespace rampart::learner
