#include "compiler/parse/ast_builder.h"

#include "compiler/parse/literals.h"
#include "grammar/RampartBaseVisitor.h"

namespace rampart::parse {

using ast::ExprPtr;

OffsetMap::OffsetMap(std::string_view text, uint32_t base)
    : base_(base), size_(base + static_cast<uint32_t>(text.size())) {
  bool ascii = true;
  for (unsigned char c : text) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets_.push_back(base + i);
  }
  offsets_.push_back(size_);
}

uint32_t OffsetMap::ByteOffset(size_t cp) const {
  if (offsets_.empty()) return base_ + cp > size_ ? size_ : base_ + static_cast<uint32_t>(cp);
  return cp < offsets_.size() ? offsets_[cp] : size_;
}

source::SourceRange AstBuilder::Range(antlr4::Token* tok) const {
  if (tok == nullptr || tok->getType() == antlr4::Token::EOF) {
    uint32_t end = static_cast<uint32_t>(file_.text().size());
    if (tok != nullptr) end = offsets_.ByteOffset(tok->getStartIndex());
    return {file_.id(), end, end};
  }
  return {file_.id(), offsets_.ByteOffset(tok->getStartIndex()),
          offsets_.ByteOffset(tok->getStopIndex() + 1)};
}

source::SourceRange AstBuilder::Range(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr || ctx->start == nullptr) return {file_.id(), 0, 0};
  source::SourceRange r = Range(ctx->start);
  if (ctx->stop != nullptr && ctx->stop->getStopIndex() + 1 > ctx->start->getStartIndex() &&
      ctx->stop->getType() != antlr4::Token::EOF) {
    r.end = offsets_.ByteOffset(ctx->stop->getStopIndex() + 1);
  }
  if (r.end < r.begin) r.end = r.begin;
  return r;
}

// Token text straight from the UTF-8 source: ANTLR's getText() goes through its UTF-32
// buffer and a conversion per call, which was a large part of AST building.
std::string AstBuilder::Text(const source::SourceRange& r) const {
  const std::string& text = file_.text();
  if (r.begin >= r.end || r.end > text.size()) return "";
  return text.substr(r.begin, r.end - r.begin);
}

std::string AstBuilder::Text(antlr4::Token* tok) const { return tok == nullptr ? "" : Text(Range(tok)); }

ExprPtr AstBuilder::Make(source::SourceRange range, ast::ExprNode node) {
  return ast::MakeExpr(out_.NewId(), range, std::move(node));
}

ExprPtr AstBuilder::Error(source::SourceRange range) { return Make(range, ast::ErrorExpr{}); }

