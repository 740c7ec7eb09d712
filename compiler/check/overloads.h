#pragma once
// Internal to compiler/check: CEL overload resolution by type unification.

#include <map>
#include <string>
#include <vector>

#include "compiler/check/schema.h"

namespace rampart::check {

using Bindings = std::map<std::string, Type>;

// True when a value of type `actual` may be passed where `pattern` is expected; binds the
// pattern's type parameters. dyn and error types unify with everything.
bool Unify(const Type& pattern, const Type& actual, Bindings& bindings);
// Replaces bound parameters; unbound ones become dyn.
Type Substitute(const Type& t, const Bindings& bindings);
// The common type of two expression results (list elements, conditional branches), or dyn.
Type Join(const Type& a, const Type& b, bool* compatible);

struct Resolution {
  std::vector<const Overload*> matches;
  Type result = Type::Error();
};

// Resolves a call of `function` with argument types (the receiver first for receiver calls).
Resolution ResolveOverload(const std::vector<Overload>& overloads, bool receiver,
                           const std::vector<Type>& args);

// "(string, int)"
std::string ArgList(const std::vector<Type>& args);
// "string.startsWith(string) -> bool"
std::string Signature(const Overload& o);

}  // namespace rampart::check
