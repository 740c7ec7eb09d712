#include "compiler/check/expr_checker.h"

#include <algorithm>
#include <map>
#include <set>

#include "compiler/check/constant_arguments.h"

#include "compiler/check/overloads.h"
#include "compiler/source/suggest.h"

namespace rampart::check {

using source::DidYouMean;
using source::HintOr;
namespace {

const char* OperatorFunction(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr: return "_||_";
    case ast::BinaryOp::kAnd: return "_&&_";
    case ast::BinaryOp::kEq: return "_==_";
    case ast::BinaryOp::kNe: return "_!=_";
    case ast::BinaryOp::kLt: return "_<_";
    case ast::BinaryOp::kLe: return "_<=_";
    case ast::BinaryOp::kGt: return "_>_";
    case ast::BinaryOp::kGe: return "_>=_";
    case ast::BinaryOp::kIn: return "_in_";
    case ast::BinaryOp::kAdd: return "_+_";
    case ast::BinaryOp::kSub: return "_-_";
    case ast::BinaryOp::kMul: return "_*_";
    case ast::BinaryOp::kDiv: return "_/_";
    case ast::BinaryOp::kMod: return "_%_";
  }
  return "?";
}

// `_+_` → `+` for messages.
std::string OperatorSpelling(const std::string& function) {
  if (function == "_[_]") return "[]";
  if (function == "_?_:_") return "?:";
  std::string s;
  for (char c : function) {
    if (c != '_') s += c;
  }
  return s == "in" ? "in" : s;
}

bool IsTypeName(const std::string& name, Type* out) {
  // Not `dyn`: CEL has no value denoting it (`dyn(x)` is a conversion, `dyn` alone an error).
  static const char* kNames[] = {"int", "uint", "double", "bool", "string", "bytes",
                                 "null_type", "list", "map", "type"};
  for (const char* n : kNames) {
    if (name == n) {
      Type t;
      if (PrimitiveType(name, &t)) {
        *out = Type::TypeOf(t);
      } else if (name == "list") {
        *out = Type::TypeOf(Type::List(Type::Dyn()));
      } else if (name == "map") {
        *out = Type::TypeOf(Type::Map(Type::Dyn(), Type::Dyn()));
      } else {
        *out = Type::TypeOf(Type::TypeOf(Type::Dyn()));
      }
      return true;
    }
  }
  return false;
}

}  // namespace

void ExprChecker::SetInputs(const std::vector<FieldDecl>* variables, std::string plane,
                            std::vector<std::string> kinds) {
  variables_ = variables;
  plane_ = std::move(plane);
  kinds_ = std::move(kinds);
}

bool ExprChecker::HasLocal(const std::string& name) const {
  for (const auto& l : locals_) {
    if (l.first == name) return true;
  }
  return false;
}

void ExprChecker::Record(const ast::Expr& e, const Type& t) {
  out_.types_[CheckedProgram::Key(file_, e.id)] = t;
}

void ExprChecker::Refer(const ast::Expr& e, Reference r) {
  out_.references_[CheckedProgram::Key(file_, e.id)] = std::move(r);
}

Type ExprChecker::Check(const ast::Expr& e) {
  Type t = Visit(e);
  Record(e, t);
  return t;
}

void ExprChecker::Expect(const ast::Expr& e, const Type& actual, Type::Kind want,
                         const std::string& what) {
  if (actual.IsDynOrError() || actual.is(want)) return;
  diags_.Error(want == Type::Kind::kBool ? "not-bool" : "type-mismatch", e.range,
               what + " must be " + (want == Type::Kind::kBool ? "bool" : "string") +
                   ", but this expression is " + actual.ToString());
}

std::vector<std::string> ExprChecker::VisibleNames() {
  std::vector<std::string> names;
  for (const auto& l : locals_) names.push_back(l.first);
  if (variables_ != nullptr) {
    for (const FieldDecl& v : *variables_) names.push_back(v.name);
  }
  if (env_ != nullptr) {
    for (std::string& n : env_->Names("")) names.push_back(std::move(n));
  }
  return names;
}

