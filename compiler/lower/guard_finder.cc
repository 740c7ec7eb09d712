#include "compiler/lower/guard_finder.h"

#include <algorithm>
#include <deque>
#include <map>
#include <vector>

namespace rampart::lower {
namespace {

using check::Reference;

// What the locals an expression reads stand for: a policy's `let`s, or a helper's
// parameters (each its argument, where the call was written).
struct Bindings;

// An expression where it was written: the file whose checker results describe it, what its
// locals stand for, and how many helper calls deep it was reached.
struct Node {
  const ast::Expr* expr = nullptr;
  source::FileId file = source::kNoFile;
  const Bindings* bindings = nullptr;
  int helpers = 0;

  Node Child(const ast::Expr& e) const { return {&e, file, bindings, helpers}; }
};

struct Bindings {
  std::map<std::string, Node> names;
};

// A guard candidate and how selective it is (lower is better).
struct Candidate {
  ir::Guard guard;
  int rank = 0;  // 0 string equality/membership, 1 prefix/suffix, 2 integer equality, 3 regex
  size_t values = 0;
};

// Names followed in a row before the finder gives up on an operand: definitions are
// acyclic (a `let` sees only earlier ones, helpers cannot recurse), so this only bounds work.
constexpr int kMaxNamesFollowed = 64;

class Finder {
 public:
  Finder(const check::CheckedProgram& checked, const GuardNaming& naming)
      : checked_(checked), naming_(naming) {}

  std::vector<ir::Guard> Run(const ast::Expr& condition, source::FileId file, const LetDefinitions* lets) {
    Bindings& top = storage_.emplace_back();
    if (lets != nullptr) {
      for (const auto& [name, expr] : *lets) top.names[name] = Node{expr, file, &top, 0};
    }
    std::vector<Node> operands;
    Flatten(Node{&condition, file, &top, 0}, 0, operands);
    std::vector<Candidate> found;
    for (const Node& e : operands) {
      if (std::optional<Candidate> c = Recognise(e)) found.push_back(std::move(*c));
      if (extra_) found.push_back(std::move(*extra_));  // a glob's second literal end
      extra_.reset();
    }
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
      return a.rank != b.rank ? a.rank < b.rank : a.values < b.values;
    });
    std::vector<ir::Guard> out;
    for (Candidate& c : found) {
      if (out.size() == kMaxGuards) break;
      out.push_back(std::move(c.guard));
    }
    return out;
  }

 private:
  // The operands of the `&&` chain `n` is, through names that stand for `&&` chains and
  // through helper calls.
  void Flatten(const Node& n, int followed, std::vector<Node>& out) {
    const ast::Expr& e = *n.expr;
    if (auto* b = e.as<ast::Binary>(); b != nullptr && b->op == ast::BinaryOp::kAnd) {
      Flatten(n.Child(*b->lhs), followed, out);
      Flatten(n.Child(*b->rhs), followed, out);
      return;
    }
    if (followed < kMaxNamesFollowed) {
      if (std::optional<Node> bound = Bound(n)) return Flatten(*bound, followed + 1, out);
      if (std::optional<Node> body = Inlined(n)) return Flatten(*body, followed + 1, out);
    }
    out.push_back(n);
  }

  const Reference* Ref(const Node& n) const { return checked_.ReferenceOf(n.file, n.expr->id); }

  // What a local (`let`, helper parameter) stands for; nothing for any other expression.
  std::optional<Node> Bound(const Node& n) const {
    auto* id = n.expr->as<ast::Ident>();
    if (id == nullptr || n.bindings == nullptr) return std::nullopt;
    const Reference* ref = Ref(n);
    if (ref == nullptr || ref->kind != Reference::Kind::kLocal) return std::nullopt;
    auto it = n.bindings->names.find(id->name);
    if (it == n.bindings->names.end()) return std::nullopt;
    return it->second;
  }

  // A helper call as its body, the parameters bound to the arguments.
  std::optional<Node> Inlined(const Node& n) {
    auto* call = n.expr->as<ast::Call>();
    if (call == nullptr || n.helpers >= kMaxHelperDepth || !naming_.helper) return std::nullopt;
    const Reference* ref = Ref(n);
    if (ref == nullptr || ref->kind != Reference::Kind::kHelper) return std::nullopt;
    HelperDefinition def = naming_.helper(ref->name);
    if (def.decl == nullptr || !def.decl->body || def.decl->params.size() != call->args.size()) return std::nullopt;
    Bindings& params = storage_.emplace_back();
    for (size_t i = 0; i < call->args.size(); ++i) params.names[def.decl->params[i].name.text] = n.Child(*call->args[i]);
    return Node{def.decl->body.get(), def.file, &params, n.helpers + 1};
  }

