#include "compiler/ast/dump.h"

#include "compiler/ast/expr_printer.h"
#include "compiler/ast/printer.h"

namespace rampart::ast {
namespace {

class Dumper {
 public:
  explicit Dumper(const source::SourceManager& sources) : sources_(sources) {}

  std::string Range(const source::SourceRange& r) const {
    const source::SourceFile* f = sources_.file(r.file);
    if (f == nullptr) return "@?";
    source::LineColumn b = f->Position(r.begin), e = f->Position(r.end);
    return "@" + std::to_string(b.line) + ":" + std::to_string(b.column) + "-" +
           std::to_string(e.line) + ":" + std::to_string(e.column);
  }

  void Open(const std::string& head, const source::SourceRange& r) {
    Line("(" + head + " " + Range(r));
    ++depth_;
  }
  void Close() {
    --depth_;
    out_.back() == '\n' ? out_.insert(out_.size() - 1, ")") : out_.append(")");
  }
  void Line(const std::string& s) { out_ += std::string(depth_ * 2, ' ') + s + "\n"; }

  void Expr(const ast::Expr& e) {
    std::string head;
    if (e.is<ErrorExpr>()) head = "error";
    else if (auto* l = e.as<Literal>()) head = LiteralHead(*l);
    else if (auto* n = e.as<Ident>()) head = std::string("ident ") + (n->leading_dot ? "." : "") + n->name;
    else if (auto* n = e.as<Select>()) head = "select " + n->field;
    else if (auto* n = e.as<Presence>()) head = "has " + n->field;
    else if (e.is<Index>()) head = "index";
    else if (auto* n = e.as<Call>()) head = std::string(n->target ? "method " : "call ") + n->function;
    else if (auto* n = e.as<Unary>()) head = UnaryOpSpelling(n->op);
    else if (auto* n = e.as<Binary>()) head = BinaryOpSpelling(n->op);
    else if (e.is<Conditional>()) head = "?:";
    else if (e.is<ListLiteral>()) head = "list";
    else if (e.is<MapLiteral>()) head = "map";
    else if (auto* n = e.as<Comprehension>()) head = (n->spelling.empty() ? std::string(MacroName(n->kind)) : n->spelling) + " " + n->var +
                (n->var2.empty() ? "" : ", " + n->var2);
    Open(head, e.range);
    auto child = [&](const ExprPtr& c) {
      if (c) Expr(*c);
    };
    if (auto* n = e.as<Select>()) child(n->operand);
    else if (auto* n = e.as<Presence>()) child(n->operand);
    else if (auto* n = e.as<Index>()) { child(n->operand); child(n->index); }
    else if (auto* n = e.as<Call>()) { child(n->target); for (auto& a : n->args) child(a); }
    else if (auto* n = e.as<Unary>()) child(n->operand);
    else if (auto* n = e.as<Binary>()) { child(n->lhs); child(n->rhs); }
    else if (auto* n = e.as<Conditional>()) { child(n->cond); child(n->then_expr); child(n->else_expr); }
    else if (auto* n = e.as<ListLiteral>()) { for (auto& x : n->elements) child(x); }
    else if (auto* n = e.as<MapLiteral>()) { for (auto& x : n->entries) { child(x.key); child(x.value); } }
    else if (auto* n = e.as<Comprehension>()) { child(n->range); child(n->first); child(n->second); }
    Close();
  }

  static std::string LiteralHead(const Literal& l) {
    using K = Literal::Kind;
    Literal canonical = l;
    canonical.spelling.clear();
    switch (l.kind) {
      case K::kNull: return "null";
      case K::kBool: return l.bool_value ? "bool true" : "bool false";
      case K::kInt: return "int " + std::to_string(l.int_value);
      case K::kUint: return "uint " + std::to_string(l.uint_value);
      case K::kDouble: return "double " + LiteralText(canonical);
      case K::kString: return "string " + QuoteString(l.string_value);
      case K::kBytes: return "bytes " + QuoteBytes(l.string_value);
    }
    return "literal";
  }

  void Body(const BodyItem& b) {
    if (auto* x = std::get_if<LetItem>(&b.node)) {
      Open("let " + x->name.text, b.range);
      if (x->value) Expr(*x->value);
      Close();
    } else if (auto* x = std::get_if<EachItem>(&b.node)) {
      Open("each " + x->var.text + (x->braced ? " braced" : ""), b.range);
      if (x->range_expr) Expr(*x->range_expr);
      for (const BodyItem& c : x->body) Body(c);
      Close();
    } else if (auto* x = std::get_if<RuleItem>(&b.node)) {
      Open(std::string("rule ") + ActionName(x->action) + (x->name ? " " + x->name->text : ""), b.range);
      if (x->condition) { Open("if", x->condition->range); Expr(*x->condition); Close(); }
      if (x->message) { Open("message", x->message->range); Expr(*x->message); Close(); }
      Close();
    } else if (auto* x = std::get_if<NetworkRuleItem>(&b.node)) {
      Open(std::string(DirectionName(x->direction)) + " " + ActionName(x->action) +
               (x->name ? " " + x->name->text : ""), b.range);
      for (const Peer& p : x->peers) {
        Open("peer " + p.kind.text + (p.has_parens ? "()" : ""), p.range);
        for (const PeerArg& a : p.args) {
          if (a.key) Line("key " + (a.key_quoted ? QuoteString(a.key->text) : a.key->text));
          if (a.value) Expr(*a.value);
        }
        Close();
      }
      for (const PortSpec& p : x->ports) {
        Line("(port " + std::to_string(p.low) + "-" + std::to_string(p.high) +
             (p.protocol ? "/" + p.protocol->text : "") + " " + Range(p.range) + ")");
      }
      if (x->condition) { Open("if", x->condition->range); Expr(*x->condition); Close(); }
      if (x->message) { Open("message", x->message->range); Expr(*x->message); Close(); }
      Close();
    }
  }

