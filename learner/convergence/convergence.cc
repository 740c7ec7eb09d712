#include "learner/convergence/convergence.h"

#include <algorithm>
#include <map>
#include <set>

#include "learner/convergence/duration.h"
#include "learner/mine/miner.h"
#include "learner/mine/pod_flow_join.h"

namespace rampart::learner {
namespace {

// Floor division for window alignment (times before 1970 stay in the right window).
long long WindowStart(long long t, long long width) {
  long long q = t / width;
  if (t % width != 0 && t < 0) --q;
  return q * width;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void Add(Readiness* r, NotReady code, std::string message) {
  r->reasons.push_back(NotReadyReason{code, std::move(message)});
}

}  // namespace

const char* NotReadyCode(NotReady r) {
  switch (r) {
    case NotReady::kNoBehaviour:
      return "no_behaviour";
    case NotReady::kNoTimes:
      return "no_times";
    case NotReady::kShortSpan:
      return "short_span";
    case NotReady::kRecentNovelty:
      return "recent_novelty";
    case NotReady::kSourceLoss:
      return "source_loss";
  }
  return "no_behaviour";
}

const char* CountedName(Counted c) {
  return c == Counted::kGeneralised ? "generalised" : "observed";
}

std::vector<Novelty> GeneralisedBehaviours(const std::vector<StoredObservation>& observations,
                                           const AddressBook* addresses) {
  return GeneralisedBehaviours(Mine(observations, addresses));
}

std::vector<Novelty> GeneralisedBehaviours(const MinedBaseline& mined) {
  std::vector<Novelty> out;
  for (const ExecEntry& e : mined.exec) out.push_back({Plane::kExec, e.evidence.first_seen});
  for (const FileEntry& e : mined.files) out.push_back({Plane::kFile, e.evidence.first_seen});
  for (const NetworkEntry& e : mined.network)
    out.push_back({Plane::kNetwork, e.evidence.first_seen});
  for (const SyscallEntry& e : mined.syscalls)
    out.push_back({Plane::kSyscall, e.evidence.first_seen});
  return out;
}

std::vector<Loss> LossesConcerning(const WorkloadSummary& workload, const std::vector<Loss>& losses,
                                   const std::vector<ReplicaNode>& replica_nodes) {
  std::vector<std::string> nodes;  // sorted: the store orders them
  for (const ReplicaNode& n : replica_nodes) {
    if (n.workload_id == workload.id) nodes.push_back(n.node);
  }
  std::vector<Loss> out;
  for (const Loss& l : losses) {
    if (LossConcerns(l, nodes, workload.first_seen, workload.last_seen)) out.push_back(l);
  }
  return out;
}

bool LossConcerns(const Loss& loss, const std::vector<std::string>& nodes, long long first_seen,
                  long long last_seen) {
  // Without a time the loss may have hit any span: count it (never declare complete what a
  // source says it lost).
  if (loss.time != kNoTime && first_seen != kNoTime &&
      (loss.time < first_seen || loss.time > last_seen)) {
    return false;
  }
  if (loss.node.empty() || nodes.empty()) return true;
  return std::binary_search(nodes.begin(), nodes.end(), loss.node);
}

WorkloadConvergence ComputeConvergence(const WorkloadSummary& workload,
                                       std::vector<Novelty> behaviours,
                                       const std::vector<Loss>& losses,
                                       const ConvergenceOptions& options) {
  WorkloadConvergence out;
  out.workload_id = workload.id;
  Readiness& r = out.readiness;
  r.quiet_window = options.quiet_window;
  r.as_of = workload.last_seen;
  if (workload.first_seen != kNoTime) r.span = workload.last_seen - workload.first_seen;

  // Stable order: by time, then plane (which plane is "last" must not depend on row order).
  std::sort(behaviours.begin(), behaviours.end(), [](const Novelty& a, const Novelty& b) {
    return a.first_seen != b.first_seen ? a.first_seen < b.first_seen : a.plane < b.plane;
  });
  int64_t distinct = 0;
  std::map<long long, NoveltyWindow> windows;
  for (const Novelty& n : behaviours) {
    if (n.first_seen == kNoTime) {
      ++out.untimed;
      continue;
    }
    ++distinct;
    if (!out.curve.empty() && out.curve.back().time == n.first_seen)
      out.curve.back().distinct = distinct;
    else
      out.curve.push_back(CurvePoint{n.first_seen, distinct});
    long long start = WindowStart(n.first_seen, options.novelty_window);
    NoveltyWindow& w = windows[start];
    w.start = start;
    ++w.added[int(n.plane)];
    r.last_novelty = n.first_seen;
    r.last_novelty_plane = n.plane;
  }
  for (auto& [start, w] : windows) out.windows.push_back(w);
  // The untimed behaviours were there from the start, as far as anyone can tell.
  if (out.untimed > 0) {
    for (CurvePoint& p : out.curve) p.distinct += out.untimed;
  }

  std::set<std::string> details;
  for (const Loss& l : losses) {
    ++r.loss_reports;
    r.lost_events += l.lost;
    details.insert(l.detail);
  }
  r.loss_details.assign(details.begin(), details.end());

  const std::string window = DurationText(options.quiet_window);
  if (behaviours.empty()) {
    int64_t observed =
        workload.distinct[0] + workload.distinct[1] + workload.distinct[2] + workload.distinct[3];
    Add(&r, NotReady::kNoBehaviour,
        workload.flows_joined_away > 0 && observed == 0
            ? "its flows are in the baselines of the container versions that ran in its pods"
        : observed == 0 ? "no behaviour observed"
                        : "mining left every observation out of the baseline");
  } else if (r.last_novelty == kNoTime || r.as_of == kNoTime) {
    Add(&r, NotReady::kNoTimes, "no event carried a time: convergence cannot be judged");
  } else {
    r.quiet_for = r.as_of - r.last_novelty;
    if (r.span < options.quiet_window) {
      Add(&r, NotReady::kShortSpan,
          "learning span " + DurationText(r.span) + " is shorter than the quiet window " + window);
    } else if (r.quiet_for < options.quiet_window) {
      Add(&r, NotReady::kRecentNovelty,
          "new " + std::string(PlaneName(r.last_novelty_plane)) + " behaviour " +
              DurationText(r.quiet_for) + " before its last event, quiet window " + window);
    }
  }
  if (r.loss_reports > 0) {
    std::string what =
        r.lost_events > 0 ? "sources reported " + Plural(r.lost_events, "lost event", "lost events")
                          : "a source reported dropping events (number unknown)";
    std::string from;
    for (const std::string& d : r.loss_details) from += (from.empty() ? "" : ", ") + d;
    Add(&r, NotReady::kSourceLoss, what + " while it was learning (" + from + ")");
  }
  r.ready = r.reasons.empty();
  if (r.ready) {
    r.ready_since = r.last_novelty + options.quiet_window;
    r.summary = "nothing new for " + DurationText(r.quiet_for) + " (quiet window " + window +
                "), no loss reported";
  } else {
    r.summary = r.reasons.front().message;
  }
  return out;
}

bool LoadConvergence(BehaviourStore* store, const std::vector<WorkloadSummary>& workloads,
                     const ConvergenceOptions& options, std::vector<WorkloadConvergence>* out,
                     std::string* error) {
  std::vector<Loss> losses;
  std::vector<ReplicaNode> replica_nodes;
  if (!store->Losses(&losses, error) || !store->ReplicaNodes(&replica_nodes, error)) return false;
  std::map<int64_t, std::vector<Novelty>> behaviours;
  if (options.counted == Counted::kObserved) {
    std::vector<FirstSeenRow> first_seen;
    if (!store->FirstSeenTimes(&first_seen, error)) return false;
    for (const FirstSeenRow& row : first_seen)
      behaviours[row.workload_id].push_back(Novelty{row.plane, row.first_seen});
  } else {
    PodFlowJoin join;
    if (!join.Load(store, &workloads, error)) return false;
    for (const WorkloadSummary& w : workloads) {
      std::vector<StoredObservation> observations;
      if (!join.Observations(w, &observations, error)) return false;
      AddressBook addresses;
      if (!LoadAddressBook(store, observations, &addresses, error)) return false;
      behaviours[w.id] = GeneralisedBehaviours(observations, &addresses);
    }
  }
  std::map<int64_t, std::vector<std::string>> nodes;  // sorted: the store orders them
  for (ReplicaNode& n : replica_nodes) nodes[n.workload_id].push_back(std::move(n.node));
  static const std::vector<std::string> kNoNodes;
  out->clear();
  for (const WorkloadSummary& w : workloads) {
    auto n = nodes.find(w.id);
    const std::vector<std::string>& on = n == nodes.end() ? kNoNodes : n->second;
    std::vector<Loss> concerning;
    for (const Loss& l : losses) {
      if (LossConcerns(l, on, w.first_seen, w.last_seen)) concerning.push_back(l);
    }
    auto b = behaviours.find(w.id);
    out->push_back(
        ComputeConvergence(w, b == behaviours.end() ? std::vector<Novelty>() : std::move(b->second),
                           concerning, options));
  }
  return true;
}

}  // namespace rampart::learner
