#pragma once
// `rampart learn ...`: the baseline learner's commands (issue 5). main.cc parses the options
// into these structs; the work is in learner/.

#include <cstdint>
#include <string>
#include <vector>

namespace rampart::cli {

inline constexpr const char* kDefaultLearnDb = "rampart-learn.db";

struct LearnIngestArgs {
  std::vector<std::string> inputs;  // files, "-" for standard input
  std::string db = kDefaultLearnDb;
  std::string format = "text";        // summary: text or json
  std::string input_format = "auto";  // auto, rampart, tetragon, falco, hubble
  int64_t batch = 200000;             // documents per transaction (IngestOptions)
};
// Exit status: 0 every input read, 1 some documents were bad (all else was stored),
// 2 an input or the database failed.
int RunLearnIngest(const LearnIngestArgs& args);

struct LearnStatusArgs {
  std::string db = kDefaultLearnDb;
  std::string format = "text";
  std::string quiet_window = "24h";    // nothing new for this long => ready
  std::string novelty_window = "1h";   // JSON: new behaviours counted per window this wide
  std::string picture;                 // write the novelty curves as SVG here when set
  std::string count = "generalised";   // behaviours as mining generalises them, or "observed"
};
// Readiness per workload version (learner/convergence). Exit status: 0 shown, 2 the store
// could not be read, an option is not a duration, or the picture could not be written.
// (cli/learn_status_command.cc)
int RunLearnStatus(const LearnStatusArgs& args);

struct LearnEmitArgs {
  std::string db = kDefaultLearnDb;
  std::string output_dir;
  std::string workload;  // NAME, NAMESPACE/NAME or NAMESPACE/KIND/NAME; empty: all
  std::string format = "text";
  std::string quiet_window = "24h";  // readiness in each file's header, as learn status
};
// Every emitted file is checked and printed in `rampart fmt` layout before it is written.
// Exit status: 0 written, 1 no workload matched, 2 the store, the directory or a check failed.
int RunLearnEmit(const LearnEmitArgs& args);

}  // namespace rampart::cli
