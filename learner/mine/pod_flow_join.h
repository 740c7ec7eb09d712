#pragma once
// Which observations mining sees for a workload version: its own, plus the flows a source
// saw for its pods without naming a container.
//
// Hubble (and any flow source without container or image) stores its flows under the
// workload's *pod-level* version: same namespace, kind and name, empty container and
// version. Those flows belong to pods, and the pods also run the container versions that
// Tetragon, Falco or rampart's events name. Left apart, one workload got two network
// baselines, one per file, whose allows add up. Joined by pod:
//
// - a container version sees every pod-level flow observed at one of its pods (the replicas
//   table) while that pod ran it, with the replicas that showed it mapped to its own (so
//   counts of pods stay exact). "While it ran it": the pod's time is shared among the
//   versions of one container seen in it, each from its first event until the next one's
//   first (the earliest from the start, the last to the end). Exec and file events are
//   sparse — a server execs once when it starts and then serves for days — so a replica's
//   own span would miss most flows; pod names are unique per Deployment, DaemonSet and Job
//   pod, and only a StatefulSet's (`db-0`) carries several versions over time;
// - a pod running several containers gives its flows to each of them: network policies
//   select the pod, whichever container's file is deployed;
// - the pod-level version keeps only the flows of pods no container version was seen in
//   (with only those replicas), and with nothing left it emits no file.
//
// A flow's count and time span are the pod-level observation's as stored: the store keeps
// one observation per behaviour for all pods of a version, so they cannot be split by pod.
// Observations without replica links (made outside the store) are never joined.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "learner/store/behaviour_store.h"

namespace rampart::learner {

class PodFlowJoin {
 public:
  // Reads the replicas of every workload version. `workloads` are the store's summaries
  // and must outlive this object.
  bool Load(BehaviourStore* store, const std::vector<WorkloadSummary>* workloads,
            std::string* error);

  // `w` as the join sees it: a container version's span widened by the flows it took and
  // its network count the flows it has after the join; a pod-level version's network count
  // what it kept, `flows_joined_away` what went (events, replicas and span stay the store's).
  bool Summary(const WorkloadSummary& w, WorkloadSummary* out, std::string* error);

  // `w`'s observations as mining should see them, ordered by plane and key (as
  // BehaviourStore::Observations): joined flows are marked `joined_from_pods`; an observation
  // with the same plane and key as one of `w`'s own is merged into it.
  bool Observations(const WorkloadSummary& w, std::vector<StoredObservation>* out,
                    std::string* error);

 private:
  // The share of pod `r.pod`'s time that container version `w` (its replica `r`) had:
  // [*from, *to], kNoTime for an open end.
  void ShareOfPod(const WorkloadSummary& w, const ReplicaPod& r, long long* from,
                  long long* to) const;
  // The pod-level network observations of version `id`, read once.
  const std::vector<StoredObservation>* PodLevelFlows(int64_t id, std::string* error);
  // The versions of `w`'s workload on the other side of the join: pod-level ones for a
  // container version, container versions for a pod-level one.
  std::vector<const WorkloadSummary*> Counterparts(const WorkloadSummary& w) const;

  BehaviourStore* store_ = nullptr;
  const std::vector<WorkloadSummary>* workloads_ = nullptr;
  std::map<int64_t, std::vector<ReplicaPod>> replicas_;  // by workload version, by pod
  std::map<int64_t, ReplicaPod> replica_by_id_;
  std::map<int64_t, std::vector<StoredObservation>> pod_level_flows_;
};

// PodFlowJoin::Summary from `w`'s observations as PodFlowJoin::Observations gave them.
WorkloadSummary JoinedSummary(const WorkloadSummary& w,
                              const std::vector<StoredObservation>& observations);

// Replaces every summary of `workloads` (the store's) with PodFlowJoin::Summary's.
bool JoinPodFlowSummaries(BehaviourStore* store, std::vector<WorkloadSummary>* workloads,
                          std::string* error);

// Is `w` a pod-level version (no container, no version: flows only)?
bool IsPodLevel(const WorkloadRef& w);

}  // namespace rampart::learner
