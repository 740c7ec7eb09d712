// The program-level checker: packages, names, imports, constants, helpers, policies, tests.
// Expressions are checked by ExprChecker (expr_checker.cc).

#include "compiler/check/checker.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "compiler/check/expr_checker.h"
#include "compiler/check/overloads.h"
#include "compiler/check/policy_checker.h"
#include "compiler/source/suggest.h"

namespace rampart::check {

using source::DidYouMean;
using source::HintOr;

const char* PolicyKindName(PolicyKind k) {
  switch (k) {
    case PolicyKind::kAdmission: return "admission";
    case PolicyKind::kRuntime: return "runtime";
    case PolicyKind::kNetwork: return "network";
  }
  return "?";
}

const Type* CheckedProgram::TypeOf(source::FileId file, ast::NodeId node) const {
  auto it = types_.find(Key(file, node));
  return it == types_.end() ? nullptr : &it->second;
}

const Reference* CheckedProgram::ReferenceOf(source::FileId file, ast::NodeId node) const {
  auto it = references_.find(Key(file, node));
  return it == references_.end() ? nullptr : &it->second;
}

namespace {

enum class State { kUnchecked, kChecking, kDone };

struct ConstInfo {
  const ast::ConstDecl* decl;
  source::FileId file;
  std::string qualified;
  State state = State::kUnchecked;
  Type type = Type::Error();
};

struct HelperInfo {
  const ast::DefDecl* decl;
  source::FileId file;
  std::string qualified;
  State state = State::kUnchecked;
  HelperSignature signature;
  bool signature_ready = false;
};

struct PackageInfo {
  std::string name;
  std::vector<const ast::File*> files;
  std::map<std::string, ConstInfo> consts;
  std::map<std::string, HelperInfo> helpers;
  std::map<std::string, const ast::PolicyDecl*> policies;
  std::map<std::string, source::SourceRange> first_decl;  // consts and helpers share names
};

}  // namespace

// The whole-program checker; friend of CheckedProgram.
class Checker : public NameEnvironment, public PolicyContext {
 public:
  Checker(const std::vector<const ast::File*>& files, const source::SourceManager& sources,
          const Schema& schema, source::DiagnosticBag& diags, const CheckOptions& options)
      : files_(files), sources_(sources), schema_(schema), diags_(diags), options_(options),
        exprs_(schema, diags, out_, this) {}

  CheckedProgram Run() {
    CollectPackages();
    ResolveImports();
    DetectImportCycles();
    // In source order, so diagnostics (and the per-file error cap) follow the file.
    for (const ast::File* f : files_) {
      PackageInfo& pkg = packages_[PackageName(*f)];
      current_package_ = &pkg;
      for (const ast::Declaration& d : f->decls) {
        if (auto* c = std::get_if<ast::ConstDecl>(&d.node)) {
          auto it = pkg.consts.find(c->name.text);
          if (it != pkg.consts.end() && it->second.decl == c) CheckConst(it->second);
        } else if (auto* h = std::get_if<ast::DefDecl>(&d.node)) {
          auto it = pkg.helpers.find(h->name.text);
          if (it != pkg.helpers.end() && it->second.decl == h) CheckHelper(it->second);
        }
      }
    }
    for (const ast::File* f : files_) {
      current_package_ = &packages_[PackageName(*f)];
      current_file_ = f;
      exprs_.set_file(f->file_id);
      for (const ast::Declaration& d : f->decls) {
        if (auto* p = std::get_if<ast::PolicyDecl>(&d.node)) {
          PolicyInfo info;
          if (CheckPolicy(*p, d.range, f->file_id, current_package_->name, *this, &info)) {
            out_.policies_.push_back(std::move(info));
          }
        }
      }
      for (const ast::Declaration& d : f->decls) {
        if (auto* t = std::get_if<ast::TestDecl>(&d.node)) CheckTest(*t, d.range);
      }
    }
    return std::move(out_);
  }

  // ------------------------------------------------------------ PolicyContext
  ExprChecker& exprs() override { return exprs_; }
  source::DiagnosticBag& diags() override { return diags_; }
  const Schema& schema() override { return schema_; }

