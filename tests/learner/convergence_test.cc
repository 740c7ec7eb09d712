// Convergence: readiness for each reason on a synthetic store (events with chosen times,
// ingested the way the CLI does), novelty windows and curves, which losses concern which
// workload, durations, and the novelty picture (structure and determinism).

#include "learner/convergence/convergence.h"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "learner/convergence/duration.h"
#include "learner/emit/baseline_emitter.h"
#include "learner/report/novelty_picture.h"
#include "learner/report/reports.h"
#include "learner/report/status_report.h"
#include "learner/store/sqlite_store.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::ScratchDir;

constexpr long long kT0 = 1709280000LL * kSecond;  // 2024-03-01T08:00:00Z

// One rampart event of Deployment `app` (pod on `node`) at kT0 + `at`.
std::string Event(const std::string& app, const std::string& node, long long at,
                  const std::string& body) {
  return "{\"time\": " + std::to_string(kT0 + at) + ", \"node\": \"" + node +
         "\", \"container\": {\"name\": \"app\", \"image_digest\": \"sha256:0123456789abcdef\"}, "
         "\"workload\": {\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"" +
         app + "\", \"pod\": \"" + app + "-6d8f7b9c4d-abcde\"}, " + body + "}\n";
}
std::string Exec(const std::string& exe) {
  return "\"kind\": \"exec\", \"proc\": {\"exe\": \"" + exe +
         "\"}, \"parent\": {\"exe\": \"/app\"}";
}
std::string Open(const std::string& path) {
  return "\"kind\": \"open\", \"proc\": {\"exe\": \"/app\"}, \"path\": \"" + path +
         "\", \"access\": \"read\"";
}
std::string RateLimit(const std::string& node, long long at, int dropped) {
  return "{\"rate_limit_info\": {\"number_of_dropped_process_events\": \"" +
         std::to_string(dropped) + "\"}, \"node_name\": \"" + node + "\", \"time\": \"" +
         TimeText(kT0 + at) + "\"}\n";
}

class ConvergenceTest : public ::testing::Test {
 protected:
  // Ingests `history` and computes convergence with a 24h quiet window.
  void Load(const std::string& history, ConvergenceOptions options = {}) {
    std::string file = dir_.File("history.jsonl");
    testing::WriteFile(file, history);
    std::string db = dir_.File("learn.db");
    std::vector<FileReport> reports = testing::Ingest(db, {file});
    ASSERT_EQ(reports.size(), 1u);
    ASSERT_EQ(reports[0].bad_lines, 0) << reports[0].bad_line_samples[0].reason;
    std::string error;
    store_ = SqliteStore::Open(db, {}, &error);
    ASSERT_NE(store_, nullptr) << error;
    workloads_.clear();
    ASSERT_TRUE(store_->Summaries(&workloads_, &error)) << error;
    ASSERT_TRUE(LoadConvergence(store_.get(), workloads_, options, &result_, &error)) << error;
    ASSERT_EQ(result_.size(), workloads_.size());
  }
  const WorkloadConvergence& Of(const std::string& name) {
    for (size_t i = 0; i < workloads_.size(); ++i) {
      if (workloads_[i].ref.name == name) return result_[i];
    }
    ADD_FAILURE() << "no workload " << name;
    static WorkloadConvergence none;
    return none;
  }
  std::vector<std::string> Codes(const std::string& name) {
    std::vector<std::string> codes;
    for (const NotReadyReason& r : Of(name).readiness.reasons)
      codes.push_back(NotReadyCode(r.code));
    return codes;
  }

  ScratchDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::vector<WorkloadSummary> workloads_;
  std::vector<WorkloadConvergence> result_;
};

// Behaviour settles after an hour, then 29 hours of the same: ready, since last novelty + 24h.
TEST_F(ConvergenceTest, ReadyWhenNothingNewForTheQuietWindow) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api")) +
                  Event("api", "node-a", kHour, Open("/etc/api.conf"));
  for (int i = 2; i <= 30; ++i) h += Event("api", "node-a", i * kHour, Exec("/bin/api"));
  Load(h);
  const Readiness& r = Of("api").readiness;
  EXPECT_TRUE(r.ready) << r.summary;
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_EQ(r.last_novelty, kT0 + kHour);
  EXPECT_EQ(r.last_novelty_plane, Plane::kFile);
  EXPECT_EQ(r.quiet_for, 29 * kHour);
  EXPECT_EQ(r.span, 30 * kHour);
  EXPECT_EQ(r.ready_since, kT0 + 25 * kHour);
  EXPECT_EQ(r.summary, "nothing new for 1d5h (quiet window 1d), no loss reported");
}

