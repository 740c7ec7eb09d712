// The learner's throughput (issue 5, "done when"): ingest of rampart's own event format into
// the store, split into its stages, and mining + emission and convergence over a store built
// from 10 million generated events.
//
//   build/bench/learner_bench --benchmark_format=json      # every case (builds the stores)
//   build/bench/learner_bench --benchmark_filter=Ingest    # ingest only
//
// Inputs are generated (tests/learner/event_generator.h) into $TMPDIR (default /tmp) once
// and kept between runs, named after their generator and size:
//   rampart-learner-bench-events-200000.jsonl   200,000 events (80 MB), uniform behaviour
//   rampart-learner-bench-varied-10000000.db    the store of 10 million varied events
// Set RAMPART_LEARNER_BENCH_EVENTS to change the mined history's size (e.g. 1000000 for a
// quick run).
//
// Stages of ingest, each including the ones before it:
//   0 Read       split the file into lines (DocumentReader, hashing for resume)
//   1 ParseDom   + simdjson DOM parse (the path of replay and of lines ingest hands back)
//   2 DecodeDom  + rampart importer over the DOM (normalised behaviours)
//   3 Decode     read + ingest's fast path into the importer (no DOM)
//   4 Aggregate  + BatchBuilder (one batch of distinct behaviours per 5,000 documents)
//   Ingest    + SQLite commits: `rampart learn ingest` without the CLI (batch 5,000 / 50,000)

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "learner/convergence/convergence.h"
#include "learner/emit/baseline_emitter.h"
#include "learner/ingest/batch_builder.h"
#include "learner/ingest/byte_source.h"
#include "learner/ingest/document_reader.h"
#include "learner/ingest/formats.h"
#include "learner/ingest/ingester.h"
#include "learner/ingest/rampart_fast_path.h"
#include "learner/store/sqlite_store.h"
#include "tests/learner/event_generator.h"

