#include "compiler/check/overloads.h"

namespace rampart::check {
namespace {

bool Nullable(const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kMessage:
    case Type::Kind::kOpaque:
    case Type::Kind::kTimestamp:
    case Type::Kind::kDuration:
    case Type::Kind::kNull:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool Unify(const Type& pattern, const Type& actual, Bindings& bindings) {
  // An error type (an unknown parameter type, say) was reported where it arose.
  if (actual.IsDynOrError() || pattern.IsDynOrError()) return true;
  if (pattern.is(Type::Kind::kParam)) {
    auto it = bindings.find(pattern.name());
    if (it == bindings.end()) {
      bindings[pattern.name()] = actual;
      return true;
    }
    if (it->second.IsDynOrError()) {
      it->second = actual;
      return true;
    }
    if (it->second == actual) return true;
    // null unifies with message-like types: `msg == null`.
    if (it->second.is(Type::Kind::kNull) && Nullable(actual)) {
      it->second = actual;
      return true;
    }
    if (actual.is(Type::Kind::kNull) && Nullable(it->second)) return true;
    // Parameterized types unify element-wise: list(dyn) with list(string), type(list(int))
    // with type(list(dyn)).
    bool compatible = false;
    Type joined = Join(it->second, actual, &compatible);
    if (compatible) it->second = joined;
    return compatible;
  }
  if (pattern.kind() != actual.kind()) return false;
  if (pattern.is(Type::Kind::kMessage) || pattern.is(Type::Kind::kOpaque)) {
    return pattern.name() == actual.name();
  }
  if (pattern.params().size() != actual.params().size()) return pattern.params().empty();
  for (size_t i = 0; i < pattern.params().size(); ++i) {
    if (!Unify(pattern.params()[i], actual.params()[i], bindings)) return false;
  }
  return true;
}

Type Substitute(const Type& t, const Bindings& bindings) {
  switch (t.kind()) {
    case Type::Kind::kParam: {
      auto it = bindings.find(t.name());
      return it == bindings.end() ? Type::Dyn() : it->second;
    }
    case Type::Kind::kList: return Type::List(Substitute(t.elem(), bindings));
    case Type::Kind::kMap:
      return Type::Map(Substitute(t.key(), bindings), Substitute(t.value(), bindings));
    case Type::Kind::kType:
      return t.params().empty() ? t : Type::TypeOf(Substitute(t.elem(), bindings));
    default: return t;
  }
}

Type Join(const Type& a, const Type& b, bool* compatible) {
  *compatible = true;
  if (a.is(Type::Kind::kError)) return b;
  if (b.is(Type::Kind::kError)) return a;
  if (a == b) return a;
  if (a.is(Type::Kind::kDyn) || b.is(Type::Kind::kDyn)) return Type::Dyn();
  if (a.is(Type::Kind::kNull) && Nullable(b)) return b;
  if (b.is(Type::Kind::kNull) && Nullable(a)) return a;
  if (a.kind() == b.kind() && a.params().size() == b.params().size() && !a.params().empty() &&
      (a.is(Type::Kind::kList) || a.is(Type::Kind::kMap) || a.is(Type::Kind::kType))) {
    std::vector<Type> params;
    for (size_t i = 0; i < a.params().size(); ++i) {
      bool ok = false;
      params.push_back(Join(a.params()[i], b.params()[i], &ok));
      if (!ok) *compatible = false;
    }
    if (*compatible) {
      if (a.is(Type::Kind::kList)) return Type::List(params[0]);
      if (a.is(Type::Kind::kMap)) return Type::Map(params[0], params[1]);
      return Type::TypeOf(params[0]);
    }
  }
  // type(T) values of different T are all values of type `type`.
  if (a.is(Type::Kind::kType) && b.is(Type::Kind::kType)) {
    *compatible = true;
    return Type::TypeOf(Type::Dyn());
  }
  *compatible = false;
  return Type::Dyn();
}

Resolution ResolveOverload(const std::vector<Overload>& overloads, bool receiver,
                           const std::vector<Type>& args) {
  Resolution r;
  std::vector<Type> results;
  for (const Overload& o : overloads) {
    if (o.receiver != receiver || o.params.size() != args.size()) continue;
    Bindings b;
    bool ok = true;
    for (size_t i = 0; i < args.size() && ok; ++i) ok = Unify(o.params[i], args[i], b);
    if (!ok) continue;
    r.matches.push_back(&o);
    results.push_back(Substitute(o.result, b));
  }
  if (r.matches.empty()) return r;
  r.result = results[0];
  for (size_t i = 1; i < results.size(); ++i) {
    if (results[i] != r.result) {
      r.result = Type::Dyn();
      break;
    }
  }
  return r;
}

std::string ArgList(const std::vector<Type>& args) {
  std::string out = "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i].ToString();
  }
  return out + ")";
}

std::string Signature(const Overload& o) {
  std::string out;
  size_t first = 0;
  if (o.receiver) {
    out = o.params[0].ToString() + ".";
    first = 1;
  }
  out += o.function + "(";
  for (size_t i = first; i < o.params.size(); ++i) {
    if (i > first) out += ", ";
    out += o.params[i].ToString();
  }
  return out + ") -> " + o.result.ToString();
}

}  // namespace rampart::check
