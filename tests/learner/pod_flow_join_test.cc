// Flows a source saw for pods without naming a container, joined into the container versions
// that ran in those pods (learner/mine/pod_flow_join.h). The emitted shape is covered by the
// golden files of tests/learner/data/join/; this pins the merging and the replica mapping.
#include "learner/mine/pod_flow_join.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "learner/store/sqlite_store.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

std::string Workload(const std::string& pod) {
  return "\"workload\": {\"namespace\": \"a\", \"kind\": \"Deployment\", \"name\": \"api\", "
         "\"pod\": \"" + pod + "\"}";
}

std::string Flow(const std::string& pod, int t, bool with_container) {
  return "{\"kind\": \"flow\", \"time\": " + std::to_string(t) +
         ", \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": 443, \"peer_ip\": "
         "\"203.0.113.80\", " +
         (with_container ? "\"container\": {\"name\": \"api\", \"image_digest\": \"sha256:1\"}, "
                         : "") +
         Workload(pod) + "}\n";
}

std::string Exec(const std::string& pod, const std::string& container, const std::string& digest,
                 int t) {
  return "{\"kind\": \"exec\", \"time\": " + std::to_string(t) +
         ", \"proc\": {\"exe\": \"/app/api\"}, \"container\": {\"name\": \"" + container +
         "\", \"image_digest\": \"" + digest + "\"}, " + Workload(pod) + "}\n";
}

struct Joined {
  std::vector<WorkloadSummary> workloads;
  std::unique_ptr<SqliteStore> store;
  PodFlowJoin join;

  const WorkloadSummary& Version(const std::string& container, const std::string& version) {
    for (const WorkloadSummary& w : workloads) {
      if (w.ref.container == container && w.ref.version == version) return w;
    }
    ADD_FAILURE() << "no version " << container << " " << version;
    return workloads.front();
  }
  std::vector<StoredObservation> Flows(const WorkloadSummary& w) {
    std::vector<StoredObservation> all, flows;
    std::string error;
    EXPECT_TRUE(join.Observations(w, &all, &error)) << error;
    for (StoredObservation& o : all) {
      if (o.plane == Plane::kNetwork) flows.push_back(std::move(o));
    }
    return flows;
  }
};

// Ingests `history` (rampart event lines, all good) into a fresh store in `dir` and opens it.
void Load(testing::ScratchDir& dir, const std::string& history, Joined* j) {
  const std::string events = dir.File("e.jsonl"), db = dir.File("j.db");
  testing::WriteFile(events, history);
  auto reports = testing::Ingest(db, {events});
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].bad_lines, 0);
  std::string error;
  j->store = SqliteStore::Open(db, {}, &error);
  ASSERT_NE(j->store, nullptr) << error;
  ASSERT_TRUE(j->store->Summaries(&j->workloads, &error)) << error;
  ASSERT_TRUE(j->join.Load(j->store.get(), &j->workloads, &error)) << error;
}

