#include "learner/identity/workload_identity.h"

#include <algorithm>

namespace rampart::learner {
namespace {

// Kubernetes' generated names use this alphabet (no vowels, no 0/1/3): the 5-character pod
// suffix and the ReplicaSet's pod-template-hash (k8s.io/apimachinery rand.SafeEncodeString).
bool IsSafeChar(char c) {
  static constexpr std::string_view kSafe = "bcdfghjklmnpqrstvwxz2456789";
  return kSafe.find(c) != std::string_view::npos;
}

bool AllSafe(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsSafeChar);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const std::string* Find(const Labels* labels, std::string_view key) {
  if (labels == nullptr) return nullptr;
  for (const auto& [k, v] : *labels) {
    if (k == key) return &v;
  }
  return nullptr;
}

// Splits "a-b-c" at its last '-': {"a-b", "c"}; no '-' gives {"", s}.
std::pair<std::string_view, std::string_view> SplitLast(std::string_view s) {
  size_t dash = s.rfind('-');
  if (dash == std::string_view::npos) return {std::string_view(), s};
  return {s.substr(0, dash), s.substr(dash + 1)};
}

// A Deployment's pod is <deployment>-<pod-template-hash>-<5 chars>. The API server cuts the
// generated prefix at 58 characters, so a long name may end inside the hash: strip the
// suffix, then whatever tail of "-<hash>" is left.
std::string DeploymentFromPod(std::string_view pod, std::string_view hash) {
  std::string marker = "-" + std::string(hash) + "-";
  size_t at = pod.rfind(marker);
  if (at != std::string_view::npos && at > 0) return std::string(pod.substr(0, at));
  // Cut: <first 58 characters of "<deployment>-<hash>-"><5 chars>. Drop the suffix, then the
  // part of "-<hash>-" that survived.
  // Only a generated suffix is dropped: cutting 5 bytes of another name could also split a
  // UTF-8 character (found by tests/fuzz/learner_fuzzer.cc: invalid text in replay input).
  if (pod.size() <= 5 || !AllSafe(pod.substr(pod.size() - 5))) return std::string(pod);
  std::string_view rest = pod.substr(0, pod.size() - 5);
  for (size_t n = std::min(marker.size(), rest.size() - 1); n > 0; --n) {
    if (rest.substr(rest.size() - n) == std::string_view(marker).substr(0, n)) {
      return std::string(rest.substr(0, rest.size() - n));
    }
  }
  return std::string(rest);
}

// CronJob runs are Jobs named <cronjob>-<scheduled time in minutes since the epoch>.
bool CronJobFromJob(std::string_view job, std::string* cronjob) {
  auto [base, tail] = SplitLast(job);
  if (base.empty() || tail.size() < 8 || !AllDigits(tail)) return false;
  *cronjob = std::string(base);
  return true;
}

}  // namespace

std::string WorkloadRef::Key() const {
  std::string k;
  k.reserve(namespace_name.size() + kind.size() + name.size() + container.size() + version.size() +
            5);
  for (const std::string* part : {&namespace_name, &kind, &name, &container, &version}) {
    k += *part;
    k += '\x1f';
  }
  return k;
}

void DeriveOwner(std::string_view pod, const Labels* labels, std::string* kind, std::string* name,
                 std::string* rule) {
  if (const std::string* hash = Find(labels, "pod-template-hash");
      hash != nullptr && !hash->empty()) {
    *kind = "Deployment";
    *name = DeploymentFromPod(pod, *hash);
    *rule = "label pod-template-hash";
    return;
  }
  const std::string* revision = Find(labels, "controller-revision-hash");
  if (revision != nullptr && (Find(labels, "statefulset.kubernetes.io/pod-name") != nullptr ||
                              Find(labels, "apps.kubernetes.io/pod-index") != nullptr)) {
    auto [base, ordinal] = SplitLast(pod);
    *kind = "StatefulSet";
    *name = std::string(AllDigits(ordinal) && !base.empty() ? base : pod);
    *rule = "label statefulset.kubernetes.io/pod-name";
    return;
  }
  if (revision != nullptr && Find(labels, "pod-template-generation") != nullptr) {
    auto [base, suffix] = SplitLast(pod);
    *kind = "DaemonSet";
    *name = std::string(!base.empty() ? base : pod);
    *rule = "label pod-template-generation";
    return;
  }
  const std::string* job = Find(labels, "batch.kubernetes.io/job-name");
  if (job == nullptr) job = Find(labels, "job-name");
  if (job != nullptr && !job->empty()) {
    if (CronJobFromJob(*job, name)) {
      *kind = "CronJob";
      *rule = "label job-name of a scheduled run";
    } else {
      *kind = "Job";
      *name = *job;
      *rule = "label job-name";
    }
    return;
  }
  // No owner labels (Hubble's Cilium identity labels leave them out): the name alone.
  auto [rest, suffix] = SplitLast(pod);
  if (!rest.empty() && suffix.size() == 5 && AllSafe(suffix)) {
    auto [base, middle] = SplitLast(rest);
    if (!base.empty() && middle.size() >= 6 && middle.size() <= 10 && AllSafe(middle)) {
      *kind = "Deployment";
      *name = std::string(base);
      *rule = "pod name <deployment>-<hash>-<suffix>";
      return;
    }
    if (!base.empty() && middle.size() >= 8 && AllDigits(middle)) {
      *kind = "CronJob";
      *name = std::string(base);
      *rule = "pod name <cronjob>-<time>-<suffix>";
      return;
    }
    *kind = "";  // a DaemonSet or a Job: the name cannot tell which
    *name = std::string(rest);
    *rule = "pod name <owner>-<suffix>";
    return;
  }
  if (!rest.empty() && AllDigits(suffix) && (suffix.size() == 1 || suffix[0] != '0')) {
    *kind = "StatefulSet";
    *name = std::string(rest);
    *rule = "pod name <statefulset>-<ordinal>";
    return;
  }
  *kind = "Pod";
  *name = std::string(pod);
  *rule = "bare pod";
}

std::string ImageVersion(std::string_view image_id, std::string_view image) {
  size_t at = image_id.find("sha256:");
  if (at != std::string_view::npos &&
      (at == 0 || image_id[at - 1] == '@' || image_id[at - 1] == '/')) {
    return std::string(image_id.substr(at));
  }
  if (!image.empty()) return "image:" + std::string(image);
  if (!image_id.empty()) return "image:" + std::string(image_id);
  return "";
}

bool IsPerReplicaLabel(std::string_view key, std::string_view owner_kind) {
  static constexpr std::string_view kAlways[] = {"pod-template-hash",
                                                 "controller-revision-hash",
                                                 "statefulset.kubernetes.io/pod-name",
                                                 "apps.kubernetes.io/pod-index",
                                                 "pod-template-generation",
                                                 "controller-uid",
                                                 "batch.kubernetes.io/controller-uid",
                                                 "batch.kubernetes.io/job-completion-index",
                                                 "rollouts-pod-template-hash"};
  for (std::string_view k : kAlways) {
    if (key == k) return true;
  }
  // A plain Job keeps its job-name (it is the owner's name); each run of a CronJob has its own.
  if (owner_kind == "CronJob" && (key == "job-name" || key == "batch.kubernetes.io/job-name")) {
    return true;
  }
  return false;
}

bool IsInjectedLabel(std::string_view key) {
  // Whole prefixes: every label under them belongs to the mesh or injector.
  static constexpr std::string_view kPrefixes[] = {
      "security.istio.io/", "service.istio.io/", "sidecar.istio.io/", "topology.istio.io/",
      "sidecar.opentelemetry.io/", "linkerd.io/", "config.linkerd.io/", "kuma.io/",
      "consul.hashicorp.com/"};
  for (std::string_view p : kPrefixes) {
    if (key.substr(0, p.size()) == p) return true;
  }
  // Versions of a release, which the next release changes: `version` alone is left in, as
  // workloads of one app are often told apart by it (Istio's reviews-v1, -v2, ...).
  static constexpr std::string_view kKeys[] = {"istio.io/rev", "helm.sh/chart",
                                               "app.kubernetes.io/version"};
  for (std::string_view k : kKeys) {
    if (key == k) return true;
  }
  return false;
}

WorkloadRef ResolveWorkload(const PodFacts& facts) {
  WorkloadRef w;
  w.namespace_name = std::string(facts.namespace_name);
  w.container = std::string(facts.container);
  w.image = std::string(facts.image);
  w.version = ImageVersion(facts.image_id, facts.image);
  if (!facts.owner_kind.empty() && !facts.owner_name.empty()) {
    w.kind = std::string(facts.owner_kind);
    w.name = std::string(facts.owner_name);
    w.rule = "owner given by the source";
    // Some sources name the ReplicaSet; its Deployment is the workload.
    if (w.kind == "ReplicaSet") {
      if (const std::string* hash = Find(facts.labels, "pod-template-hash");
          hash != nullptr && w.name.size() > hash->size() + 1 &&
          w.name.compare(w.name.size() - hash->size() - 1, std::string::npos, "-" + *hash) == 0) {
        w.kind = "Deployment";
        w.name.resize(w.name.size() - hash->size() - 1);
        w.rule = "ReplicaSet given by the source, label pod-template-hash";
      }
    }
  } else if (!facts.pod.empty()) {
    DeriveOwner(facts.pod, facts.labels, &w.kind, &w.name, &w.rule);
  } else {
    w.kind = "Host";
    w.rule = "no pod";
  }
  if (facts.labels != nullptr) {
    for (const auto& [k, v] : *facts.labels) {
      if (!IsPerReplicaLabel(k, w.kind)) w.labels.emplace_back(k, v);
    }
    std::sort(w.labels.begin(), w.labels.end());
  }
  return w;
}

}  // namespace rampart::learner