  // `n` with the names it is followed through: what a local finally stands for.
  Node Resolve(Node n) const {
    for (int i = 0; i < kMaxNamesFollowed; ++i) {
      std::optional<Node> bound = Bound(n);
      if (!bound) break;
      n = *bound;
    }
    return n;
  }

  bool Resolves(const Node& n, const char* overload) const {
    const Reference* ref = Ref(n);
    return ref != nullptr && ref->kind == Reference::Kind::kFunction && ref->overload_ids.size() == 1 &&
           ref->overload_ids[0] == overload;
  }

  const std::string* StringLiteral(const Node& n) const {
    auto* l = Resolve(n).expr->as<ast::Literal>();
    return l != nullptr && l->kind == ast::Literal::Kind::kString ? &l->string_value : nullptr;
  }

  // `input.field.field["key"]` → the guard's input and path; false for anything else. Locals
  // on the way are read through (`p.name` where `p` stands for `proc.parent`).
  bool Path(const Node& e, ir::Guard* g) const {
    std::vector<std::string> names;
    Node cur = e;
    for (int followed = 0;;) {
      if (auto* s = cur.expr->as<ast::Select>()) {
        const Reference* ref = Ref(cur);
        if (ref != nullptr) return false;  // a qualified name (type or constant), not a field
        names.push_back(s->field);
        cur = cur.Child(*s->operand);
      } else if (auto* ix = cur.expr->as<ast::Index>()) {
        const std::string* key = StringLiteral(cur.Child(*ix->index));
        if (key == nullptr) return false;
        names.push_back(*key);
        cur = cur.Child(*ix->operand);
      } else if (auto* id = cur.expr->as<ast::Ident>()) {
        const Reference* ref = Ref(cur);
        if (ref != nullptr && ref->kind == Reference::Kind::kLocal) {
          std::optional<Node> bound = Bound(cur);
          if (!bound || ++followed > kMaxNamesFollowed) return false;
          cur = *bound;
          continue;
        }
        if (ref == nullptr || ref->kind != Reference::Kind::kInputVariable) return false;
        g->input = naming_.input(!ref->name.empty() ? ref->name : id->name);
        break;
      } else {
        return false;
      }
    }
    if (names.empty()) {  // a plain input variable (`path`): it is its own field
      g->path.clear();
      return true;
    }
    std::reverse(names.begin(), names.end());
    for (const std::string& n : names) g->path.push_back(naming_.string(n));
    return true;
  }