Type ExprChecker::Visit(const ast::Expr& e) {
  using K = ast::Literal::Kind;
  if (e.is<ast::ErrorExpr>()) return Type::Error();
  if (auto* l = e.as<ast::Literal>()) {
    switch (l->kind) {
      case K::kNull: return Type::Null();
      case K::kBool: return Type::Bool();
      case K::kInt: return Type::Int();
      case K::kUint: return Type::Uint();
      case K::kDouble: return Type::Double();
      case K::kString: return Type::String();
      case K::kBytes: return Type::Bytes();
    }
  }
  if (auto* n = e.as<ast::Ident>()) return CheckIdent(e, *n);
  if (auto* n = e.as<ast::Select>()) return CheckSelect(e, *n);
  if (auto* n = e.as<ast::Presence>()) return CheckPresence(e, *n);
  if (auto* n = e.as<ast::Index>()) return CheckOperator(e, "_[_]", {n->operand.get(), n->index.get()});
  if (auto* n = e.as<ast::Call>()) return CheckCall(e, *n);
  if (auto* n = e.as<ast::Unary>()) {
    return CheckOperator(e, n->op == ast::UnaryOp::kNot ? "!_" : "-_", {n->operand.get()});
  }
  if (auto* n = e.as<ast::Binary>()) {
    if (n->op == ast::BinaryOp::kAnd || n->op == ast::BinaryOp::kOr) {
      // Checked operand by operand so each gets its own "must be bool" message.
      Type lhs = Check(*n->lhs);
      Type rhs = Check(*n->rhs);
      std::string what = std::string("operand of '") + ast::BinaryOpSpelling(n->op) + "'";
      if (!lenient_) {
        Expect(*n->lhs, lhs, Type::Kind::kBool, what);
        Expect(*n->rhs, rhs, Type::Kind::kBool, what);
      }
      Refer(e, {Reference::Kind::kFunction, OperatorFunction(n->op),
                {n->op == ast::BinaryOp::kAnd ? "logical_and" : "logical_or"}});
      return Type::Bool();
    }
    return CheckOperator(e, OperatorFunction(n->op), {n->lhs.get(), n->rhs.get()});
  }
  if (auto* n = e.as<ast::Conditional>()) {
    Type cond = Check(*n->cond);
    Expect(*n->cond, cond, Type::Kind::kBool, "the condition of '?:'");
    Type a = Check(*n->then_expr);
    Type b = Check(*n->else_expr);
    bool compatible = false;
    Type joined = Join(a, b, &compatible);
    if (!compatible && lenient_) return Type::Dyn();
    if (!compatible) {
      diags_.Error("type-mismatch", e.range,
                   "the branches of '?:' have different types, " + a.ToString() + " and " +
                       b.ToString() + "; convert one of them, or wrap one in dyn()");
      return Type::Error();
    }
    Refer(e, {Reference::Kind::kFunction, "_?_:_", {"conditional"}});
    return joined;
  }
  if (auto* n = e.as<ast::ListLiteral>()) {
    Type elem = Type::Error();
    bool first = true;
    for (const ast::ExprPtr& x : n->elements) {
      Type t = Check(*x);
      if (first) {
        elem = t;
        first = false;
        continue;
      }
      bool compatible = false;
      elem = Join(elem, t, &compatible);
    }
    if (first || elem.is(Type::Kind::kError)) elem = Type::Dyn();
    return Type::List(elem);
  }
  if (auto* n = e.as<ast::MapLiteral>()) {
    Type key = Type::Error(), value = Type::Error();
    bool first = true;
    bool bad_key = false;
    std::set<std::string> literal_keys;
    for (const ast::MapEntry& x : n->entries) {
      Type k = Check(*x.key);
      Type v = Check(*x.value);
      if (!k.IsDynOrError() && !k.is(Type::Kind::kString) && !k.is(Type::Kind::kInt) &&
          !k.is(Type::Kind::kUint) && !k.is(Type::Kind::kBool)) {
        diags_.Error("bad-map-key", x.key->range,
                     "map keys must be int, uint, bool or string, not " + k.ToString());
        bad_key = true;
      }
      if (auto* lit = x.key->as<ast::Literal>()) {
        std::string spelled = std::to_string(static_cast<int>(lit->kind)) + ":" +
                              lit->string_value + std::to_string(lit->int_value) +
                              std::to_string(lit->uint_value) + (lit->bool_value ? "t" : "f");
        if (!literal_keys.insert(spelled).second) {
          diags_.Error("duplicate-map-key", x.key->range,
                       "duplicate key in map literal; a map has one value per key");
        }
      }
      if (first) {
        key = k;
        value = v;
        first = false;
        continue;
      }
      bool ok = false;
      key = Join(key, k, &ok);
      value = Join(value, v, &ok);
    }
    if (bad_key) return Type::Error();
    if (first || key.is(Type::Kind::kError)) key = Type::Dyn();
    if (first || value.is(Type::Kind::kError)) value = Type::Dyn();
    return Type::Map(key, value);
  }
  if (auto* n = e.as<ast::Comprehension>()) return CheckComprehension(e, *n);
  return Type::Error();
}

