#pragma once
// Splits a byte stream into JSON documents: one per line (JSON lines, what every exporter
// writes), and also pretty-printed documents spanning lines (Tetragon's documentation
// samples, `jq .` output). The fast path hands out lines; only when a line does not parse
// does the caller ask for the multi-line document starting there.
//
// The reader tracks, for resuming: the byte offset and line number of everything consumed,
// and a running hash of the consumed bytes. Documents stay valid until the next call; the
// buffer keeps simdjson's padding after them so they can be parsed in place.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "learner/ingest/byte_source.h"

namespace rampart::learner {

struct Document {
  std::string_view text;      // the document (a line without its terminator, or a block)
  int64_t line = 0;           // 1-based line of its first byte
  int64_t offset = 0;         // byte offset of its first byte
  bool unterminated = false;  // the stream ended inside this line (no final newline)
  bool block = false;         // spans lines (ExtendToBlock); a line holds no newline
};

class DocumentReader {
 public:
  // Padding simdjson needs readable after a document.
  static constexpr size_t kPadding = 64;
  // A document larger than this is reported as bad instead of read whole.
  static constexpr size_t kMaxDocument = size_t(64) << 20;

  explicit DocumentReader(ByteSource* source);
  ~DocumentReader();

  enum class Next { kDocument, kEnd, kError };
  // The next line-document (leading blank lines are consumed). Not consumed until Consume().
  Next NextLine(Document* doc, std::string* error);

  enum class Block { kFound, kNotABlock, kTruncated };
  // When `doc` (just returned by NextLine) opens a JSON value that its line does not close,
  // replaces it with the whole block up to the closing bracket. kNotABlock: the line is all
  // there is (bad on its own). kTruncated: the stream ends inside the block.
  Block ExtendToBlock(Document* doc, std::string* error);

  // Marks `doc` as processed: the offset, line count and hash move past it (and past the
  // newline ending it).
  void Consume(const Document& doc);

  // Reads and consumes bytes up to absolute `offset` (for resuming), counting lines and
  // hashing. False at the end of input before `offset` (then nothing more can be read).
  bool SkipTo(int64_t offset, std::string* error);

  // Fills the buffer with at least `n` bytes when the stream has them; the first bytes not
  // yet consumed (fewer at the end of the stream). Used for the source fingerprint.
  bool Peek(size_t n, std::string_view* out, std::string* error);

  int64_t offset() const { return offset_; }
  int64_t lines() const { return line_ - 1; }  // complete lines consumed
  std::string ContentHash() const;             // hex hash of bytes [0, offset())

 private:
  bool Fill(size_t want, std::string* error);  // ensure `want` bytes after begin_, unless EOF
  void Advance(size_t n);                      // consume n bytes from begin_
  void AdvanceLine(size_t n, bool newline);    // ... holding one newline or none, as said
  // Feeds the consumed bytes not hashed yet (those before begin_) to the content hash.
  void HashConsumed() const;
  Block ScanBlock(Document* doc, std::string* error);  // ExtendToBlock's bracket scan

  ByteSource* source_;
  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  int64_t offset_ = 0;
  int64_t line_ = 1;
  struct HashState;
  std::unique_ptr<HashState> hash_;
  mutable int64_t hashed_ = 0;  // bytes [0, hashed_) are in hash_; the rest up to offset_ not yet
};

// Hex of a 64-bit hash of `bytes` (the source fingerprint).
std::string HashHex(std::string_view bytes);

}  // namespace rampart::learner
