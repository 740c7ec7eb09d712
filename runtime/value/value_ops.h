#pragma once
// CEL's equality and ordering over values (cel-spec langdef.md, "Equality" and "Ordering",
// with heterogeneous numeric comparison: 1 == 1u == 1.0). Pure functions; errors are the
// caller's to propagate before calling these.

#include <optional>
#include <string>
#include <string_view>

#include "runtime/value/value.h"

namespace rampart::runtime {

// CEL `==`: numeric values compare by number across int/uint/double (NaN equals nothing),
// lists and maps element-wise, values of different kinds are unequal (a timestamp never
// equals a duration or a string).
bool Equal(const Value& a, const Value& b);

// CEL `<` family: -1, 0 or 1 (timestamps with timestamps and durations with durations by
// time); nullopt when the kinds have no ordering (an error for the
// caller: "no such overload") or a NaN is involved (every comparison with NaN is false).
std::optional<int> Compare(const Value& a, const Value& b);

// The entry of `map` whose key equals `key` under CEL equality (so 1, 1u and 1.0 are the same
// key), or null.
const Value* MapFind(const ValueMap& map, const Value& key);

// The member `key` of a map value with string keys (a decoded JSON/YAML object), or null when
// `object` is not a map or has no such key.
// The value under string key `key` of a map (what `m.key` reads), or null.
const Value* FindStringKey(const ValueMap& map, std::string_view key);
const Value* Member(const Value& object, const char* key);
// The member `key` when it is a string, else "".
std::string StringMember(const Value& object, const char* key);

}  // namespace rampart::runtime
