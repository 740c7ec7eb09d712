#include "compiler/lower/guard_finder.h"

#include <algorithm>
#include <vector>

namespace rampart::lower {
namespace {

using check::Reference;

// A guard candidate and how selective it is (lower is better).
struct Candidate {
  ir::Guard guard;
  int rank = 0;  // 0 string equality/membership, 1 prefix/suffix, 2 integer equality, 3 regex
  size_t values = 0;
};

class Finder {
 public:
  Finder(source::FileId file, const check::CheckedProgram& checked, const GuardNaming& naming)
      : file_(file), checked_(checked), naming_(naming) {}

  std::vector<ir::Guard> Run(const ast::Expr& condition) {
    std::vector<const ast::Expr*> operands;
    Flatten(condition, operands);
    std::vector<Candidate> found;
    for (const ast::Expr* e : operands) {
      if (std::optional<Candidate> c = Recognise(*e)) found.push_back(std::move(*c));
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
  static void Flatten(const ast::Expr& e, std::vector<const ast::Expr*>& out) {
    if (auto* b = e.as<ast::Binary>(); b != nullptr && b->op == ast::BinaryOp::kAnd) {
      Flatten(*b->lhs, out);
      Flatten(*b->rhs, out);
      return;
    }
    out.push_back(&e);
  }

  const Reference* Ref(const ast::Expr& e) const { return checked_.ReferenceOf(file_, e.id); }

  bool Resolves(const ast::Expr& e, const char* overload) const {
    const Reference* ref = Ref(e);
    return ref != nullptr && ref->kind == Reference::Kind::kFunction && ref->overload_ids.size() == 1 &&
           ref->overload_ids[0] == overload;
  }

  static const std::string* StringLiteral(const ast::Expr& e) {
    auto* l = e.as<ast::Literal>();
    return l != nullptr && l->kind == ast::Literal::Kind::kString ? &l->string_value : nullptr;
  }

  // `input.field.field["key"]` → the guard's input and path; false for anything else.
  bool Path(const ast::Expr& e, ir::Guard* g) const {
    std::vector<std::string> names;
    const ast::Expr* cur = &e;
    while (true) {
      if (auto* s = cur->as<ast::Select>()) {
        const Reference* ref = Ref(*cur);
        if (ref != nullptr) return false;  // a qualified name (type or constant), not a field
        names.push_back(s->field);
        cur = s->operand.get();
      } else if (auto* ix = cur->as<ast::Index>()) {
        const std::string* key = StringLiteral(*ix->index);
        if (key == nullptr) return false;
        names.push_back(*key);
        cur = ix->operand.get();
      } else if (auto* id = cur->as<ast::Ident>()) {
        const Reference* ref = Ref(*cur);
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

  std::optional<Candidate> Recognise(const ast::Expr& e) {
    Candidate c;
    if (auto* b = e.as<ast::Binary>()) {
      if (b->op == ast::BinaryOp::kEq && Resolves(e, "equals")) {
        // A string or an integer constant: `proc.name == "nc"`, `proc.uid == 0`.
        bool integer = false;
        auto constant = [&](const ast::Expr& x) -> std::optional<uint32_t> {
          if (const std::string* text = StringLiteral(x)) return naming_.string_const(*text);
          auto* l = x.as<ast::Literal>();
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
        if (!value || !Path(*field, &c.guard)) return std::nullopt;
        c.guard.kind = ir::Guard::Kind::kEquals;
        c.guard.values.push_back(*value);
        c.values = 1;
        // Integer fields (uids, ports) take few values, so many inputs share each: last.
        if (integer) c.rank = 2;
        return c;
      }
      if (b->op == ast::BinaryOp::kIn && Resolves(e, "in_list")) {
        if (!Path(*b->lhs, &c.guard)) return std::nullopt;
        c.guard.kind = ir::Guard::Kind::kIn;
        const Reference* list = Ref(*b->rhs);
        if (list != nullptr && list->kind == Reference::Kind::kConst && b->rhs->is<ast::Ident>()) {
          c.guard.list = naming_.const_global(list->name);
          c.values = naming_.const_list_size(list->name);
          if (c.values == 0) c.values = 64;  // unknown size: after the lists we can count
          return c;
        }
        if (auto* l = b->rhs->as<ast::ListLiteral>()) {
          for (const ast::ExprPtr& x : l->elements) {
            if (StringLiteral(*x) == nullptr) return std::nullopt;
          }
          c.guard.list = naming_.literal_global(*b->rhs);
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
            Resolves(e, candidate.overload)) {
          shape = &candidate;
          break;
        }
      }
      if (shape == nullptr) return std::nullopt;
      const Form form = shape->form;
      const ast::Expr* field = shape->method ? call->target.get() : call->args[0].get();
      const ast::Expr* pattern = shape->method ? call->args[0].get() : call->args[1].get();
      const std::string* text = StringLiteral(*pattern);
      if (text == nullptr || !Path(*field, &c.guard)) return std::nullopt;
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

  source::FileId file_;
  const check::CheckedProgram& checked_;
  const GuardNaming& naming_;
  std::optional<Candidate> extra_;  // set by Recognise when an operand gives two guards
};

}  // namespace

std::vector<ir::Guard> FindGuards(const ast::Expr& condition, source::FileId file,
                                  const check::CheckedProgram& checked, const GuardNaming& naming) {
  return Finder(file, checked, naming).Run(condition);
}

}  // namespace rampart::lower