Type ExprChecker::CheckIdent(const ast::Expr& e, const ast::Ident& n) {
  if (!n.leading_dot) {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->first == n.name) {
        Refer(e, {Reference::Kind::kLocal, n.name, {}});
        return it->second;
      }
    }
  }
  if (env_ != nullptr) {
    std::string qualified;
    if (std::optional<Type> t = env_->Const("", n.name, &qualified)) {
      Refer(e, {Reference::Kind::kConst, qualified, {}});
      return *t;
    }
  }
  if (variables_ != nullptr) {
    for (const FieldDecl& v : *variables_) {
      if (v.name == n.name) {
        Refer(e, {Reference::Kind::kInputVariable, n.name, {}});
        return v.type;
      }
    }
  }
  Type type_value;
  if (IsTypeName(n.name, &type_value)) {
    Refer(e, {Reference::Kind::kTypeName, n.name, {}});
    return type_value;
  }
  if (env_ != nullptr && env_->IsImportAlias(n.name)) {
    diags_.Error("package-as-value", e.range,
                 "'" + n.name + "' is an imported package, not a value; select one of its " +
                     "constants, as in " + n.name + ".name");
    return Type::Error();
  }
  if (lenient_) {
    Refer(e, {Reference::Kind::kInputVariable, n.name, {}});
    return Type::Dyn();
  }
  UnknownIdentifier(e, n.name);
  return Type::Error();
}

