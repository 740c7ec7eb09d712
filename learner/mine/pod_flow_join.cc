#include "learner/mine/pod_flow_join.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

namespace rampart::learner {
namespace {

bool SameWorkload(const WorkloadRef& a, const WorkloadRef& b) {
  return a.namespace_name == b.namespace_name && a.kind == b.kind && a.name == b.name;
}

// Does [first, last] (an observation's span) meet [from, to] (a replica's share of its pod)?
// kNoTime is an open or unknown end.
bool Meets(long long first, long long last, long long from, long long to) {
  if (from != kNoTime && last != kNoTime && last < from) return false;
  if (to != kNoTime && first != kNoTime && first > to) return false;
  return true;
}

const ReplicaPod* FindPod(const std::vector<ReplicaPod>& replicas, const std::string& pod) {
  auto it = std::lower_bound(replicas.begin(), replicas.end(), pod,
                             [](const ReplicaPod& r, const std::string& p) { return r.pod < p; });
  return it == replicas.end() || it->pod != pod ? nullptr : &*it;
}

bool ByPlaneAndKey(const StoredObservation& a, const StoredObservation& b) {
  // The store's order: plane by name, then key.
  if (a.plane != b.plane) return PlaneName(a.plane) < PlaneName(b.plane);
  return a.key < b.key;
}

// Adds `o` to `into` (same plane and key): counts add, spans widen, replicas unite.
void MergeInto(StoredObservation* into, const StoredObservation& o) {
  into->count += o.count;
  if (o.first_seen != kNoTime &&
      (into->first_seen == kNoTime || o.first_seen < into->first_seen)) {
    into->first_seen = o.first_seen;
  }
  if (o.last_seen != kNoTime && (into->last_seen == kNoTime || o.last_seen > into->last_seen)) {
    into->last_seen = o.last_seen;
  }
  bool exact = int64_t(into->replica_ids.size()) == into->replicas &&
               int64_t(o.replica_ids.size()) == o.replicas;
  std::vector<int64_t> both;
  std::set_union(into->replica_ids.begin(), into->replica_ids.end(), o.replica_ids.begin(),
                 o.replica_ids.end(), std::back_inserter(both));
  into->replica_ids = std::move(both);
  into->replicas = exact ? int64_t(into->replica_ids.size()) : std::max(into->replicas, o.replicas);
  into->joined_from_pods = true;
}

}  // namespace

bool IsPodLevel(const WorkloadRef& w) { return w.container.empty() && w.version.empty(); }

bool PodFlowJoin::Load(BehaviourStore* store, const std::vector<WorkloadSummary>* workloads,
                       std::string* error) {
  store_ = store;
  workloads_ = workloads;
  std::vector<ReplicaPod> all;
  if (!store->ReplicaPods(&all, error)) return false;
  for (ReplicaPod& r : all) {
    replica_by_id_[r.id] = r;
    replicas_[r.workload_id].push_back(std::move(r));  // the store orders them by pod
  }
  return true;
}

std::vector<const WorkloadSummary*> PodFlowJoin::Counterparts(const WorkloadSummary& w) const {
  std::vector<const WorkloadSummary*> out;
  const bool pod_level = IsPodLevel(w.ref);
  for (const WorkloadSummary& other : *workloads_) {
    if (other.id != w.id && SameWorkload(other.ref, w.ref) && IsPodLevel(other.ref) != pod_level) {
      out.push_back(&other);
    }
  }
  return out;
}

void PodFlowJoin::ShareOfPod(const WorkloadSummary& w, const ReplicaPod& r, long long* from,
                             long long* to) const {
  *from = *to = kNoTime;
  if (r.first_seen == kNoTime) return;
  for (const WorkloadSummary& other : *workloads_) {
    if (other.id == w.id || !SameWorkload(other.ref, w.ref) || IsPodLevel(other.ref) ||
        other.ref.container != w.ref.container) {
      continue;
    }
    auto replicas = replicas_.find(other.id);
    if (replicas == replicas_.end()) continue;
    const ReplicaPod* there = FindPod(replicas->second, r.pod);
    if (there == nullptr || there->first_seen == kNoTime) continue;
    if (there->first_seen < r.first_seen) {
      *from = r.first_seen;  // an earlier version ran here before this one
    } else if (there->first_seen > r.first_seen &&
               (*to == kNoTime || there->first_seen - 1 < *to)) {
      *to = there->first_seen - 1;  // a later one replaced it
    }
  }
}

const std::vector<StoredObservation>* PodFlowJoin::PodLevelFlows(int64_t id, std::string* error) {
  auto it = pod_level_flows_.find(id);
  if (it != pod_level_flows_.end()) return &it->second;
  std::vector<StoredObservation> all;
  if (!store_->Observations(id, &all, error)) return nullptr;
  std::vector<StoredObservation>& flows = pod_level_flows_[id];
  for (StoredObservation& o : all) {
    if (o.plane == Plane::kNetwork) flows.push_back(std::move(o));
  }
  return &flows;
}

bool PodFlowJoin::Observations(const WorkloadSummary& w, std::vector<StoredObservation>* out,
                               std::string* error) {
  out->clear();
  if (!store_->Observations(w.id, out, error)) return false;
  const std::vector<const WorkloadSummary*> others = Counterparts(w);
  if (others.empty()) return true;
  static const std::vector<ReplicaPod> kNone;
  auto replicas_of = [&](int64_t id) -> const std::vector<ReplicaPod>& {
    auto it = replicas_.find(id);
    return it == replicas_.end() ? kNone : it->second;
  };

  if (IsPodLevel(w.ref)) {
    // Keep the flows of pods no container version ran (while the flow was seen).
    std::vector<StoredObservation> kept;
    for (StoredObservation& o : *out) {
      if (o.plane != Plane::kNetwork || o.replica_ids.empty()) {
        kept.push_back(std::move(o));
        continue;
      }
      std::vector<int64_t> unjoined;
      for (int64_t id : o.replica_ids) {
        auto r = replica_by_id_.find(id);
        bool joined = false;
        // Some version of a container ran in the pod at any time: the pod's time is
        // shared among them (ShareOfPod), so one of them takes the flow.
        for (const WorkloadSummary* c : others) {
          if (r != replica_by_id_.end() && FindPod(replicas_of(c->id), r->second.pod)) {
            joined = true;
            break;
          }
        }
        if (!joined) unjoined.push_back(id);
      }
      if (unjoined.empty()) continue;  // every pod that showed it ran a container version
      if (unjoined.size() < o.replica_ids.size()) {
        o.replica_ids = std::move(unjoined);
        o.replicas = int64_t(o.replica_ids.size());
      }
      kept.push_back(std::move(o));
    }
    *out = std::move(kept);
    return true;
  }

  // A container version: take the pod-level flows seen at its pods while they ran it.
  const std::vector<ReplicaPod>& mine = replicas_of(w.id);
  std::map<std::string, size_t> own_flows;  // key -> index in `out` of w's own flows
  for (size_t i = 0; i < out->size(); ++i) {
    if ((*out)[i].plane == Plane::kNetwork) own_flows.emplace((*out)[i].key, i);
  }
  bool added = false;
  for (const WorkloadSummary* p : others) {
    const std::vector<StoredObservation>* flows = PodLevelFlows(p->id, error);
    if (flows == nullptr) return false;
    for (const StoredObservation& o : *flows) {
      std::vector<int64_t> at;  // this version's replicas in the pods that showed `o`
      for (int64_t id : o.replica_ids) {
        auto r = replica_by_id_.find(id);
        if (r == replica_by_id_.end()) continue;
        const ReplicaPod* own = FindPod(mine, r->second.pod);
        if (own == nullptr) continue;
        long long from = kNoTime, to = kNoTime;
        ShareOfPod(w, *own, &from, &to);
        if (Meets(o.first_seen, o.last_seen, from, to)) at.push_back(own->id);
      }
      if (at.empty()) continue;
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      StoredObservation joined = o;
      joined.replica_ids = std::move(at);
      joined.replicas = int64_t(joined.replica_ids.size());
      joined.joined_from_pods = true;
      auto same = own_flows.find(joined.key);
      if (same != own_flows.end()) {
        MergeInto(&(*out)[same->second], joined);
      } else {
        out->push_back(std::move(joined));
        added = true;
      }
    }
  }
  if (added) std::stable_sort(out->begin(), out->end(), ByPlaneAndKey);
  return true;
}

bool PodFlowJoin::Summary(const WorkloadSummary& w, WorkloadSummary* out, std::string* error) {
  if (Counterparts(w).empty()) {
    *out = w;
    return true;
  }
  std::vector<StoredObservation> observations;
  if (!Observations(w, &observations, error)) return false;
  *out = JoinedSummary(w, observations);
  return true;
}

WorkloadSummary JoinedSummary(const WorkloadSummary& w,
                              const std::vector<StoredObservation>& observations) {
  WorkloadSummary joined = w;
  WorkloadSummary* out = &joined;
  int64_t flows = 0;
  for (const StoredObservation& o : observations) {
    if (o.plane != Plane::kNetwork) continue;
    ++flows;
    if (!o.joined_from_pods) continue;
    if (o.first_seen != kNoTime && (out->first_seen == kNoTime || o.first_seen < out->first_seen)) {
      out->first_seen = o.first_seen;
    }
    if (o.last_seen != kNoTime && (out->last_seen == kNoTime || o.last_seen > out->last_seen)) {
      out->last_seen = o.last_seen;
    }
  }
  const int network = int(Plane::kNetwork);
  if (IsPodLevel(w.ref)) out->flows_joined_away = w.distinct[network] - flows;
  out->distinct[network] = flows;
  return joined;
}

bool JoinPodFlowSummaries(BehaviourStore* store, std::vector<WorkloadSummary>* workloads,
                          std::string* error) {
  const std::vector<WorkloadSummary> stored = *workloads;
  PodFlowJoin join;
  if (!join.Load(store, &stored, error)) return false;
  for (size_t i = 0; i < stored.size(); ++i) {
    if (!join.Summary(stored[i], &(*workloads)[i], error)) return false;
  }
  return true;
}

}  // namespace rampart::learner
