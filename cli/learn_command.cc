#include "cli/learn_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "learner/ingest/ingester.h"
#include "learner/report/reports.h"
#include "learner/store/sqlite_store.h"

namespace rampart::cli {
namespace {

std::string Human(double v) {
  char buf[32];
  if (v >= 1e9)
    std::snprintf(buf, sizeof buf, "%.1fG", v / 1e9);
  else if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (v >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

int RunLearnIngest(const LearnIngestArgs& args) {
  if (!learner::IsInputFormat(args.input_format)) {
    std::fprintf(stderr, "rampart learn ingest: unknown --input-format '%s'\n",
                 args.input_format.c_str());
    return kExitUsage;
  }
  std::string error;
  auto store = learner::SqliteStore::Open(args.db, {}, &error);
  if (store == nullptr) {
    std::fprintf(stderr, "rampart learn ingest: %s\n", error.c_str());
    return kExitUsage;
  }
  learner::IngestOptions options;
  options.batch_documents = args.batch > 0 ? args.batch : 5000;
  options.input_format = args.input_format;
  // A progress line only for a person watching a terminal, never in logs or pipes.
  bool terminal = isatty(STDERR_FILENO) == 1;
  auto started = std::chrono::steady_clock::now();
  if (terminal) {
    options.progress = [&](const learner::FileReport& r, int64_t raw, int64_t size) {
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::string pct =
          size > 0 ? std::to_string(int(100.0 * double(raw) / double(size))) + "% " : "";
      std::fprintf(stderr, "\r\033[K%s: %s%sB read, %s documents, %s/s", r.name.c_str(),
                   pct.c_str(), Human(double(raw)).c_str(), Human(double(r.documents)).c_str(),
                   Human(secs > 0 ? double(r.documents) / secs : 0).c_str());
      std::fflush(stderr);
    };
  }
  learner::Ingester ingester(store.get(), options);
  std::vector<learner::FileReport> reports;
  bool failed = false, bad = false;
  for (const std::string& input : args.inputs) {
    started = std::chrono::steady_clock::now();
    learner::FileReport report;
    if (!ingester.IngestFile(input, &report)) failed = true;
    if (report.bad_lines > 0) bad = true;
    if (terminal) std::fprintf(stderr, "\r\033[K");
    reports.push_back(std::move(report));
  }
  std::string out = args.format == "json" ? learner::IngestReportJson(args.db, reports)
                                          : learner::IngestReportText(reports);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failed ? kExitUsage : bad ? 1 : 0;
}

int RunLearnStatus(const LearnStatusArgs& args) {
  std::string error;
  learner::SqliteStore::Options options;
  options.create = false;
  auto store = learner::SqliteStore::Open(args.db, options, &error);
  std::vector<learner::WorkloadSummary> workloads;
  std::vector<learner::SourceRecord> sources;
  if (store == nullptr || !store->Summaries(&workloads, &error) ||
      !store->Sources(&sources, &error)) {
    std::fprintf(stderr, "rampart learn status: %s\n", error.c_str());
    return kExitUsage;
  }
  std::string out = args.format == "json" ? learner::StatusJson(args.db, workloads, sources)
                                          : learner::StatusText(workloads, sources);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace rampart::cli