  std::optional<Candidate> Recognise(const Node& n) {
    const ast::Expr& e = *n.expr;
    Candidate c;
    if (auto* b = e.as<ast::Binary>()) {
      if (b->op == ast::BinaryOp::kEq && Resolves(n, "equals")) {
        // A string or an integer constant: `proc.name == "nc"`, `proc.uid == 0`.
        bool integer = false;
        auto constant = [&](const ast::Expr& x) -> std::optional<uint32_t> {
          if (const std::string* text = StringLiteral(n.Child(x))) return naming_.string_const(*text);
          auto* l = Resolve(n.Child(x)).expr->as<ast::Literal>();
          if (l == nullptr || l->kind != ast::Literal::Kind::kInt) return std::nullopt;
          integer = true;
          return naming_.int_const(l->int_value);
        };
        const ast::Expr* field = b->lhs.get();
        std::optional<uint32_t> value = constant(*b->rhs);
        if (!value) {
          field = b->rhs.get();
          value = constant(*b->lhs);
        }
        if (!value || !Path(n.Child(*field), &c.guard)) return std::nullopt;
        c.guard.kind = ir::Guard::Kind::kEquals;
        c.guard.values.push_back(*value);
        c.values = 1;
        // Integer fields (uids, ports) take few values, so many inputs share each: last.
        if (integer) c.rank = 2;
        return c;
      }
      if (b->op == ast::BinaryOp::kIn && Resolves(n, "in_list")) {
        if (!Path(n.Child(*b->lhs), &c.guard)) return std::nullopt;
        c.guard.kind = ir::Guard::Kind::kIn;
        const Node rhs = Resolve(n.Child(*b->rhs));
        const Reference* list = Ref(rhs);
        if (list != nullptr && list->kind == Reference::Kind::kConst && rhs.expr->is<ast::Ident>()) {
          c.guard.list = naming_.const_global(list->name);
          c.values = naming_.const_list_size(list->name);
          if (c.values == 0) c.values = 64;  // unknown size: after the lists we can count
          return c;
        }
        if (auto* l = rhs.expr->as<ast::ListLiteral>()) {
          for (const ast::ExprPtr& x : l->elements) {
            auto* literal = x->as<ast::Literal>();
            if (literal == nullptr || literal->kind != ast::Literal::Kind::kString) return std::nullopt;
          }
          c.guard.list = naming_.literal_global(*rhs.expr, rhs.file);
          c.values = l->elements.size();
          return c;
        }
        return std::nullopt;
      }
      return std::nullopt;
    }
    if (auto* call = e.as<ast::Call>()) {
      enum Form { kStarts, kEnds, kGlob, kRegex };
      // The calls that compare a field with a literal pattern: method `field.f(pattern)`, or
      // function `f(field, pattern)`.
      struct Shape {
        const char* overload;
        bool method;
        Form form;
      };
      static const Shape kShapes[] = {
          {"starts_with_string", true, kStarts}, {"ends_with_string", true, kEnds},
          {"glob", true, kGlob},                 {"glob_global", false, kGlob},
          {"matches_string", true, kRegex},      {"matches", false, kRegex},
      };
      const Shape* shape = nullptr;
      for (const Shape& candidate : kShapes) {
        const size_t args = candidate.method ? 1 : 2;
        if ((call->target != nullptr) == candidate.method && call->args.size() == args &&
            Resolves(n, candidate.overload)) {
          shape = &candidate;
          break;
        }
      }
      if (shape == nullptr) return std::nullopt;
      const Form form = shape->form;
      const ast::Expr* field = shape->method ? call->target.get() : call->args[0].get();
      const ast::Expr* pattern = shape->method ? call->args[0].get() : call->args[1].get();
      const std::string* text = StringLiteral(n.Child(*pattern));
      if (text == nullptr || !Path(n.Child(*field), &c.guard)) return std::nullopt;
      c.rank = 1;
      c.values = 1;
      if (form == kRegex) {
        // Last resort: a regex set costs more than a table probe. `matches` fails on a
        // pattern RE2 rejects; the index compiles each pattern and drops those that fail.
        if (text->empty()) return std::nullopt;  // always true
        c.guard.kind = ir::Guard::Kind::kMatches;
        c.guard.values.push_back(naming_.string_const(*text));
        c.rank = 3;
        return c;
      }
      if (form == kStarts || form == kEnds) {
        if (text->empty()) return std::nullopt;  // always true
        c.guard.kind = form == kStarts ? ir::Guard::Kind::kPrefix : ir::Guard::Kind::kSuffix;
        c.guard.values.push_back(naming_.string_const(*text));
        return c;
      }
      // Only patterns that always compile: `[` and `\` are the glob's error sources. A match
      // starts with the text before the first `*`/`?` and ends with the text after the last
      // (less a leading '/', which `**/` may have consumed).
      if (text->find_first_of("[\\") != std::string::npos) return std::nullopt;
      const size_t first = text->find_first_of("*?");
      if (first == std::string::npos) {  // no wildcard: the glob is equality
        c.guard.kind = ir::Guard::Kind::kEquals;
        c.guard.values.push_back(naming_.string_const(*text));
        c.rank = 0;
        return c;
      }
      std::string prefix = text->substr(0, first);
      std::string suffix = text->substr(text->find_last_of("*?") + 1);
      if (!suffix.empty() && suffix[0] == '/') suffix.erase(0, 1);
      // Both ends are necessary: a guard each (the longer first, likely the more selective).
      std::vector<Candidate> ends;
      for (bool is_prefix : {true, false}) {
        const std::string& literal = is_prefix ? prefix : suffix;
        if (literal.empty()) continue;
        Candidate end = c;
        end.guard.kind = is_prefix ? ir::Guard::Kind::kPrefix : ir::Guard::Kind::kSuffix;
        end.guard.values.push_back(naming_.string_const(literal));
        end.values = literal.size() >= (is_prefix ? suffix : prefix).size() ? 1 : 2;
        ends.push_back(std::move(end));
      }
      if (ends.empty()) return std::nullopt;
      std::sort(ends.begin(), ends.end(), [](const Candidate& a, const Candidate& b) { return a.values < b.values; });
      if (ends.size() == 2) extra_ = std::move(ends[1]);
      return std::move(ends[0]);
    }
    return std::nullopt;
  }

  const check::CheckedProgram& checked_;
  const GuardNaming& naming_;
  std::deque<Bindings> storage_;    // every Bindings made, at stable addresses
  std::optional<Candidate> extra_;  // set by Recognise when an operand gives two guards
};

}  // namespace

std::vector<ir::Guard> FindGuards(const ast::Expr& condition, source::FileId file,
                                  const check::CheckedProgram& checked, const GuardNaming& naming,
                                  const LetDefinitions* lets) {
  return Finder(checked, naming).Run(condition, file, lets);
}

}  // namespace rampart::lower
