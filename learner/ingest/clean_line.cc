#include "learner/ingest/clean_line.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#define RP_CLEAN_LINE_AVX2 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rampart::learner {

struct CleanLine::BlockBits {
  uint64_t quotes = 0, bad = 0, high = 0;
};

namespace {

using BlockBits = CleanLine::BlockBits;

// The bits of 64 bytes at `p`, copied to `to` on the way (one pass over the line, not a copy
// and a scan). Bad: a backslash or a byte below 0x20.
#if defined(__SSE2__)
inline __attribute__((always_inline)) BlockBits Block16(const char* p, char* to) {
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
inline BlockBits Block16(const char* p, char* to) {
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

#if defined(RP_CLEAN_LINE_AVX2)
__attribute__((target("avx2"), always_inline)) inline BlockBits Block32(const char* p, char* to) {
  const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
  const __m256i flip = _mm256_set1_epi8(char(0x80)), space = _mm256_set1_epi8(char(0x20 ^ 0x80));
  BlockBits b;
  for (int k = 0; k < 2; ++k) {
    __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(to + 32 * k), c);
    __m256i bad = _mm256_or_si256(_mm256_cmpeq_epi8(c, backslash),
                                  _mm256_cmpgt_epi8(space, _mm256_xor_si256(c, flip)));
    b.quotes |= uint64_t(unsigned(_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, quote)))) << (32 * k);
    b.bad |= uint64_t(unsigned(_mm256_movemask_epi8(bad))) << (32 * k);
    b.high |= uint64_t(unsigned(_mm256_movemask_epi8(c))) << (32 * k);
  }
  return b;
}

bool HasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("popcnt");
}
#endif

}  // namespace

CleanLine::CleanLine(Kernel kernel) {
#if defined(RP_CLEAN_LINE_AVX2)
  static const bool avx2 = HasAvx2();
  avx2_ = kernel == Kernel::kBest && avx2;
#else
  (void)kernel;
#endif
}

// Appends the offsets of the bits set in `bits` (a block at `base`): eight at a time whether
// there are that many or not (the slots past the count are overwritten later), which costs
// fewer mispredicted branches than stopping at each one.
inline __attribute__((always_inline)) void CleanLine::AddQuotes(uint64_t bits, uint32_t base) {
  uint32_t* out = quotes_.data() + quote_count_;
  size_t count = size_t(__builtin_popcountll(bits));
  for (size_t i = 0; i < 8; ++i) {
    out[i] = base + uint32_t(__builtin_ctzll(bits | (uint64_t(1) << 63)));
    bits &= bits - 1;
  }
  for (size_t i = 8; i < count; ++i) {
    out[i] = base + uint32_t(__builtin_ctzll(bits));
    bits &= bits - 1;
  }
  quote_count_ += count;
}

template <CleanLine::BlockBits (*Block)(const char*, char*)>
inline __attribute__((always_inline)) bool CleanLine::LoadWith(std::string_view text) {
  size_t n = text.size();
  size_t blocks = (n + 63) / 64;
  // Whole blocks plus the padding: the last block is scanned over zero bytes.
  if (copy_.size() < blocks * 64 + kPadding) copy_.resize(blocks * 64 + kPadding);
  // Every byte a quote at worst, and AddQuotes' eight slots past the last.
  if (quotes_.size() < n + 8) quotes_.resize(n + 8);
  quote_count_ = 0;
  char* dst = copy_.data();
  size_t whole = n / 64;
  uint64_t bad = 0, high = 0;
  for (size_t b = 0; b < whole; ++b) {
    BlockBits bits = Block(text.data() + 64 * b, dst + 64 * b);
    AddQuotes(bits.quotes, uint32_t(64 * b));
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
    AddQuotes(bits.quotes, uint32_t(64 * whole));
    bad |= bits.bad & ((uint64_t(1) << rest) - 1);
    high |= bits.high;
  }
  size_ = n;
  high_ = high != 0;
  return bad == 0;
}

bool CleanLine::LoadPortable(std::string_view text) { return LoadWith<Block16>(text); }

#if defined(RP_CLEAN_LINE_AVX2)
// The same with AVX2, and the quotes listed with BMI's tzcnt and POPCNT (the portable build
// counts bits with a dozen instructions).
__attribute__((target("avx2,bmi,popcnt"))) bool CleanLine::LoadAvx2(std::string_view text) {
  return LoadWith<Block32>(text);
}
#else
bool CleanLine::LoadAvx2(std::string_view text) { return LoadPortable(text); }
#endif

}  // namespace rampart::learner
