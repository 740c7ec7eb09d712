// Expression half of the printer: minimal parentheses from CEL's precedence table, and list
// and map literals broken one element per line when they would not fit kLineWidth.

#include <charconv>
#include <cmath>
#include <cstdio>

#include "compiler/ast/expr_printer.h"
#include "compiler/ast/printer.h"
#include "compiler/source/quoting.h"

namespace rampart::ast {
namespace {

// CEL precedence, loosest first.
enum Prec {
  kConditional = 1,
  kOr = 2,
  kAnd = 3,
  kRelation = 4,
  kAdditive = 5,
  kMultiplicative = 6,
  kUnary = 7,
  kMember = 8,
};

int BinaryPrec(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kOr;
    case BinaryOp::kAnd: return kAnd;
    case BinaryOp::kAdd:
    case BinaryOp::kSub: return kAdditive;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod: return kMultiplicative;
    default: return kRelation;
  }
}

bool IsNegativeLiteral(const Literal& l) {
  if (!l.spelling.empty()) return l.spelling[0] == '-';
  return (l.kind == Literal::Kind::kInt && l.int_value < 0) ||
         (l.kind == Literal::Kind::kDouble && std::signbit(l.double_value));
}

int PrecOf(const Expr& e) {
  if (auto* b = e.as<Binary>()) return BinaryPrec(b->op);
  if (e.is<Conditional>()) return kConditional;
  if (e.is<Unary>()) return kUnary;
  if (auto* l = e.as<Literal>()) return IsNegativeLiteral(*l) ? kUnary : kMember;
  return kMember;
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "double(\"NaN\")";
  if (std::isinf(d)) return d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string QuoteString(std::string_view s) { return source::QuoteCelString(s); }

std::string QuoteBytes(std::string_view s) { return source::QuoteCelBytes(s); }

// A field name, in backticks when it is not a plain identifier (`content-type`).
std::string FieldText(const std::string& field) {
  bool plain = !field.empty() && !(field[0] >= '0' && field[0] <= '9');
  for (char c : field) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  }
  return plain ? field : "`" + field + "`";
}

std::string LiteralText(const Literal& l) {
  if (!l.spelling.empty()) return l.spelling;
  switch (l.kind) {
    case Literal::Kind::kNull: return "null";
    case Literal::Kind::kBool: return l.bool_value ? "true" : "false";
    case Literal::Kind::kInt: return std::to_string(l.int_value);
    case Literal::Kind::kUint: return std::to_string(l.uint_value) + "u";
    case Literal::Kind::kDouble: return FormatDouble(l.double_value);
    case Literal::Kind::kString: return QuoteString(l.string_value);
    case Literal::Kind::kBytes: return QuoteBytes(l.string_value);
  }
  return "null";
}

std::string ExprPrinter::Print(const Expr& e, int column) {
  column_ = column;
  return At(e, kConditional, column);
}

std::string ExprPrinter::At(const Expr& e, int min_prec, int column) {
  if (PrecOf(e) < min_prec) return "(" + Node(e, column + 1) + ")";
  return Node(e, column);
}

std::string ExprPrinter::Args(const std::vector<ExprPtr>& args, int column) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i] ? At(*args[i], kConditional, column + static_cast<int>(out.size())) : "";
  }
  return out;
}