namespace {
// Counts expression nesting for the lifetime of one Build call.
struct DepthGuard {
  explicit DepthGuard(int& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
  int& depth;
};
}  // namespace

bool AstBuilder::Enter(antlr4::ParserRuleContext* ctx) {
  if (depth_ <= limits_.max_expression_depth) return false;
  if (!depth_reported_) {
    depth_reported_ = true;
    diags_.Error("expression-too-deep", Range(ctx),
                 "expression nests more than " + std::to_string(limits_.max_expression_depth) +
                     " levels deep; split it into named constants or helpers");
  }
  return true;
}

// ------------------------------------------------------------------------- declarations

// A name the parser could not read (error recovery left the context incomplete) is empty;
// the checker ignores empty names, so a syntax error is not followed by a second diagnostic.
ast::Name AstBuilder::Name(P::IdentContext* ctx) const {
  if (ctx == nullptr || ctx->start == nullptr || ctx->exception != nullptr ||
      ctx->children.size() != 1) {
    return {"", ctx != nullptr && ctx->start != nullptr ? Range(ctx->start) : source::SourceRange{file_.id(), 0, 0}};
  }
  source::SourceRange r = Range(ctx);
  return {Text(r), r};
}

ast::Name AstBuilder::Name(P::WordContext* ctx) const {
  if (ctx == nullptr || ctx->start == nullptr || ctx->exception != nullptr) {
    return {"", {file_.id(), 0, 0}};
  }
  source::SourceRange r = Range(ctx);
  return {Text(r), r};
}

ast::Name AstBuilder::Name(antlr4::Token* tok) const {
  if (tok == nullptr) return {"", {file_.id(), 0, 0}};
  source::SourceRange r = Range(tok);
  return {Text(r), r};
}

ast::QualifiedName AstBuilder::Qualified(P::QualifiedNameContext* ctx) const {
  ast::QualifiedName q;
  if (ctx == nullptr) return q;
  for (P::IdentContext* id : ctx->ident()) q.parts.push_back(Name(id));
  q.range = Range(ctx);
  if (q.parts.empty()) q.parts.push_back({"", q.range});
  return q;
}

// Package names and policy references: dotted words that may include reserved words.
ast::QualifiedName AstBuilder::Qualified(antlr4::ParserRuleContext* ctx,
                                         const std::vector<P::AnyIdentContext*>& words) const {
  ast::QualifiedName q;
  if (ctx == nullptr) return q;
  for (P::AnyIdentContext* id : words) {
    if (id->start == nullptr || id->exception != nullptr) continue;
    source::SourceRange r = Range(id);
    q.parts.push_back({Text(r), r});
  }
  q.range = Range(ctx);
  if (q.parts.empty()) q.parts.push_back({"", q.range});
  return q;
}

ast::QualifiedName AstBuilder::Qualified(P::PackageNameContext* ctx) const {
  return ctx == nullptr ? ast::QualifiedName{} : Qualified(ctx, ctx->anyIdent());
}

ast::QualifiedName AstBuilder::Qualified(P::PolicyRefContext* ctx) const {
  return ctx == nullptr ? ast::QualifiedName{} : Qualified(ctx, ctx->anyIdent());
}

ast::TypeRef AstBuilder::Type(P::TypeRefContext* ctx) const {
  ast::TypeRef t;
  if (ctx == nullptr) {
    t.name.parts.push_back({"", {}});
    return t;
  }
  t.name = Qualified(ctx->qualifiedName());
  t.range = Range(ctx);
  for (P::TypeRefContext* arg : ctx->typeRef()) t.args.push_back(Type(arg));
  return t;
}

void AstBuilder::BuildFile(P::FileContext* ctx) {
  if (ctx == nullptr) return;
  if (P::PackageDeclContext* pkg = ctx->packageDecl()) {
    out_.package = ast::PackageDecl{Qualified(pkg->packageName()), Range(pkg)};
  }
  for (P::ImportDeclContext* imp : ctx->importDecl()) {
    ast::ImportDecl d;
    d.name = Qualified(imp->packageName());
    if (imp->alias != nullptr) d.alias = Name(imp->alias);
    d.range = Range(imp);
    out_.imports.push_back(std::move(d));
  }
  for (P::DeclarationContext* d : ctx->declaration()) BuildDeclaration(d);
}

void AstBuilder::BuildDeclaration(P::DeclarationContext* ctx) {
  ast::Declaration decl;
  decl.range = Range(ctx);
  if (auto* c = ctx->constDecl()) {
    decl.node = ast::ConstDecl{Name(c->name), Expr(c->expr())};
  } else if (auto* f = ctx->defDecl()) {
    ast::DefDecl d;
    d.name = Name(f->name);
    for (P::ParamContext* p : f->param()) d.params.push_back({Name(p->name), Type(p->typeRef())});
    if (f->result != nullptr) d.result = Type(f->result);
    d.body = Expr(f->expr());
    decl.node = std::move(d);
  } else if (auto* p = ctx->policyDecl()) {
    decl.node = Policy(p);
  } else if (auto* t = ctx->testDecl()) {
    decl.node = Test(t);
  } else {
    return;
  }
  out_.decls.push_back(std::move(decl));
}

ast::Action AstBuilder::Action(P::ActionContext* ctx) const {
  if (ctx == nullptr || ctx->start == nullptr) return ast::Action::kDeny;
  switch (ctx->start->getType()) {
    case P::WARN: return ast::Action::kWarn;
    case P::ALLOW: return ast::Action::kAllow;
    case P::ALERT: return ast::Action::kAlert;
    case P::BLOCK: return ast::Action::kBlock;
    case P::AUDIT: return ast::Action::kAudit;
    default: return ast::Action::kDeny;
  }
}

std::string AstBuilder::StringToken(antlr4::Token* tok, std::string* spelling) {
  if (tok == nullptr) return "";
  std::string text = Text(tok);
  if (spelling) *spelling = text;
  if (text.size() > limits_.max_string_literal_bytes) {
    diags_.Error("bad-literal", Range(tok),
                 "string literal is " + std::to_string(text.size()) + " bytes; literals are limited to " +
                     std::to_string(limits_.max_string_literal_bytes) + " bytes");
    if (spelling) spelling->clear();
    return "";
  }
  LiteralError err;
  std::optional<std::string> value = DecodeStringLiteral(text, false, &err);
  if (!value) {
    source::SourceRange r = Range(tok);
    diags_.Error("bad-literal", {r.file, r.begin + uint32_t(err.offset), r.begin + uint32_t(err.offset + err.length)},
                 err.message);
    return "";
  }
  return *value;
}

ast::PolicyDecl AstBuilder::Policy(P::PolicyDeclContext* ctx) {
  ast::PolicyDecl p;
  p.kind = Name(ctx->kind);
  p.name = Name(ctx->name);
  for (P::PolicyClauseContext* c : ctx->policyClause()) {
    ast::Clause clause;
    if (Clause(c, &clause)) p.clauses.push_back(std::move(clause));
  }
  return p;
}

bool AstBuilder::Clause(P::PolicyClauseContext* ctx, ast::Clause* out) {
  out->range = Range(ctx);
  if (auto* c = dynamic_cast<P::SeverityClauseContext*>(ctx)) {
    out->node = ast::SeverityClause{Name(c->level)};
  } else if (auto* c = dynamic_cast<P::ModeClauseContext*>(ctx)) {
    out->node = ast::ModeClause{Name(c->value)};
  } else if (auto* c = dynamic_cast<P::OnErrorClauseContext*>(ctx)) {
    out->node = ast::OnErrorClause{Name(c->value)};
  } else if (auto* c = dynamic_cast<P::OnClauseContext*>(ctx)) {
    ast::OnClause on;
    for (P::WordContext* id : c->word()) on.kinds.push_back(Name(id));
    out->node = std::move(on);
  } else if (auto* c = dynamic_cast<P::DescriptionClauseContext*>(ctx)) {
    ast::DescriptionClause d;
    d.text = StringToken(c->STRING() ? c->STRING()->getSymbol() : nullptr, &d.spelling);
    out->node = std::move(d);
  } else if (auto* c = dynamic_cast<P::ScopeClauseContext*>(ctx)) {
    ast::ScopeKind kind = ast::ScopeKind::kMatch;
    if (c->scope != nullptr && c->scope->getType() == P::WHEN) kind = ast::ScopeKind::kWhen;
    if (c->scope != nullptr && c->scope->getType() == P::SELECT) kind = ast::ScopeKind::kSelect;
    out->node = ast::ScopeClause{kind, Expr(c->expr())};
  } else if (auto* c = dynamic_cast<P::DefaultClauseContext*>(ctx)) {
    ast::Direction dir = ast::Direction::kAny;
    if (c->direction != nullptr) {
      dir = c->direction->getType() == P::INGRESS ? ast::Direction::kIngress : ast::Direction::kEgress;
    }
    out->node = ast::DefaultClause{dir, Action(c->action()), Range(c->action())};
  } else if (auto* c = dynamic_cast<P::BodyClauseContext*>(ctx)) {
    ast::BodyItem item;
    if (!Body(c->bodyItem(), &item)) return false;
    out->node = std::move(item);
  } else {
    return false;
  }
  return true;
}

bool AstBuilder::Body(P::BodyItemContext* ctx, ast::BodyItem* out) {
  if (ctx == nullptr) return false;
  out->range = Range(ctx);
  if (auto* c = dynamic_cast<P::LetItemContext*>(ctx)) {
    out->node = ast::LetItem{Name(c->name), Expr(c->expr())};
  } else if (auto* c = dynamic_cast<P::EachItemContext*>(ctx)) {
    ast::EachItem each;
    each.var = Name(c->var);
    each.range_expr = Expr(c->expr());
    if (P::EachBodyContext* body = c->eachBody()) {
      each.braced = body->LBRACE() != nullptr;
      for (P::BodyItemContext* b : body->bodyItem()) {
        ast::BodyItem item;
        if (Body(b, &item)) each.body.push_back(std::move(item));
      }
    }
    out->node = std::move(each);
  } else if (auto* c = dynamic_cast<P::RuleItemContext*>(ctx)) {
    ast::RuleItem rule;
    rule.action = Action(c->action());
    rule.action_range = Range(c->action());
    if (c->name != nullptr) rule.name = Name(c->name);
    if (c->IF() != nullptr) rule.condition = Expr(c->cond);
    if (c->MESSAGE() != nullptr) rule.message = Expr(c->msg);
    out->node = std::move(rule);
  } else if (auto* c = dynamic_cast<P::NetworkRuleItemContext*>(ctx)) {
    ast::NetworkRuleItem rule;
    rule.direction = c->direction != nullptr && c->direction->getType() == P::EGRESS
                         ? ast::Direction::kEgress
                         : ast::Direction::kIngress;
    rule.action = Action(c->action());
    rule.action_range = Range(c->action());
    if (c->name != nullptr) rule.name = Name(c->name);
    rule.peers_keyword_from = c->TO() == nullptr;
    for (P::PeerContext* p : c->peer()) rule.peers.push_back(BuildPeer(p));
    for (P::PortSpecContext* p : c->portSpec()) rule.ports.push_back(Port(p));
    if (c->IF() != nullptr) rule.condition = Expr(c->cond);
    if (c->MESSAGE() != nullptr) rule.message = Expr(c->msg);
    out->node = std::move(rule);
  } else {
    return false;
  }
  return true;
}

ast::Peer AstBuilder::BuildPeer(P::PeerContext* ctx) {
  ast::Peer peer;
  peer.kind = Name(ctx->kind);
  peer.range = Range(ctx);
  peer.has_parens = ctx->LPAREN() != nullptr;
  for (P::PeerArgContext* a : ctx->peerArg()) {
    ast::PeerArg arg;
    if (auto* named = dynamic_cast<P::NamedPeerArgContext*>(a)) {
      if (named->key != nullptr) {
        arg.key = Name(named->key);
      } else if (named->keyString != nullptr) {
        arg.key_quoted = true;
        arg.key = ast::Name{StringToken(named->keyString, &arg.key_spelling), Range(named->keyString)};
      }
      arg.value = Expr(named->value);
    } else if (auto* pos = dynamic_cast<P::PositionalPeerArgContext*>(a)) {
      arg.value = Expr(pos->value);
    }
    peer.args.push_back(std::move(arg));
  }
  return peer;
}

ast::PortSpec AstBuilder::Port(P::PortSpecContext* ctx) {
  ast::PortSpec port;
  port.range = Range(ctx);
  auto number = [&](antlr4::Token* tok) -> uint32_t {
    if (tok == nullptr) return 0;
    std::optional<int64_t> v = DecodeInt(tok->getText(), false);
    if (!v || *v < 0 || *v > 65535) {
      diags_.Error("bad-port", Range(tok), "port " + tok->getText() + " is not in 0-65535");
      return 0;
    }
    return static_cast<uint32_t>(*v);
  };
  port.low = number(ctx->low);
  port.high = ctx->high != nullptr ? number(ctx->high) : port.low;
  if (ctx->protocol != nullptr) port.protocol = Name(ctx->protocol);
  return port;
}

ast::TestDecl AstBuilder::Test(P::TestDeclContext* ctx) {
  ast::TestDecl t;
  t.name = StringToken(ctx->name, &t.name_spelling);
  t.name_range = Range(ctx->name);
  for (P::TestStmtContext* s : ctx->testStmt()) {
    ast::TestStmt stmt;
    stmt.range = Range(s);
    if (auto* in = dynamic_cast<P::TestInputContext*>(s)) {
      stmt.node = ast::TestInput{Name(in->kind), Expr(in->value)};
    } else if (auto* da = dynamic_cast<P::TestDataContext*>(s)) {
      stmt.node = ast::TestData{Name(da->kind), Expr(da->value)};
    } else if (auto* ex = dynamic_cast<P::TestExpectContext*>(s)) {
      ast::TestExpect e;
      e.verdict = Name(ex->verdict);
      for (P::PolicyRefContext* q : ex->policyRef()) e.policies.push_back(Qualified(q));
      stmt.node = std::move(e);
    } else {
      continue;
    }
    t.stmts.push_back(std::move(stmt));
  }
  return t;
}

// ---------------------------------------------------------------------------- expressions

ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx) { return Expr(ctx); }

