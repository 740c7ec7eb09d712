#include "learner/ingest/clean_line.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rampart::learner {
namespace {

struct BlockBits {
  uint64_t quotes = 0, bad = 0, high = 0;
};

// The bits of 64 bytes at `p`.
#if defined(__SSE2__)
inline BlockBits Block(const char* p) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i flip = _mm_set1_epi8(char(0x80)), space = _mm_set1_epi8(char(0x20 ^ 0x80));
  BlockBits b;
  for (int k = 0; k < 4; ++k) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    // Unsigned c < 0x20 as a signed compare of both sides with the top bit flipped.
    __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(c, backslash),
                               _mm_cmplt_epi8(_mm_xor_si128(c, flip), space));
    b.quotes |= uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(c, quote)))) << (16 * k);
    b.bad |= uint64_t(unsigned(_mm_movemask_epi8(bad))) << (16 * k);
    b.high |= uint64_t(unsigned(_mm_movemask_epi8(c))) << (16 * k);
  }
  return b;
}
#else
inline BlockBits Block(const char* p) {
  BlockBits b;
  for (int i = 0; i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    uint64_t bit = uint64_t(1) << i;
    if (c == '"') b.quotes |= bit;
    if (c == '\\' || c < 0x20) b.bad |= bit;
    if (c >= 0x80) b.high |= bit;
  }
  return b;
}
#endif

}  // namespace

bool CleanLine::Load(std::string_view text) {
  size_t n = text.size();
  size_t blocks = (n + 63) / 64;
  // Whole blocks plus the padding: the last block is scanned over zero bytes.
  if (copy_.size() < blocks * 64 + kPadding) copy_.resize(blocks * 64 + kPadding);
  if (quotes_.size() < blocks + 1) quotes_.resize(blocks + 1);
  char* dst = copy_.data();
  std::memcpy(dst, text.data(), n);
  std::memset(dst + n, 0, blocks * 64 - n + kPadding);
  uint64_t bad = 0, high = 0;
  for (size_t b = 0; b < blocks; ++b) {
    BlockBits bits = Block(dst + 64 * b);
    size_t valid = n - 64 * b;
    if (valid < 64) bits.bad &= (uint64_t(1) << valid) - 1;  // the padding's zeros
    quotes_[b] = bits.quotes;
    bad |= bits.bad;
    high |= bits.high;
  }
  quotes_[blocks] = 0;
  size_ = n;
  words_ = blocks;
  high_ = high != 0;
  return bad == 0;
}

}  // namespace rampart::learner
