#pragma once
// The picture `rampart learn status --picture FILE.svg` writes: cumulative distinct
// behaviours over time, one step line per workload version, a legend naming each with its
// readiness, time labels on the x axis (UTC), and a marker where a workload became ready
// (filled) or where its observation ends while not ready (hollow).
//
// Plain SVG text, no library. Deterministic: the same store gives the same bytes (every
// number is printed with a fixed precision, nothing about the run is written).

#include <string>
#include <vector>

#include "learner/convergence/convergence.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

// `convergence[i]` belongs to `workloads[i]`. Workload versions without timed behaviour are
// listed in the legend but draw no line.
std::string NoveltyPictureSvg(const std::vector<WorkloadSummary>& workloads,
                              const std::vector<WorkloadConvergence>& convergence,
                              const ConvergenceOptions& options);

}  // namespace rampart::learner
