#pragma once
// Internal to compiler/parse: walks the ANTLR parse tree and builds the AST. Tolerates the
// partial trees ANTLR leaves after error recovery (every child may be null): a missing piece
// becomes ErrorExpr or is left out, and the syntax error that caused it was already reported.

#include <string>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/parse/parser.h"
#include "grammar/RampartParser.h"

namespace rampart::parse {

using P = rampart::grammar::RampartParser;

// Maps ANTLR's code-point indices to byte offsets in the file.
class OffsetMap {
 public:
  // `text` starts at byte `base` of the file (a piece of a file parsed on its own).
  explicit OffsetMap(std::string_view text, uint32_t base = 0);
  uint32_t ByteOffset(size_t code_point_index) const;

 private:
  std::vector<uint32_t> offsets_;  // empty when the text is ASCII (identity map)
  uint32_t base_;
  uint32_t size_;
};

class AstBuilder {
 public:
  AstBuilder(const source::SourceFile& file, const OffsetMap& offsets,
             source::DiagnosticBag& diags, const ParseLimits& limits, ast::File& out)
      : file_(file), offsets_(offsets), diags_(diags), limits_(limits), out_(out) {}

  void BuildFile(P::FileContext* ctx);
  ast::ExprPtr BuildExpr(P::ExprContext* ctx);

  source::SourceRange Range(antlr4::ParserRuleContext* ctx) const;
  source::SourceRange Range(antlr4::Token* tok) const;
  // The source text of a range or token (UTF-8, exactly as written).
  std::string Text(const source::SourceRange& r) const;
  std::string Text(antlr4::Token* tok) const;

 private:
  class ExprVisitor;
  friend class ExprVisitor;

  // Declarations.
  ast::Name Name(P::IdentContext* ctx) const;
  ast::Name Name(P::WordContext* ctx) const;
  ast::Name Name(antlr4::Token* tok) const;
  ast::QualifiedName Qualified(P::QualifiedNameContext* ctx) const;
  ast::QualifiedName Qualified(P::PackageNameContext* ctx) const;
  ast::QualifiedName Qualified(P::PolicyRefContext* ctx) const;
  ast::QualifiedName Qualified(antlr4::ParserRuleContext* ctx,
                               const std::vector<P::AnyIdentContext*>& words) const;
  ast::TypeRef Type(P::TypeRefContext* ctx) const;
  void BuildDeclaration(P::DeclarationContext* ctx);
  ast::PolicyDecl Policy(P::PolicyDeclContext* ctx);
  bool Clause(P::PolicyClauseContext* ctx, ast::Clause* out);
  bool Body(P::BodyItemContext* ctx, ast::BodyItem* out);
  ast::TestDecl Test(P::TestDeclContext* ctx);
  ast::Action Action(P::ActionContext* ctx) const;
  ast::Peer BuildPeer(P::PeerContext* ctx);
  ast::PortSpec Port(P::PortSpecContext* ctx);
  std::string StringToken(antlr4::Token* tok, std::string* spelling);

  // Expressions.
  ast::ExprPtr Expr(P::ExprContext* ctx);
  ast::ExprPtr Primary(P::PrimaryContext* ctx);
  ast::ExprPtr Literal(P::LiteralContext* ctx);
  ast::ExprPtr GlobalCall(P::IdentOrGlobalCallContext* ctx);
  ast::ExprPtr ReceiverCall(P::MemberCallContext* ctx, ast::ExprPtr target);
  std::vector<ast::ExprPtr> List(P::ExprListContext* ctx);

  ast::ExprPtr Make(source::SourceRange range, ast::ExprNode node);
  ast::ExprPtr Error(source::SourceRange range);
  // Enforces max_expression_depth: true when too deep (reported once per expression).
  bool Enter(antlr4::ParserRuleContext* ctx);

  const source::SourceFile& file_;
  const OffsetMap& offsets_;
  source::DiagnosticBag& diags_;
  const ParseLimits& limits_;
  ast::File& out_;
  int depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace rampart::parse
