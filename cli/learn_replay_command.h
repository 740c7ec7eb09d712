#pragma once
// `rampart learn replay`: held-out history against candidate baselines — per workload and per
// rule, how many events the policies would have flagged, and how many they would block once
// promoted from `mode monitor` to `mode enforce`: the false-positive rate a team sees before
// promoting. History in any format `learn ingest` reads (rampart's JSON lines, Tetragon, Falco,
// Hubble; learner/replay/replay_inputs.h says how each becomes policy input); a rampart event
// that lacks the owning workload's kind and name gets them from the learner's identity rules
// (learner/identity/workload_identity.h), as the baselines select by them. With a store,
// peers the history names only by address are resolved to workloads as mining resolved them.

#include <string>
#include <vector>

namespace rampart::cli {

struct LearnReplayArgs {
  std::vector<std::string> policy_paths;
  std::vector<std::string> event_files;
  std::string format = "text";  // text or json (docs/learner.md "Replay")
  std::string engine = "jit";
  std::string input_format = "auto";  // auto (per document), rampart, tetragon, falco, hubble
  // The store whose address table resolves peers known only by address, as mining did
  // (learner/replay/replay_addresses.h). The default file is used when it exists; a file
  // named with --db must exist.
  std::string db = "rampart-learn.db";
  bool db_given = false;
};

// Exit status: 0 replayed, 1 policy errors or a bad document (named file:line), 2 usage or I/O.
int RunLearnReplay(const LearnReplayArgs& args);

}  // namespace rampart::cli