  // ---------------------------------------------------------- NameEnvironment
  std::optional<Type> Const(const std::string& package, const std::string& name,
                            std::string* qualified) override {
    PackageInfo* pkg = PackageFor(package);
    if (pkg == nullptr) return std::nullopt;
    auto it = pkg->consts.find(name);
    if (it == pkg->consts.end()) return std::nullopt;
    *qualified = it->second.qualified;
    // Constants are checked on first use so they may appear in any order; a constant that
    // is still being checked refers to itself.
    if (it->second.state == State::kChecking) {
      auto& d = diags_.Error("const-cycle", it->second.decl->name.range,
                             "constant '" + name + "' depends on itself");
      (void)d;
      it->second.state = State::kDone;
      it->second.type = Type::Error();
      return Type::Error();
    }
    if (it->second.state == State::kUnchecked) CheckConst(it->second);
    return it->second.type;
  }

  std::optional<HelperSignature> Helper(const std::string& package,
                                        const std::string& name) override {
    PackageInfo* pkg = PackageFor(package);
    if (pkg == nullptr) return std::nullopt;
    auto it = pkg->helpers.find(name);
    if (it == pkg->helpers.end()) return std::nullopt;
    HelperInfo& h = it->second;
    if (h.state == State::kChecking && !h.signature_ready) {
      diags_.Error("recursive-helper", h.decl->name.range,
                   "helper '" + name + "' calls itself; helpers cannot recurse (evaluation " +
                       "must be bounded): use a macro such as exists() over a list instead");
      h.signature.result = Type::Error();
      h.signature_ready = true;
      return h.signature;
    }
    if (h.state == State::kUnchecked) CheckHelper(h);
    if (h.state == State::kChecking) {
      diags_.Error("recursive-helper", h.decl->name.range,
                   "helper '" + name + "' calls itself; helpers cannot recurse (evaluation " +
                       "must be bounded)");
    }
    return h.signature;
  }

  bool IsImportAlias(const std::string& name) override {
    return current_file_ != nullptr && file_imports_[current_file_].count(name) > 0;
  }

  std::vector<std::string> Names(const std::string& package) override {
    std::vector<std::string> out;
    PackageInfo* pkg = PackageFor(package);
    if (pkg == nullptr) return out;
    for (const auto& [n, c] : pkg->consts) out.push_back(n);
    for (const auto& [n, h] : pkg->helpers) out.push_back(n);
    if (package.empty() && current_file_ != nullptr) {
      for (const auto& [alias, p] : file_imports_[current_file_]) out.push_back(alias);
    }
    return out;
  }

 private:
  static std::string PackageName(const ast::File& f) {
    return f.package ? f.package->name.ToString() : "";
  }

  PackageInfo* PackageFor(const std::string& alias) {
    if (alias.empty()) return current_package_;
    if (current_file_ == nullptr) return nullptr;
    auto& imports = file_imports_[current_file_];
    auto it = imports.find(alias);
    return it == imports.end() ? nullptr : it->second;
  }

  void Duplicate(const std::string& what, const std::string& name, source::SourceRange here,
                 source::SourceRange first) {
    auto& d = diags_.Error("duplicate-name", here,
                           "duplicate " + what + " '" + name + "'; names must be unique in a package");
    d.notes.push_back({first, "'" + name + "' was first declared here"});
  }

  void CollectPackages() {
    for (const ast::File* f : files_) {
      PackageInfo& pkg = packages_[PackageName(*f)];
      pkg.name = PackageName(*f);
      pkg.files.push_back(f);
      std::string prefix = pkg.name.empty() ? "" : pkg.name + ".";
      for (const ast::Declaration& d : f->decls) {
        if (auto* c = std::get_if<ast::ConstDecl>(&d.node)) {
          if (c->name.text.empty()) continue;
          auto [it, fresh] = pkg.first_decl.emplace(c->name.text, c->name.range);
          if (!fresh) {
            Duplicate("name", c->name.text, c->name.range, it->second);
            continue;
          }
          pkg.consts.emplace(c->name.text, ConstInfo{c, f->file_id, prefix + c->name.text});
        } else if (auto* h = std::get_if<ast::DefDecl>(&d.node)) {
          if (h->name.text.empty()) continue;
          auto [it, fresh] = pkg.first_decl.emplace(h->name.text, h->name.range);
          if (!fresh) {
            Duplicate("name", h->name.text, h->name.range, it->second);
            continue;
          }
          HelperInfo info{h, f->file_id, prefix + h->name.text};
          pkg.helpers.emplace(h->name.text, std::move(info));
        } else if (auto* p = std::get_if<ast::PolicyDecl>(&d.node)) {
          if (p->name.text.empty()) continue;
          auto [it, fresh] = pkg.policies.emplace(p->name.text, p);
          if (!fresh) Duplicate("policy", p->name.text, p->name.range, it->second->name.range);
        } else if (auto* t = std::get_if<ast::TestDecl>(&d.node)) {
          auto [it, fresh] = test_names_[pkg.name].emplace(t->name, t->name_range);
          if (!fresh) Duplicate("test", t->name, t->name_range, it->second);
        }
      }
    }
  }

