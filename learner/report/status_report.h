#pragma once
// What `rampart learn status` prints: a table of workload versions with their readiness
// (text), the same as JSON (shape documented in docs/learner.md "Status": other tools read
// it), and the novelty picture (learner/report/novelty_picture.h).

#include <string>
#include <vector>

#include "learner/convergence/convergence.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

// `convergence[i]` belongs to `workloads[i]` (LoadConvergence keeps the order).
std::string StatusText(const std::vector<WorkloadSummary>& workloads,
                       const std::vector<WorkloadConvergence>& convergence,
                       const std::vector<SourceRecord>& sources, const ConvergenceOptions& options);
std::string StatusJson(const std::string& db, const std::vector<WorkloadSummary>& workloads,
                       const std::vector<WorkloadConvergence>& convergence,
                       const std::vector<SourceRecord>& sources, const ConvergenceOptions& options);

// "payments/Deployment/billing" ("-" for an empty namespace or name, "?" for an unknown kind).
std::string WorkloadDisplayName(const WorkloadRef& w);
// "sha256:" + 12 hex digits, the version as given otherwise, "-" when empty.
std::string ShortVersion(const std::string& version);

}  // namespace rampart::learner
