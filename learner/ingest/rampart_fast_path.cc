#include "learner/ingest/rampart_fast_path.h"

#include <cstdint>
#include <cstring>

#include "learner/ingest/name_code.h"
#include "simdjson.h"

namespace rampart::learner {
namespace {

using Object = RampartFields::Object;
using Type = JsonValue::Type;

// Events nest three levels (workload.labels); deeper documents go the DOM way.
constexpr int kMaxDepth = 32;

// A recursive-descent reader of the JSON subset rampart_fast_path.h names, over a clean
// line's zero-padded copy (clean_line.h): the zero after the line stops every token, so no
// read checks the end. Every method returns false for anything outside the subset (invalid
// or just unusual): the line is handed back. Strings are returned as views into the original
// text, at the same offsets.
class Scanner {
 public:
  Scanner(const CleanLine& line, const char* origin)
      : base_(line.data()),
        p_(line.data()),
        end_(line.data() + line.size()),
        quote_(line.quotes()),
        quotes_end_(line.quotes() + line.quote_count()),
        origin_(origin) {}

  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  // A clean line has no byte below 0x20: spaces are its only whitespace. (A local copy of
  // p_: the slots written between calls may alias it.)
  void SkipSpace() {
    const char* p = p_;
    while (*p == ' ') ++p;
    p_ = p;
  }

  // The four bytes at `p` (the padding makes them readable), first byte lowest.
  static uint32_t Four(const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
  }
  static constexpr uint32_t kColonSpace = ':' | ' ' << 8;
  static constexpr uint32_t kCommaSpaceQuote = ',' | ' ' << 8 | '"' << 16;

  // A member name: its code (name_code.h) and its text.
  struct Name {
    NameCode code;
    std::string_view text;
  };