  void ResolveImports() {
    std::vector<std::string> known;
    for (const auto& [name, pkg] : packages_) {
      if (!name.empty()) known.push_back(name);
    }
    for (const ast::File* f : files_) {
      std::string own = PackageName(*f);
      auto& imports = file_imports_[f];
      std::map<std::string, source::SourceRange> seen;
      for (const ast::ImportDecl& imp : f->imports) {
        std::string target = imp.name.ToString();
        if (target.empty()) continue;
        if (target == own) {
          diags_.Error("self-import", imp.name.range,
                       "package '" + own + "' imports itself; its names are already visible");
          continue;
        }
        auto it = packages_.find(target);
        if (it == packages_.end() || target.empty()) {
          diags_.Error("missing-import", imp.name.range,
                       "no file given declares package '" + target + "'" +
                           HintOr(target, Without(known, own),
                                  "; pass the file or directory that holds it to this command"));
          continue;
        }
        const std::string& alias = imp.LocalName();
        if (!imp.alias && IsReservedWord(alias)) {
          diags_.Error("import-needs-alias", imp.name.range,
                       "'" + alias + "' is a reserved word and cannot name the package in "
                       "expressions; import it with `as`, e.g. `import " + target + " as " + alias +
                           "_pkg`");
          continue;
        }
        auto [prev, fresh] = seen.emplace(alias, imp.range);
        if (!fresh) {
          auto& d = diags_.Error("duplicate-import", imp.range,
                                 "'" + alias + "' is already imported in this file");
          d.notes.push_back({prev->second, "first imported here"});
          continue;
        }
        if (packages_[own].first_decl.count(alias)) {
          auto& d = diags_.Error("import-conflict", imp.range,
                                 "import '" + alias + "' has the same name as a declaration of " +
                                     "this package; import it with `as` another name");
          d.notes.push_back({packages_[own].first_decl[alias], "declared here"});
          continue;
        }
        imports[alias] = &it->second;
        package_edges_[own].push_back({target, &imp});
      }
    }
  }

  void DetectImportCycles() {
    // Depth-first search over packages; each cycle is reported once, at the import that
    // closes it, with a note for every other import on the cycle.
    std::map<std::string, int> color;  // 0 white, 1 grey, 2 black
    std::vector<std::pair<std::string, const ast::ImportDecl*>> path;
    std::function<void(const std::string&)> visit = [&](const std::string& pkg) {
      color[pkg] = 1;
      for (const auto& [target, imp] : package_edges_[pkg]) {
        if (color[target] == 1) {
          auto& d = diags_.Error("import-cycle", imp->name.range,
                                 "import cycle: package '" + pkg + "' imports '" + target +
                                     "', which imports it back; move the shared names into a " +
                                     "third package");
          bool on_cycle = false;
          for (const auto& [from, step] : path) {
            if (from == target) on_cycle = true;
            if (on_cycle && step != nullptr) {
              d.notes.push_back({step->name.range, "'" + from + "' imports '" +
                                                       step->name.ToString() + "' here"});
            }
          }
        } else if (color[target] == 0) {
          path.push_back({pkg, imp});
          visit(target);
          path.pop_back();
        }
      }
      color[pkg] = 2;
    };
    for (const auto& [name, pkg] : packages_) {
      if (color[name] == 0) visit(name);
    }
  }

