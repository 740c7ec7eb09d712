#pragma once
// BehaviourStore in one SQLite file, in WAL mode (readers such as `learn status` run while an
// ingest writes). Each Commit is one IMMEDIATE transaction of prepared upserts; with
// synchronous=NORMAL a committed batch survives the process being killed (not necessarily a
// power cut, which may lose the last batches but never corrupts the file).

#include <memory>
#include <string>

#include "learner/store/behaviour_store.h"
#include "learner/store/migrations.h"

struct sqlite3;

namespace rampart::learner {

class SqliteStore final : public BehaviourStore {
 public:
  struct Options {
    bool create = true;                         // false: the file must exist (status, reports)
    int schema_version = kLatestSchemaVersion;  // tests open older versions to test upgrades
  };

  // Opens (creating when allowed) and migrates `path`. Null with `*error` set when the file
  // is not a rampart store, is corrupt, or is newer than this program.
  static std::unique_ptr<SqliteStore> Open(const std::string& path, const Options& options,
                                           std::string* error);
  ~SqliteStore() override;

  bool FindSources(const std::string& fingerprint, int64_t fingerprint_len,
                   std::vector<SourceRecord>* out, std::string* error) override;
  bool FingerprintLengths(std::vector<int64_t>* out, std::string* error) override;
  bool CreateSource(SourceRecord* record, std::string* error) override;
  bool Commit(const BatchDelta& batch, std::string* error) override;
  bool Summaries(std::vector<WorkloadSummary>* out, std::string* error) override;
  bool Sources(std::vector<SourceRecord>* out, std::string* error) override;
  bool Observations(int64_t workload_id, std::vector<StoredObservation>* out,
                    std::string* error) override;
  bool FirstSeenTimes(std::vector<FirstSeenRow>* out, std::string* error) override;
  bool Losses(std::vector<Loss>* out, std::string* error) override;
  bool ReplicaNodes(std::vector<ReplicaNode>* out, std::string* error) override;
  bool ReplicaPods(std::vector<ReplicaPod>* out, std::string* error) override;
  bool AddressHolders(const std::vector<std::string>& ips, std::vector<AddressHolding>* out,
                      std::string* error) override;
  bool BadLines(int64_t source_id, std::vector<BadLine>* out, std::string* error) override;

  // The raw handle, for tests and for `PRAGMA integrity_check`.
  sqlite3* handle() { return db_; }

 private:
  class Statements;
  SqliteStore(sqlite3* db, std::string path);
  bool CommitLocked(const BatchDelta& batch, std::string* error);
  bool ReadSources(const char* where, const std::string& a, int64_t b,
                   std::vector<SourceRecord>* out, std::string* error);
  std::string Fail(const std::string& what) const;

  sqlite3* db_;
  std::string path_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace rampart::learner
