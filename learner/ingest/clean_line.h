#pragma once
// The fast path's first look at a line (internal to learner/ingest, rampart_fast_path.h):
// copies it into a buffer padded with zero bytes and, in the same pass, finds its quotes and
// whether it is "clean" — no backslash (escapes are left to simdjson) and no byte below 0x20
// (control characters are invalid in strings; tabs and newlines between tokens are valid but
// rare, and left to simdjson too). On a clean line a string runs from its quote to the next
// one, and the zero padding ends every token, so the scanner reading the copy needs no
// bounds checks: a zero byte is nothing JSON accepts.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rampart::learner {

class CleanLine {
 public:
  // Zero bytes readable after the copy (a name's code reads 16 bytes from its start).
  static constexpr size_t kPadding = 64;

  // False when `text` is not clean (then nothing else is meaningful).
  bool Load(std::string_view text);

  const char* data() const { return copy_.data(); }  // the copy; data()[size()] == 0
  size_t size() const { return size_; }
  // Bit i of word i / 64 is set when byte i is '"'; words() words, zero past the end.
  const uint64_t* quotes() const { return quotes_.data(); }
  size_t words() const { return words_; }
  bool high() const { return high_; }  // some byte is above 0x7f (then check UTF-8)

 private:
  std::vector<char> copy_;
  std::vector<uint64_t> quotes_;
  size_t size_ = 0, words_ = 0;
  bool high_ = false;
};

}  // namespace rampart::learner
