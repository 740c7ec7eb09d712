#pragma once
// `rampart learn diff BASELINE.rp`: a reviewed baseline against what the store now shows for
// the same workload (learner/diff).

#include <string>

#include "cli/learn_command.h"

namespace rampart::cli {

struct LearnDiffArgs {
  std::string baseline;  // a .rp file written by `learn emit`, possibly edited
  std::string db = kDefaultLearnDb;
  std::string format = "text";
  // Which version of the workload in the store: "newest" (the default), "baseline" (the one
  // the file names), or a version ("sha256:..."; a unique prefix, with or without "sha256:").
  std::string version = "newest";
};
// Exit status: 0 no differences, 1 differences, 2 the file does not check, names no
// workload, or the store has none of it.
int RunLearnDiff(const LearnDiffArgs& args);

}  // namespace rampart::cli
