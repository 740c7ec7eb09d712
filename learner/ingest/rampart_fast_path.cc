#include "learner/ingest/rampart_fast_path.h"

#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "simdjson.h"

namespace rampart::learner {
namespace {

using Object = RampartFields::Object;
using Type = JsonValue::Type;

// Events nest three levels (workload.labels); deeper documents go the DOM way.
constexpr int kMaxDepth = 32;

// A recursive-descent reader of the JSON subset rampart_fast_path.h names. Every method
// returns false for anything outside it (invalid or just unusual): the line is handed back.
class Scanner {
 public:
  // `quotes`: one bit per byte of `text`, set at each '"' (Scan).
  Scanner(std::string_view text, const std::vector<uint64_t>& quotes)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), quotes_(quotes) {}

  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  // A clean line (Scan) has no byte below 0x20: spaces are its only whitespace.
  void SkipSpace() {
    while (p_ < end_ && *p_ == ' ') ++p_;
  }

  // An object: `member(name)` reads each member's value (at p_) and returns false to stop.
  template <typename F>
  bool ObjectMembers(int depth, F member) {
    if (depth > kMaxDepth || p_ == end_ || *p_ != '{') return false;
    ++p_;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      std::string_view name;
      if (!String(&name)) return false;
      SkipSpace();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      SkipSpace();
      if (!member(name)) return false;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        SkipSpace();
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      return true;
    }
  }

  // An array: `element()` reads each element (at p_).
  template <typename F>
  bool ArrayElements(int depth, F element) {
    if (depth > kMaxDepth || p_ == end_ || *p_ != '[') return false;
    ++p_;
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      if (!element()) return false;
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        SkipSpace();
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  bool IsObject() const { return p_ < end_ && *p_ == '{'; }
  bool IsArray() const { return p_ < end_ && *p_ == '['; }

  // Any value; scalars are captured into `out` as the DOM readers would see them, objects and
  // arrays read as kOther.
  bool Value(JsonValue* out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '"':
        out->type = Type::kString;
        return String(&out->text);
      case '{':
        out->type = Type::kOther;
        return ObjectMembers(depth, [&](std::string_view) { return Skip(depth + 1); });
      case '[':
        out->type = Type::kOther;
        return ArrayElements(depth, [&] { return Skip(depth + 1); });
      case 't':
        out->type = Type::kBool;
        return Literal("true");
      case 'f':
        out->type = Type::kBool;
        return Literal("false");
      case 'n':
        out->type = Type::kNull;
        return Literal("null");
      default:
        return Integer(out);
    }
  }

  bool Skip(int depth) {
    JsonValue ignored;
    return Value(&ignored, depth);
  }

  // Captures into `slot` the first time (a repeated member counts the first time).
  bool Slot(JsonValue* slot, int depth) {
    if (slot->Present()) return Skip(depth);
    return Value(slot, depth);
  }

 private:
  // A string: on a clean line (Scan), from its quote to the next one.
  bool String(std::string_view* out) {
    if (p_ == end_ || *p_ != '"') return false;
    size_t open = size_t(p_ - begin_);
    size_t close = NextQuote(open + 1);
    if (close == kNone) return false;
    *out = std::string_view(p_ + 1, close - open - 1);
    p_ = begin_ + close + 1;
    return true;
  }

  size_t NextQuote(size_t from) const {
    size_t word = from / 64;
    if (word >= quotes_.size()) return kNone;
    uint64_t bits = quotes_[word] & (~uint64_t(0) << (from % 64));
    while (bits == 0) {
      if (++word == quotes_.size()) return kNone;
      bits = quotes_[word];
    }
    return word * 64 + size_t(__builtin_ctzll(bits));
  }

  bool Literal(std::string_view word) {
    if (size_t(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // -?(0|[1-9][0-9]*) within int64 (nanosecond times have 19 digits): an int64, as
  // simdjson's DOM stores it. "-0", fractions, exponents and larger numbers are left to
  // simdjson.
  bool Integer(JsonValue* out) {
    bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    unsigned long long v = 0;
    if (*p_ == '0') {
      if (negative) return false;
      ++p_;
    } else {
      int digits = 0;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
        if (++digits > 19) return false;
        v = v * 10 + unsigned(*p_ - '0');  // 19 digits fit in 64 unsigned bits
        ++p_;
      }
      if (v > (unsigned long long)INT64_MAX) return false;
    }
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    out->type = Type::kInt;
    out->i = negative ? -(long long)v : (long long)v;
    return true;
  }

  static constexpr size_t kNone = ~size_t(0);
  const char* begin_;
  const char* p_;
  const char* end_;
  const std::vector<uint64_t>& quotes_;
};

// One look at every byte of the line, 16 at a time: where its quotes are (the bitmap), and
// whether it is clean: no backslash (escapes are left to simdjson) and no byte below 0x20
// (control characters are invalid in strings; tabs and newlines between tokens are valid but
// rare, and left to simdjson too). On a clean line a string runs from its quote to the next.
// `*high`: some byte is above 0x7f (then the line must be valid UTF-8).
bool Scan(std::string_view text, std::vector<uint64_t>* quotes, bool* high) {
  size_t n = text.size();
  quotes->assign((n + 63) / 64, 0);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  unsigned stop = 0, top = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i flip = _mm_set1_epi8(char(0x80)), space = _mm_set1_epi8(char(0x20 ^ 0x80));
  for (; i + 16 <= n; i += 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // Unsigned c < 0x20 as a signed compare of both sides with the top bit flipped.
    __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(c, backslash),
                               _mm_cmplt_epi8(_mm_xor_si128(c, flip), space));
    stop |= unsigned(_mm_movemask_epi8(bad));
    top |= unsigned(_mm_movemask_epi8(c));
    uint64_t q = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(c, quote)));
    (*quotes)[i / 64] |= q << (i % 64);
  }
