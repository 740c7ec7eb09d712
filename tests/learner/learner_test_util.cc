#include "tests/learner/learner_test_util.h"

#include <sqlite3.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace rampart::learner::testing {

ScratchDir::ScratchDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "rampart-learner-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  EXPECT_NE(made, nullptr);
  path_ = templ;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> Rows(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) row += '|';
        const unsigned char* t = sqlite3_column_text(stmt, i);
        row += t == nullptr ? "NULL" : reinterpret_cast<const char*>(t);
      }
      rows.push_back(row);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

std::string Value(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> rows = Rows(db_path, sql);
  EXPECT_EQ(rows.size(), 1u) << sql;
  return rows.empty() ? std::string() : rows[0];
}

std::string DataFile(const std::string& relative) {
  return std::string(RAMPART_SOURCE_DIR) + "/tests/learner/data/" + relative;
}

std::vector<FileReport> Ingest(const std::string& db_path, const std::vector<std::string>& files,
                               int64_t batch) {
  std::string error;
  auto store = SqliteStore::Open(db_path, {}, &error);
  EXPECT_NE(store, nullptr) << error;
  std::vector<FileReport> reports;
  if (store == nullptr) return reports;
  IngestOptions options;
  options.batch_documents = batch;
  Ingester ingester(store.get(), options);
  for (const std::string& f : files) {
    FileReport report;
    EXPECT_TRUE(ingester.IngestFile(f, &report)) << f << ": " << report.error;
    reports.push_back(report);
  }
  return reports;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void WriteGzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), unsigned(text.size())), int(text.size()));
  gzclose(f);
}

}  // namespace rampart::learner::testing
