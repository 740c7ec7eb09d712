#pragma once
// Internal to compiler/ast: prints one expression. `indent` is the indentation of the line the
// expression starts on; it places the elements of broken list/map literals.

#include <string>
#include <vector>

#include <string_view>

#include "compiler/ast/decl.h"
#include "compiler/ast/expr.h"

namespace rampart::ast {

// The comments of the file being formatted and how far printing has consumed them. Comments
// inside a list or map literal are printed beside its elements; the file printer places the
// rest around whole declarations and clauses.
struct CommentCursor {
  const std::vector<Comment>* comments = nullptr;
  size_t next = 0;
  std::string_view text;

  bool AnyBefore(uint32_t offset) const {
    return comments != nullptr && next < comments->size() && (*comments)[next].range.begin < offset;
  }
};

class ExprPrinter {
 public:
  explicit ExprPrinter(int indent, bool flat = false, CommentCursor* comments = nullptr)
      : indent_(indent), flat_(flat), comments_(comments) {}
  // `column` is where the expression starts on its line.
  std::string Print(const Expr& e, int column);

 private:
  std::string At(const Expr& e, int min_prec, int column);
  std::string Node(const Expr& e, int column);
  std::string Args(const std::vector<ExprPtr>& args, int column);
  // `elements` are the list elements or map entries (key and value, or value only).
  std::string Bracketed(const Expr& literal, const char* open, const char* close,
                        const std::vector<std::pair<const Expr*, const Expr*>>& elements,
                        int column);
  std::string Element(const std::pair<const Expr*, const Expr*>& element, int indent, int column,
                      bool flat);

  int indent_;
  bool flat_;  // never break lines (measuring the one-line form)
  CommentCursor* comments_;
  int column_ = 0;
};

std::string LiteralText(const Literal& l);

}  // namespace rampart::ast