TEST_F(ConvergenceTest, NotReadyWhenSomethingNewAppearedWithinTheQuietWindow) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api"));
  for (int i = 1; i <= 30; ++i) h += Event("api", "node-a", i * kHour, Exec("/bin/api"));
  h += Event("api", "node-a", 28 * kHour, Exec("/bin/sh"));
  Load(h);
  const Readiness& r = Of("api").readiness;
  EXPECT_FALSE(r.ready);
  EXPECT_EQ(Codes("api"), std::vector<std::string>{"recent_novelty"});
  EXPECT_EQ(r.summary, "new exec behaviour 2h before its last event, quiet window 1d");
  // The same history is ready under a shorter window.
  ConvergenceOptions one_hour;
  one_hour.quiet_window = kHour;
  Load(h, one_hour);
  EXPECT_TRUE(Of("api").readiness.ready) << Of("api").readiness.summary;
}

TEST_F(ConvergenceTest, NotReadyWhenObservedForLessThanTheQuietWindow) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api")) +
                  Event("api", "node-a", 10 * kMinute, Exec("/bin/api"));
  Load(h);
  EXPECT_EQ(Codes("api"), std::vector<std::string>{"short_span"});
  EXPECT_EQ(Of("api").readiness.summary, "learning span 10m is shorter than the quiet window 1d");
}

// A loss on a node the workload ran on, during its span, keeps it from being ready; losses
// elsewhere or at other times do not concern it.
TEST_F(ConvergenceTest, NotReadyWhenTheSourceLostEventsWhileLearning) {
  std::string h;
  for (int i = 0; i <= 30; ++i) {
    h += Event("api", "node-a", i * kHour, Exec("/bin/api"));
    h += Event("db", "node-b", i * kHour, Exec("/bin/db"));
  }
  h += RateLimit("node-a", 3 * kHour, 12);  // concerns api
  h += RateLimit("node-c", 3 * kHour, 99);  // no replica there
  h += RateLimit("node-b", 40 * kHour, 7);  // after db's span
  Load(h);
  const Readiness& api = Of("api").readiness;
  EXPECT_FALSE(api.ready);
  EXPECT_EQ(Codes("api"), std::vector<std::string>{"source_loss"});
  EXPECT_EQ(api.lost_events, 12);
  EXPECT_EQ(api.loss_reports, 1);
  EXPECT_EQ(api.summary,
            "sources reported 12 lost events while it was learning (tetragon rate_limit_info)");
  const Readiness& db = Of("db").readiness;
  EXPECT_TRUE(db.ready) << db.summary;
  EXPECT_EQ(db.lost_events, 0);
}

TEST_F(ConvergenceTest, EveryReasonThatHoldsIsListed) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api")) +
                  Event("api", "node-a", kMinute, Exec("/bin/api")) +
                  RateLimit("", 30 * kSecond, 0);  // unnamed node, number unknown
  Load(h);
  EXPECT_EQ(Codes("api"), (std::vector<std::string>{"short_span", "source_loss"}));
  EXPECT_EQ(Of("api").readiness.reasons[1].message,
            "a source reported dropping events (number unknown) while it was learning "
            "(tetragon rate_limit_info)");
}

TEST_F(ConvergenceTest, NotReadyWithoutTimes) {
  Load(
      "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/x\"}, \"workload\": {\"namespace\": "
      "\"shop\", \"pod\": \"solo\"}}\n");
  EXPECT_EQ(Codes("solo"), std::vector<std::string>{"no_times"});
  EXPECT_EQ(Of("solo").untimed, 1);
  EXPECT_TRUE(Of("solo").curve.empty());
}