  // Enters the file a declaration lives in (constants may be checked on first use from
  // another file) and restores afterwards.
  struct FileScope {
    FileScope(Checker& c, source::FileId file) : c(c), saved_file(c.current_file_),
                                                 saved_pkg(c.current_package_),
                                                 saved_locals(c.exprs_.local_count()) {
      for (const ast::File* f : c.files_) {
        if (f->file_id == file) {
          c.current_file_ = f;
          c.current_package_ = &c.packages_[PackageName(*f)];
        }
      }
      c.exprs_.set_file(file);
    }
    ~FileScope() {
      c.current_file_ = saved_file;
      c.current_package_ = saved_pkg;
      c.exprs_.set_file(saved_file ? saved_file->file_id : source::kNoFile);
      c.exprs_.TruncateLocals(saved_locals);
    }
    Checker& c;
    const ast::File* saved_file;
    PackageInfo* saved_pkg;
    size_t saved_locals;
  };

  // Constants and helpers see no inputs and no locals of whoever triggered their check.
  struct IsolatedScope {
    explicit IsolatedScope(ExprChecker& e, const std::string& reason) : e(e) {
      e.SetInputs(nullptr, "", {});
      e.set_no_inputs_reason(reason);
    }
    ExprChecker& e;
  };

  void CheckConst(ConstInfo& c) {
    if (c.state != State::kUnchecked) return;
    c.state = State::kChecking;
    FileScope scope(*this, c.file);
    std::vector<std::pair<std::string, Type>> saved_locals;
    size_t base = exprs_.local_count();
    // Hide the caller's locals: a constant means the same wherever it is used.
    SavedInputs saved(*this);
    auto caller_locals = exprs_.TakeLocals();
    IsolatedScope iso(exprs_, "constants");
    Type t = Type::Error();
    if (c.decl->value && EnterLazyCheck(c.decl->name.range)) {
      t = exprs_.Check(*c.decl->value);
      --lazy_depth_;
    }
    exprs_.RestoreLocals(std::move(caller_locals));
    saved.Restore();
    (void)base;
    if (c.state == State::kChecking) {
      c.type = t;
      c.state = State::kDone;
    }
  }

  void CheckHelper(HelperInfo& h) {
    if (h.state != State::kUnchecked) return;
    h.state = State::kChecking;
    FileScope scope(*this, h.file);
    SavedInputs saved(*this);
    auto caller_locals = exprs_.TakeLocals();
    IsolatedScope iso(exprs_, "helpers");
    h.signature.qualified_name = h.qualified;
    std::set<std::string> seen;
    for (const ast::Param& p : h.decl->params) {
      Type t = ResolveTypeRef(p.type);
      if (!seen.insert(p.name.text).second) {
        diags_.Error("duplicate-name", p.name.range, "duplicate parameter '" + p.name.text + "'");
      }
      h.signature.params.push_back(t);
      exprs_.PushLocal(p.name.text, t);
    }
    Type declared = h.decl->result ? ResolveTypeRef(*h.decl->result) : Type::Dyn();
    // The declared result lets recursive references see a signature; without one, they are
    // reported as recursion.
    h.signature.result = declared;
    h.signature_ready = h.decl->result.has_value();
    Type body = Type::Error();
    if (h.decl->body && EnterLazyCheck(h.decl->name.range)) {
      body = exprs_.Check(*h.decl->body);
      --lazy_depth_;
    }
    if (h.decl->result) {
      Bindings b;
      if (!Unify(declared, body, b)) {
        diags_.Error("type-mismatch", h.decl->body->range,
                     "helper '" + h.decl->name.text + "' declares result " + declared.ToString() +
                         " but its body is " + body.ToString());
      }
    } else {
      h.signature.result = body;
    }
    h.signature_ready = true;
    exprs_.TruncateLocals(0);
    exprs_.RestoreLocals(std::move(caller_locals));
    saved.Restore();
    h.state = State::kDone;
  }

  // Constants and helpers are checked on first use, recursively; a chain of thousands of
  // constants each naming the next would otherwise exhaust the stack.
  static constexpr int kMaxLazyDepth = 256;
  bool EnterLazyCheck(source::SourceRange where) {
    if (lazy_depth_ >= kMaxLazyDepth) {
      if (!lazy_depth_reported_) {
        lazy_depth_reported_ = true;
        diags_.Error("dependency-too-deep", where,
                     "constants and helpers depend on each other more than " +
                         std::to_string(kMaxLazyDepth) + " levels deep; flatten the chain");
      }
      return false;
    }
    ++lazy_depth_;
    return true;
  }
  int lazy_depth_ = 0;
  bool lazy_depth_reported_ = false;