void ExprChecker::UnknownIdentifier(const ast::Expr& e, const std::string& name) {
  // A variable of another input kind or plane gets a precise message.
  std::vector<std::string> kinds_with;
  std::vector<std::string> runtime_kinds_with;
  std::vector<std::string> planes_with;
  for (const InputDecl& in : schema_.inputs()) {
    if (in.Find(name) != nullptr) {
      kinds_with.push_back(in.kind);
      if (in.plane == "runtime") runtime_kinds_with.push_back(in.kind);
      if (std::find(planes_with.begin(), planes_with.end(), in.plane) == planes_with.end()) {
        planes_with.push_back(in.plane);
      }
    }
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      out += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
    }
    return out;
  };
  if (!kinds_with.empty()) {
    if (variables_ == nullptr) {
      diags_.Error("input-not-available", e.range,
                   "'" + name + "' is an input variable and cannot be used in " +
                       no_inputs_reason_ + "; pass it as a helper parameter instead");
      return;
    }
    std::vector<std::string> listed_with, listed_without;
    for (const std::string& k : kinds_) {
      (std::find(runtime_kinds_with.begin(), runtime_kinds_with.end(), k) != runtime_kinds_with.end()
           ? listed_with : listed_without).push_back(k);
    }
    if (plane_ == "runtime" && !listed_with.empty()) {
      diags_.Error("field-not-in-event", e.range,
                   "'" + name + "' exists in " + join(listed_with) + " events but not in " +
                       join(listed_without) + " events, and a policy reads only what all its " +
                       "`on` kinds have; split it into one policy per event kind");
      return;
    }
    if (plane_ == "runtime" && !runtime_kinds_with.empty()) {
      diags_.Error("field-not-in-event", e.range,
                   "'" + name + "' is not available in " + join(kinds_) + " events; it exists in " +
                       join(runtime_kinds_with) +
                       " events. List those kinds in the policy's `on` clause, or test another field");
      return;
    }
    diags_.Error("input-not-available", e.range,
                 "'" + name + "' is an input of " + join(planes_with) + " policies, not of " +
                     plane_ + " policies" + DidYouMean(name, VisibleNames()));
    return;
  }
  diags_.Error("unknown-identifier", e.range,
               "unknown identifier '" + name + "'" + DidYouMean(name, VisibleNames()));
}

Type ExprChecker::FieldType(const Type& operand, const std::string& field,
                            source::SourceRange range, bool presence) {
  switch (operand.kind()) {
    case Type::Kind::kDyn:
    case Type::Kind::kError:
      return operand;
    case Type::Kind::kMap:
      if (!operand.key().IsDynOrError() && !operand.key().is(Type::Kind::kString)) {
        diags_.Error("no-such-field", range,
                     "cannot select a field of " + operand.ToString() + "; its keys are not strings");
        return Type::Error();
      }
      return operand.value();
    case Type::Kind::kMessage: {
      const MessageDecl* m = schema_.FindMessage(operand.name());
      if (m == nullptr) return Type::Dyn();
      if (const FieldDecl* f = m->Find(field)) return f->type;
      std::vector<std::string> names;
      for (const FieldDecl& f : m->fields) names.push_back(f.name);
      diags_.Error("unknown-field", range,
                   "type " + operand.name() + " has no field '" + field + "'" +
                       DidYouMean(field, names));
      return Type::Error();
    }
    default:
      diags_.Error("no-such-field", range,
                   std::string(presence ? "has() needs a message or map, " : "cannot select field '" + field + "' of ") +
                       (presence ? "not " : "") + operand.ToString());
      return Type::Error();
  }
}

Type ExprChecker::CheckSelect(const ast::Expr& e, const ast::Select& n) {
  // `pkg.name`: a constant of an imported package.
  if (auto* id = n.operand->as<ast::Ident>(); id != nullptr && !id->leading_dot && env_ != nullptr &&
                                              !HasLocal(id->name) && env_->IsImportAlias(id->name)) {
    std::string qualified;
    if (std::optional<Type> t = env_->Const(id->name, n.field, &qualified)) {
      Refer(e, {Reference::Kind::kConst, qualified, {}});
      return *t;
    }
    diags_.Error("unknown-identifier", n.field_range,
                 "package '" + id->name + "' has no constant '" + n.field + "'" +
                     DidYouMean(n.field, env_->Names(id->name)));
    return Type::Error();
  }
  // The two protobuf well-known types rampart has as values name their types qualified,
  // as in `type(t) == google.protobuf.Timestamp`.
  if (auto* mid = n.operand->as<ast::Select>(); mid != nullptr && (n.field == "Timestamp" || n.field == "Duration")) {
    if (auto* root = mid->operand->as<ast::Ident>(); root != nullptr && !root->leading_dot && root->name == "google" &&
                                                     mid->field == "protobuf" && !HasLocal("google")) {
      Refer(e, {Reference::Kind::kTypeName, "google.protobuf." + n.field, {}});
      return Type::TypeOf(n.field == "Timestamp" ? Type::Timestamp() : Type::Duration());
    }
  }
  // A variable whose name has dots (`a.b.c`, CEL's qualified identifiers) is written as a
  // selection chain: the longest declared name wins.
  if (variables_ != nullptr) {
    std::string dotted;
    const ast::Expr* cursor = &e;
    std::vector<std::string> parts;
    while (auto* s = cursor->as<ast::Select>()) {
      parts.push_back(s->field);
      cursor = s->operand.get();
    }
    if (auto* root = cursor->as<ast::Ident>(); root && !HasLocal(root->name)) {
      dotted = root->name;
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) dotted += "." + *it;
      for (const FieldDecl& v : *variables_) {
        if (v.name == dotted && dotted.find('.') != std::string::npos) {
          Refer(e, {Reference::Kind::kInputVariable, dotted, {}});
          return v.type;
        }
      }
    }
  }
  Type operand = Check(*n.operand);
  return FieldType(operand, n.field, n.field_range, false);
}

