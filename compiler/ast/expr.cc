#include "compiler/ast/expr.h"

#include <cmath>

namespace rampart::ast {

const char* UnaryOpSpelling(UnaryOp op) { return op == UnaryOp::kNot ? "!" : "-"; }

const char* BinaryOpSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "||";
    case BinaryOp::kAnd: return "&&";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
  }
  return "?";
}

const char* MacroName(MacroKind kind) {
  switch (kind) {
    case MacroKind::kAll: return "all";
    case MacroKind::kExists: return "exists";
    case MacroKind::kExistsOne: return "exists_one";
    case MacroKind::kMap: return "map";
    case MacroKind::kMapFilter: return "map";
    case MacroKind::kFilter: return "filter";
    case MacroKind::kTransformList: return "transformList";
    case MacroKind::kTransformListFilter: return "transformList";
    case MacroKind::kTransformMap: return "transformMap";
    case MacroKind::kTransformMapFilter: return "transformMap";
  }
  return "?";
}

ExprPtr MakeExpr(NodeId id, source::SourceRange range, ExprNode node) {
  auto e = std::make_unique<Expr>();
  e->id = id;
  e->range = range;
  e->node = std::move(node);
  return e;
}

namespace {

ExprPtr CloneOrNull(const ExprPtr& e) { return e ? Clone(*e) : nullptr; }

std::vector<ExprPtr> CloneAll(const std::vector<ExprPtr>& v) {
  std::vector<ExprPtr> out;
  out.reserve(v.size());
  for (const ExprPtr& e : v) out.push_back(CloneOrNull(e));
  return out;
}

struct Cloner {
  ExprNode operator()(const ErrorExpr&) const { return ErrorExpr{}; }
  ExprNode operator()(const Literal& n) const { return n; }
  ExprNode operator()(const Ident& n) const { return n; }
  ExprNode operator()(const Select& n) const {
    return Select{CloneOrNull(n.operand), n.field, n.field_range};
  }
  ExprNode operator()(const Presence& n) const {
    return Presence{CloneOrNull(n.operand), n.field, n.field_range};
  }
  ExprNode operator()(const Index& n) const {
    return Index{CloneOrNull(n.operand), CloneOrNull(n.index)};
  }
  ExprNode operator()(const Call& n) const {
    return Call{CloneOrNull(n.target), n.function, n.function_range, CloneAll(n.args)};
  }
  ExprNode operator()(const Unary& n) const { return Unary{n.op, CloneOrNull(n.operand)}; }
  ExprNode operator()(const Binary& n) const {
    return Binary{n.op, CloneOrNull(n.lhs), CloneOrNull(n.rhs)};
  }
  ExprNode operator()(const Conditional& n) const {
    return Conditional{CloneOrNull(n.cond), CloneOrNull(n.then_expr), CloneOrNull(n.else_expr)};
  }
  ExprNode operator()(const ListLiteral& n) const { return ListLiteral{CloneAll(n.elements)}; }
  ExprNode operator()(const MapLiteral& n) const {
    MapLiteral out;
    for (const MapEntry& e : n.entries) out.entries.push_back({CloneOrNull(e.key), CloneOrNull(e.value)});
    return out;
  }
  ExprNode operator()(const Comprehension& n) const {
    return Comprehension{n.kind,       CloneOrNull(n.range), n.var,       n.var_range,
                         CloneOrNull(n.first), CloneOrNull(n.second), n.var2, n.var2_range,
                         n.spelling};
  }
};

bool Same(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b) return !a && !b;
  return Equivalent(*a, *b);
}

bool SameAll(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Same(a[i], b[i])) return false;
  }
  return true;
}

bool SameLiteral(const Literal& a, const Literal& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Literal::Kind::kNull: return true;
    case Literal::Kind::kBool: return a.bool_value == b.bool_value;
    case Literal::Kind::kInt: return a.int_value == b.int_value;
    case Literal::Kind::kUint: return a.uint_value == b.uint_value;
    case Literal::Kind::kDouble:
      return a.double_value == b.double_value ||
             (std::isnan(a.double_value) && std::isnan(b.double_value));
    case Literal::Kind::kString:
    case Literal::Kind::kBytes: return a.string_value == b.string_value;
  }
  return false;
}

}  // namespace

ExprPtr Clone(const Expr& e) { return MakeExpr(e.id, e.range, std::visit(Cloner{}, e.node)); }

bool Equivalent(const Expr& a, const Expr& b) {
  if (a.node.index() != b.node.index()) return false;
  if (auto* x = a.as<Literal>()) return SameLiteral(*x, *b.as<Literal>());
  if (auto* x = a.as<Ident>()) {
    auto* y = b.as<Ident>();
    return x->name == y->name && x->leading_dot == y->leading_dot;
  }
  if (auto* x = a.as<Select>()) {
    auto* y = b.as<Select>();
    return x->field == y->field && Same(x->operand, y->operand);
  }
  if (auto* x = a.as<Presence>()) {
    auto* y = b.as<Presence>();
    return x->field == y->field && Same(x->operand, y->operand);
  }
  if (auto* x = a.as<Index>()) {
    auto* y = b.as<Index>();
    return Same(x->operand, y->operand) && Same(x->index, y->index);
  }
  if (auto* x = a.as<Call>()) {
    auto* y = b.as<Call>();
    return x->function == y->function && Same(x->target, y->target) && SameAll(x->args, y->args);
  }
  if (auto* x = a.as<Unary>()) {
    auto* y = b.as<Unary>();
    return x->op == y->op && Same(x->operand, y->operand);
  }
  if (auto* x = a.as<Binary>()) {
    auto* y = b.as<Binary>();
    return x->op == y->op && Same(x->lhs, y->lhs) && Same(x->rhs, y->rhs);
  }
  if (auto* x = a.as<Conditional>()) {
    auto* y = b.as<Conditional>();
    return Same(x->cond, y->cond) && Same(x->then_expr, y->then_expr) &&
           Same(x->else_expr, y->else_expr);
  }
  if (auto* x = a.as<ListLiteral>()) return SameAll(x->elements, b.as<ListLiteral>()->elements);
  if (auto* x = a.as<MapLiteral>()) {
    auto* y = b.as<MapLiteral>();
    if (x->entries.size() != y->entries.size()) return false;
    for (size_t i = 0; i < x->entries.size(); ++i) {
      if (!Same(x->entries[i].key, y->entries[i].key) ||
          !Same(x->entries[i].value, y->entries[i].value)) {
        return false;
      }
    }
    return true;
  }
  if (auto* x = a.as<Comprehension>()) {
    auto* y = b.as<Comprehension>();
    return x->kind == y->kind && x->var == y->var && x->var2 == y->var2 &&
           x->spelling == y->spelling && Same(x->range, y->range) &&
           Same(x->first, y->first) && Same(x->second, y->second);
  }
  return true;  // ErrorExpr
}

}  // namespace rampart::ast