TEST(PodFlowJoin, APodsFlowsGoToItsContainerVersionAndMergeWithItsOwn) {
  testing::ScratchDir dir;
  Joined j;
  // Pod p1 runs container api (sha256:1) and a sidecar; p2 was seen only by the flow source;
  // p3 runs another version of api and showed no pod-level flow.
  ASSERT_NO_FATAL_FAILURE(Load(dir,
       Exec("api-7c9d8f6b5-p1aaa", "api", "sha256:1", 1000) +
           Exec("api-7c9d8f6b5-p1aaa", "proxy", "sha256:9", 1000) +
           Exec("api-5b4a39c2d-p3ccc", "api", "sha256:2", 1000) +
           Flow("api-7c9d8f6b5-p1aaa", 1001, true) + Flow("api-7c9d8f6b5-p1aaa", 2000, false) +
           Flow("api-6d5e4f3a2-p2bbb", 3000, false),
       &j));
  ASSERT_EQ(j.workloads.size(), 4u);  // api sha256:1, api sha256:2, proxy, pod-level

  // The container's own flow and the pod-level one have the same key: one observation.
  const WorkloadSummary& api = j.Version("api", "sha256:1");
  std::vector<StoredObservation> flows = j.Flows(api);
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_TRUE(flows[0].joined_from_pods);
  EXPECT_EQ(flows[0].count, 3);  // its own, plus the pod-level observation's whole count
  EXPECT_EQ(flows[0].first_seen, 1001);
  EXPECT_EQ(flows[0].last_seen, 3000);  // the pod-level span is of all pods
  EXPECT_EQ(flows[0].replicas, 1);      // but only p1 is a pod of this version
  ASSERT_EQ(flows[0].replica_ids.size(), 1u);

  // The sidecar shares p1: the pod's flow is its too, under its own replica.
  std::vector<StoredObservation> proxy = j.Flows(j.Version("proxy", "sha256:9"));
  ASSERT_EQ(proxy.size(), 1u);
  EXPECT_EQ(proxy[0].count, 2);
  ASSERT_EQ(proxy[0].replica_ids.size(), 1u);
  EXPECT_NE(proxy[0].replica_ids, flows[0].replica_ids);

  // p3 showed no pod-level flow: its version gets none.
  EXPECT_TRUE(j.Flows(j.Version("api", "sha256:2")).empty());

  // The pod-level version keeps the flow only for p2, the pod no container version ran in.
  std::vector<StoredObservation> pod_level = j.Flows(j.Version("", ""));
  ASSERT_EQ(pod_level.size(), 1u);
  EXPECT_FALSE(pod_level[0].joined_from_pods);
  EXPECT_EQ(pod_level[0].replicas, 1);
  ASSERT_EQ(pod_level[0].replica_ids.size(), 1u);
}

TEST(PodFlowJoin, AStatefulSetPodsTimeIsSharedBetweenTheVersionsItRan) {
  testing::ScratchDir dir;
  // db-0 ran sha256:1 from t=1000 and sha256:2 from t=5000; each execs once, at its start.
  auto exec = [](const std::string& digest, int t) {
    return "{\"kind\": \"exec\", \"time\": " + std::to_string(t) +
           ", \"proc\": {\"exe\": \"/usr/bin/postgres\"}, \"container\": {\"name\": \"pg\", "
           "\"image_digest\": \"" + digest + "\"}, \"workload\": {\"namespace\": \"a\", "
           "\"kind\": \"StatefulSet\", \"name\": \"db\", \"pod\": \"db-0\"}}\n";
  };
  auto flow = [](int port, int t) {
    return "{\"kind\": \"flow\", \"time\": " + std::to_string(t) +
           ", \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": " +
           std::to_string(port) + ", \"peer_ip\": \"203.0.113.80\", \"workload\": "
           "{\"namespace\": \"a\", \"kind\": \"StatefulSet\", \"name\": \"db\", \"pod\": "
           "\"db-0\"}}\n";
  };
  Joined j;
  ASSERT_NO_FATAL_FAILURE(Load(dir,
       exec("sha256:1", 1000) + exec("sha256:2", 5000) + flow(1, 500) + flow(2, 4000) +
           flow(3, 5000) + flow(4, 9000) + flow(5, 4000) + flow(5, 6000),
       &j));
  auto ports = [&](const WorkloadSummary& w) {
    std::vector<long long> out;
    for (const StoredObservation& o : j.Flows(w)) out.push_back(o.columns.port);
    std::sort(out.begin(), out.end());
    return out;
  };
  // Before the first version's first event counts as the first version's; a flow seen in
  // both shares (port 5) goes to both.
  EXPECT_EQ(ports(j.Version("pg", "sha256:1")), (std::vector<long long>{1, 2, 5}));
  EXPECT_EQ(ports(j.Version("pg", "sha256:2")), (std::vector<long long>{3, 4, 5}));
  EXPECT_TRUE(ports(j.Version("", "")).empty());
}

}  // namespace
}  // namespace rampart::learner