namespace {

using namespace rampart::learner;

constexpr uint64_t kIngestEvents = 200000;

std::string TempDir() {
  const char* t = std::getenv("TMPDIR");
  return t != nullptr && *t != '\0' ? t : "/tmp";
}

void Die(const std::string& what) {
  std::fprintf(stderr, "learner_bench: %s\n", what.c_str());
  std::exit(1);
}

const std::string& IngestInput() {
  static const std::string path = [] {
    std::string p =
        TempDir() + "/rampart-learner-bench-events-" + std::to_string(kIngestEvents) + ".jsonl";
    if (!std::filesystem::exists(p) && !testing::WriteGeneratedEvents(p, kIngestEvents))
      Die("cannot write " + p);
    return p;
  }();
  return path;
}

void RemoveStore(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}

// kParseDom and kDecodeDom are the DOM path (replay, and lines the fast path hands back);
// kDecode is ingest's: the fast path straight into the importer's members (rampart_fast_path.h).
enum class Stage { kRead, kParseDom, kDecodeDom, kDecode, kAggregate };

// The ingest pipeline up to `stage`, without the store. Returns documents processed.
int64_t RunStages(const std::string& path, Stage stage) {
  OpenedInput input;
  std::string error;
  if (!OpenInput(path, &input, &error)) Die(error);
  DocumentReader reader(input.source.get());
  simdjson::dom::parser parser;
  RampartFastPath fast;
  DecodedDocument decoded;
  BatchBuilder builder;
  int64_t documents = 0;
  SourceRecord source;
  for (;;) {
    Document doc;
    DocumentReader::Next next = reader.NextLine(&doc, &error);
    if (next != DocumentReader::Next::kDocument) break;
    ++documents;
    if (stage == Stage::kParseDom || stage == Stage::kDecodeDom) {
      simdjson::dom::element root;
      simdjson::dom::object object;
      if (parser.parse(doc.text.data(), doc.text.size(), false).get(root) || root.get(object)) {
        Die("bad generated line");
      }
      if (stage == Stage::kDecodeDom) {
        decoded.Clear();
        if (!DecodeRampart(object, &decoded).empty()) Die("undecodable generated event");
      }
    } else if (stage != Stage::kRead) {
      decoded.Clear();
      std::string reason;
      if (fast.Decode(doc.text, true, &decoded, &reason) !=
              RampartFastPath::Result::kDecoded ||
          !reason.empty())
        Die("undecodable generated event");
      if (stage == Stage::kAggregate) {
        builder.Add(decoded);
        if (builder.documents() >= 5000) benchmark::DoNotOptimize(builder.Take(source));
      }
    }
    benchmark::DoNotOptimize(decoded.items.data());
    reader.Consume(doc);
  }
  return documents;
}

void Report(benchmark::State& state, int64_t documents) {
  state.SetItemsProcessed(documents);
  state.SetBytesProcessed(int64_t(std::filesystem::file_size(IngestInput())) *
                          int64_t(state.iterations()));
  state.counters["events_per_s"] =
      benchmark::Counter(double(documents), benchmark::Counter::kIsRate);
}

void BM_IngestStages(benchmark::State& state) {
  const std::string& path = IngestInput();
  int64_t documents = 0;
  for (auto _ : state) documents += RunStages(path, Stage(state.range(0)));
  Report(state, documents);
}
BENCHMARK(BM_IngestStages)
    ->ArgName("stage")
    ->Arg(int(Stage::kRead))
    ->Arg(int(Stage::kParseDom))
    ->Arg(int(Stage::kDecodeDom))
    ->Arg(int(Stage::kDecode))
    ->Arg(int(Stage::kAggregate))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The fast path (and the batch builder) over lines already in memory: no reading, so the
// figures move only with the code measured (for comparing changes on a busy machine, take
// the fastest of several repetitions).
void BM_InMemory(benchmark::State& state) {
  static const std::string text = [] {
    std::ifstream in(IngestInput(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  static const std::vector<std::string_view> lines = [] {
    std::vector<std::string_view> out;
    for (size_t at = 0; at < text.size();) {
      size_t nl = text.find('\n', at);
      if (nl == std::string::npos) nl = text.size();
      out.push_back(std::string_view(text).substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }();
  bool aggregate = state.range(0) != 0;
  RampartFastPath fast;
  DecodedDocument decoded;
  BatchBuilder builder;
  SourceRecord source;
  std::string reason;
  for (auto _ : state) {
    for (std::string_view line : lines) {
      decoded.Clear();
      if (fast.Decode(line, true, &decoded, &reason) != RampartFastPath::Result::kDecoded ||
          !reason.empty())
        Die("undecodable generated event");
      if (aggregate) {
        builder.Add(decoded);
        if (builder.documents() >= 50000) benchmark::DoNotOptimize(builder.Take(source));
      }
      benchmark::DoNotOptimize(decoded.items.data());
    }
  }
  state.SetItemsProcessed(int64_t(lines.size()) * int64_t(state.iterations()));
}
BENCHMARK(BM_InMemory)->ArgName("aggregate")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The whole of `rampart learn ingest` but the CLI: a fresh store per iteration.
void BM_Ingest(benchmark::State& state) {
  const std::string& path = IngestInput();
  std::string db = TempDir() + "/rampart-learner-bench-ingest-" + std::to_string(getpid()) + ".db";
  int64_t documents = 0;
  for (auto _ : state) {
    state.PauseTiming();
    RemoveStore(db);
    std::string error;
    auto store = SqliteStore::Open(db, {}, &error);
    if (store == nullptr) Die(error);
    IngestOptions options;
    options.batch_documents = state.range(0);
    Ingester ingester(store.get(), options);
    FileReport report;
    state.ResumeTiming();
    if (!ingester.IngestFile(path, &report)) Die(report.error);
    documents += report.documents;
  }
  RemoveStore(db);
  Report(state, documents);
}
BENCHMARK(BM_Ingest)
    ->ArgName("batch")
    ->Arg(5000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A store from `count` varied events, built once through the same path as ingest (parse,
// decode, aggregate, commit every 50,000 documents) but from memory, not a file.
const std::string& MinedStore() {
  static const std::string path = [] {
    const char* env = std::getenv("RAMPART_LEARNER_BENCH_EVENTS");
    uint64_t count = env != nullptr ? std::strtoull(env, nullptr, 10) : 10000000;
    std::string p = TempDir() + "/rampart-learner-bench-varied-" + std::to_string(count) + ".db";
    if (std::filesystem::exists(p)) return p;
    std::fprintf(stderr, "learner_bench: building %s from %llu events (once)...\n", p.c_str(),
                 (unsigned long long)count);
    std::string tmp = p + ".building";
    RemoveStore(tmp);
    std::string error;
    auto store = SqliteStore::Open(tmp, {}, &error);
    if (store == nullptr) Die(error);
    SourceRecord source;
    source.name = "generated";
    source.fingerprint = "varied";
    source.fingerprint_len = 0;
    source.content_hash = "";
    if (!store->CreateSource(&source, &error)) Die(error);
    simdjson::dom::parser parser;
    DecodedDocument decoded;
    BatchBuilder builder;
    std::string line;
    for (uint64_t i = 0; i < count; ++i) {
      line.clear();
      testing::AppendVariedEvent(i, &line);
      simdjson::dom::element root;
      simdjson::dom::object object;
      if (parser.parse(line).get(root) || root.get(object)) Die("bad generated line");
      decoded.Clear();
      if (!DecodeRampart(object, &decoded).empty()) Die("undecodable generated event");
      builder.Add(decoded);
      ++source.events;
      if (builder.documents() >= 50000 || i + 1 == count) {
        source.lines = int64_t(i + 1);
        if (!store->Commit(builder.Take(source), &error)) Die(error);
      }
    }
    store.reset();
    std::filesystem::rename(tmp, p);
    RemoveStore(tmp);
    return p;
  }();
  return path;
}

std::unique_ptr<SqliteStore> OpenMined(benchmark::State& state) {
  std::string error;
  SqliteStore::Options options;
  options.create = false;
  auto store = SqliteStore::Open(MinedStore(), options, &error);
  if (store == nullptr) Die(error);
  std::vector<WorkloadSummary> workloads;
  if (!store->Summaries(&workloads, &error)) Die(error);
  int64_t events = 0, observations = 0;
  for (const WorkloadSummary& w : workloads) {
    events += w.events;
    for (int64_t d : w.distinct) observations += d;
  }
  state.counters["events"] = double(events);
  state.counters["observations"] = double(observations);
  state.counters["workloads"] = double(workloads.size());
  return store;
}

// `rampart learn emit` without the CLI's check and print: read every workload version's
// observations, mine them, write the source text.
void BM_MineAndEmit(benchmark::State& state) {
  auto store = OpenMined(state);
  int rules = 0;
  for (auto _ : state) {
    std::vector<EmittedFile> files;
    std::string error;
    if (!EmitBaselines(store.get(), {}, &files, &error)) Die(error);
    rules = 0;
    for (const EmittedFile& f : files) rules += f.rules;
    benchmark::DoNotOptimize(files.data());
  }
  state.counters["rules"] = rules;
}
BENCHMARK(BM_MineAndEmit)->Unit(benchmark::kMillisecond)->UseRealTime();

// `rampart learn status`'s readiness: novelty curves and verdicts for every workload version,
// counting behaviours as mining generalises them (counted:0, the default: mines every
// workload) or as stored observations (counted:1).
void BM_Convergence(benchmark::State& state) {
  auto store = OpenMined(state);
  ConvergenceOptions options;
  options.counted = state.range(0) == 0 ? Counted::kGeneralised : Counted::kObserved;
  for (auto _ : state) {
    std::vector<WorkloadSummary> workloads;
    std::vector<WorkloadConvergence> result;
    std::string error;
    if (!store->Summaries(&workloads, &error) ||
        !LoadConvergence(store.get(), workloads, options, &result, &error)) {
      Die(error);
    }
    benchmark::DoNotOptimize(result.data());
  }
}
BENCHMARK(BM_Convergence)
    ->ArgName("counted")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
