#pragma once
// `rampart learn ingest`: reads event files into a BehaviourStore. Per input it finds what
// was already ingested (the source's fingerprint and the hash of everything read so far),
// continues from the recorded offset, aggregates documents into batches, and commits each
// batch together with the new resume point, so an interrupted run loses no committed work
// and a re-run never counts anything twice. Bad documents are counted and kept with their
// line numbers (the first ones), never dropped silently, and never stop the import.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "learner/store/behaviour_store.h"

namespace rampart::learner {

// What one input gave in this run (counters count this run only; `totals` is the source's
// record after it).
struct FileReport {
  std::string name;
  std::string status;  // "new", "resumed", "already ingested", "empty", "failed"
  std::string error;   // why it failed (I/O, corrupt gzip, database)
  bool compressed = false;
  int64_t resumed_from = 0;  // byte offset the run started at
  int64_t bytes = 0;         // (decompressed) bytes processed in this run
  int64_t documents = 0;     // documents read, good or bad
  int64_t events = 0;        // documents that produced behaviour
  int64_t bad_lines = 0;
  int64_t ignored = 0;
  int64_t lost = 0;                                // events the source reported lost
  int64_t behaviours[4] = {0, 0, 0, 0};            // observations per Plane (a flow can give two)
  std::map<std::string, int64_t> formats;          // documents per detected format
  std::map<std::string, int64_t> ignored_reasons;  // well-formed documents without behaviour
  std::vector<BadLine> bad_line_samples;           // the first kBadLineSamples of this run
  int64_t incomplete_tail = 0;  // bytes of an unfinished last line left for the next run
  long long first_time = kNoTime, last_time = kNoTime;
  SourceRecord totals;
};

struct IngestOptions {
  // Documents per transaction. A killed ingest redoes at most one batch; 200,000 documents take
  // about 0.2 s, and fewer commits mean fewer row updates (docs/performance.md).
  int64_t batch_documents = 200000;
  std::string input_format = "auto";  // auto, rampart, tetragon, falco, hubble
  // Rampart's own events through the fast path (learner/ingest/rampart_fast_path.h); false
  // sends every document through simdjson's DOM. Both store the same: tests compare them.
  bool fast_path = true;
  // Called now and then with the report so far and the raw bytes read of `raw_size` (-1:
  // unknown). For a terminal progress line.
  std::function<void(const FileReport&, int64_t raw_read, int64_t raw_size)> progress;
};

inline constexpr size_t kBadLineSamples = 20;

class Ingester {
 public:
  Ingester(BehaviourStore* store, IngestOptions options);
  // Ingests one input ("-": standard input). False when the input could not be read to its
  // end or the store failed; everything committed before stays.
  bool IngestFile(const std::string& path, FileReport* report);

 private:
  BehaviourStore* store_;
  IngestOptions options_;
};

// True for the names IngestOptions::input_format accepts.
bool IsInputFormat(const std::string& name);

}  // namespace rampart::learner
