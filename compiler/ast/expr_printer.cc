// Expression half of the printer: minimal parentheses from CEL's precedence table, and list
// and map literals broken one element per line when they would not fit kLineWidth.

#include <charconv>
#include <cmath>
#include <cstdio>

#include "compiler/ast/expr_printer.h"
#include "compiler/ast/printer.h"

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

std::string QuoteString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string QuoteBytes(std::string_view s) {
  std::string out = "b\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
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
  if (auto* n = e.as<Select>()) return At(*n->operand, kMember, column) + "." + n->field;
  if (auto* n = e.as<Presence>()) {
    return "has(" + At(*n->operand, kMember, column + 4) + "." + n->field + ")";
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
    // A nested unary or a negative literal gets parentheses: `-(-5)`, `!(!x)`.
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
    std::vector<std::string> items;
    for (const ExprPtr& x : n->elements) items.push_back(At(*x, kConditional, 0));
    return Bracketed("[", "]", items, column);
  }
  if (auto* n = e.as<MapLiteral>()) {
    std::vector<std::string> items;
    for (const MapEntry& x : n->entries) {
      items.push_back(At(*x.key, kConditional, 0) + ": " + At(*x.value, kConditional, 0));
    }
    return Bracketed("{", "}", items, column);
  }
  if (auto* n = e.as<Comprehension>()) {
    std::string head = At(*n->range, kMember, column) + "." + MacroName(n->kind) + "(" + n->var;
    std::string out = head + ", " + At(*n->first, kConditional, column + head.size() + 2);
    if (n->second) out += ", " + At(*n->second, kConditional, column + out.size() + 2);
    return out + ")";
  }
  return "<error>";
}

std::string ExprPrinter::Bracketed(const char* open, const char* close,
                                   const std::vector<std::string>& items, int column) {
  std::string flat = open;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) flat += ", ";
    flat += items[i];
  }
  flat += close;
  bool multiline_item = false;
  for (const std::string& s : items) multiline_item |= s.find('\n') != std::string::npos;
  if (items.size() < 2 || (column + flat.size() <= kLineWidth && !multiline_item)) return flat;
  // One element per line, indented one step past the enclosing line; the closing bracket
  // lines up with the start of that line.
  std::string inner(indent_ + 2, ' ');
  std::string out = std::string(open) + "\n";
  for (const std::string& s : items) out += inner + s + ",\n";
  return out + std::string(indent_, ' ') + close;
}

}  // namespace rampart::ast