namespace {
ast::BinaryOp OpFor(size_t token_type) {
  switch (token_type) {
    case P::LESS: return ast::BinaryOp::kLt;
    case P::LESS_EQUALS: return ast::BinaryOp::kLe;
    case P::GREATER: return ast::BinaryOp::kGt;
    case P::GREATER_EQUALS: return ast::BinaryOp::kGe;
    case P::EQUALS: return ast::BinaryOp::kEq;
    case P::NOT_EQUALS: return ast::BinaryOp::kNe;
    case P::IN: return ast::BinaryOp::kIn;
    case P::PLUS: return ast::BinaryOp::kAdd;
    case P::MINUS: return ast::BinaryOp::kSub;
    case P::STAR: return ast::BinaryOp::kMul;
    case P::SLASH: return ast::BinaryOp::kDiv;
    default: return ast::BinaryOp::kMod;
  }
}
}  // namespace

namespace {
// A field name as written after `.`, without the backticks of CEL's quoted form.
std::string FieldName(const AstBuilder& b, P::AnyIdentContext* id) {
  std::string text = b.Text(b.Range(id));
  if (text.size() >= 2 && text.front() == '`' && text.back() == '`') return text.substr(1, text.size() - 2);
  return text;
}
}  // namespace

// Expressions are dispatched with ANTLR's visitor (one virtual call per node) rather than
// a chain of dynamic_casts: building the AST was a third of parse time before.
class AstBuilder::ExprVisitor : public grammar::RampartBaseVisitor {
 public:
  explicit ExprVisitor(AstBuilder& b) : b_(b) {}
  ExprPtr result;

