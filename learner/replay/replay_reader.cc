#include "learner/replay/replay_reader.h"

#include <string>
#include <unordered_set>

#include "learner/ingest/byte_source.h"
#include "learner/ingest/document_reader.h"
#include "learner/ingest/formats.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

// The first key written twice in one object of `e` (depth first), as runtime/value/json.cc
// refuses such documents: a rampart document is replayed as its own text, so one the
// evaluator would refuse is a bad line here.
bool DuplicateKey(simdjson::dom::element e, std::string* key) {
  if (e.type() == simdjson::dom::element_type::OBJECT) {
    std::unordered_set<std::string_view> seen;
    for (auto field : simdjson::dom::object(e)) {
      if (!seen.insert(field.key).second) {
        *key = std::string(field.key);
        return true;
      }
      if (DuplicateKey(field.value, key)) return true;
    }
  } else if (e.type() == simdjson::dom::element_type::ARRAY) {
    for (simdjson::dom::element x : simdjson::dom::array(e)) {
      if (DuplicateKey(x, key)) return true;
    }
  }
  return false;
}

}  // namespace

struct ReplayReader::State {
  std::string path;
  OpenedInput input;
  std::unique_ptr<DocumentReader> reader;
  Decoder forced = nullptr;
  ReplayRewrite rewrite;
  simdjson::dom::parser parser;
  DecodedDocument decoded;
};

ReplayReader::ReplayReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
ReplayReader::~ReplayReader() = default;

std::unique_ptr<ReplayReader> ReplayReader::Open(const std::string& path,
                                                 const std::string& input_format,
                                                 std::string* error, ReplayRewrite rewrite) {
  auto state = std::make_unique<State>();
  state->path = path;
  state->rewrite = std::move(rewrite);
  state->forced = DecoderNamed(input_format);
  if (!OpenInput(path, &state->input, error)) return nullptr;
  state->reader = std::make_unique<DocumentReader>(state->input.source.get());
  return std::unique_ptr<ReplayReader>(new ReplayReader(std::move(state)));
}

ReplayReader::Next ReplayReader::Read(ReplayDocument* out, std::string* error) {
  State& s = *state_;
  *out = ReplayDocument();
  Document doc;
  DocumentReader::Next next = s.reader->NextLine(&doc, error);
  if (next == DocumentReader::Next::kError) return Next::kError;
  if (next == DocumentReader::Next::kEnd) return Next::kEnd;
  simdjson::dom::element root;
  auto parsed = s.parser.parse(doc.text.data(), doc.text.size(), false).get(root);
  if (parsed != simdjson::SUCCESS) {
    // A pretty-printed document spans lines: read it whole.
    if (s.reader->ExtendToBlock(&doc, error) == DocumentReader::Block::kFound)
      parsed = s.parser.parse(doc.text.data(), doc.text.size(), false).get(root);
  }
  out->where = s.path + ":" + std::to_string(doc.line);
  simdjson::dom::object object;
  Decoder decode = nullptr;
  if (parsed != simdjson::SUCCESS) {
    out->bad = std::string("not valid JSON: ") + simdjson::error_message(parsed);
  } else if (root.get(object) != simdjson::SUCCESS) {
    out->bad = "not a JSON object";
  } else if ((decode = s.forced != nullptr ? s.forced : DetectDecoder(object)) == nullptr) {
    out->bad = "not an event of a known format (rampart, Tetragon, Falco, Hubble)";
  } else {
    s.decoded.Clear();
    out->bad = decode(object, &s.decoded);
    std::string key;
    if (out->bad.empty() && s.decoded.format == "rampart" && DuplicateKey(root, &key)) {
      out->bad = "the key \"" + key + "\" is written twice in one object, which rampart's decoders refuse";
    }
  }
  if (out->bad.empty() && s.rewrite && !s.rewrite(&s.decoded, &out->resolved_peers, error)) {
    return Next::kError;
  }
  if (out->bad.empty()) {
    out->format = std::string(s.decoded.format);
    std::string_view kind = out->format == "rampart" ? json::Str(object["kind"]) : "";
    AppendReplayInputs(s.decoded, doc.text, kind, &out->inputs);
    if (out->inputs.empty()) {
      out->ignored = !s.decoded.losses.empty() ? "a loss report" : std::string(s.decoded.ignored);
    }
  }
  s.reader->Consume(doc);
  return Next::kDocument;
}

}  // namespace rampart::learner
