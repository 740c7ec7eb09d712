#pragma once
// Whether a scope cannot fail, decided from the input's shape instead of by running it. The
// guard index (guard_index.h) must know, for policies it would skip, that their scope does
// not fail — a failing scope is reported, not skipped. Most scopes are comparisons of input
// fields with constants (`container.id != ""`, `!(workload.namespace in system)`): they can
// fail only when a field they read is absent or of another kind than its type says. For such
// a scope function this finds the fields and kinds to look at; a decision then reads them
// (cheap) and runs the scope only when one is missing or of another kind.
//
// Conservative: any instruction or builtin not known to be total under those conditions
// (helpers, comprehensions, index into maps, arithmetic, `dyn` fields...) means no
// precheck, and the scope is run as before.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

struct FieldExpectation {
  std::string input;
  std::vector<std::string> path;
  ValueKind kind;
};

// The fields `function` reads and the kind each must have for it to be unable to return an
// error; nullopt when that cannot be shown. `global_ok(g, kind)` says whether global g's
// value (evaluated at load) is not an error and, when `kind` is a list or map, of that kind.
std::optional<std::vector<FieldExpectation>> ScopePrecheck(
    const ir::Program& program, uint32_t function, const std::function<bool(uint32_t, ValueKind)>& global_ok);

// True when every expectation holds for `inputs` (then the function cannot fail).
bool ExpectationsHold(const std::vector<FieldExpectation>& expectations, const Value& inputs);

}  // namespace rampart::runtime
