#include "learner/ingest/document_reader.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>

namespace rampart::learner {
namespace {

constexpr size_t kChunk = size_t(1) << 20;

std::string Hex64(uint64_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[size_t(i)] = kDigits[v & 15];
  return s;
}

}  // namespace

struct DocumentReader::HashState {
  XXH3_state_t* state = XXH3_createState();
  HashState() { XXH3_64bits_reset(state); }
  ~HashState() { XXH3_freeState(state); }
};

std::string HashHex(std::string_view bytes) {
  return Hex64(XXH3_64bits(bytes.data(), bytes.size()));
}

DocumentReader::DocumentReader(ByteSource* source)
    : source_(source), buf_(kChunk + kPadding), hash_(std::make_unique<HashState>()) {}

DocumentReader::~DocumentReader() = default;

std::string DocumentReader::ContentHash() const {
  HashConsumed();
  return Hex64(XXH3_64bits_digest(hash_->state));
}

void DocumentReader::HashConsumed() const {
  size_t pending = size_t(offset_ - hashed_);
  if (pending == 0) return;
  XXH3_64bits_update(hash_->state, buf_.data() + begin_ - pending, pending);
  hashed_ = offset_;
}

bool DocumentReader::Fill(size_t want, std::string* error) {
  while (end_ - begin_ < want && !eof_) {
    if (begin_ > 0 && (buf_.size() - kPadding - end_ < kChunk / 2 || end_ == begin_)) {
      HashConsumed();  // the consumed bytes are about to go
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    size_t room = buf_.size() - kPadding - end_;
    if (room < kChunk / 4) {
      buf_.resize(std::max(buf_.size() * 2, end_ + kChunk + kPadding));
      room = buf_.size() - kPadding - end_;
    }
    size_t got = 0;
    if (!source_->Read(buf_.data() + end_, room, &got, error)) return false;
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return true;
}

void DocumentReader::Advance(size_t n) {
  // Hashed later, in large pieces (HashConsumed): one update per line cost more than the
  // hashing itself.
  const char* p = buf_.data() + begin_;
  // memchr-driven newline count: consumed regions are mostly whole lines.
  const char* end = p + n;
  while ((p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)))) != nullptr) {
    ++line_;
    ++p;
  }
  begin_ += n;
  offset_ += int64_t(n);
}

void DocumentReader::AdvanceLine(size_t n, bool newline) {
  // The line was searched for its newline already: no second look at its bytes.
  line_ += newline ? 1 : 0;
  begin_ += n;
  offset_ += int64_t(n);
}

bool DocumentReader::Peek(size_t n, std::string_view* out, std::string* error) {
  if (!Fill(n, error)) return false;
  *out = std::string_view(buf_.data() + begin_, std::min(n, end_ - begin_));
  return true;
}

bool DocumentReader::SkipTo(int64_t offset, std::string* error) {
  while (offset_ < offset) {
    if (begin_ == end_ && !Fill(1, error)) return false;
    if (begin_ == end_) return false;  // end of input
    size_t n = size_t(std::min<int64_t>(offset - offset_, int64_t(end_ - begin_)));
    Advance(n);
  }
  return true;
}

DocumentReader::Next DocumentReader::NextLine(Document* doc, std::string* error) {
  for (;;) {
    if (begin_ == end_ && !Fill(1, error)) return Next::kError;
    if (begin_ == end_) return Next::kEnd;
    // Blank lines and whitespace between documents are consumed.
    size_t ws = 0;
    while (begin_ + ws < end_) {
      char c = buf_[begin_ + ws];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
      ++ws;
    }
    if (ws > 0) {
      Advance(ws);
      continue;
    }
    break;
  }
  size_t scanned = 0;
  for (;;) {
    const char* start = buf_.data() + begin_;
    const void* nl = std::memchr(start + scanned, '\n', end_ - begin_ - scanned);
    if (nl != nullptr) {
      size_t len = size_t(static_cast<const char*>(nl) - start);
      while (len > 0 && (start[len - 1] == '\r' || start[len - 1] == ' ' || start[len - 1] == '\t'))
        --len;
      doc->text = std::string_view(start, len);
      doc->unterminated = false;
      break;
    }
    if (eof_) {
      doc->text = std::string_view(start, end_ - begin_);
      doc->unterminated = true;
      break;
    }
    scanned = end_ - begin_;
    if (scanned > kMaxDocument) {
      // A line this long is not an event; hand out what we have, the caller reports it.
      doc->text = std::string_view(start, scanned);
      doc->unterminated = false;
      break;
    }
    if (!Fill(scanned + kChunk, error)) return Next::kError;
  }
  doc->line = line_;
  doc->offset = offset_;
  doc->block = false;
  return Next::kDocument;
}

DocumentReader::Block DocumentReader::ExtendToBlock(Document* doc, std::string* error) {
  // Only a value that starts a line at column 0 and stays open at the end of it is a block.
  if (doc->text.empty() || (doc->text[0] != '{' && doc->text[0] != '[')) return Block::kNotABlock;
  Block result = ScanBlock(doc, error);
  // Reading on may have moved the buffer: the line is where begin_ is now.
  if (result != Block::kFound) doc->text = std::string_view(buf_.data() + begin_, doc->text.size());
  return result;
}

DocumentReader::Block DocumentReader::ScanBlock(Document* doc, std::string* error) {
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t i = 0;
  for (;;) {
    if (begin_ + i >= end_) {
      if (i > kMaxDocument) return Block::kNotABlock;
      if (!Fill(i + kChunk, error)) return Block::kNotABlock;
      if (begin_ + i >= end_) return depth > 0 ? Block::kTruncated : Block::kNotABlock;
    }
    char c = buf_[begin_ + i];
    ++i;
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      else if (c == '\n')
        return Block::kNotABlock;  // JSON strings hold no raw newline
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        ++depth;
        break;
      case '}':
      case ']':
        if (--depth == 0) {
          if (i <= doc->text.size()) return Block::kNotABlock;  // closed on its first line
          doc->text = std::string_view(buf_.data() + begin_, i);
          doc->unterminated = false;
          doc->block = true;
          return Block::kFound;
        }
        if (depth < 0) return Block::kNotABlock;
        break;
      case '\n':
        // A new document at column 0 while this one is open: this one was cut short.
        if (begin_ + i < end_ || Fill(i + 1, error)) {
          if (begin_ + i < end_ && buf_[begin_ + i] == '{') return Block::kNotABlock;
        }
        break;
      default:
        break;
    }
  }
}

void DocumentReader::Consume(const Document& doc) {
  size_t n = size_t(doc.offset - offset_) + doc.text.size();
  // Include the rest of the line up to and with its newline.
  while (begin_ + n < end_ && buf_[begin_ + n] != '\n' &&
         (buf_[begin_ + n] == '\r' || buf_[begin_ + n] == ' ' || buf_[begin_ + n] == '\t')) {
    ++n;
  }
  bool newline = begin_ + n < end_ && buf_[begin_ + n] == '\n';
  if (newline) ++n;
  n = std::min(n, end_ - begin_);
  // A line's text holds no newline, and whitespace before it was consumed by NextLine.
  if (!doc.block && doc.offset == offset_)
    AdvanceLine(n, newline);
  else
    Advance(n);
}

}  // namespace rampart::learner
