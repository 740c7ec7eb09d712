// Declaration half of the printer, and comment placement for `rampart fmt`.
//
// Comments are re-attached by position: before printing an item (declaration, clause, rule,
// test statement) every comment that starts before it is printed on its own lines; a
// comment on the same source line right after an item stays at the end of that line.

#include "compiler/ast/printer.h"

#include <algorithm>

#include "compiler/ast/expr_printer.h"

namespace rampart::ast {
namespace {

class FilePrinter {
 public:
  FilePrinter(const File& file, const FormatOptions& options)
      : file_(file), text_(options.source_text) {
    if (!text_.empty() && options.keep_comments) comments_ = &file.comments;
    cursor_.comments = comments_;
    cursor_.text = text_;
  }

  std::string Run() {
    bool first = true;
    uint32_t prev_end = 0;
    if (file_.package) {
      Leading(file_.package->range.begin, prev_end, first);
      Line("package " + file_.package->name.ToString());
      prev_end = Trailing(file_.package->range.end);
      first = false;
    }
    bool first_import = true;
    for (const ImportDecl& imp : file_.imports) {
      if (first_import && !first) out_ += "\n";
      Leading(imp.range.begin, prev_end, first || first_import);
      std::string line = "import " + imp.name.ToString();
      if (imp.alias) line += " as " + imp.alias->text;
      Line(line);
      prev_end = Trailing(imp.range.end);
      first = false;
      first_import = false;
    }
    const Declaration* prev = nullptr;
    for (const Declaration& d : file_.decls) {
      if (!first && NeedsBlankLine(prev, d, prev_end)) out_ += "\n";
      Leading(d.range.begin, prev_end, true);
      PrintDecl(d);
      prev_end = Trailing(d.range.end);
      prev = &d;
      first = false;
    }
    FlushRemaining(first, prev_end);
    return out_;
  }

 private:
  // Always a blank line around policies, tests and helpers; between consts as in the source.
  bool NeedsBlankLine(const Declaration* prev, const Declaration& d, uint32_t prev_end) {
    if (prev == nullptr) return true;
    bool both_const = std::holds_alternative<ConstDecl>(prev->node) &&
                      std::holds_alternative<ConstDecl>(d.node);
    if (!both_const) return true;
    return BlankLineBetween(prev_end, FirstCommentOr(d.range.begin));
  }

  void PrintDecl(const Declaration& d) {
    if (auto* c = std::get_if<ConstDecl>(&d.node)) {
      std::string head = "const " + c->name.text + " = ";
      Line(head + Expr(*c->value, head.size()));
    } else if (auto* f = std::get_if<DefDecl>(&d.node)) {
      std::string head = "def " + f->name.text + "(";
      for (size_t i = 0; i < f->params.size(); ++i) {
        if (i > 0) head += ", ";
        head += f->params[i].name.text + ": " + Type(f->params[i].type);
      }
      head += ")";
      if (f->result) head += ": " + Type(*f->result);
      head += " = ";
      Line(head + Expr(*f->body, head.size()));
    } else if (auto* p = std::get_if<PolicyDecl>(&d.node)) {
      Line(p->kind.text + " policy " + p->name.text + " {");
      ++depth_;
      uint32_t prev_end = p->name.range.end;
      bool first = true;
      for (const Clause& c : p->clauses) {
        Leading(c.range.begin, prev_end, first);
        PrintClause(c);
        prev_end = Trailing(c.range.end);
        first = false;
      }
      FlushBefore(d.range.end, prev_end, first);
      --depth_;
      Line("}");
    } else if (auto* t = std::get_if<TestDecl>(&d.node)) {
      Line("test " + (t->name_spelling.empty() ? QuoteString(t->name) : t->name_spelling) + " {");
      ++depth_;
      uint32_t prev_end = t->name_range.end;
      bool first = true;
      for (const TestStmt& s : t->stmts) {
        Leading(s.range.begin, prev_end, first);
        if (auto* in = std::get_if<TestInput>(&s.node)) {
          std::string head = "input " + in->kind.text + " ";
          Line(head + Expr(*in->value, head.size()));
        } else if (auto* da = std::get_if<TestData>(&s.node)) {
          std::string head = "data " + da->kind.text + " ";
          Line(head + Expr(*da->value, head.size()));
        } else {
          auto& ex = std::get<TestExpect>(s.node);
          std::string line = "expect " + ex.verdict.text;
          for (size_t i = 0; i < ex.policies.size(); ++i) {
            line += (i == 0 ? " " : ", ") + ex.policies[i].ToString();
          }
          Line(line);
        }
        prev_end = Trailing(s.range.end);
        first = false;
      }
      FlushBefore(d.range.end, prev_end, first);
      --depth_;
      Line("}");
    }
  }