Type ExprChecker::CheckPresence(const ast::Expr& e, const ast::Presence& n) {
  Type operand = Check(*n.operand);
  FieldType(operand, n.field, n.field_range, true);
  return Type::Bool();
}

Type ExprChecker::CheckOperator(const ast::Expr& e, const std::string& function,
                                const std::vector<const ast::Expr*>& operands) {
  std::vector<Type> args;
  bool any_error = false;
  for (const ast::Expr* x : operands) {
    args.push_back(Check(*x));
    any_error |= args.back().is(Type::Kind::kError);
  }
  const std::vector<Overload>* overloads = schema_.FindFunction(function);
  if (overloads == nullptr) return Type::Error();
  Resolution r = ResolveOverload(*overloads, false, args);
  if (r.matches.empty() && lenient_) {
    Reference ref{Reference::Kind::kFunction, function, {}};
    for (const Overload& o : *overloads) {
      if (!o.receiver && o.params.size() == args.size()) ref.overload_ids.push_back(o.id);
    }
    Refer(e, std::move(ref));
    return Type::Dyn();
  }
  if (r.matches.empty()) {
    if (any_error) return Type::Error();
    std::string op = OperatorSpelling(function);
    std::string message;
    if (function == "!_" || function == "-_") {
      message = "operator '" + op + "' cannot be applied to " + args[0].ToString();
    } else if (function == "_[_]") {
      message = "cannot index " + args[0].ToString() + " with " + args[1].ToString();
    } else {
      message = "operator '" + op + "' cannot be applied to " + args[0].ToString() + " and " +
                args[1].ToString();
      if ((function == "_==_" || function == "_!=_") && !args[0].IsDynOrError()) {
        message += "; compare values of the same type (convert with int(), string(), ...)";
      }
    }
    diags_.Error("no-matching-overload", e.range, message);
    return Type::Error();
  }
  Reference ref{Reference::Kind::kFunction, function, {}};
  for (const Overload* o : r.matches) ref.overload_ids.push_back(o->id);
  Refer(e, std::move(ref));
  return r.result;
}

Type ExprChecker::CheckHelperCall(const ast::Expr& e, const ast::Call& n,
                                  const HelperSignature& h) {
  std::vector<Type> args;
  for (const ast::ExprPtr& a : n.args) args.push_back(Check(*a));
  Refer(e, {Reference::Kind::kHelper, h.qualified_name, {}});
  if (args.size() != h.params.size()) {
    diags_.Error("wrong-argument-count", e.range,
                 "helper " + h.qualified_name + " takes " + std::to_string(h.params.size()) +
                     " argument" + (h.params.size() == 1 ? "" : "s") + ", not " +
                     std::to_string(args.size()));
    return h.result;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    Bindings b;
    if (!Unify(h.params[i], args[i], b)) {
      diags_.Error("wrong-argument-type", n.args[i]->range,
                   "argument " + std::to_string(i + 1) + " of " + h.qualified_name + " must be " +
                       h.params[i].ToString() + ", not " + args[i].ToString());
    }
  }
  return h.result;
}

