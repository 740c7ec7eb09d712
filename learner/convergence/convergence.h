#pragma once
// Convergence: has a workload version's behaviour settled enough for its baseline to be
// trusted? Per workload version and plane, the distinct behaviours that appeared for the
// first time in each window of time (the novelty curve), and a readiness verdict:
//
//   ready  <=>  the workload was observed for at least the quiet window,
//               nothing new appeared during the last quiet window of its observation,
//               and no source reported losing events while it was learning.
//
// "Now" is the workload version's own latest event, not the wall clock and not the store's
// latest event: quiet only counts while the workload was being watched doing things (a
// workload that stopped reporting three days ago has not been quiet for three days, it has
// been unobserved). A loss concerns a workload version when it was reported during its
// learning span (or without a time) on a node one of its replicas ran on (or on an unnamed
// node, or when the workload's nodes are unknown): Tetragon's rate_limit_info and
// process_throttle, Hubble's lost_events, Falco's syscall event drops.
//
// What counts as a behaviour (ConvergenceOptions::counted): by default the baseline entries
// mining makes of the observations (learner/mine: a glob over random temporary files is one
// behaviour, new when its first file appeared), as the issue asks for "new generalised
// behaviours"; or the store's distinct observations as they are (faster: no mining, but
// random names keep a plane "new" forever). The computation itself only sees (plane, first
// seen) pairs.
//
// Pure functions over plain structs, plus one loader reading a BehaviourStore. Deterministic:
// same inputs, same results. Errors: the loader returns false with `*error` set.

#include <cstdint>
#include <string>
#include <vector>

#include "learner/convergence/duration.h"
#include "learner/mine/address_book.h"
#include "learner/mine/miner.h"
#include "learner/plane.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

enum class Counted { kGeneralised, kObserved };

struct ConvergenceOptions {
  long long quiet_window = 24 * kHour;  // nothing new for this long => ready
  long long novelty_window = kHour;     // width of the windows new behaviours are counted in
  Counted counted = Counted::kGeneralised;
};

// "generalised" or "observed" (the CLI's --count values).
const char* CountedName(Counted c);

// A distinct behaviour's first appearance (first_seen kNoTime: the source gave no time).
struct Novelty {
  Plane plane = Plane::kExec;
  long long first_seen = kNoTime;
};

// Why a workload version is not ready; several can hold at once.
enum class NotReady {
  kNoBehaviour,    // nothing observed at all
  kNoTimes,        // no behaviour has a time: convergence cannot be judged
  kShortSpan,      // observed for less than the quiet window
  kRecentNovelty,  // something new appeared within the quiet window before its last event
  kSourceLoss,     // a source reported lost events while it was learning
};

// Stable names for JSON ("no_behaviour", "no_times", "short_span", "recent_novelty",
// "source_loss").
const char* NotReadyCode(NotReady r);

struct NotReadyReason {
  NotReady code = NotReady::kNoBehaviour;
  std::string message;  // a sentence for people, e.g. "new exec 2h before its last event, ..."
};

struct Readiness {
  bool ready = false;
  long long quiet_window = 0;
  long long as_of = kNoTime;         // the workload version's latest event
  long long span = 0;                // as_of - its first event
  long long last_novelty = kNoTime;  // newest first_seen of any behaviour
  Plane last_novelty_plane = Plane::kExec;
  long long quiet_for = 0;                // as_of - last_novelty
  long long ready_since = kNoTime;        // last_novelty + quiet_window, when ready
  int64_t lost_events = 0;                // events sources reported lost while it learned
  int64_t loss_reports = 0;               // loss records that concern it (some say no number)
  std::vector<std::string> loss_details;  // distinct details, sorted ("tetragon rate_limit_info")
  std::vector<NotReadyReason> reasons;    // empty when ready
  std::string summary;                    // one line: the first reason, or why it is ready
};

// New distinct behaviours per plane in one window [start, start + novelty_window); windows
// are aligned to multiples of the window since the epoch, so workloads line up.
struct NoveltyWindow {
  long long start = 0;
  int64_t added[4] = {0, 0, 0, 0};  // per Plane
};

// The cumulative number of distinct behaviours (all planes) after `time`.
struct CurvePoint {
  long long time = 0;
  int64_t distinct = 0;
};

struct WorkloadConvergence {
  int64_t workload_id = 0;
  Readiness readiness;
  std::vector<NoveltyWindow> windows;  // windows with something new, in time order
  std::vector<CurvePoint> curve;       // one point per distinct first_seen time, in order
  int64_t untimed = 0;                 // behaviours without a first_seen (not on the curve)
};

// Whether a loss concerns a workload version that ran on `nodes` between `first_seen` and
// `last_seen` (see the header comment).
bool LossConcerns(const Loss& loss, const std::vector<std::string>& nodes, long long first_seen,
                  long long last_seen);

// Convergence of one workload version from its behaviours and the losses that concern it.
WorkloadConvergence ComputeConvergence(const WorkloadSummary& workload,
                                       std::vector<Novelty> behaviours,
                                       const std::vector<Loss>& losses,
                                       const ConvergenceOptions& options);

// The behaviours of one workload version's observations as mining generalises them: one per
// baseline entry, at the earliest first_seen of what it merged (left-out observations, such
// as ephemeral ports, are not behaviours of the baseline). Peers known only by address are
// resolved as emission resolves them when `addresses` is given.
std::vector<Novelty> GeneralisedBehaviours(const std::vector<StoredObservation>& observations,
                                           const AddressBook* addresses = nullptr);
// The same from a baseline already mined (emission mines once for both).
std::vector<Novelty> GeneralisedBehaviours(const MinedBaseline& mined);

// The losses of `losses` that concern `workload` (LossConcerns on the nodes its replicas ran
// on, from the store's replica nodes).
std::vector<Loss> LossesConcerning(const WorkloadSummary& workload, const std::vector<Loss>& losses,
                                   const std::vector<ReplicaNode>& replica_nodes);

// Convergence of every workload in `workloads` (as Summaries() returned them), in the same
// order, from the store's observations (mined or as they are), replicas and losses.
bool LoadConvergence(BehaviourStore* store, const std::vector<WorkloadSummary>& workloads,
                     const ConvergenceOptions& options, std::vector<WorkloadConvergence>* out,
                     std::string* error);

}  // namespace rampart::learner
