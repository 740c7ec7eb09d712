// `rampart learn status`: workload versions, what was learned, and whether each baseline has
// converged (learner/convergence); optionally the novelty curves as an SVG picture.

#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "cli/learn_command.h"
#include "learner/convergence/convergence.h"
#include "learner/mine/pod_flow_join.h"
#include "learner/report/novelty_picture.h"
#include "learner/report/status_report.h"
#include "learner/store/sqlite_store.h"

namespace rampart::cli {

int RunLearnStatus(const LearnStatusArgs& args) {
  learner::ConvergenceOptions convergence_options;
  std::string error;
  if (!learner::ParseDuration(args.quiet_window, &convergence_options.quiet_window, &error) ||
      !learner::ParseDuration(args.novelty_window, &convergence_options.novelty_window, &error)) {
    std::fprintf(stderr, "rampart learn status: %s\n", error.c_str());
    return kExitUsage;
  }
  convergence_options.counted =
      args.count == "observed" ? learner::Counted::kObserved : learner::Counted::kGeneralised;
  learner::SqliteStore::Options options;
  options.create = false;
  auto store = learner::SqliteStore::Open(args.db, options, &error);
  std::vector<learner::WorkloadSummary> workloads;
  std::vector<learner::SourceRecord> sources;
  std::vector<learner::WorkloadConvergence> convergence;
  if (store == nullptr || !store->Summaries(&workloads, &error) ||
      !learner::JoinPodFlowSummaries(store.get(), &workloads, &error) ||
      !store->Sources(&sources, &error) ||
      !learner::LoadConvergence(store.get(), workloads, convergence_options, &convergence,
                                &error)) {
    std::fprintf(stderr, "rampart learn status: %s\n", error.c_str());
    return kExitUsage;
  }
  if (!args.picture.empty()) {
    std::string svg = learner::NoveltyPictureSvg(workloads, convergence, convergence_options);
    std::ofstream out(args.picture, std::ios::binary | std::ios::trunc);
    out << svg;
    out.close();
    if (!out) {
      std::fprintf(stderr, "rampart learn status: cannot write the picture to %s\n",
                   args.picture.c_str());
      return kExitUsage;
    }
  }
  std::string out =
      args.format == "json"
          ? learner::StatusJson(args.db, workloads, convergence, sources, convergence_options)
          : learner::StatusText(workloads, convergence, sources, convergence_options);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace rampart::cli