Type ExprChecker::CheckCall(const ast::Expr& e, const ast::Call& n) {
  // Helpers: `name(args)` in this package or `pkg.name(args)` from an imported one.
  if (env_ != nullptr) {
    if (!n.target) {
      // `.name(...)` names the package scope explicitly, as `.name` does for constants.
      std::string bare = !n.function.empty() && n.function[0] == '.' ? n.function.substr(1) : n.function;
      if (std::optional<HelperSignature> h = env_->Helper("", bare)) {
        return CheckHelperCall(e, n, *h);
      }
    } else if (auto* id = n.target->as<ast::Ident>();
               id != nullptr && !id->leading_dot && !HasLocal(id->name) &&
               env_->IsImportAlias(id->name)) {
      if (std::optional<HelperSignature> h = env_->Helper(id->name, n.function)) {
        return CheckHelperCall(e, n, *h);
      }
      for (const ast::ExprPtr& a : n.args) Check(*a);
      diags_.Error("unknown-function", n.function_range,
                   "package '" + id->name + "' has no helper '" + n.function + "'" +
                       DidYouMean(n.function, env_->Names(id->name)));
      return Type::Error();
    }
  }
  std::string function = n.function;
  if (!function.empty() && function[0] == '.') function = function.substr(1);
  std::vector<Type> args;
  bool any_error = false;
  if (n.target) {
    args.push_back(Check(*n.target));
    any_error |= args.back().is(Type::Kind::kError);
  }
  for (const ast::ExprPtr& a : n.args) {
    args.push_back(Check(*a));
    any_error |= args.back().is(Type::Kind::kError);
  }
  const std::vector<Overload>* overloads = schema_.FindFunction(function);
  if ((overloads == nullptr || function.rfind("_", 0) == 0) && lenient_) {
    Refer(e, {Reference::Kind::kFunction, function, {}});
    return Type::Dyn();
  }
  if (overloads == nullptr || function.rfind("_", 0) == 0) {
    std::vector<std::string> names;
    for (const auto& [name, list] : schema_.functions()) {
      for (const Overload& o : list) {
        if (o.receiver == static_cast<bool>(n.target) && name[0] != '_') {
          names.push_back(name);
          break;
        }
      }
    }
    if (env_ != nullptr && !n.target) {
      for (std::string& s : env_->Names("")) names.push_back(std::move(s));
    }
    std::string hint = DidYouMean(function, names);
    // Names users bring from other languages.
    static const std::map<std::string, std::string> kAliases = {
        {"lower", "lowerAscii"}, {"toLowerCase", "lowerAscii"}, {"upper", "upperAscii"},
        {"toUpperCase", "upperAscii"}, {"length", "size"}, {"len", "size"}, {"count", "size"},
        {"regex", "matches"}, {"match", "matches"}, {"re_match", "matches"}, {"has_prefix", "startsWith"},
        {"startswith", "startsWith"}, {"endswith", "endsWith"}, {"includes", "contains"}};
    if (auto it = kAliases.find(function); hint.empty() && it != kAliases.end()) {
      hint = "; did you mean '" + it->second + "'?";
    }
    diags_.Error("unknown-function", n.function_range, "unknown function '" + function + "'" + hint);
    return Type::Error();
  }
  Resolution r = ResolveOverload(*overloads, static_cast<bool>(n.target), args);
  if (r.matches.empty() && lenient_) {
    Reference ref{Reference::Kind::kFunction, function, {}};
    for (const Overload& o : *overloads) {
      if (o.receiver == static_cast<bool>(n.target) && o.params.size() == args.size()) {
        ref.overload_ids.push_back(o.id);
      }
    }
    Refer(e, std::move(ref));
    return Type::Dyn();
  }
  if (r.matches.empty()) {
    if (any_error) return Type::Error();
    bool other_style = false;
    std::string candidates;
    for (const Overload& o : *overloads) {
      if (o.receiver != static_cast<bool>(n.target)) {
        other_style = true;
        continue;
      }
      candidates += (candidates.empty() ? "" : ", ") + Signature(o);
    }
    std::string shown = n.target ? args[0].ToString() + "." + function + ArgList({args.begin() + 1, args.end()})
                                 : function + ArgList(args);
    if (candidates.empty() && other_style) {
      diags_.Error("wrong-call-style", e.range,
                   n.target ? "'" + function + "' is a function, not a method: write " + function +
                                  "(x, ...) instead of x." + function + "(...)"
                            : "'" + function + "' is a method: write x." + function +
                                  "(...) instead of " + function + "(x, ...)");
      return Type::Error();
    }
    diags_.Error("no-matching-overload", e.range,
                 "no overload of '" + function + "' accepts " + shown + "; it accepts " + candidates);
    return Type::Error();
  }
  Reference ref{Reference::Kind::kFunction, function, {}};
  for (const Overload* o : r.matches) ref.overload_ids.push_back(o->id);
  Refer(e, std::move(ref));
  CheckConstantArguments(n, function);
  return r.result;
}