  void PrintClause(const Clause& c) {
    if (auto* x = std::get_if<SeverityClause>(&c.node)) {
      Line("severity " + x->level.text);
    } else if (auto* x = std::get_if<ModeClause>(&c.node)) {
      Line("mode " + x->value.text);
    } else if (auto* x = std::get_if<OnErrorClause>(&c.node)) {
      Line("on error " + x->value.text);
    } else if (auto* x = std::get_if<OnClause>(&c.node)) {
      std::string line = "on ";
      for (size_t i = 0; i < x->kinds.size(); ++i) line += (i ? ", " : "") + x->kinds[i].text;
      Line(line);
    } else if (auto* x = std::get_if<DescriptionClause>(&c.node)) {
      Line("description " + (x->spelling.empty() ? QuoteString(x->text) : x->spelling));
    } else if (auto* x = std::get_if<ScopeClause>(&c.node)) {
      std::string head = std::string(ScopeKindName(x->kind)) + " ";
      Line(head + Expr(*x->expr, head.size()));
    } else if (auto* x = std::get_if<DefaultClause>(&c.node)) {
      std::string line = "default ";
      if (x->direction != Direction::kAny) line += std::string(DirectionName(x->direction)) + " ";
      Line(line + ActionName(x->action));
    } else if (auto* x = std::get_if<BodyItem>(&c.node)) {
      PrintBodyItem(*x);
    }
  }

  void PrintBodyItem(const BodyItem& item) {
    if (auto* x = std::get_if<LetItem>(&item.node)) {
      std::string head = "let " + x->name.text + " = ";
      Line(head + Expr(*x->value, head.size()));
    } else if (auto* x = std::get_if<EachItem>(&item.node)) {
      std::string head = "each " + x->var.text + " in ";
      std::string line = head + Expr(*x->range_expr, head.size());
      if (x->braced || x->body.size() != 1) {
        Line(line + " {");
        ++depth_;
        uint32_t prev_end = x->range_expr ? x->range_expr->range.end : item.range.begin;
        bool first = true;
        for (const BodyItem& b : x->body) {
          Leading(b.range.begin, prev_end, first);
          PrintBodyItem(b);
          prev_end = Trailing(b.range.end);
          first = false;
        }
        FlushBefore(item.range.end, prev_end, first);
        --depth_;
        Line("}");
      } else {
        Line(line);
        ++depth_;
        Leading(x->body[0].range.begin, item.range.begin, true);
        PrintBodyItem(x->body[0]);
        --depth_;
      }
    } else if (auto* x = std::get_if<RuleItem>(&item.node)) {
      std::string line = ActionName(x->action);
      if (x->name) line += " " + x->name->text;
      if (x->condition) {
        line += " if ";
        line += Expr(*x->condition, line.size());
      }
      Line(line);
      if (x->message) MessageLine(x->condition ? x->condition->range.end : x->action_range.end, *x->message);
    } else if (auto* x = std::get_if<NetworkRuleItem>(&item.node)) {
      std::string line = std::string(DirectionName(x->direction)) + " " + ActionName(x->action);
      if (x->name) line += " " + x->name->text;
      if (!x->peers.empty()) {
        line += x->direction == Direction::kIngress ? " from " : " to ";
        for (size_t i = 0; i < x->peers.size(); ++i) {
          if (i > 0) line += ", ";
          line += PeerText(x->peers[i]);
        }
      }
      if (!x->ports.empty()) {
        line += " port ";
        for (size_t i = 0; i < x->ports.size(); ++i) {
          const PortSpec& p = x->ports[i];
          if (i > 0) line += ", ";
          line += std::to_string(p.low);
          if (p.high != p.low) line += "-" + std::to_string(p.high);
          if (p.protocol) line += "/" + p.protocol->text;
        }
      }
      if (x->condition) {
        line += " if ";
        line += Expr(*x->condition, line.size());
      }
      Line(line);
      if (x->message) {
        uint32_t end = x->condition ? x->condition->range.end : x->action_range.end;
        if (!x->ports.empty()) end = std::max(end, x->ports.back().range.end);
        if (!x->peers.empty()) end = std::max(end, x->peers.back().range.end);
        MessageLine(end, *x->message);
      }
    }
  }

  std::string PeerText(const Peer& p) {
    std::string s = p.kind.text;
    if (!p.has_parens) return s;
    s += "(";
    for (size_t i = 0; i < p.args.size(); ++i) {
      const PeerArg& a = p.args[i];
      if (i > 0) s += ", ";
      if (a.key) s += (a.key_quoted ? a.key_spelling : a.key->text) + ": ";
      s += ExprPrinter(Indent(), false, &cursor_).Print(*a.value, 0);
    }
    return s + ")";
  }

