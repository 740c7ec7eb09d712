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

// The bits of 64 bytes at `p`, copied to `to` on the way (one pass over the line, not a copy
// and a scan).
#if defined(__SSE2__)
inline BlockBits Block(const char* p, char* to) {
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i flip = _mm_set1_epi8(char(0x80)), space = _mm_set1_epi8(char(0x20 ^ 0x80));
  BlockBits b;
  for (int k = 0; k < 4; ++k) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + 16 * k), c);
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
inline BlockBits Block(const char* p, char* to) {
  BlockBits b;
  for (int i = 0; i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    to[i] = p[i];
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
  size_t whole = n / 64;
  uint64_t bad = 0, high = 0;
  for (size_t b = 0; b < whole; ++b) {
    BlockBits bits = Block(text.data() + 64 * b, dst + 64 * b);
    quotes_[b] = bits.quotes;
    bad |= bits.bad;
    high |= bits.high;
  }
  // The rest: copied, padded with zeros, and scanned in place (the zeros are not bad).
  size_t rest = n - 64 * whole;
  std::memcpy(dst + 64 * whole, text.data() + 64 * whole, rest);
  std::memset(dst + n, 0, blocks * 64 - n + kPadding);
  if (rest > 0) {
    char* last = dst + 64 * whole;
    BlockBits bits = Block(last, last);
    quotes_[whole] = bits.quotes;
    bad |= bits.bad & ((uint64_t(1) << rest) - 1);
    high |= bits.high;
  }
  quotes_[blocks] = 0;
  size_ = n;
  words_ = blocks;
  high_ = high != 0;
  return bad == 0;
}

}  // namespace rampart::learner
