#pragma once
// The fast path's first look at a line (internal to learner/ingest, rampart_fast_path.h):
// copies it into a buffer padded with zero bytes and, in the same pass, lists its quotes and
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

  // kBest: AVX2 when the processor has it (chosen at run time: the build targets plain
  // x86-64); kPortable: SSE2 only. Both give the same results (tests compare them).
  enum class Kernel { kBest, kPortable };
  explicit CleanLine(Kernel kernel = Kernel::kBest);

  // False when `text` is not clean (then nothing else is meaningful).
  bool Load(std::string_view text) { return avx2_ ? LoadAvx2(text) : LoadPortable(text); }

  const char* data() const { return copy_.data(); }  // the copy; data()[size()] == 0
  size_t size() const { return size_; }
  // The offsets of the line's quotes, in order: on a clean line the 2k-th and (2k+1)-th
  // delimit its k-th string. A parser taking them in turn finds where a string ends without
  // searching from where it starts, so the position after one string does not wait for the
  // reading of the one before.
  const uint32_t* quotes() const { return quotes_.data(); }
  size_t quote_count() const { return quote_count_; }
  bool high() const { return high_; }  // some byte is above 0x7f (then check UTF-8)

  struct BlockBits;  // what one 64-byte block holds

 private:
  void AddQuotes(uint64_t bits, uint32_t base);
  template <BlockBits (*Block)(const char*, char*)>
  bool LoadWith(std::string_view text);
  bool LoadPortable(std::string_view text);
  bool LoadAvx2(std::string_view text);

  bool avx2_ = false;

  std::vector<char> copy_;
  std::vector<uint32_t> quotes_;
  size_t size_ = 0, quote_count_ = 0;
  bool high_ = false;
};

}  // namespace rampart::learner