  antlrcpp::Any visitPrimaryExpr(P::PrimaryExprContext* c) override {
    result = b_.Primary(c->primary());
    return {};
  }
  antlrcpp::Any visitSelect(P::SelectContext* c) override {
    ExprPtr operand = b_.Expr(c->operand);
    if (c->id == nullptr || c->id->exception != nullptr) {
      result = b_.Error(b_.Range(c));
    } else {
      result = b_.Make(b_.Range(c), ast::Select{std::move(operand), FieldName(b_, c->id), b_.Range(c->id)});
    }
    return {};
  }
  antlrcpp::Any visitMemberCall(P::MemberCallContext* c) override {
    ExprPtr target = b_.Expr(c->operand);
    result = b_.ReceiverCall(c, std::move(target));
    return {};
  }
  antlrcpp::Any visitIndex(P::IndexContext* c) override {
    ExprPtr operand = b_.Expr(c->operand);
    ExprPtr index = b_.Expr(c->index);
    result = b_.Make(b_.Range(c), ast::Index{std::move(operand), std::move(index)});
    return {};
  }
  antlrcpp::Any visitLogicalNot(P::LogicalNotContext* c) override {
    ExprPtr operand = b_.Expr(c->operand);
    result = b_.Make(b_.Range(c), ast::Unary{ast::UnaryOp::kNot, std::move(operand)});
    return {};
  }
  antlrcpp::Any visitNegate(P::NegateContext* c) override {
    ExprPtr operand = b_.Expr(c->operand);
    result = b_.Make(b_.Range(c), ast::Unary{ast::UnaryOp::kNegate, std::move(operand)});
    return {};
  }
  antlrcpp::Any visitBinary(P::BinaryContext* c) override {
    ExprPtr lhs = b_.Expr(c->lhs);
    ExprPtr rhs = b_.Expr(c->rhs);
    ast::BinaryOp op = ast::BinaryOp::kOr;
    if (c->op != nullptr) {
      op = c->op->getType() == P::LOGICAL_AND ? ast::BinaryOp::kAnd
           : c->op->getType() == P::LOGICAL_OR ? ast::BinaryOp::kOr
                                               : OpFor(c->op->getType());
    }
    result = b_.Make(b_.Range(c), ast::Binary{op, std::move(lhs), std::move(rhs)});
    return {};
  }
  antlrcpp::Any visitConditional(P::ConditionalContext* c) override {
    ExprPtr cond = b_.Expr(c->cond);
    ExprPtr then_expr = b_.Expr(c->then);
    ExprPtr else_expr = b_.Expr(c->otherwise);
    result = b_.Make(b_.Range(c), ast::Conditional{std::move(cond), std::move(then_expr),
                                                   std::move(else_expr)});
    return {};
  }
  // Primaries.
  antlrcpp::Any visitIdentOrGlobalCall(P::IdentOrGlobalCallContext* c) override {
    if (c->op != nullptr) {
      result = b_.GlobalCall(c);
    } else if (c->id == nullptr) {
      result = b_.Error(b_.Range(c));
    } else {
      result = b_.Make(b_.Range(c), ast::Ident{b_.Text(b_.Range(c->id)), c->leadingDot != nullptr});
    }
    return {};
  }
  antlrcpp::Any visitNested(P::NestedContext* c) override {
    result = b_.Expr(c->e);
    return {};
  }
  antlrcpp::Any visitCreateList(P::CreateListContext* c) override {
    result = b_.Make(b_.Range(c), ast::ListLiteral{b_.List(c->elems)});
    return {};
  }
  antlrcpp::Any visitCreateMap(P::CreateMapContext* c) override {
    ast::MapLiteral map;
    if (c->entries != nullptr) {
      size_t n = std::min(c->entries->keys.size(), c->entries->values.size());
      for (size_t i = 0; i < n; ++i) {
        ExprPtr key = b_.Expr(c->entries->keys[i]);
        ExprPtr value = b_.Expr(c->entries->values[i]);
        map.entries.push_back({std::move(key), std::move(value)});
      }
    }
    result = b_.Make(b_.Range(c), std::move(map));
    return {};
  }
  antlrcpp::Any visitConstantLiteral(P::ConstantLiteralContext* c) override {
    result = b_.Literal(c->literal());
    return {};
  }