  // Keeps the input variables of a policy being checked while a constant is checked on
  // first use in the middle of it.
  struct SavedInputs {
    explicit SavedInputs(Checker& c) : c(c), vars(c.policy_vars_), plane(c.policy_plane_),
                                       kinds(c.policy_kinds_) {}
    void Restore() {
      c.exprs_.SetInputs(vars, plane, kinds);
      c.exprs_.set_no_inputs_reason("here");
    }
    Checker& c;
    const std::vector<FieldDecl>* vars;
    std::string plane;
    std::vector<std::string> kinds;
  };

 public:
  void SetPolicyInputs(const std::vector<FieldDecl>* vars, const std::string& plane,
                       const std::vector<std::string>& kinds) override {
    policy_vars_ = vars;
    policy_plane_ = plane;
    policy_kinds_ = kinds;
    exprs_.SetInputs(vars, plane, kinds);
  }

  Type ResolveTypeRef(const ast::TypeRef& t) override {
    class R : public TypeNameResolver {
     public:
      explicit R(const Schema& s) : s_(s) {}
      bool Resolve(const std::string& name, Type* out) const override {
        if (s_.FindMessage(name)) {
          *out = Type::Message(name);
          return true;
        }
        if (s_.IsOpaque(name)) {
          *out = Type::Opaque(name);
          return true;
        }
        return false;
      }
      const Schema& s_;
    } resolver(schema_);
    std::string text = TypeText(t);
    Type out;
    std::string error;
    if (!ParseTypeName(text, resolver, &out, &error)) {
      std::vector<std::string> names = {"int", "uint", "double", "bool", "string", "bytes",
                                        "dyn", "list", "map", "timestamp", "duration"};
      for (const auto& [n, m] : schema_.messages()) names.push_back(n);
      std::string bare = t.name.ToString();
      diags_.Error("unknown-type", t.range.valid() ? t.range : t.name.range,
                   error + DidYouMean(bare, names));
      return Type::Error();
    }
    return out;
  }

 private:
  static std::string TypeText(const ast::TypeRef& t) {
    std::string s = t.name.ToString();
    if (t.args.empty()) return s;
    s += "(";
    for (size_t i = 0; i < t.args.size(); ++i) s += (i ? ", " : "") + TypeText(t.args[i]);
    return s + ")";
  }

  // ---------------------------------------------------------------------- tests