  // An object: `member(name)` reads each member's value (at p_) and returns false to stop.
  template <typename F>
  bool ObjectMembers(int depth, F member) {
    if (depth > kMaxDepth || *p_ != '{') return false;
    ++p_;
    SkipSpace();
    if (*p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      const char* at;
      size_t size;
      if (!RawString(&at, &size)) return false;
      // The separators most writers put (": " and ", " before the next name) are matched in
      // one look; anything else JSON allows takes the general way.
      uint32_t next = Four(p_);
      if ((next & 0xffff) == kColonSpace && (next >> 16 & 0xff) != ' ') {
        p_ += 2;
      } else {
        SkipSpace();
        if (*p_ != ':') return false;
        ++p_;
        SkipSpace();
      }
      if (!member(Name{CodeAt(at, size), View(at, size)})) return false;
      if ((Four(p_) & 0xffffff) == kCommaSpaceQuote) {
        p_ += 2;
        continue;
      }
      SkipSpace();
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
    if (depth > kMaxDepth || *p_ != '[') return false;
    ++p_;
    SkipSpace();
    if (*p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      if (!element()) return false;
      SkipSpace();
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

  bool IsObject() const { return *p_ == '{'; }
  bool IsArray() const { return *p_ == '['; }

  // Any value; scalars are captured into `out` as the DOM readers would see them, objects and
  // arrays read as kOther.
  bool Value(JsonValue* out, int depth) {
    switch (*p_) {
      case '"': {
        out->type = Type::kString;
        const char* at;
        size_t size;
        if (!RawString(&at, &size)) return false;
        out->text = View(at, size);
        return true;
      }
      case '{':
        out->type = Type::kOther;
        return ObjectMembers(depth, [&](const Name&) { return Skip(depth + 1); });
      case '[':
        out->type = Type::kOther;
        return ArrayElements(depth, [&] { return Skip(depth + 1); });
      case 't':
        out->type = Type::kBool;
        return Literal("true", 4);
      case 'f':
        out->type = Type::kBool;
        return Literal("false", 5);
      case 'n':
        out->type = Type::kNull;
        return Literal("null", 4);
      default:
        return Integer(out);
    }
  }

  // Value, with strings (most values) read inline rather than through the call.
  bool AnyValue(JsonValue* out, int depth) {
    if (*p_ != '"') return Value(out, depth);
    const char* at;
    size_t size;
    if (!RawString(&at, &size)) return false;
    out->type = Type::kString;
    out->text = View(at, size);
    return true;
  }

  bool Skip(int depth) {
    JsonValue ignored;
    return AnyValue(&ignored, depth);
  }

  // Captures into `slot` the first time (a repeated member counts the first time).
  bool Slot(JsonValue* slot, int depth) {
    if (slot->Present()) return Skip(depth);
    return AnyValue(slot, depth);
  }

 private:
  std::string_view View(const char* at, size_t size) const {
    return std::string_view(origin_ + (at - base_), size);
  }

  // A string: on a clean line, from its quote to the next one. Every quote before p_ was
  // taken by a string (no other token reads over one), so a quote at p_ is the next one of
  // the line's list.
  bool RawString(const char** at, size_t* size) {
    if (*p_ != '"' || quotes_end_ - quote_ < 2) return false;
    const char* close = base_ + quote_[1];
    quote_ += 2;
    *at = p_ + 1;
    *size = size_t(close - p_ - 1);
    p_ = close + 1;
    return true;
  }

  // (The padding makes `size` bytes readable.)
  bool Literal(const char* word, size_t size) {
    if (std::memcmp(p_, word, size) != 0) return false;
    p_ += size;
    return true;
  }

  // -?(0|[1-9][0-9]*) within int64 (nanosecond times have 19 digits): an int64, as
  // simdjson's DOM stores it. "-0", fractions, exponents and larger numbers are left to
  // simdjson.
  bool Integer(JsonValue* out) {
    const char* p = p_;
    bool negative = *p == '-';
    if (negative) ++p;
    if (unsigned(*p - '0') > 9) return false;
    unsigned long long v = 0;
    if (*p == '0') {
      if (negative) return false;
      ++p;
    } else {
      const char* first = p;
      while (unsigned(*p - '0') <= 9) {
        v = v * 10 + unsigned(*p - '0');  // wraps past 20 digits: refused below
        ++p;
      }
      if (p - first > 19) return false;  // 19 digits fit in 64 unsigned bits
      if (v > (unsigned long long)INT64_MAX) return false;
    }
    if (*p == '.' || *p == 'e' || *p == 'E') return false;
    p_ = p;
    out->type = Type::kInt;
    out->i = negative ? -(long long)v : (long long)v;
    return true;
  }

  const char* base_;
  const char* p_;
  const char* end_;
  const uint32_t* quote_;  // the next quote not taken by a string
  const uint32_t* quotes_end_;
  const char* origin_;
};

// What a member of the event itself is to the importer: where its value goes (a scalar's
// slot, a text array, one of the objects it reads) and whether it decides the format
// (DetectDecoder's decisive members).
struct TopMember {
  JsonValue* slot = nullptr;
  RampartFields::TextArray* array = nullptr;
  Object object = Object::kNone;
  bool decisive = false;
};

constexpr NameCode kKind = Code("kind");

TopMember Top(const NameCode& c, RampartFields& f) {
  TopMember m;
  // Another format's member deciding the document: Tetragon's process_* events.
  constexpr NameCode kProcess = Code("process_");
  if (c.size >= 8 && c.lo == kProcess.lo) {
    m.decisive = true;
    return m;
  }
  switch (c.size) {
    case 2:
      m.decisive = c == Code("IP");
      break;
    case 4:
      if (c == kKind) {
        m.slot = &f.kind;
        m.decisive = true;
      } else if (c == Code("time")) {
        m.slot = &f.time;
      } else if (c == Code("node")) {
        m.slot = &f.node;
      } else if (c == Code("path")) {
        m.slot = &f.path;
      } else if (c == Code("port")) {
        m.slot = &f.port;
      } else if (c == Code("proc")) {
        m.object = Object::kProc;
      } else if (c == Code("peer")) {
        m.object = Object::kPeer;
      } else {
        m.decisive = c == Code("rule") || c == Code("flow");
      }
      break;
    case 5:
      if (c == Code("flags")) m.array = &f.flags;
      break;
    case 6:
      if (c == Code("access")) m.slot = &f.access;
      if (c == Code("parent")) m.object = Object::kParent;
      break;
    case 7:
      if (c == Code("peer_ip")) m.slot = &f.peer_ip;
      if (c == Code("syscall")) m.object = Object::kSyscall;
      m.decisive = c == Code("verdict");
      break;
    case 8:
      if (c == Code("protocol")) m.slot = &f.protocol;
      if (c == Code("local_ip")) m.slot = &f.local_ip;
      if (c == Code("dns_name")) m.slot = &f.dns_name;
      if (c == Code("workload")) m.object = Object::kWorkload;
      break;
    case 9:
      if (c == Code("remote_ip")) m.slot = &f.remote_ip;
      if (c == Code("direction")) m.slot = &f.direction;
      if (c == Code("container")) m.object = Object::kContainer;
      break;
    case 10:
      if (c == Code("local_port")) m.slot = &f.local_port;
      break;
    case 11:
      if (c == Code("remote_port")) m.slot = &f.remote_port;
      m.decisive = c == Code("lost_events");
      break;
    case 13:
      m.decisive = c == Code("output_fields");
      break;
    case 14:
      if (c == Code("peer_dns_names")) m.array = &f.peer_dns_names;
      break;
    case 15:
      m.decisive = c == Code("rate_limit_info");
      break;
    default:
      break;
  }
  return m;
}

// Where a member of one of the objects the importer reads is captured (as
// RampartFields::Member); null for the others, "labels" included.
JsonValue* Inner(Object object, const NameCode& c, RampartFields& f) {
  constexpr NameCode kName = Code("name"), kNamespace = Code("namespace"), kPod = Code("pod");
  switch (object) {
    case Object::kNone:
      return nullptr;
    case Object::kProc:
    case Object::kParent: {
      bool proc = object == Object::kProc;
      if (c == Code("exe")) return proc ? &f.proc_exe : &f.parent_exe;
      if (c == kName) return proc ? &f.proc_name : &f.parent_name;
      return nullptr;
    }
    case Object::kSyscall:
      if (c == kName) return &f.syscall_name;
      if (c == Code("nr")) return &f.syscall_nr;
      return nullptr;
    case Object::kContainer:
      if (c == kName) return &f.container_name;
      if (c == Code("image")) return &f.container_image;
      if (c == Code("image_digest")) return &f.container_digest;
      return nullptr;
    case Object::kWorkload:
      if (c == kNamespace) return &f.workload_namespace;
      if (c == kPod) return &f.workload_pod;
      if (c == kKind) return &f.workload_kind;
      if (c == kName) return &f.workload_name;
      return nullptr;
    case Object::kPeer:
      if (c == kNamespace) return &f.peer_namespace;
      if (c == kKind) return &f.peer_kind;
      if (c == kName) return &f.peer_name;
      if (c == kPod) return &f.peer_pod;
      if (c == Code("service")) return &f.peer_service;
      return nullptr;
  }
  return nullptr;
}

}  // namespace

RampartFastPath::Result RampartFastPath::Decode(std::string_view text, bool detect,
                                                DecodedDocument* out, std::string* reason) {
  RampartFields& f = fields_;
  f.Clear();
  if (!line_.Load(text)) return Result::kNotHandled;
  // Text outside ASCII must be valid UTF-8, as simdjson requires.
  if (line_.high() && !simdjson::validate_utf8(text.data(), text.size()))
    return Result::kNotHandled;
  Scanner s(line_, text.data());
  s.SkipSpace();
  bool decided = false, other_format = false;
  bool seen[RampartFields::kObjects] = {};
  bool workload_labels_seen = false, peer_labels_seen = false;
  bool workload_labels_object = false;
  constexpr int d = 1;
  constexpr NameCode kLabels = Code("labels");
  bool ok = s.ObjectMembers(d, [&](const Scanner::Name& key) {
    TopMember m = Top(key.code, f);
    if (!decided && m.decisive) {
      decided = true;
      // DetectDecoder takes the first decisive member: another format's document.
      if (detect && key.code != kKind) {
        other_format = true;
        return false;
      }
    }
    if (m.slot != nullptr) return s.Slot(m.slot, d + 1);
    if (RampartFields::TextArray* a = m.array) {
      if (a->seen || !s.IsArray()) {
        a->seen = true;
        return s.Skip(d + 1);
      }
      a->seen = a->present = true;
      return s.ArrayElements(d + 1, [&] {
        JsonValue item;
        if (!s.AnyValue(&item, d + 2)) return false;
        a->items.push_back(json::Str(item));
        return true;
      });
    }
    Object object = m.object;
    if (object == Object::kNone || seen[int(object)] || !s.IsObject()) {
      if (object != Object::kNone) seen[int(object)] = true;
      return s.Skip(d + 1);
    }
    seen[int(object)] = true;
    return s.ObjectMembers(d + 1, [&](const Scanner::Name& name) {
      if (JsonValue* slot = Inner(object, name.code, f)) return s.Slot(slot, d + 2);
      bool workload = object == Object::kWorkload, peer = object == Object::kPeer;
      if (name.code != kLabels || !(workload || peer)) return s.Skip(d + 2);
      bool& labels_seen = workload ? workload_labels_seen : peer_labels_seen;
      if (labels_seen || !s.IsObject()) {
        labels_seen = true;
        return s.Skip(d + 2);
      }
      labels_seen = true;
      (workload ? workload_labels_object : f.peer_labels_object) = true;
      TextPairs& pairs = workload ? f.workload_labels : f.peer_labels;
      return s.ObjectMembers(d + 2, [&](const Scanner::Name& k) {
        JsonValue v;
        if (!s.AnyValue(&v, d + 3)) return false;
        pairs.emplace_back(k.text, json::Str(v));
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
