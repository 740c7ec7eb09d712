// libFuzzer target for the learner's importers (learner/ingest: rampart, Tetragon, Falco and
// Hubble documents, auto-detected per document; gzip by its magic bytes; pretty-printed
// documents spanning lines) through the reader `rampart learn replay` uses
// (learner/replay/replay_reader.h), which also renders every good document as rampart event
// lines. Properties:
//   - reading never crashes, hangs or exhausts memory, and ends (every document is read once:
//     a reader that never reaches its end is caught by the document bound below);
//   - every rendered input is one rampart itself decodes (runtime/decode/events.h
//     DecodeEvent, as `learn replay` does), with the kind the reader said: replay never stops
//     on, or feeds the policies, something of its own making that rampart refuses.
// The bytes are written to a scratch file per process: the reader reads files (as the CLI).

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "learner/replay/replay_reader.h"
#include "runtime/decode/events.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/rampart-learner-fuzz-" + std::to_string(getpid());
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);

  std::string error;
  auto reader = rampart::learner::ReplayReader::Open(path, "auto", &error);
  if (reader == nullptr) return 0;
  rampart::learner::ReplayDocument doc;
  // A document has at least one byte (a line), and gzip expands at most about 1032:1.
  const size_t bound = 2000 * size + 16;
  for (size_t n = 0;; ++n) {
    if (n > bound) __builtin_trap();  // the reader does not advance
    auto next = reader->Read(&doc, &error);
    if (next != rampart::learner::ReplayReader::Next::kDocument) break;
    for (const rampart::learner::ReplayInput& in : doc.inputs) {
      // As `rampart learn replay` decodes it (a rampart document may span lines).
      rampart::runtime::EventInput event;
      rampart::runtime::DecodeError err;
      if (!rampart::runtime::DecodeEvent(in.json, doc.where, &event, &err) || event.kind != in.kind) {
        std::fprintf(stderr, "replay rendered an input rampart refuses (%s): %s\n%s\n", err.message.c_str(),
                     in.json.c_str(), doc.where.c_str());
        __builtin_trap();
      }
    }
  }
  return 0;
}
