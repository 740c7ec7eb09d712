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
  int64_t batch = 5000;               // documents per transaction
};
// Exit status: 0 every input read, 1 some documents were bad (all else was stored),
// 2 an input or the database failed.
int RunLearnIngest(const LearnIngestArgs& args);

struct LearnStatusArgs {
  std::string db = kDefaultLearnDb;
  std::string format = "text";
};
int RunLearnStatus(const LearnStatusArgs& args);

}  // namespace rampart::cli
