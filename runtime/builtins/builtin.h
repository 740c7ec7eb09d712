#pragma once
// The calling convention of rampart's runtime builtins: one C++ function per overload id of
// compiler/check/schemas/functions.schema, shared by the interpreter and JIT code.
//
// Contract of every builtin:
// - `args` holds `argc` values, receiver first for methods, of the kinds the overload declares
//   (the caller resolved the overload and propagated error arguments before calling; use
//   CallBuiltin() in registry.h when the kinds are not known to match).
// - CEL runtime errors (overflow, division by zero, out-of-range conversions, bad regex, bad
//   IP/CIDR/semver, missing key...) are returned as Value::Error with cel-go's wording.
// - Builtins are pure apart from reading `ctx`, hold no state but an internal regex cache
//   (mutex-guarded), and are safe to call from many threads at once.
//
// Representation of the schema's opaque types: the value model has no opaque kind, so
// net.IP is its canonical text ("10.0.0.1", "2001:db8::1"), net.CIDR is "<canonical ip>/<len>"
// and Semver is the version text without a leading "v". All are Value strings.

#include <cstddef>
#include <string>

#include "runtime/value/value.h"

namespace rampart::runtime {

// External data a builtin may read. Owned by the caller; must outlive the call. Every field
// may be left empty: builtins that need it then return an error value.
struct BuiltinContext {
  // Vulnerability reports (image_vulns, image_scanned): returns the list of Vulnerability
  // values for `image`, or null when no report covers it. `vulnerability_data` is passed back
  // unchanged (e.g. a const VulnerabilityData* from runtime/decode/trivy.h).
  const Value* (*find_image_vulns)(const void* vulnerability_data, const std::string& image) = nullptr;
  const void* vulnerability_data = nullptr;
};

// A builtin's arguments, read where the caller keeps them (registers, inputs, constants,
// globals) through an array of pointers: a call copies no value. `a[i]` is the i-th argument.
class BuiltinArgs {
 public:
  explicit BuiltinArgs(const Value* const* values) : values_(values) {}
  const Value& operator[](size_t i) const { return *values_[i]; }
  const Value* const* pointers() const { return values_; }

 private:
  const Value* const* values_;
};

using BuiltinFn = Value (*)(BuiltinArgs args, size_t argc, const BuiltinContext* ctx);

// One registry row. `params` spells the argument kinds, one letter each (receiver first):
// B bool, i int, u uint, d double, s string (also net.IP, net.CIDR, Semver), y bytes, l list,
// m map, t timestamp, D duration, * any kind (type parameters, Kubernetes objects that may be
// null).
struct BuiltinEntry {
  const char* id;
  const char* params;
  BuiltinFn fn;
};

}  // namespace rampart::runtime