Type ExprChecker::CheckComprehension(const ast::Expr& e, const ast::Comprehension& n) {
  Type range = Check(*n.range);
  const bool two_vars = !n.var2.empty();
  // One variable: the element of a list or the key of a map. Two variables: (index, element)
  // of a list or (key, value) of a map.
  Type var = Type::Dyn();
  Type var2 = Type::Dyn();
  switch (range.kind()) {
    case Type::Kind::kList:
      var = two_vars ? Type::Int() : range.elem();
      var2 = range.elem();
      break;
    case Type::Kind::kMap:
      var = range.key();
      var2 = range.value();
      break;
    case Type::Kind::kDyn: break;
    case Type::Kind::kError: var = var2 = Type::Error(); break;
    default: {
      std::string name = n.spelling.empty() ? ast::MacroName(n.kind) : n.spelling;
      diags_.Error("not-iterable", n.range->range,
                   name + "() needs a list or a map, but this is " + range.ToString());
      var = var2 = Type::Error();
    }
  }
  Type elem_type = var;
  PushLocal(n.var, var);
  if (two_vars) PushLocal(n.var2, var2);
  Type first = Check(*n.first);
  Type second = n.second ? Check(*n.second) : Type::Error();
  if (two_vars) PopLocal();
  PopLocal();
  std::string name = n.spelling.empty() ? ast::MacroName(n.kind) : n.spelling;
  auto known = [](const Type& t) { return t.is(Type::Kind::kError) ? Type::Dyn() : t; };
  switch (n.kind) {
    case ast::MacroKind::kAll:
    case ast::MacroKind::kExists:
    case ast::MacroKind::kExistsOne:
      Expect(*n.first, first, Type::Kind::kBool, "the predicate of " + name + "()");
      return Type::Bool();
    case ast::MacroKind::kFilter:
      Expect(*n.first, first, Type::Kind::kBool, "the predicate of filter()");
      return Type::List(known(elem_type));
    case ast::MacroKind::kMap:
      return Type::List(known(first));
    case ast::MacroKind::kMapFilter:
      Expect(*n.first, first, Type::Kind::kBool, "the filter of map()");
      return Type::List(known(second));
    case ast::MacroKind::kTransformList:
      return Type::List(known(first));
    case ast::MacroKind::kTransformListFilter:
      Expect(*n.first, first, Type::Kind::kBool, "the filter of transformList()");
      return Type::List(known(second));
    case ast::MacroKind::kTransformMap:
      return Type::Map(known(var), known(first));
    case ast::MacroKind::kTransformMapFilter:
      Expect(*n.first, first, Type::Kind::kBool, "the filter of transformMap()");
      return Type::Map(known(var), known(second));
  }
  return Type::Error();
}

}  // namespace rampart::check
