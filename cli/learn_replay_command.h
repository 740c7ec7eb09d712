#pragma once
// `rampart learn replay`: held-out history against candidate baselines — per workload and per
// rule, how many events the policies would have flagged, and how many they would block once
// promoted from `mode monitor` to `mode enforce`: the false-positive rate a team sees before
// promoting. Events in rampart's JSON lines (docs/formats.md); an event that lacks the owning
// workload's kind and name gets them from the learner's identity rules
// (learner/identity/workload_identity.h), as the baselines select by them.

#include <string>
#include <vector>

namespace rampart::cli {

struct LearnReplayArgs {
  std::vector<std::string> policy_paths;
  std::vector<std::string> event_files;
  std::string format = "text";  // text or json (docs/learner.md "Replay")
  std::string engine = "jit";
};

// Exit status: 0 replayed, 1 policy or event errors, 2 usage or I/O.
int RunLearnReplay(const LearnReplayArgs& args);

}  // namespace rampart::cli
