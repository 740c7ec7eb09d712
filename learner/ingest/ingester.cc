#include "learner/ingest/ingester.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "learner/ingest/batch_builder.h"
#include "learner/ingest/byte_source.h"
#include "learner/ingest/decoded_document.h"
#include "learner/ingest/document_reader.h"
#include "learner/ingest/formats.h"
#include "learner/ingest/rampart_fast_path.h"

namespace rampart::learner {
namespace {

constexpr size_t kFingerprintBytes = 4096;

void Widen(long long t, long long* first, long long* last) {
  if (t == kNoTime) return;
  if (*first == kNoTime || t < *first) *first = t;
  if (*last == kNoTime || t > *last) *last = t;
}

// One input being read: the reader positioned at the resume point and the source's record.
struct OpenSource {
  OpenedInput input;
  std::unique_ptr<DocumentReader> reader;
};

bool Open(const std::string& path, OpenSource* out, std::string* error) {
  if (!OpenInput(path, &out->input, error)) return false;
  out->reader = std::make_unique<DocumentReader>(out->input.source.get());
  return true;
}

}  // namespace

bool IsInputFormat(const std::string& name) {
  return name == "auto" || DecoderNamed(name) != nullptr;
}

Ingester::Ingester(BehaviourStore* store, IngestOptions options)
    : store_(store), options_(std::move(options)) {}

bool Ingester::IngestFile(const std::string& path, FileReport* report) {
  report->name = path;
  auto fail = [&](const std::string& error) {
    report->status = "failed";
    report->error = error;
    return false;
  };
  std::string error;
  OpenSource src;
  if (!Open(path, &src, &error)) return fail(error);
  report->compressed = src.input.compressed;

  // Which source is this? Candidates share the fingerprint of their first bytes (the length
  // it had when first read); the one whose content hash matches at its offset is this input.
  std::string_view head;
  if (!src.reader->Peek(kFingerprintBytes, &head, &error)) return fail(error);
  if (head.empty()) {
    report->status = "empty";
    return true;
  }
  std::string head_copy(head);
  std::vector<int64_t> lengths;
  if (!store_->FingerprintLengths(&lengths, &error)) return fail(error);
  std::vector<SourceRecord> candidates;
  for (int64_t len : lengths) {
    if (len > int64_t(head_copy.size())) continue;
    if (!store_->FindSources(HashHex(std::string_view(head_copy).substr(0, size_t(len))), len,
                             &candidates, &error)) {
      return fail(error);
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const SourceRecord& a, const SourceRecord& b) {
    return a.offset < b.offset || (a.offset == b.offset && a.id < b.id);
  });
  const SourceRecord* match = nullptr;
  for (const SourceRecord& c : candidates) {
    if (!src.reader->SkipTo(c.offset, &error)) {
      if (!error.empty()) return fail(error);
      break;  // the input is shorter: this and the later candidates are other sources
    }
    if (src.reader->ContentHash() == c.content_hash &&
        (match == nullptr || c.offset > match->offset))
      match = &c;
  }
  int64_t want = match != nullptr ? match->offset : 0;
  if (src.reader->offset() != want) {
    // Read past the resume point while checking a longer candidate: start over.
    if (!src.input.reopenable) {
      return fail(
          "standard input begins like an earlier source but differs from it further on; "
          "save it to a file and ingest that");
    }
    src = OpenSource();
    if (!Open(path, &src, &error)) return fail(error);
    if (want > 0 && !src.reader->SkipTo(want, &error))
      return fail(error.empty() ? path + ": changed while read" : error);
  }
  SourceRecord totals;
  if (match != nullptr) {
    totals = *match;
    totals.name = path;
    report->status = "resumed";
  } else {
    totals.name = path;
    totals.fingerprint = HashHex(head_copy);
    totals.fingerprint_len = int64_t(head_copy.size());
    totals.compressed = src.input.compressed;
    totals.content_hash = src.reader->ContentHash();
    if (!store_->CreateSource(&totals, &error)) return fail(error);
    report->status = "new";
  }
  report->resumed_from = totals.offset;

  simdjson::dom::parser parser;
  DecodedDocument decoded;
  BatchBuilder builder;
  std::vector<BadLine> pending_bad;
  int64_t pending = 0;  // documents since the last commit
  auto commit = [&]() {
    totals.offset = src.reader->offset();
    totals.lines = src.reader->lines();
    totals.content_hash = src.reader->ContentHash();
    BatchDelta batch = builder.Take(totals);
    batch.bad_lines = std::move(pending_bad);
    pending_bad.clear();
    pending = 0;
    return store_->Commit(batch, &error);
  };
  Decoder forced = DecoderNamed(options_.input_format);
  RampartFastPath fast;
  bool fast_path = options_.fast_path && (forced == nullptr || forced == DecodeRampart);
  std::string last_format;
  int64_t* last_format_count = nullptr;
  auto last_progress = std::chrono::steady_clock::now();
  int64_t start_offset = totals.offset;
  for (;;) {
    Document doc;
    DocumentReader::Next next = src.reader->NextLine(&doc, &error);
    if (next == DocumentReader::Next::kError) {
      commit();
      return fail(error);
    }
    if (next == DocumentReader::Next::kEnd) break;
    std::string reason;
    // Rampart's own events take the fast path; whatever it is not sure of (other
    // formats, invalid JSON, multi-line documents) goes the DOM way below.
    bool decided = false;
    if (fast_path) {
      decoded.Clear();
      decided = fast.Decode(doc.text, forced == nullptr, &decoded, &reason) ==
                RampartFastPath::Result::kDecoded;
    }
    if (!decided) {
      simdjson::dom::element root;
      auto parsed = parser.parse(doc.text.data(), doc.text.size(), false).get(root);
      if (parsed != simdjson::SUCCESS) {
        DocumentReader::Block block = src.reader->ExtendToBlock(&doc, &error);
        if (block == DocumentReader::Block::kFound) {
          parsed = parser.parse(doc.text.data(), doc.text.size(), false).get(root);
        } else if (block == DocumentReader::Block::kTruncated || doc.unterminated) {
          // The writer may still be on it: leave it for the next run.
          report->incomplete_tail = int64_t(doc.text.size());
          break;
        }
      }
      simdjson::dom::object object;
      Decoder decode = nullptr;
      reason.clear();
      if (parsed != simdjson::SUCCESS) {
        reason = std::string("not valid JSON: ") + simdjson::error_message(parsed);
      } else if (root.get(object) != simdjson::SUCCESS) {
        reason = "not a JSON object";
      } else if ((decode = forced != nullptr ? forced : DetectDecoder(object)) == nullptr) {
        reason = "not an event of a known format (rampart, Tetragon, Falco, Hubble)";
      } else {
        decoded.Clear();
        reason = decode(object, &decoded);
      }
    }
    ++report->documents;
    if (!reason.empty()) {
      ++report->bad_lines;
      ++totals.bad_lines;
      BadLine bad{doc.line, doc.offset, reason};
      if (report->bad_line_samples.size() < kBadLineSamples)
        report->bad_line_samples.push_back(bad);
      if (totals.bad_lines <= kMaxBadLinesKept) pending_bad.push_back(std::move(bad));
    } else {
      // Documents per format: the map entry of the last format seen is kept (map entries do
      // not move), as a map lookup per document showed in profiles.
      if (decoded.format != last_format || last_format_count == nullptr) {
        last_format = decoded.format;
        last_format_count = &report->formats[std::string(decoded.format)];
      }
      ++*last_format_count;
      int64_t lost = 0;
      for (const Loss& l : decoded.losses) lost += l.lost;
      report->lost += lost;
      totals.lost_events += lost;
      if (!decoded.items.empty()) {
        ++report->events;
        ++totals.events;
        for (const auto& item : decoded.items) ++report->behaviours[int(item.behaviour.plane)];
        Widen(decoded.time, &report->first_time, &report->last_time);
        Widen(decoded.time, &totals.first_event, &totals.last_event);
      } else if (decoded.losses.empty()) {
        ++report->ignored;
        ++totals.ignored;
        ++report->ignored_reasons[std::string(decoded.ignored)];
      }
      if (!decoded.items.empty() || !decoded.losses.empty()) builder.Add(decoded);
    }
    src.reader->Consume(doc);
    if (++pending >= options_.batch_documents && !commit()) return fail(error);
    if (options_.progress && (report->documents & 4095) == 0) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(200)) {
        last_progress = now;
        report->bytes = src.reader->offset() - start_offset;
        options_.progress(*report, src.input.source->RawConsumed(), src.input.raw_size);
      }
    }
  }
  if ((pending > 0 || src.reader->offset() != totals.offset) && !commit()) return fail(error);
  report->bytes = src.reader->offset() - start_offset;
  if (report->status == "resumed" && report->bytes == 0) report->status = "already ingested";
  report->totals = totals;
  return true;
}

}  // namespace rampart::learner
