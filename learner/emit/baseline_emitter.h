#pragma once
// `rampart learn emit`: one rampart source file per workload version, holding up to three
// runtime baselines (exec, file opens, syscalls) and a network baseline, all in `mode
// monitor`, every rule annotated with the evidence behind it (count, first/last seen,
// replicas) and the generalisation that made it (learner/mine: path globs, port ranges,
// ephemeral ports left out).
//
// Output is deterministic: everything is sorted, and nothing about the emit run itself (time,
// host, database path) is written, so the same history gives the same bytes. The text is
// built here by string concatenation; the CLI passes it through the compiler's checker and
// printer (`rampart fmt` layout) before writing it.

#include <string>
#include <vector>

#include "learner/convergence/convergence.h"
#include "learner/mine/address_book.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

struct EmittedFile {
  std::string name;  // file name (no directory), unique within one emit, ends in ".rp"
  WorkloadRef workload;
  std::string text;
  int rules = 0;  // allow rules written (all planes)
};

struct EmitOptions {
  // Only workloads matching this: "NAME", "NAMESPACE/NAME" or "NAMESPACE/KIND/NAME". Empty:
  // every workload version.
  std::string workload;
  // Each file's header says whether its baseline is ready (learner/convergence), judged as
  // `learn status` judges it by default (generalised behaviours) with this quiet window.
  ConvergenceOptions convergence;
};

// True when `filter` (EmitOptions::workload) selects `w`.
bool WorkloadMatches(const WorkloadRef& w, const std::string& filter);

// Emits one file per selected workload version that has observations mining can use,
// ordered by file name. Peers known only by address are resolved through the store's address
// table (learner/mine/address_book.h). False with `*error` set when the store cannot be read.
bool EmitBaselines(BehaviourStore* store, const EmitOptions& options, std::vector<EmittedFile>* out,
                   std::string* error);

// The source text for one workload version and its observations (exposed for tests, and for
// learn diff); `addresses` (LoadAddressBook) resolves peers known only by address.
// With `readiness` (the losses that concern the workload, and the options), the header says
// whether the baseline is ready and why not.
struct ReadinessInput {
  const std::vector<Loss>* losses = nullptr;
  ConvergenceOptions options;
};
std::string EmitBaselineText(const WorkloadSummary& workload,
                             const std::vector<StoredObservation>& observations, int* rules,
                             const AddressBook* addresses = nullptr,
                             const ReadinessInput* readiness = nullptr);

}  // namespace rampart::learner
