#pragma once
// Helpers for the learner tests: scratch directories, reading a store with plain SQL, and
// ingesting files the way the CLI does.

#include <string>
#include <vector>

#include "learner/ingest/ingester.h"
#include "learner/store/sqlite_store.h"

namespace rampart::learner::testing {

// A fresh empty directory under the system's temporary directory, removed with its contents
// when the object goes.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Every row of `sql` on `db_path`, columns joined by '|' (NULL as "NULL").
std::vector<std::string> Rows(const std::string& db_path, const std::string& sql);
// The single value `sql` returns.
std::string Value(const std::string& db_path, const std::string& sql);

// Path of a file under tests/learner/data.
std::string DataFile(const std::string& relative);

// Ingests `files` into the store at `db_path` with default options; reports in order.
std::vector<FileReport> Ingest(const std::string& db_path, const std::vector<std::string>& files,
                               int64_t batch = 5000);

void WriteFile(const std::string& path, const std::string& text);
// Writes `text` gzip-compressed.
void WriteGzip(const std::string& path, const std::string& text);

}  // namespace rampart::learner::testing