  std::string Run(const File& f) {
    Open("file" + (f.package ? " package=" + f.package->name.ToString() : std::string()),
         f.package ? f.package->range : source::SourceRange{});
    for (const ImportDecl& i : f.imports) {
      Line("(import " + i.name.ToString() + (i.alias ? " as " + i.alias->text : "") + " " +
           Range(i.range) + ")");
    }
    for (const Declaration& d : f.decls) {
      if (auto* c = std::get_if<ConstDecl>(&d.node)) {
        Open("const " + c->name.text, d.range);
        if (c->value) Expr(*c->value);
        Close();
      } else if (auto* h = std::get_if<DefDecl>(&d.node)) {
        std::string head = "def " + h->name.text + "(";
        for (size_t i = 0; i < h->params.size(); ++i) {
          head += (i ? ", " : "") + h->params[i].name.text + ": " + TypeText(h->params[i].type);
        }
        head += ")";
        if (h->result) head += ": " + TypeText(*h->result);
        Open(head, d.range);
        if (h->body) Expr(*h->body);
        Close();
      } else if (auto* p = std::get_if<PolicyDecl>(&d.node)) {
        Open("policy " + p->kind.text + " " + p->name.text, d.range);
        for (const ast::Clause& c : p->clauses) Clause(c);
        Close();
      } else if (auto* t = std::get_if<TestDecl>(&d.node)) {
        Open("test " + QuoteString(t->name), d.range);
        for (const TestStmt& s : t->stmts) {
          if (auto* in = std::get_if<TestInput>(&s.node)) {
            Open("input " + in->kind.text, s.range);
            if (in->value) Expr(*in->value);
            Close();
          } else if (auto* da = std::get_if<TestData>(&s.node)) {
            Open("data " + da->kind.text, s.range);
            if (da->value) Expr(*da->value);
            Close();
          } else if (auto* ex = std::get_if<TestExpect>(&s.node)) {
            std::string head = "expect " + ex->verdict.text;
            for (const QualifiedName& q : ex->policies) head += " " + q.ToString();
            Line("(" + head + " " + Range(s.range) + ")");
          }
        }
        Close();
      }
    }
    Line("(comments " + std::to_string(f.comments.size()) + ")");
    Close();
    return out_;
  }

  void Clause(const ast::Clause& c) {
    if (auto* x = std::get_if<SeverityClause>(&c.node)) Line("(severity " + x->level.text + " " + Range(c.range) + ")");
    else if (auto* x = std::get_if<ModeClause>(&c.node)) Line("(mode " + x->value.text + " " + Range(c.range) + ")");
    else if (auto* x = std::get_if<OnErrorClause>(&c.node)) Line("(on-error " + x->value.text + " " + Range(c.range) + ")");
    else if (auto* x = std::get_if<OnClause>(&c.node)) {
      std::string kinds;
      for (const Name& k : x->kinds) kinds += " " + k.text;
      Line("(on" + kinds + " " + Range(c.range) + ")");
    } else if (auto* x = std::get_if<DescriptionClause>(&c.node)) {
      Line("(description " + QuoteString(x->text) + " " + Range(c.range) + ")");
    } else if (auto* x = std::get_if<ScopeClause>(&c.node)) {
      Open(ScopeKindName(x->kind), c.range);
      if (x->expr) Expr(*x->expr);
      Close();
    } else if (auto* x = std::get_if<DefaultClause>(&c.node)) {
      Line(std::string("(default ") + DirectionName(x->direction) + " " + ActionName(x->action) +
           " " + Range(c.range) + ")");
    } else if (auto* x = std::get_if<BodyItem>(&c.node)) {
      Body(*x);
    }
  }

  static std::string TypeText(const TypeRef& t) {
    std::string s = t.name.ToString();
    if (t.args.empty()) return s;
    s += "(";
    for (size_t i = 0; i < t.args.size(); ++i) s += (i ? ", " : "") + TypeText(t.args[i]);
    return s + ")";
  }

  std::string out() const { return out_; }

 private:
  const source::SourceManager& sources_;
  std::string out_;
  int depth_ = 0;
};

}  // namespace

std::string DumpFile(const File& file, const source::SourceManager& sources) {
  return Dumper(sources).Run(file);
}

std::string DumpExpr(const Expr& e, const source::SourceManager& sources) {
  Dumper d(sources);
  d.Expr(e);
  return d.out();
}

}  // namespace rampart::ast
