#include "compiler/ast/decl.h"

#include "compiler/ast/file.h"

namespace rampart::ast {

std::string QualifiedName::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += parts[i].text;
  }
  return out;
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kDeny: return "deny";
    case Action::kWarn: return "warn";
    case Action::kAllow: return "allow";
    case Action::kAlert: return "alert";
    case Action::kBlock: return "block";
    case Action::kAudit: return "audit";
  }
  return "?";
}

const char* DirectionName(Direction d) {
  switch (d) {
    case Direction::kAny: return "any";
    case Direction::kIngress: return "ingress";
    case Direction::kEgress: return "egress";
  }
  return "?";
}

const char* ScopeKindName(ScopeKind k) {
  switch (k) {
    case ScopeKind::kMatch: return "match";
    case ScopeKind::kWhen: return "when";
    case ScopeKind::kSelect: return "select";
  }
  return "?";
}

namespace {

bool Same(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b) return !a && !b;
  return Equivalent(*a, *b);
}
bool Same(const Name& a, const Name& b) { return a.text == b.text; }
bool Same(const std::optional<Name>& a, const std::optional<Name>& b) {
  if (!a || !b) return !a && !b;
  return a->text == b->text;
}
bool Same(const QualifiedName& a, const QualifiedName& b) { return a.ToString() == b.ToString(); }
bool Same(const TypeRef& a, const TypeRef& b) {
  if (!Same(a.name, b.name) || a.args.size() != b.args.size()) return false;
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!Same(a.args[i], b.args[i])) return false;
  }
  return true;
}
bool Same(const Peer& a, const Peer& b);
bool Same(const PortSpec& a, const PortSpec& b);
bool Same(const BodyItem& a, const BodyItem& b);
bool Same(const Clause& a, const Clause& b);
bool Same(const Param& a, const Param& b);
bool Same(const TestStmt& a, const TestStmt& b);
bool Same(const Declaration& a, const Declaration& b);
bool Same(const ImportDecl& a, const ImportDecl& b);

template <typename T>
bool SameVec(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Same(a[i], b[i])) return false;
  }
  return true;
}

bool Same(const Peer& a, const Peer& b) {
  if (!Same(a.kind, b.kind) || a.has_parens != b.has_parens || a.args.size() != b.args.size()) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!Same(a.args[i].key, b.args[i].key) || !Same(a.args[i].value, b.args[i].value)) {
      return false;
    }
  }
  return true;
}
bool Same(const PortSpec& a, const PortSpec& b) {
  return a.low == b.low && a.high == b.high && Same(a.protocol, b.protocol);
}

bool Same(const BodyItem& a, const BodyItem& b);
bool Same(const LetItem& a, const LetItem& b) {
  return Same(a.name, b.name) && Same(a.value, b.value);
}
bool Same(const EachItem& a, const EachItem& b) {
  return Same(a.var, b.var) && Same(a.range_expr, b.range_expr) && SameVec(a.body, b.body);
}
bool Same(const RuleItem& a, const RuleItem& b) {
  return a.action == b.action && Same(a.name, b.name) && Same(a.condition, b.condition) &&
         Same(a.message, b.message);
}
bool Same(const NetworkRuleItem& a, const NetworkRuleItem& b) {
  return a.direction == b.direction && a.action == b.action && Same(a.name, b.name) &&
         SameVec(a.peers, b.peers) && SameVec(a.ports, b.ports) &&
         Same(a.condition, b.condition) && Same(a.message, b.message);
}
bool Same(const BodyItem& a, const BodyItem& b) {
  if (a.node.index() != b.node.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return Same(x, std::get<T>(b.node));
      },
      a.node);
}

bool Same(const SeverityClause& a, const SeverityClause& b) { return Same(a.level, b.level); }
bool Same(const ModeClause& a, const ModeClause& b) { return Same(a.value, b.value); }
bool Same(const OnErrorClause& a, const OnErrorClause& b) { return Same(a.value, b.value); }
bool Same(const OnClause& a, const OnClause& b) { return SameVec(a.kinds, b.kinds); }
bool Same(const DescriptionClause& a, const DescriptionClause& b) { return a.text == b.text; }
bool Same(const ScopeClause& a, const ScopeClause& b) {
  return a.kind == b.kind && Same(a.expr, b.expr);
}
bool Same(const DefaultClause& a, const DefaultClause& b) {
  return a.direction == b.direction && a.action == b.action;
}
bool Same(const Clause& a, const Clause& b) {
  if (a.node.index() != b.node.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return Same(x, std::get<T>(b.node));
      },
      a.node);
}

bool Same(const ConstDecl& a, const ConstDecl& b) {
  return Same(a.name, b.name) && Same(a.value, b.value);
}
bool Same(const Param& a, const Param& b) { return Same(a.name, b.name) && Same(a.type, b.type); }
bool Same(const DefDecl& a, const DefDecl& b) {
  if (a.result.has_value() != b.result.has_value()) return false;
  if (a.result && !Same(*a.result, *b.result)) return false;
  return Same(a.name, b.name) && SameVec(a.params, b.params) && Same(a.body, b.body);
}
bool Same(const PolicyDecl& a, const PolicyDecl& b) {
  return Same(a.kind, b.kind) && Same(a.name, b.name) && SameVec(a.clauses, b.clauses);
}
bool Same(const TestStmt& a, const TestStmt& b) {
  if (a.node.index() != b.node.index()) return false;
  if (auto* x = std::get_if<TestInput>(&a.node)) {
    auto& y = std::get<TestInput>(b.node);
    return Same(x->kind, y.kind) && Same(x->value, y.value);
  }
  if (auto* x = std::get_if<TestData>(&a.node)) {
    auto& y = std::get<TestData>(b.node);
    return Same(x->kind, y.kind) && Same(x->value, y.value);
  }
  auto& x = std::get<TestExpect>(a.node);
  auto& y = std::get<TestExpect>(b.node);
  return Same(x.verdict, y.verdict) && SameVec(x.policies, y.policies);
}
bool Same(const TestDecl& a, const TestDecl& b) {
  return a.name == b.name && SameVec(a.stmts, b.stmts);
}
bool Same(const Declaration& a, const Declaration& b) {
  if (a.node.index() != b.node.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return Same(x, std::get<T>(b.node));
      },
      a.node);
}
bool Same(const ImportDecl& a, const ImportDecl& b) {
  return Same(a.name, b.name) && Same(a.alias, b.alias);
}

}  // namespace

bool Equivalent(const File& a, const File& b) {
  if (a.package.has_value() != b.package.has_value()) return false;
  if (a.package && !Same(a.package->name, b.package->name)) return false;
  return SameVec(a.imports, b.imports) && SameVec(a.decls, b.decls);
}

}  // namespace rampart::ast
