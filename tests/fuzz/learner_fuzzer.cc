// libFuzzer target for the learner's importers (learner/ingest: rampart, Tetragon, Falco and
// Hubble documents, auto-detected per document; gzip by its magic bytes; pretty-printed
// documents spanning lines) through the reader `rampart learn replay` uses
// (learner/replay/replay_reader.h), which also renders every good document as rampart event
// lines. Properties:
//   - reading never crashes, hangs or exhausts memory, and ends (every document is read once:
//     a reader that never reaches its end is caught by the document bound below);
//   - every rendered input is one rampart itself decodes (runtime/decode/events.h
//     DecodeEvent, as `learn replay` does), with the kind the reader said: replay never stops
//     on, or feeds the policies, something of its own making that rampart refuses;
//   - every line ingest's fast path decodes (learner/ingest/rampart_fast_path.h) the DOM path
//     parses, detects as rampart and decodes to the same document and verdict: the two ways
//     `rampart learn ingest` reads a line never disagree.
// The bytes are written to a scratch file per process: the reader reads files (as the CLI).

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "learner/ingest/formats.h"
#include "learner/ingest/rampart_fast_path.h"
#include "learner/replay/replay_reader.h"
#include "runtime/decode/events.h"
#include "simdjson.h"
#include "tests/learner/decoded_description.h"

namespace {

// Each line both ways (as Ingester::IngestFile: the fast path, else simdjson's DOM).
void CheckFastPathAgrees(std::string_view bytes) {
  static rampart::learner::RampartFastPath fast;
  static simdjson::dom::parser parser;
  for (size_t start = 0; start <= bytes.size();) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string line(bytes.substr(start, end - start));
    start = end + 1;
    for (bool detect : {true, false}) {
      rampart::learner::DecodedDocument doc;
      std::string reason;
      if (fast.Decode(line, detect, &doc, &reason) != rampart::learner::RampartFastPath::Result::kDecoded) continue;
      simdjson::dom::element root;
      simdjson::dom::object object;
      if (parser.parse(line).get(root) != simdjson::SUCCESS || root.get(object) != simdjson::SUCCESS) {
        std::fprintf(stderr, "the fast path decoded a line simdjson refuses:\n%s\n", line.c_str());
        __builtin_trap();
      }
      rampart::learner::Decoder decode = detect ? rampart::learner::DetectDecoder(object) : rampart::learner::DecodeRampart;
      rampart::learner::DecodedDocument dom_doc;
      const std::string dom_reason = decode == rampart::learner::DecodeRampart ? decode(object, &dom_doc) : "not rampart";
      if (dom_reason != reason ||
          (reason.empty() && rampart::learner::DescribeDecoded(doc) != rampart::learner::DescribeDecoded(dom_doc))) {
        std::fprintf(stderr, "fast path and DOM disagree (%s / %s):\n%s\n", reason.c_str(), dom_reason.c_str(),
                     line.c_str());
        __builtin_trap();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckFastPathAgrees(std::string_view(reinterpret_cast<const char*>(data), size));
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