  void CheckTest(const ast::TestDecl& t, source::SourceRange range) {
    SetPolicyInputs(nullptr, "", {});
    exprs_.set_no_inputs_reason("test inputs");
    static const std::vector<std::string> kVerdicts = {"allow", "deny", "warn", "audit",
                                                       "alert", "block"};
    bool has_input = false, has_expect = false;
    std::string input_plane;
    // Inputs first, so an `expect` written before the `input` is still checked against it.
    std::vector<const ast::TestStmt*> ordered;
    for (const ast::TestStmt& s : t.stmts) {
      if (std::holds_alternative<ast::TestInput>(s.node)) ordered.push_back(&s);
    }
    for (const ast::TestStmt& s : t.stmts) {
      if (std::holds_alternative<ast::TestExpect>(s.node)) ordered.push_back(&s);
    }
    for (const ast::TestStmt& s : t.stmts) {
      auto* da = std::get_if<ast::TestData>(&s.node);
      if (da == nullptr) continue;
      if (da->kind.text != "trivy") {
        diags_.Error("unknown-data-kind", da->kind.range,
                     "unknown data kind '" + da->kind.text + "'" +
                         HintOr(da->kind.text, {"trivy"}, "; test data is `data trivy file(\"report.json\")`"));
        continue;
      }
      const ast::Expr& v = *da->value;
      auto* call = v.as<ast::Call>();
      if (call == nullptr || call->function != "file") {
        diags_.Error("bad-test-input", v.range, "test data is a file: data trivy file(\"report.json\")");
        continue;
      }
      CheckFileArgument(*call, v);
    }
    for (const ast::TestStmt* sp : ordered) {
      const ast::TestStmt& s = *sp;
      if (auto* in = std::get_if<ast::TestInput>(&s.node)) {
        if (has_input) {
          diags_.Error("duplicate-clause", s.range,
                       "a test has one input; write another test for another input");
          continue;
        }
        has_input = true;
        const InputDecl* decl = schema_.FindInput(in->kind.text);
        if (decl == nullptr) {
          std::vector<std::string> kinds;
          for (const InputDecl& d : schema_.inputs()) kinds.push_back(d.kind);
          diags_.Error("unknown-input-kind", in->kind.range,
                       "unknown input kind '" + in->kind.text + "'" +
                           HintOr(in->kind.text, kinds, "; use one of: " + Join(kinds)));
        } else {
          input_plane = decl->plane;
        }
        CheckTestInputValue(*in);
      } else if (auto* ex = std::get_if<ast::TestExpect>(&s.node)) {
        has_expect = true;
        const std::string& v = ex->verdict.text;
        if (std::find(kVerdicts.begin(), kVerdicts.end(), v) == kVerdicts.end()) {
          diags_.Error("unknown-verdict", ex->verdict.range,
                       "unknown verdict '" + v + "'" + HintOr(v, kVerdicts, "; expect one of: " + Join(kVerdicts)));
        } else if (!input_plane.empty()) {
          CheckVerdictForPlane(v, input_plane, ex->verdict.range);
        }
        for (const ast::QualifiedName& q : ex->policies) CheckPolicyReference(q, input_plane);
      }
    }
    if (!has_input) {
      diags_.Error("test-without-input", t.name_range,
                   "test has no input; add one, e.g. `input admission file(\"pod.yaml\")`");
    }
    if (!has_expect) {
      diags_.Error("test-without-expect", t.name_range,
                   "test has no expectation; add one, e.g. `expect deny policy_name`");
    }
    (void)range;
  }

  void CheckVerdictForPlane(const std::string& v, const std::string& plane,
                            source::SourceRange range) {
    static const std::map<std::string, std::vector<std::string>> kByPlane = {
        {"admission", {"allow", "deny", "warn", "audit"}},
        {"runtime", {"allow", "alert", "block"}},
        {"network", {"allow", "deny"}},
    };
    const auto& ok = kByPlane.at(plane);
    if (std::find(ok.begin(), ok.end(), v) == ok.end()) {
      diags_.Error("verdict-not-for-input", range,
                   "'" + v + "' is not a verdict of " + plane + " decisions; expect one of: " + Join(ok));
    }
  }

  // `file("path")` in a test: one string literal naming a file next to the test's file.
  void CheckFileArgument(const ast::Call& call, const ast::Expr& v) {
    const ast::Literal* path = call.args.size() == 1 ? call.args[0]->as<ast::Literal>() : nullptr;
    if (path == nullptr || path->kind != ast::Literal::Kind::kString) {
      diags_.Error("bad-test-input", v.range,
                   "file() takes one string literal: the path of the input, relative to this file");
      return;
    }
    if (options_.check_test_inputs_exist) {
      const source::SourceFile* src = sources_.file(v.range.file);
      std::filesystem::path base = src ? std::filesystem::path(src->path()).parent_path() : "";
      std::filesystem::path full = base / path->string_value;
      std::error_code ec;
      if (!std::filesystem::exists(full, ec)) {
        diags_.Error("missing-test-input", call.args[0]->range,
                     "test input file '" + full.string() + "' does not exist");
      }
    }
  }

  void CheckTestInputValue(const ast::TestInput& in) {
    if (!in.value) return;
    const ast::Expr& v = *in.value;
    if (auto* call = v.as<ast::Call>(); call && !call->target && call->function == "file") {
      CheckFileArgument(*call, v);
      return;
    }
    if (v.is<ast::MapLiteral>() || v.is<ast::ErrorExpr>()) {
      exprs_.Check(v);
      if (const InputDecl* decl = schema_.FindInput(in.kind.text); decl && v.is<ast::MapLiteral>()) {
        CheckInputFields(v, decl->variables, in.kind.text + " input");
      }
      return;
    }
    diags_.Error("bad-test-input", v.range,
                 "a test input is file(\"path\") or a map literal such as {\"proc\": {\"name\": \"sh\"}}");
  }