TEST_F(ConvergenceTest, CountsNewBehavioursPerWindowAndPlane) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api")) +
                  Event("api", "node-a", 10 * kMinute, Open("/etc/a")) +
                  Event("api", "node-a", 20 * kMinute, Open("/etc/a")) +  // not new
                  Event("api", "node-a", 2 * kHour + kMinute, Open("/etc/b")) +
                  Event("api", "node-a", 2 * kHour + kMinute, Exec("/bin/sh"));
  Load(h);
  const WorkloadConvergence& c = Of("api");
  ASSERT_EQ(c.windows.size(), 2u);  // the empty hour in between is left out
  EXPECT_EQ(c.windows[0].start, kT0);
  EXPECT_EQ(c.windows[0].added[int(Plane::kExec)], 1);
  EXPECT_EQ(c.windows[0].added[int(Plane::kFile)], 1);
  EXPECT_EQ(c.windows[1].start, kT0 + 2 * kHour);
  EXPECT_EQ(c.windows[1].added[int(Plane::kExec)], 1);
  EXPECT_EQ(c.windows[1].added[int(Plane::kFile)], 1);
  ASSERT_EQ(c.curve.size(), 3u);  // two behaviours at the same time are one step
  EXPECT_EQ(c.curve[0].distinct, 1);
  EXPECT_EQ(c.curve[1].distinct, 2);
  EXPECT_EQ(c.curve[2].time, kT0 + 2 * kHour + kMinute);
  EXPECT_EQ(c.curve[2].distinct, 4);
}

// A workload writing a new random temporary file every hour: as observed it never stops
// finding something new; as mining generalises it (one /tmp/* glob since the first file) it
// has been quiet for a day.
TEST_F(ConvergenceTest, GeneralisedBehavioursConvergeWhereObservationsDoNot) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api"));
  for (int i = 0; i <= 30; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "/tmp/upload-%08x.tmp", unsigned(i * 2654435761u));
    h += Event("api", "node-a", i * kHour, Open(name));
  }
  ConvergenceOptions observed;
  observed.counted = Counted::kObserved;
  Load(h, observed);
  EXPECT_EQ(Codes("api"), std::vector<std::string>{"recent_novelty"});
  EXPECT_EQ(Of("api").curve.back().distinct, 32);
  Load(h);  // generalised, the default
  EXPECT_TRUE(Of("api").readiness.ready) << Of("api").readiness.summary;
  EXPECT_EQ(Of("api").curve.back().distinct, 2);  // the executable and the glob
  EXPECT_EQ(Of("api").readiness.last_novelty, kT0);
}

// `learn emit` writes each baseline's readiness into its header, as `learn status` judges
// it: a reviewer sees whether the baseline finished learning before promoting it.
TEST_F(ConvergenceTest, EmittedBaselinesSayWhetherTheyAreReady) {
  std::string h = Event("api", "node-a", 0, Exec("/bin/api")) + Event("web", "node-b", 0, Exec("/bin/web"));
  for (int i = 1; i <= 30; ++i) {
    h += Event("api", "node-a", i * kHour, Exec("/bin/api"));
    h += Event("web", "node-b", i * kHour, Exec("/bin/web"));
  }
  h += RateLimit("node-b", 5 * kHour, 12);  // web's node lost events while it learned
  Load(h);
  std::vector<EmittedFile> files;
  std::string error;
  ASSERT_TRUE(EmitBaselines(store_.get(), {}, &files, &error)) << error;
  ASSERT_EQ(files.size(), 2u);
  for (const EmittedFile& f : files) {
    if (f.workload.name == "api") {
      EXPECT_NE(f.text.find("// Readiness: ready (nothing new for 1d6h (quiet window 1d), no loss reported)."),
                std::string::npos)
          << f.text;
    } else {
      EXPECT_NE(f.text.find("// Readiness: NOT READY, keep learning before enforcing:\n//   - "), std::string::npos)
          << f.text;
      EXPECT_NE(f.text.find("lost"), std::string::npos) << f.text;
    }
  }
  // A longer quiet window than the history: neither is ready.
  EmitOptions strict;
  strict.convergence.quiet_window = 48 * kHour;
  ASSERT_TRUE(EmitBaselines(store_.get(), strict, &files, &error)) << error;
  for (const EmittedFile& f : files) EXPECT_NE(f.text.find("// Readiness: NOT READY"), std::string::npos) << f.text;
}

TEST(LossConcerns, ByTimeAndNode) {
  std::vector<std::string> nodes = {"node-a", "node-b"};
  EXPECT_TRUE(LossConcerns(Loss{50, "node-a", 1, ""}, nodes, 10, 100));
  EXPECT_FALSE(LossConcerns(Loss{5, "node-a", 1, ""}, nodes, 10, 100));       // before
  EXPECT_FALSE(LossConcerns(Loss{101, "node-a", 1, ""}, nodes, 10, 100));     // after
  EXPECT_FALSE(LossConcerns(Loss{50, "node-c", 1, ""}, nodes, 10, 100));      // elsewhere
  EXPECT_TRUE(LossConcerns(Loss{50, "", 1, ""}, nodes, 10, 100));             // node unknown
  EXPECT_TRUE(LossConcerns(Loss{kNoTime, "node-b", 1, ""}, nodes, 10, 100));  // time unknown
  EXPECT_TRUE(LossConcerns(Loss{50, "node-c", 1, ""}, {}, 10, 100));          // its nodes unknown
}