#endif
  for (; i < n; ++i) {
    unsigned char c = p[i];
    if (c == '\\' || c < 0x20) stop = 1;
    if (c >= 0x80) top = 1;
    if (c == '"') (*quotes)[i / 64] |= uint64_t(1) << (i % 64);
  }
  *high = top != 0;
  return stop == 0;
}

bool IsDecisive(std::string_view key) {
  return key == "kind" || key == "output_fields" || key == "rule" || key == "flow" ||
         key == "lost_events" || key == "verdict" || key == "IP" ||
         key.rfind("process_", 0) == 0 || key == "rate_limit_info";
}

}  // namespace

RampartFastPath::Result RampartFastPath::Decode(std::string_view text, bool detect,
                                                DecodedDocument* out, std::string* reason) {
  RampartFields& f = fields_;
  f.Clear();
  bool high = false;
  if (!Scan(text, &quotes_, &high)) return Result::kNotHandled;
  // Text outside ASCII must be valid UTF-8, as simdjson requires.
  if (high && !simdjson::validate_utf8(text.data(), text.size())) return Result::kNotHandled;
  Scanner s(text, quotes_);
  s.SkipSpace();
  bool decided = false, other_format = false;
  bool seen[RampartFields::kObjects] = {};
  bool workload_labels_seen = false, peer_labels_seen = false;
  bool workload_labels_object = false;
  constexpr int d = 1;
  bool ok = s.ObjectMembers(d, [&](std::string_view key) {
    if (!decided && IsDecisive(key)) {
      decided = true;
      // DetectDecoder takes the first decisive member: another format's document.
      if (detect && key != "kind") {
        other_format = true;
        return false;
      }
    }
    if (JsonValue* slot = f.Member(Object::kNone, key)) return s.Slot(slot, d + 1);
    if (RampartFields::TextArray* a = f.Array(key)) {
      if (a->seen || !s.IsArray()) {
        a->seen = true;
        return s.Skip(d + 1);
      }
      a->seen = a->present = true;
      return s.ArrayElements(d + 1, [&] {
        JsonValue item;
        if (!s.Value(&item, d + 2)) return false;
        a->items.push_back(json::Str(item));
        return true;
      });
    }
    Object object = RampartFields::ObjectNamed(key);
    if (object == Object::kNone || seen[int(object)] || !s.IsObject()) {
      if (object != Object::kNone) seen[int(object)] = true;
      return s.Skip(d + 1);
    }
    seen[int(object)] = true;
    return s.ObjectMembers(d + 1, [&](std::string_view name) {
      if (JsonValue* slot = f.Member(object, name)) return s.Slot(slot, d + 2);
      bool workload = object == Object::kWorkload, peer = object == Object::kPeer;
      if (name != "labels" || !(workload || peer)) return s.Skip(d + 2);
      bool& labels_seen = workload ? workload_labels_seen : peer_labels_seen;
      if (labels_seen || !s.IsObject()) {
        labels_seen = true;
        return s.Skip(d + 2);
      }
      labels_seen = true;
      (workload ? workload_labels_object : f.peer_labels_object) = true;
      TextPairs& pairs = workload ? f.workload_labels : f.peer_labels;
      return s.ObjectMembers(d + 2, [&](std::string_view k) {
        JsonValue v;
        if (!s.Value(&v, d + 3)) return false;
        pairs.emplace_back(k, json::Str(v));
        return true;
      });
    });
  });
  if (!ok || other_format || !s.AtEnd()) return Result::kNotHandled;
  // No decisive member: not an event of a known format (the DOM path says so).
  if (detect && !decided) return Result::kNotHandled;
  if (workload_labels_object) f.workload_labels_shape = LabelsShape::kPairs;
  *reason = DecodeRampartFields(&f, out);
  return Result::kDecoded;
}

}  // namespace rampart::learner