  // A map-literal test input must have the shape of its input kind: known variable and field
  // names, values of the declared types. A typo here would otherwise make the test pass
  // vacuously (the field would simply be absent).
  void CheckInputFields(const ast::Expr& map, const std::vector<FieldDecl>& fields,
                        const std::string& what) {
    const auto* m = map.as<ast::MapLiteral>();
    if (m == nullptr) return;
    std::vector<std::string> names;
    for (const FieldDecl& f : fields) names.push_back(f.name);
    for (const ast::MapEntry& e : m->entries) {
      const ast::Literal* key = e.key->as<ast::Literal>();
      if (key == nullptr || key->kind != ast::Literal::Kind::kString) {
        diags_.Error("bad-test-input", e.key->range, "keys of " + what + " are field names in quotes");
        continue;
      }
      const FieldDecl* field = nullptr;
      for (const FieldDecl& f : fields) {
        if (f.name == key->string_value) field = &f;
      }
      if (field == nullptr) {
        diags_.Error("unknown-field", e.key->range,
                     what + " has no field '" + key->string_value + "'" +
                         DidYouMean(key->string_value, names));
        continue;
      }
      CheckInputValue(*e.value, field->type, what + "." + field->name);
    }
  }

  void CheckInputValue(const ast::Expr& v, const Type& expected, const std::string& what) {
    if (const ast::Literal* l = v.as<ast::Literal>(); l && l->kind == ast::Literal::Kind::kNull) return;
    switch (expected.kind()) {
      case Type::Kind::kMessage:
        if (v.is<ast::MapLiteral>()) {
          if (const MessageDecl* m = schema_.FindMessage(expected.name())) {
            CheckInputFields(v, m->fields, what);
          }
          return;
        }
        break;
      case Type::Kind::kList:
        if (const auto* list = v.as<ast::ListLiteral>()) {
          for (const ast::ExprPtr& x : list->elements) CheckInputValue(*x, expected.elem(), what + "[]");
          return;
        }
        break;
      case Type::Kind::kMap:
        if (const auto* map = v.as<ast::MapLiteral>()) {
          for (const ast::MapEntry& e : map->entries) CheckInputValue(*e.value, expected.value(), what + "[]");
          return;
        }
        break;
      default:
        break;
    }
    const Type* actual = out_.TypeOf(v.range.file, v.id);
    if (actual == nullptr || actual->IsDynOrError() || expected.IsDynOrError()) return;
    // JSON has one number type: an int literal may stand for a uint or a double field.
    if (actual->is(Type::Kind::kInt) &&
        (expected.is(Type::Kind::kUint) || expected.is(Type::Kind::kDouble))) {
      return;
    }
    Bindings b;
    if (!Unify(expected, *actual, b)) {
      diags_.Error("bad-test-input", v.range,
                   what + " is " + expected.ToString() + ", but this value is " + actual->ToString());
    }
  }