TEST(Duration, ParsesAndPrints) {
  long long ns = 0;
  std::string error;
  ASSERT_TRUE(ParseDuration("24h", &ns, &error));
  EXPECT_EQ(ns, 24 * kHour);
  ASSERT_TRUE(ParseDuration("1h30m", &ns, &error));
  EXPECT_EQ(ns, 90 * kMinute);
  ASSERT_TRUE(ParseDuration("7d", &ns, &error));
  EXPECT_EQ(ns, 7 * kDay);
  ASSERT_TRUE(ParseDuration("250ms", &ns, &error));
  EXPECT_EQ(ns, kSecond / 4);
  for (const char* bad : {"", "24", "h", "0h", "-1h", "1x", "1h 30m", "99999999999999999999d"}) {
    EXPECT_FALSE(ParseDuration(bad, &ns, &error)) << bad;
    EXPECT_NE(error.find("e.g. 24h, 30m"), std::string::npos) << error;
  }
  EXPECT_EQ(DurationText(0), "0s");
  EXPECT_EQ(DurationText(kSecond / 4), "250ms");
  EXPECT_EQ(DurationText(24 * kHour), "1d");
  EXPECT_EQ(DurationText(26 * kHour + 59 * kMinute), "1d2h");  // rounded down
  EXPECT_EQ(DurationText(10 * kMinute + 30 * kSecond), "10m30s");
  EXPECT_EQ(DurationText(kHour + 30 * kSecond), "1h");
}

TEST_F(ConvergenceTest, PictureHasOneLinePerWorkloadAndIsDeterministic) {
  std::string h;
  for (int i = 0; i <= 30; ++i) {
    h += Event("api", "node-a", i * kHour, Exec(i < 3 ? "/bin/t" + std::to_string(i) : "/bin/t0"));
    h += Event("db", "node-b", i * kHour, Exec("/bin/db" + std::to_string(i % 20)));
  }
  Load(h);
  std::string svg = NoveltyPictureSvg(workloads_, result_, {});
  EXPECT_EQ(svg, NoveltyPictureSvg(workloads_, result_, {}));
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<path d=\"M"), 3u);  // the axes and two curves
  EXPECT_NE(svg.find("shop/Deployment/api app sha256:0123456789ab (3, ready)"), std::string::npos);
  EXPECT_NE(svg.find("shop/Deployment/db app sha256:0123456789ab (20, not ready)"),
            std::string::npos);
  EXPECT_EQ(count("r=\"4\" fill=\"white\""), 1u);  // db: hollow marker, not ready
  EXPECT_EQ(count("<circle"), 2u);
  // Time labels: a 30-hour span gets 6-hourly ticks labelled HH:MM (UTC).
  EXPECT_NE(svg.find(">12:00</text>"), std::string::npos);
  EXPECT_NE(svg.find("time (UTC), 2024-03-01T08:00:00Z .. 2024-03-02T14:00:00Z"),
            std::string::npos);
}

TEST_F(ConvergenceTest, StatusJsonFillsReady) {
  std::string h;
  for (int i = 0; i <= 30; ++i) h += Event("api", "node-a", i * kHour, Exec("/bin/api"));
  Load(h);
  std::string json = StatusJson("learn.db", workloads_, result_, {}, {});
  EXPECT_NE(json.find("\"ready\":true,\"readiness\":{\"quiet_window\":\"1d\","
                      "\"quiet_window_ns\":86400000000000,\"as_of\":\"2024-03-02T14:00:00Z\""),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"reasons\":[],\"summary\":\"nothing new for 1d6h (quiet window 1d), no "
                      "loss reported\"}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"novelty\":{\"counted\":\"generalised\",\"window\":\"1h\",\"window_ns\":3600000000000,\"untimed\":0,"
                      "\"windows\":[{\"start\":\"2024-03-01T08:00:00Z\",\"new\":{\"exec\":1,"
                      "\"file\":0,\"network\":0,\"syscall\":0}}]}"),
            std::string::npos)
      << json;
}

}  // namespace
}  // namespace rampart::learner
