#pragma once
// Workload identity: which workload version an event belongs to. A workload version is
// namespace + owning workload (kind and name: the Deployment, not the Pod) + container name +
// image version (the digest when the source gives one). Replicas of one workload merge into
// one version; a new image digest starts a new version with its own baseline.
//
// Sources name the owner directly (Tetragon's pod.workload/workload_kind, Hubble's
// workloads[], rampart's workload.kind/name, Falco's k8s.deployment.name ...) or only give a
// pod name and labels; then the owner is derived by Kubernetes' naming rules (docs/learner.md
// "Workload identity"). Every derivation records which rule decided it, so a reviewer can see
// why two pods were merged.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rampart::learner {

// Labels as sorted (key, value) pairs.
using Labels = std::vector<std::pair<std::string, std::string>>;

// What one event says about where it ran. Views stay owned by the caller.
struct PodFacts {
  std::string_view namespace_name;
  std::string_view pod;
  std::string_view container;
  std::string_view image;       // reference as deployed: quay.io/x/app:1.2
  std::string_view image_id;    // a digest, or a reference with @sha256:..., or empty
  std::string_view owner_kind;  // when the source names the owner (Deployment, ...)
  std::string_view owner_name;
  const Labels* labels = nullptr;  // pod labels, when known
};

struct WorkloadRef {
  std::string namespace_name;
  std::string kind;  // Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Host, or ""
  std::string name;  // owner name
  std::string container;
  std::string version;  // "sha256:..."; "image:<reference>" without a digest; "" unknown
  std::string image;    // reference as deployed (informative, not part of the identity)
  Labels labels;        // the pod's labels without the per-replica ones
  std::string rule;     // how kind/name were found, e.g. "label pod-template-hash"

  // The identity as one text (namespace, kind, name, container, version), for maps.
  std::string Key() const;
};

// Derives the workload version of an event. Never fails: without a pod the event belongs
// to the host of its namespace (kind "Host"); without a recognisable owner the pod is its
// own workload (kind "Pod").
WorkloadRef ResolveWorkload(const PodFacts& facts);

// The owner of a pod by name and labels alone (exposed for tests). `rule` says which rule
// matched.
void DeriveOwner(std::string_view pod, const Labels* labels, std::string* kind, std::string* name,
                 std::string* rule);

// The image version part of the identity: a "sha256:..." digest from `image_id` (bare, or
// after '@' in a reference, with docker-pullable:// and similar prefixes removed), else
// "image:" + `image`, else "".
std::string ImageVersion(std::string_view image_id, std::string_view image);

// Labels that differ between replicas of one workload and are dropped from its identity
// (pod-template-hash, controller-revision-hash, ...). `owner_kind` matters for job-name: a
// CronJob's runs each have their own.
bool IsPerReplicaLabel(std::string_view key, std::string_view owner_kind);

// Labels a service mesh, a sidecar injector or a release tool puts on pods
// (security.istio.io/tlsMode, service.istio.io/*, sidecar.opentelemetry.io/injected,
// linkerd.io/*, helm.sh/chart, app.kubernetes.io/version, ...): they do not say which
// workload a pod belongs to, and they change when the mesh or the release changes while the
// workload stays. Network selectors written from observed peers leave them out.
bool IsInjectedLabel(std::string_view key);

}  // namespace rampart::learner