  void CheckPolicyReference(const ast::QualifiedName& q, const std::string& input_plane) {
    std::string full = q.ToString();
    if (full.empty()) return;
    // `policy`, `policy.rule`, `pkg.policy` or `pkg.policy.rule`.
    auto rule_exists = [](const ast::PolicyDecl* p, const std::string& rule) {
      bool found = false;
      std::function<void(const ast::BodyItem&)> visit = [&](const ast::BodyItem& b) {
        if (auto* r = std::get_if<ast::RuleItem>(&b.node); r && r->name && r->name->text == rule) found = true;
        if (auto* r = std::get_if<ast::NetworkRuleItem>(&b.node); r && r->name && r->name->text == rule) found = true;
        if (auto* e = std::get_if<ast::EachItem>(&b.node)) {
          for (const ast::BodyItem& x : e->body) visit(x);
        }
      };
      for (const ast::Clause& c : p->clauses) {
        if (auto* b = std::get_if<ast::BodyItem>(&c.node)) visit(*b);
      }
      return found;
    };
    auto lookup = [&](const std::string& pkg, const std::string& name) -> const ast::PolicyDecl* {
      auto it = packages_.find(pkg);
      if (it == packages_.end()) return nullptr;
      auto p = it->second.policies.find(name);
      return p == it->second.policies.end() ? nullptr : p->second;
    };
    const std::string& own = current_package_->name;
    size_t n = q.parts.size();
    if (const ast::PolicyDecl* p = lookup(own, full)) {
      if (!input_plane.empty() && p->kind.text != input_plane) {
        diags_.Error("policy-not-for-input", q.range,
                     "'" + full + "' is a " + p->kind.text + " policy; it never decides the " +
                         input_plane + " input of this test");
      }
      return;
    }
    if (n >= 2) {
      std::string head;
      for (size_t i = 0; i + 1 < n; ++i) head += (i ? "." : "") + q.parts[i].text;
      if (lookup(head, q.parts.back().text)) return;
      if (const ast::PolicyDecl* p = lookup(own, head)) {
        if (rule_exists(p, q.parts.back().text)) return;
        diags_.Error("unknown-rule", q.parts.back().range,
                     "policy '" + head + "' has no rule named '" + q.parts.back().text + "'");
        return;
      }
      if (n >= 3) {
        std::string pkg;
        for (size_t i = 0; i + 2 < n; ++i) pkg += (i ? "." : "") + q.parts[i].text;
        if (const ast::PolicyDecl* p = lookup(pkg, q.parts[n - 2].text)) {
          if (rule_exists(p, q.parts.back().text)) return;
          diags_.Error("unknown-rule", q.parts.back().range,
                       "policy '" + pkg + "." + q.parts[n - 2].text + "' has no rule named '" +
                           q.parts.back().text + "'");
          return;
        }
      }
    }
    std::vector<std::string> names;
    for (const auto& [name, p] : current_package_->policies) names.push_back(name);
    diags_.Error("unknown-policy", q.range,
                 "test expects a decision from unknown policy '" + full + "'" +
                     DidYouMean(full, names));
  }

  static bool IsReservedWord(const std::string& w) {
    static const std::set<std::string> kWords = {
        "in", "true", "false", "null", "if", "let", "const", "import", "as", "message",
        "admission", "runtime", "network", "package", "policy", "severity", "mode", "on",
        "error", "description", "match", "when", "select", "default", "ingress", "egress",
        "each", "from", "to", "test", "input", "expect", "data", "def", "deny", "warn", "allow",
        "alert", "block", "audit"};
    return kWords.count(w) > 0;
  }

  static std::vector<std::string> Without(std::vector<std::string> v, const std::string& x) {
    v.erase(std::remove(v.begin(), v.end(), x), v.end());
    return v;
  }

  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
  }

  const std::vector<const ast::File*>& files_;
  const source::SourceManager& sources_;
  const Schema& schema_;
  source::DiagnosticBag& diags_;
  CheckOptions options_;
  CheckedProgram out_;
  ExprChecker exprs_;
  std::map<std::string, PackageInfo> packages_;
  std::map<std::string, std::map<std::string, source::SourceRange>> test_names_;
  std::map<const ast::File*, std::map<std::string, PackageInfo*>> file_imports_;
  std::map<std::string, std::vector<std::pair<std::string, const ast::ImportDecl*>>> package_edges_;
  PackageInfo* current_package_ = nullptr;
  const ast::File* current_file_ = nullptr;
  const std::vector<FieldDecl>* policy_vars_ = nullptr;
  std::string policy_plane_;
  std::vector<std::string> policy_kinds_;
};

CheckedProgram Check(const std::vector<const ast::File*>& files,
                     const source::SourceManager& sources, const Schema& schema,
                     source::DiagnosticBag& diags, const CheckOptions& options) {
  return Checker(files, sources, schema, diags, options).Run();
}

Type CheckExpression(const ast::Expr& expr, source::FileId file,
                     const std::vector<FieldDecl>& variables, const Schema& schema,
                     source::DiagnosticBag& diags, CheckedProgram* out, bool lenient) {
  CheckedProgram scratch;
  CheckedProgram& target = out != nullptr ? *out : scratch;
  ExprChecker checker(schema, diags, target, nullptr);
  checker.set_file(file);
  checker.set_lenient(lenient);
  checker.SetInputs(&variables, "expression", {});
  size_t before = diags.error_count();
  Type t = checker.Check(expr);
  return diags.error_count() > before ? Type::Error() : t;
}

}  // namespace rampart::check
