#pragma once
// Reads held-out history for `rampart learn replay`: every format ingest reads (rampart's
// event lines, Tetragon, Falco, Hubble; gzip; pretty-printed documents spanning lines;
// detected per document or forced), document by document, each as the inputs a policy set
// decides (learner/replay/replay_inputs.h). Streams: memory does not grow with the file.
// Not thread-safe.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "learner/replay/replay_inputs.h"

namespace rampart::learner {

struct ReplayDocument {
  std::string where;    // "file:line" of its first line
  std::string format;   // rampart, tetragon, falco, hubble ("" when bad)
  std::string bad;      // why it is not an event of a known format; "" when it is good
  std::string ignored;  // why a good document has nothing to decide (process_exit, a loss)
  std::vector<ReplayInput> inputs;
  int64_t resolved_peers = 0;  // peers known only by address, resolved (ReplayAddresses)
};

// Changes a decoded document before it becomes inputs, counting what it changed into
// ReplayDocument::resolved_peers (learn replay --db resolves peers known only by address:
// replay_addresses.h). False with `*error` set when it fails.
using ReplayRewrite =
    std::function<bool(DecodedDocument* doc, int64_t* changed, std::string* error)>;

class ReplayReader {
 public:
  // `input_format`: auto (per document), rampart, tetragon, falco or hubble. `rewrite`
  // (optional) runs on every good document. Null with `*error` naming the file when it
  // cannot be opened.
  static std::unique_ptr<ReplayReader> Open(const std::string& path,
                                            const std::string& input_format, std::string* error,
                                            ReplayRewrite rewrite = nullptr);
  ~ReplayReader();

  enum class Next { kDocument, kEnd, kError };
  // The next document (bad ones too: the caller decides). kError: the file or the store could
  // not be read (`*error` says why).
  Next Read(ReplayDocument* out, std::string* error);

 private:
  struct State;
  explicit ReplayReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace rampart::learner