  // A `message ...` line under a rule, indented one more step. Comments after the condition
  // stay on its line or above the message.
  void MessageLine(uint32_t rule_head_end, const ast::Expr& e) {
    uint32_t prev = Trailing(rule_head_end);
    ++depth_;
    Leading(e.range.begin, prev, true);
    Line("message " + Expr(e, 8));
    --depth_;
  }

  std::string Type(const TypeRef& t) {
    std::string s = t.name.ToString();
    if (t.args.empty()) return s;
    s += "(";
    for (size_t i = 0; i < t.args.size(); ++i) s += (i ? ", " : "") + Type(t.args[i]);
    return s + ")";
  }

  // Prints `e` that starts `offset` characters into the current (indented) line.
  std::string Expr(const ast::Expr& e, size_t offset) {
    return ExprPrinter(Indent(), false, &cursor_).Print(e, static_cast<int>(Indent() + offset));
  }

  int Indent() const { return depth_ * 2; }
  void Line(const std::string& s) { out_ += std::string(Indent(), ' ') + s + "\n"; }

  // ---- comments and blank lines

  bool HasComments() const { return comments_ != nullptr && next_ < comments_->size(); }

  uint32_t FirstCommentOr(uint32_t offset) const {
    if (HasComments() && (*comments_)[next_].range.begin < offset) {
      return (*comments_)[next_].range.begin;
    }
    return offset;
  }

  bool BlankLineBetween(uint32_t a, uint32_t b) const {
    if (text_.empty() || a >= b || b > text_.size()) return false;
    int newlines = 0;
    for (uint32_t i = a; i < b; ++i) {
      if (text_[i] == '\n' && ++newlines >= 2) return true;
    }
    return false;
  }

  // Comments before `offset`, then (unless `first` in its block) one blank line if the source
  // had one between the previous item and this one.
  void Leading(uint32_t offset, uint32_t prev_end, bool first) {
    uint32_t cursor = prev_end;
    bool at_start = first;
    while (HasComments() && (*comments_)[next_].range.begin < offset) {
      const Comment& c = (*comments_)[next_++];
      if (!at_start && BlankLineBetween(cursor, c.range.begin)) out_ += "\n";
      Line(c.text);
      cursor = c.range.end;
      at_start = false;
    }
    if (!at_start && BlankLineBetween(cursor, offset)) out_ += "\n";
  }

  // Comments left inside a block before its closing brace at `end`.
  void FlushBefore(uint32_t end, uint32_t prev_end, bool first) {
    uint32_t cursor = prev_end;
    bool at_start = first;
    while (HasComments() && (*comments_)[next_].range.begin < end) {
      const Comment& c = (*comments_)[next_++];
      if (!at_start && BlankLineBetween(cursor, c.range.begin)) out_ += "\n";
      Line(c.text);
      cursor = c.range.end;
      at_start = false;
    }
  }

  void FlushRemaining(bool first, uint32_t prev_end) {
    bool at_start = first;
    uint32_t cursor = prev_end;
    while (HasComments()) {
      const Comment& c = (*comments_)[next_++];
      if (!at_start && BlankLineBetween(cursor, c.range.begin)) out_ += "\n";
      Line(c.text);
      cursor = c.range.end;
      at_start = false;
    }
  }

  // A comment on the same source line right after an item ends that line. Returns the offset
  // after which the next item's blank-line check starts.
  uint32_t Trailing(uint32_t end) {
    if (!HasComments()) return end;
    const Comment& c = (*comments_)[next_];
    if (c.range.begin < end) return end;  // inside the item: printed before the next one
    // Only whitespace may separate the item and its comment: with another item between them
    // (several items on one line), the comment belongs to that one.
    for (uint32_t i = end; i < c.range.begin && i < text_.size(); ++i) {
      if (text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\r') return end;
    }
    if (!out_.empty() && out_.back() == '\n') out_.pop_back();
    out_ += "  " + c.text + "\n";
    ++next_;
    return c.range.end;
  }

  const File& file_;
  std::string_view text_;
  const std::vector<Comment>* comments_ = nullptr;
  CommentCursor cursor_;
  size_t& next_ = cursor_.next;
  int depth_ = 0;
  std::string out_;
};

}  // namespace

std::string PrintExpr(const Expr& e) { return ExprPrinter(0).Print(e, 0); }

std::string PrintFile(const File& file, const FormatOptions& options) {
  return FilePrinter(file, options).Run();
}

}  // namespace rampart::ast
