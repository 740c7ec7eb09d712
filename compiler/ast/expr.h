#pragma once
// CEL expression nodes. Value types over a closed std::variant; every node carries an id
// (unique within its ast::File) and its source range. Analyses keep their results in maps
// keyed by NodeId, so nothing downstream ever mutates the tree.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "compiler/source/source_range.h"

namespace rampart::ast {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = 0;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// Stands where the parser could not build an expression; the checker stays silent about it.
struct ErrorExpr {};

struct Literal {
  enum class Kind { kNull, kBool, kInt, kUint, kDouble, kString, kBytes };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double double_value = 0;
  std::string string_value;  // kString (UTF-8) and kBytes (raw bytes)
  // The literal as written (`0x1F`, `r"\d+"`, `'''x'''`); empty for synthesized literals.
  // The printer keeps it so `fmt` never rewrites a user's literal.
  std::string spelling;
};

struct Ident {
  std::string name;
  bool leading_dot = false;  // `.name`: resolve from the root scope (CEL)
};

// `operand.field`
struct Select {
  ExprPtr operand;
  std::string field;
  source::SourceRange field_range;
};

// `has(operand.field)`
struct Presence {
  ExprPtr operand;
  std::string field;
  source::SourceRange field_range;
};

// `operand[index]`
struct Index {
  ExprPtr operand;
  ExprPtr index;
};

// `function(args)` or `target.function(args)` (receiver style).
struct Call {
  ExprPtr target;  // null for global calls
  std::string function;
  source::SourceRange function_range;
  std::vector<ExprPtr> args;
};

enum class UnaryOp { kNot, kNegate };
enum class BinaryOp {
  kOr, kAnd,
  kEq, kNe, kLt, kLe, kGt, kGe, kIn,
  kAdd, kSub, kMul, kDiv, kMod,
};

const char* UnaryOpSpelling(UnaryOp op);
const char* BinaryOpSpelling(BinaryOp op);

struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

// `cond ? then_expr : else_expr`
struct Conditional {
  ExprPtr cond;
  ExprPtr then_expr;
  ExprPtr else_expr;
};

struct ListLiteral {
  std::vector<ExprPtr> elements;
};

struct MapEntry {
  ExprPtr key;
  ExprPtr value;
};

struct MapLiteral {
  std::vector<MapEntry> entries;
};

// CEL's comprehension macros, kept as written (not expanded) so they print back as source.
// The transform* kinds and the three-argument all/exists/existsOne are CEL's two-variable
// comprehensions (cel-go ext.TwoVarComprehensions): (index, element) over a list,
// (key, value) over a map.
enum class MacroKind {
  kAll, kExists, kExistsOne, kMap, kMapFilter, kFilter,
  kTransformList, kTransformListFilter, kTransformMap, kTransformMapFilter,
};
const char* MacroName(MacroKind kind);

// `range.all(var, predicate)`, `range.map(var, transform)`, `range.map(var, filter, transform)`,
// `range.all(i, v, predicate)`, `range.transformList(i, v, [filter,] transform)`,
// `range.transformMap(k, v, [filter,] transform)`.
struct Comprehension {
  MacroKind kind;
  ExprPtr range;
  std::string var;
  source::SourceRange var_range;
  ExprPtr first;   // predicate, or transform for kMap/kTransform*, or the filter of a *Filter kind
  ExprPtr second;  // transform of a *Filter kind, else null
  std::string var2;  // the second variable of a two-variable comprehension, else empty
  source::SourceRange var2_range = {};
  std::string spelling;  // the macro name as written ("existsOne" or "exists_one"); empty: MacroName
};

using ExprNode = std::variant<ErrorExpr, Literal, Ident, Select, Presence, Index, Call, Unary,
                              Binary, Conditional, ListLiteral, MapLiteral, Comprehension>;

struct Expr {
  NodeId id = kNoNode;
  source::SourceRange range;
  ExprNode node;

  template <typename T>
  const T* as() const { return std::get_if<T>(&node); }
  template <typename T>
  bool is() const { return std::holds_alternative<T>(node); }
};

// Builds a node; `id` must be unique within its file (see ast::File::NewId).
ExprPtr MakeExpr(NodeId id, source::SourceRange range, ExprNode node);

// Deep copy keeping ids and ranges.
ExprPtr Clone(const Expr& e);

// Structural equality ignoring ids, ranges and literal spelling: the round-trip property
// parse(print(ast)) == ast is stated with it.
bool Equivalent(const Expr& a, const Expr& b);

}  // namespace rampart::ast