 private:
  AstBuilder& b_;
};

ExprPtr AstBuilder::Expr(P::ExprContext* ctx) {
  if (ctx == nullptr) return Error({file_.id(), 0, 0});
  DepthGuard guard(depth_);
  if (Enter(ctx)) return Error(Range(ctx));
  ExprVisitor visitor(*this);
  ctx->accept(&visitor);
  return visitor.result ? std::move(visitor.result) : Error(Range(ctx));
}

std::vector<ExprPtr> AstBuilder::List(P::ExprListContext* ctx) {
  std::vector<ExprPtr> out;
  if (ctx == nullptr) return out;
  for (P::ExprContext* e : ctx->e) out.push_back(Expr(e));
  return out;
}

ExprPtr AstBuilder::ReceiverCall(P::MemberCallContext* ctx, ExprPtr target) {
  std::string name = ctx->id != nullptr ? Text(Range(ctx->id)) : "";
  source::SourceRange name_range = ctx->id != nullptr ? Range(ctx->id) : Range(ctx);
  std::vector<ExprPtr> args = List(ctx->args);
  // The comprehension macros: all, exists, exists_one/existsOne, filter (2 args) and map (2
  // or 3); the two-variable forms all/exists/existsOne (3 args), transformList and
  // transformMap (3 or 4). Any other arity is an ordinary call (and fails in the checker).
  ast::MacroKind kind;
  bool macro = true;
  bool two_vars = false;
  const size_t n = args.size();
  if (name == "all" && (n == 2 || n == 3)) kind = ast::MacroKind::kAll, two_vars = n == 3;
  else if (name == "exists" && (n == 2 || n == 3)) kind = ast::MacroKind::kExists, two_vars = n == 3;
  else if ((name == "exists_one" || name == "existsOne") && (n == 2 || n == 3)) {
    kind = ast::MacroKind::kExistsOne, two_vars = n == 3;
  } else if (name == "filter" && n == 2) kind = ast::MacroKind::kFilter;
  else if (name == "map" && n == 2) kind = ast::MacroKind::kMap;
  else if (name == "map" && n == 3) kind = ast::MacroKind::kMapFilter;
  else if (name == "transformList" && (n == 3 || n == 4)) {
    kind = n == 3 ? ast::MacroKind::kTransformList : ast::MacroKind::kTransformListFilter, two_vars = true;
  } else if (name == "transformMap" && (n == 3 || n == 4)) {
    kind = n == 3 ? ast::MacroKind::kTransformMap : ast::MacroKind::kTransformMapFilter, two_vars = true;
  } else {
    macro = false;
  }
  if (!macro) {
    return Make(Range(ctx), ast::Call{std::move(target), name, name_range, std::move(args)});
  }
  const size_t vars = two_vars ? 2 : 1;
  for (size_t i = 0; i < vars; ++i) {
    const ast::Ident* var = args[i]->as<ast::Ident>();
    if (var != nullptr && !var->leading_dot) continue;
    if (!args[i]->is<ast::ErrorExpr>()) {
      std::string example = two_vars ? "`x." + name + "(i, v, ...)`" : "`list." + name + "(x, ...)`";
      diags_.Error("macro-variable", args[i]->range,
                   std::string(i == 0 ? "the first" : "the second") + " argument of " + name +
                       "() must be a simple variable name, as in " + example);
    }
    return Error(Range(ctx));
  }
  const std::string& var = args[0]->as<ast::Ident>()->name;
  std::string var2 = two_vars ? args[1]->as<ast::Ident>()->name : "";
  source::SourceRange var2_range = two_vars ? args[1]->range : source::SourceRange{};
  if (two_vars && var == var2) {
    diags_.Error("macro-variable", args[1]->range,
                 name + "() needs two different variable names; `" + var + "` is used twice");
    return Error(Range(ctx));
  }
  ast::Comprehension c{kind,
                       std::move(target),
                       var,
                       args[0]->range,
                       std::move(args[vars]),
                       args.size() == vars + 2 ? std::move(args[vars + 1]) : nullptr,
                       std::move(var2),
                       var2_range,
                       name == "existsOne" ? name : ""};
  return Make(Range(ctx), std::move(c));
}

