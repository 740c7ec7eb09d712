// Workload identity rules (learner/identity/workload_identity.h) on real-looking pod names.

#include "learner/identity/workload_identity.h"

#include "gtest/gtest.h"

namespace rampart::learner {
namespace {

struct OwnerCase {
  const char* pod;
  Labels labels;
  const char* kind;
  const char* name;
  const char* rule;
};

TEST(WorkloadIdentity, OwnerFromPodNameAndLabels) {
  const OwnerCase cases[] = {
      // Deployments: <deployment>-<pod-template-hash>-<5 chars>.
      {"billing-6d8f7b9c4d-x2kqp",
       {{"app", "billing"}, {"pod-template-hash", "6d8f7b9c4d"}},
       "Deployment",
       "billing",
       "label pod-template-hash"},
      {"reviews-v1-545db77b95-s6jb8",
       {},
       "Deployment",
       "reviews-v1",
       "pod name <deployment>-<hash>-<suffix>"},
      {"kube-dns-b4f5c58c7-vnx5s",
       {},
       "Deployment",
       "kube-dns",
       "pod name <deployment>-<hash>-<suffix>"},
      // The API server cuts generated names at 58 characters: the hash is partly gone.
      {"payments-settlement-reconciliation-worker-eu-west-6f8d9b7cxk2pq",
       {{"pod-template-hash", "6f8d9b7c5d"}},
       "Deployment",
       "payments-settlement-reconciliation-worker-eu-west",
       "label pod-template-hash"},
      // A name that does not end in a generated suffix is not cut: cutting 5 bytes could
      // split a UTF-8 character (fuzzer finding).
      {"cart-7f9c8d6b\u011c\u048f8m2z",
       {{"pod-template-hash", "7f9c8d6b5c"}},
       "Deployment",
       "cart-7f9c8d6b\u011c\u048f8m2z",
       "label pod-template-hash"},
      // StatefulSets: <statefulset>-<ordinal>.
      {"postgres-0",
       {{"controller-revision-hash", "postgres-5c7d8f9b6"},
        {"statefulset.kubernetes.io/pod-name", "postgres-0"}},
       "StatefulSet",
       "postgres",
       "label statefulset.kubernetes.io/pod-name"},
      {"kafka-broker-12",
       {{"apps.kubernetes.io/pod-index", "12"}, {"controller-revision-hash", "kafka-broker-7d9"}},
       "StatefulSet",
       "kafka-broker",
       "label statefulset.kubernetes.io/pod-name"},
      {"redis-2", {}, "StatefulSet", "redis", "pod name <statefulset>-<ordinal>"},
      // DaemonSets: <daemonset>-<5 chars>, told apart from Jobs by their labels only.
      {"node-local-dns-88zrp",
       {{"controller-revision-hash", "5c7b9d6f8"}, {"pod-template-generation", "1"}},
       "DaemonSet",
       "node-local-dns",
       "label pod-template-generation"},
      {"node-local-dns-88zrp", {}, "", "node-local-dns", "pod name <owner>-<suffix>"},
      // Jobs and the Jobs of CronJobs (<cronjob>-<minutes since the epoch>).
      {"db-migrate-v42-kq7xz",
       {{"job-name", "db-migrate-v42"}, {"controller-uid", "0b1c2d3e"}},
       "Job",
       "db-migrate-v42",
       "label job-name"},
      {"nightly-report-28473120-w8p4t",
       {{"batch.kubernetes.io/job-name", "nightly-report-28473120"}},
       "CronJob",
       "nightly-report",
       "label job-name of a scheduled run"},
      {"nightly-report-28473120-w8p4t",
       {},
       "CronJob",
       "nightly-report",
       "pod name <cronjob>-<time>-<suffix>"},
      // Nothing to go on: the pod is its own workload.
      {"tiefighter", {{"class", "tiefighter"}, {"org", "empire"}}, "Pod", "tiefighter", "bare pod"},
      {"debug-shell", {}, "Pod", "debug-shell", "bare pod"},
      {"web-01", {}, "Pod", "web-01", "bare pod"},
  };
  for (const OwnerCase& c : cases) {
    std::string kind, name, rule;
    DeriveOwner(c.pod, &c.labels, &kind, &name, &rule);
    EXPECT_EQ(kind, c.kind) << c.pod;
    EXPECT_EQ(name, c.name) << c.pod;
    EXPECT_EQ(rule, c.rule) << c.pod;
  }
}

TEST(WorkloadIdentity, ReplicasMergeAndDigestsSplit) {
  Labels a = {{"app", "billing"}, {"pod-template-hash", "6d8f7b9c4d"}, {"tier", "backend"}};
  PodFacts facts;
  facts.namespace_name = "payments";
  facts.pod = "billing-6d8f7b9c4d-x2kqp";
  facts.container = "app";
  facts.image = "registry.acme.example/billing:1.4.2";
  facts.image_id = "docker-pullable://registry.acme.example/billing@sha256:4e5f6a7b8c9d";
  facts.labels = &a;
  WorkloadRef one = ResolveWorkload(facts);
  facts.pod = "billing-6d8f7b9c4d-p8m2z";
  WorkloadRef two = ResolveWorkload(facts);
  EXPECT_EQ(one.Key(), two.Key());
  EXPECT_EQ(one.version, "sha256:4e5f6a7b8c9d");
  EXPECT_EQ(one.kind, "Deployment");
  EXPECT_EQ(one.name, "billing");
  // The per-replica label is gone, the others stay.
  EXPECT_EQ(one.labels, (Labels{{"app", "billing"}, {"tier", "backend"}}));

  // A rollout to a new image: a new ReplicaSet hash and a new digest, a new version.
  Labels b = {{"app", "billing"}, {"pod-template-hash", "5b7c9d8f6d"}, {"tier", "backend"}};
  facts.labels = &b;
  facts.pod = "billing-5b7c9d8f6d-qrstv";
  facts.image_id = "sha256:9999aaaabbbb";
  WorkloadRef three = ResolveWorkload(facts);
  EXPECT_NE(three.Key(), one.Key());
  EXPECT_EQ(three.name, "billing");
  EXPECT_EQ(three.version, "sha256:9999aaaabbbb");
}

TEST(WorkloadIdentity, OwnerGivenBySourceWins) {
  Labels labels = {{"pod-template-hash", "56f8fc6988"}};
  PodFacts facts;
  facts.namespace_name = "tenant-jobs";
  facts.pod = "elasticsearch-56f8fc6988-sh8rm";
  facts.owner_kind = "ReplicaSet";
  facts.owner_name = "elasticsearch-56f8fc6988";
  facts.labels = &labels;
  WorkloadRef w = ResolveWorkload(facts);
  EXPECT_EQ(w.kind, "Deployment");
  EXPECT_EQ(w.name, "elasticsearch");
  facts.owner_kind = "Rollout";
  facts.owner_name = "elasticsearch";
  w = ResolveWorkload(facts);
  EXPECT_EQ(w.kind, "Rollout");
  EXPECT_EQ(w.rule, "owner given by the source");
}

TEST(WorkloadIdentity, CronJobRunsMerge) {
  Labels run1 = {
      {"app", "report"}, {"job-name", "nightly-report-28473120"}, {"controller-uid", "a1"}};
  Labels run2 = {
      {"app", "report"}, {"job-name", "nightly-report-28474560"}, {"controller-uid", "b2"}};
  PodFacts facts;
  facts.namespace_name = "ops";
  facts.pod = "nightly-report-28473120-w8p4t";
  facts.labels = &run1;
  WorkloadRef a = ResolveWorkload(facts);
  facts.pod = "nightly-report-28474560-zx9kd";
  facts.labels = &run2;
  WorkloadRef b = ResolveWorkload(facts);
  EXPECT_EQ(a.Key(), b.Key());
  EXPECT_EQ(a.labels, (Labels{{"app", "report"}}));
  // A plain Job keeps job-name: it is stable and names the owner.
  Labels job = {{"job-name", "db-migrate-v42"}, {"controller-uid", "c3"}};
  facts.pod = "db-migrate-v42-kq7xz";
  facts.labels = &job;
  EXPECT_EQ(ResolveWorkload(facts).labels, (Labels{{"job-name", "db-migrate-v42"}}));
}

TEST(WorkloadIdentity, ImageVersion) {
  EXPECT_EQ(ImageVersion("quay.io/isovalent/jobs-app-elasticsearch@sha256:ff3a", ""),
            "sha256:ff3a");
  EXPECT_EQ(ImageVersion("sha256:8e86", "x"), "sha256:8e86");
  EXPECT_EQ(ImageVersion("", "registry.acme.example/metrics-agent:0.9"),
            "image:registry.acme.example/metrics-agent:0.9");
  EXPECT_EQ(ImageVersion("", ""), "");
}

TEST(WorkloadIdentity, NoPodIsTheHost) {
  PodFacts facts;
  WorkloadRef w = ResolveWorkload(facts);
  EXPECT_EQ(w.kind, "Host");
  EXPECT_EQ(w.name, "");
}

TEST(WorkloadIdentity, InjectedLabels) {
  for (const char* key : {"security.istio.io/tlsMode", "service.istio.io/canonical-name",
                          "service.istio.io/canonical-revision", "sidecar.istio.io/inject", "istio.io/rev",
                          "sidecar.opentelemetry.io/injected", "linkerd.io/control-plane-ns",
                          "helm.sh/chart", "app.kubernetes.io/version"})
    EXPECT_TRUE(IsInjectedLabel(key)) << key;
  for (const char* key : {"app", "version", "app.kubernetes.io/name", "app.kubernetes.io/part-of",
                          "istio", "release", "security.istio.io", "linkerd.iox/y", "pod-template-hash"})
    EXPECT_FALSE(IsInjectedLabel(key)) << key;
}

}  // namespace
}  // namespace rampart::learner