std::string ExprPrinter::Node(const Expr& e, int column) {
  if (e.is<ErrorExpr>()) return "<error>";
  if (auto* l = e.as<Literal>()) return LiteralText(*l);
  if (auto* n = e.as<Ident>()) return (n->leading_dot ? "." : "") + n->name;
  if (auto* n = e.as<Select>()) return At(*n->operand, kMember, column) + "." + FieldText(n->field);
  if (auto* n = e.as<Presence>()) {
    return "has(" + At(*n->operand, kMember, column + 4) + "." + FieldText(n->field) + ")";
  }
  if (auto* n = e.as<Index>()) {
    std::string lhs = At(*n->operand, kMember, column);
    return lhs + "[" + At(*n->index, kConditional, column + lhs.size() + 1) + "]";
  }
  if (auto* n = e.as<Call>()) {
    std::string head;
    if (n->target) head = At(*n->target, kMember, column) + ".";
    head += n->function + "(";
    return head + Args(n->args, column + static_cast<int>(head.size())) + ")";
  }
  if (auto* n = e.as<Unary>()) {
    // A nested unary or a negative literal gets parentheses: `-(-5)`, `!(!x)`. So does a
    // negated number, which would otherwise read back as a negative literal: `-(5)`.
    if (auto* l = n->operand->as<Literal>(); l != nullptr && n->op == UnaryOp::kNegate &&
        (l->kind == Literal::Kind::kInt || l->kind == Literal::Kind::kDouble ||
         l->kind == Literal::Kind::kUint)) {
      return "-(" + Node(*n->operand, column + 2) + ")";
    }
    return std::string(UnaryOpSpelling(n->op)) + At(*n->operand, kMember, column + 1);
  }
  if (auto* n = e.as<Binary>()) {
    int p = BinaryPrec(n->op);
    std::string lhs = At(*n->lhs, p, column);
    std::string op = std::string(" ") + BinaryOpSpelling(n->op) + " ";
    return lhs + op + At(*n->rhs, p + 1, column + static_cast<int>(lhs.size() + op.size()));
  }
  if (auto* n = e.as<Conditional>()) {
    std::string c = At(*n->cond, kOr, column) + " ? ";
    std::string t = At(*n->then_expr, kOr, column + c.size()) + " : ";
    return c + t + At(*n->else_expr, kConditional, column + c.size() + t.size());
  }
  if (auto* n = e.as<ListLiteral>()) {
    std::vector<std::pair<const Expr*, const Expr*>> items;
    for (const ExprPtr& x : n->elements) items.push_back({nullptr, x.get()});
    return Bracketed(e, "[", "]", items, column);
  }
  if (auto* n = e.as<MapLiteral>()) {
    std::vector<std::pair<const Expr*, const Expr*>> items;
    for (const MapEntry& x : n->entries) items.push_back({x.key.get(), x.value.get()});
    return Bracketed(e, "{", "}", items, column);
  }
  if (auto* n = e.as<Comprehension>()) {
    std::string name = n->spelling.empty() ? MacroName(n->kind) : n->spelling;
    std::string head = At(*n->range, kMember, column) + "." + name + "(" + n->var;
    if (!n->var2.empty()) head += ", " + n->var2;
    std::string out = head + ", " + At(*n->first, kConditional, column + head.size() + 2);
    if (n->second) out += ", " + At(*n->second, kConditional, column + out.size() + 2);
    return out + ")";
  }
  return "<error>";
}

std::string ExprPrinter::Element(const std::pair<const Expr*, const Expr*>& element, int indent,
                                 int column, bool flat) {
  ExprPrinter p(indent, flat, flat ? nullptr : comments_);
  if (element.first == nullptr) return p.Print(*element.second, column);
  std::string key = p.Print(*element.first, column);
  return key + ": " + p.Print(*element.second, column + static_cast<int>(key.size()) + 2);
}

std::string ExprPrinter::Bracketed(const Expr& literal, const char* open, const char* close,
                                   const std::vector<std::pair<const Expr*, const Expr*>>& elements,
                                   int column) {
  // A literal with comments inside is always broken, the comments beside their elements.
  bool has_comments = !flat_ && comments_ != nullptr && comments_->AnyBefore(literal.range.end) &&
                      (*comments_->comments)[comments_->next].range.begin > literal.range.begin;
  // The one-line form, if it fits where it starts.
  std::string flat = open;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) flat += ", ";
    flat += Element(elements[i], indent_, 0, true);
  }
  flat += close;
  if (!has_comments && (flat_ || elements.empty() ||
                       column + static_cast<int>(flat.size()) <= static_cast<int>(kLineWidth))) {
    return flat;
  }
  // Otherwise one element per line, one step deeper than the line the literal starts on,
  // each element free to break in turn; the closing bracket lines up with that line.
  int inner = indent_ + 2;
  std::string pad(inner, ' ');
  std::string out = std::string(open) + "\n";
  for (const auto& e : elements) {
    const Expr& first = e.first != nullptr ? *e.first : *e.second;
    if (comments_ != nullptr) {
      while (comments_->AnyBefore(first.range.begin)) {
        out += pad + (*comments_->comments)[comments_->next++].text + "\n";
      }
    }
    out += pad + Element(e, inner, inner, false) + ",";
    // A comment after the element on its own source line stays at the end of that line.
    if (comments_ != nullptr && comments_->comments != nullptr &&
        comments_->next < comments_->comments->size()) {
      const Comment& c = (*comments_->comments)[comments_->next];
      uint32_t end = e.second->range.end;
      bool same_line = c.range.begin >= end && c.range.begin < literal.range.end;
      for (uint32_t i = end; same_line && i < c.range.begin && i < comments_->text.size(); ++i) {
        char ch = comments_->text[i];
        same_line = ch == ' ' || ch == '\t' || ch == ',';
      }
      if (same_line) {
        out += "  " + c.text;
        ++comments_->next;
      }
    }
    out += "\n";
  }
  if (comments_ != nullptr) {
    while (comments_->AnyBefore(literal.range.end)) {
      out += pad + (*comments_->comments)[comments_->next++].text + "\n";
    }
  }
  return out + std::string(indent_, ' ') + close;
}

}  // namespace rampart::ast