ExprPtr AstBuilder::GlobalCall(P::IdentOrGlobalCallContext* ctx) {
  std::string name = ctx->id != nullptr ? Text(Range(ctx->id)) : "";
  std::vector<ExprPtr> args = List(ctx->args);
  if (name == "has" && ctx->leadingDot == nullptr) {
    if (args.size() != 1) {
      diags_.Error("macro-arguments", Range(ctx), "has() takes exactly one field selection, as in `has(x.field)`");
      return Error(Range(ctx));
    }
    if (auto* sel = args[0]->as<ast::Select>()) {
      ast::Select& s = std::get<ast::Select>(args[0]->node);
      return Make(Range(ctx), ast::Presence{std::move(s.operand), s.field, s.field_range});
    }
    if (!args[0]->is<ast::ErrorExpr>()) {
      diags_.Error("macro-arguments", args[0]->range,
                   "has() needs a field selection such as `has(x.field)`; use `key in map` for map keys");
    }
    return Error(Range(ctx));
  }
  source::SourceRange name_range = ctx->id != nullptr ? Range(ctx->id) : Range(ctx);
  if (ctx->leadingDot != nullptr) name = "." + name;
  return Make(Range(ctx), ast::Call{nullptr, name, name_range, std::move(args)});
}

ExprPtr AstBuilder::Primary(P::PrimaryContext* ctx) {
  if (ctx == nullptr) return Error({file_.id(), 0, 0});
  ExprVisitor visitor(*this);
  ctx->accept(&visitor);
  return visitor.result ? std::move(visitor.result) : Error(Range(ctx));
}

