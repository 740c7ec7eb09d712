// Semantic Versioning 2.0.0 (semver.org): MAJOR.MINOR.PATCH[-prerelease][+build], an optional
// leading "v". Precedence: numeric core, then a version with a prerelease is lower than without;
// prerelease identifiers compare numerically when numeric, as ASCII otherwise, numeric lower
// than alphanumeric, a shorter prefix lower. Build metadata is ignored for precedence.
//
// Values: Semver is the version text without the leading "v" (a Value string).

#include <optional>
#include <string>
#include <vector>

#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

struct Version {
  uint64_t core[3] = {};
  std::vector<std::string> pre;
};

bool IsNumeric(const std::string& s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

bool ValidIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> SplitDots(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    out.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

bool ParseNumber(const std::string& s, uint64_t* out) {
  if (!IsNumeric(s) || (s.size() > 1 && s[0] == '0')) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) return false;
  }
  *out = v;
  return true;
}

// Parses `text`; on success `canonical` (if given) receives it without the leading "v".
std::optional<Version> Parse(const std::string& text, std::string* canonical = nullptr) {
  std::string s = !text.empty() && (text[0] == 'v' || text[0] == 'V') ? text.substr(1) : text;
  std::string rest = s, build, pre;
  size_t plus = rest.find('+');
  if (plus != std::string::npos) {
    build = rest.substr(plus + 1);
    rest = rest.substr(0, plus);
    for (const std::string& id : SplitDots(build)) {
      if (!ValidIdentifier(id)) return std::nullopt;
    }
  }
  size_t dash = rest.find('-');
  Version v;
  if (dash != std::string::npos) {
    pre = rest.substr(dash + 1);
    rest = rest.substr(0, dash);
    v.pre = SplitDots(pre);
    for (const std::string& id : v.pre) {
      if (!ValidIdentifier(id) || (IsNumeric(id) && id.size() > 1 && id[0] == '0')) {
        return std::nullopt;
      }
    }
  }
  std::vector<std::string> core = SplitDots(rest);
  if (core.size() != 3) return std::nullopt;
  for (int i = 0; i < 3; ++i) {
    if (!ParseNumber(core[i], &v.core[i])) return std::nullopt;
  }
  if (canonical) *canonical = s;
  return v;
}

int Cmp(uint64_t a, uint64_t b) { return a < b ? -1 : a > b ? 1 : 0; }

int ComparePre(const std::string& a, const std::string& b) {
  bool na = IsNumeric(a), nb = IsNumeric(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;  // no leading zeros
    return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
  }
  if (na != nb) return na ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int CompareVersions(const Version& a, const Version& b) {
  for (int i = 0; i < 3; ++i) {
    if (int c = Cmp(a.core[i], b.core[i])) return c;
  }
  if (a.pre.empty() != b.pre.empty()) return a.pre.empty() ? 1 : -1;
  for (size_t i = 0; i < a.pre.size() && i < b.pre.size(); ++i) {
    if (int c = ComparePre(a.pre[i], b.pre[i])) return c;
  }
  return Cmp(a.pre.size(), b.pre.size());
}

Value BadSemver(const std::string& s) { return Value::Error("invalid semantic version: \"" + s + "\""); }

Value SemverOf(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::string canonical;
  if (!Parse(a[0].text(), &canonical)) return BadSemver(a[0].text());
  return Value::String(canonical);
}
Value IsSemver(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(Parse(a[0].text()).has_value());
}

template <int kPart>
Value Part(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Version> v = Parse(a[0].text());
  if (!v) return BadSemver(a[0].text());
  if (v->core[kPart] > static_cast<uint64_t>(INT64_MAX)) return Value::Error("integer overflow");
  return Value::Int(static_cast<int64_t>(v->core[kPart]));
}

enum Op { kLess, kLessEquals, kGreater, kGreaterEquals, kCompareTo };

template <Op kOp>
Value Relation(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Version> x = Parse(a[0].text());
  if (!x) return BadSemver(a[0].text());
  std::optional<Version> y = Parse(a[1].text());
  if (!y) return BadSemver(a[1].text());
  int c = CompareVersions(*x, *y);
  switch (kOp) {
    case kLess: return Value::Bool(c < 0);
    case kLessEquals: return Value::Bool(c <= 0);
    case kGreater: return Value::Bool(c > 0);
    case kGreaterEquals: return Value::Bool(c >= 0);
    case kCompareTo: return Value::Int(c);
  }
  return Value::Int(c);
}

}  // namespace

RAMPART_BUILTIN_TABLE(SemverTable,
  {"semver", "s", SemverOf},
  {"is_semver", "s", IsSemver},
  {"semver_major", "s", Part<0>},
  {"semver_minor", "s", Part<1>},
  {"semver_patch", "s", Part<2>},
  {"semver_is_less_than", "ss", Relation<kLess>},
  {"semver_is_greater_than", "ss", Relation<kGreater>},
  {"semver_compare_to", "ss", Relation<kCompareTo>},
  {"semver_to_string", "s", SemverOf},
  {"less_semver", "ss", Relation<kLess>},
  {"less_equals_semver", "ss", Relation<kLessEquals>},
  {"greater_semver", "ss", Relation<kGreater>},
  {"greater_equals_semver", "ss", Relation<kGreaterEquals>})

}  // namespace rampart::runtime::builtins_internal