ExprPtr AstBuilder::Literal(P::LiteralContext* ctx) {
  if (ctx == nullptr) return Error({file_.id(), 0, 0});
  source::SourceRange range = Range(ctx);
  ast::Literal lit;
  // As written, without whitespace between a sign and its number (`- 5` is spelled `-5`).
  {
    antlr4::Token* sign = nullptr;
    antlr4::Token* tok = nullptr;
    if (auto* c = dynamic_cast<P::IntContext*>(ctx)) sign = c->sign, tok = c->tok;
    else if (auto* c = dynamic_cast<P::DoubleContext*>(ctx)) sign = c->sign, tok = c->tok;
    lit.spelling = tok != nullptr ? (sign != nullptr ? "-" : "") + Text(tok) : Text(range);
  }
  using K = ast::Literal::Kind;
  auto bad = [&](const std::string& message) {
    diags_.Error("bad-literal", range, message);
    return Error(range);
  };
  if (auto* c = dynamic_cast<P::IntContext*>(ctx)) {
    if (c->tok == nullptr) return Error(range);
    std::optional<int64_t> v = DecodeInt(Text(c->tok), c->sign != nullptr);
    if (!v) return bad("integer literal " + lit.spelling + " is out of range for int (64-bit)");
    lit.kind = K::kInt;
    lit.int_value = *v;
  } else if (auto* c = dynamic_cast<P::UintContext*>(ctx)) {
    if (c->tok == nullptr) return Error(range);
    std::optional<uint64_t> v = DecodeUint(Text(c->tok));
    if (!v) return bad("unsigned literal " + lit.spelling + " is out of range for uint (64-bit)");
    lit.kind = K::kUint;
    lit.uint_value = *v;
  } else if (auto* c = dynamic_cast<P::DoubleContext*>(ctx)) {
    if (c->tok == nullptr) return Error(range);
    std::optional<double> v = DecodeDouble(Text(c->tok), c->sign != nullptr);
    if (!v) return bad("malformed floating-point literal " + lit.spelling);
    lit.kind = K::kDouble;
    lit.double_value = *v;
  } else if (dynamic_cast<P::StringContext*>(ctx) || dynamic_cast<P::BytesContext*>(ctx) ||
             dynamic_cast<P::BadStringContext*>(ctx)) {
    bool is_bytes = dynamic_cast<P::BytesContext*>(ctx) != nullptr;
    if (lit.spelling.size() > limits_.max_string_literal_bytes) {
      return bad("string literal is " + std::to_string(lit.spelling.size()) +
                 " bytes; literals are limited to " +
                 std::to_string(limits_.max_string_literal_bytes) +
                 " bytes: load large data with external data files instead");
    }
    if (dynamic_cast<P::BadStringContext*>(ctx)) {
      const std::string& t = lit.spelling;
      size_t q = (t[0] == 'b' || t[0] == 'B') ? 1 : 0;
      is_bytes = q == 1;
      char quote = t[q];
      if (t.size() < q + 2 || t.back() != quote) {
        return bad("missing terminating " + std::string(1, quote) +
                   " character; strings end on the line they start (use \"\"\"...\"\"\" for "
                   "multi-line text)");
      }
    }
    LiteralError err;
    std::optional<std::string> v = DecodeStringLiteral(lit.spelling, is_bytes, &err);
    if (!v) {
      diags_.Error("bad-literal",
                   {range.file, range.begin + uint32_t(err.offset),
                    range.begin + uint32_t(err.offset + err.length)},
                   err.message);
      return Error(range);
    }
    lit.kind = is_bytes ? K::kBytes : K::kString;
    lit.string_value = std::move(*v);
  } else if (dynamic_cast<P::BoolTrueContext*>(ctx)) {
    lit.kind = K::kBool;
    lit.bool_value = true;
  } else if (dynamic_cast<P::BoolFalseContext*>(ctx)) {
    lit.kind = K::kBool;
  } else if (dynamic_cast<P::NullContext*>(ctx)) {
    lit.kind = K::kNull;
  } else {
    return Error(range);
  }
  // Canonical spellings of simple literals are not kept: fmt may print them its own way.
  if (lit.kind == K::kBool || lit.kind == K::kNull) lit.spelling.clear();
  return Make(range, std::move(lit));
}

}  // namespace rampart::parse
