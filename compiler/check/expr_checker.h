#pragma once
// Internal to compiler/check: type-checks one CEL expression in an environment of input
// variables, locals, package constants and helpers, recording types and references.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/check/checker.h"

namespace rampart::check {

// The signature of a `def` helper as callers see it.
struct HelperSignature {
  std::string qualified_name;
  std::vector<Type> params;
  Type result;
};

// Package-level names, answered by the program checker (checker.cc).
class NameEnvironment {
 public:
  virtual ~NameEnvironment() = default;
  // `package` is "" for the current package, else an import alias as written.
  virtual std::optional<Type> Const(const std::string& package, const std::string& name,
                                    std::string* qualified) = 0;
  virtual std::optional<HelperSignature> Helper(const std::string& package,
                                                const std::string& name) = 0;
  virtual bool IsImportAlias(const std::string& name) = 0;
  // Unqualified names visible in the current package (for suggestions).
  virtual std::vector<std::string> Names(const std::string& package) = 0;
};

class ExprChecker {
 public:
  ExprChecker(const Schema& schema, source::DiagnosticBag& diags, CheckedProgram& out,
              NameEnvironment* env)
      : schema_(schema), diags_(diags), out_(out), env_(env) {}

  void set_file(source::FileId file) { file_ = file; }
  // Lenient: a call no overload accepts statically is not an error but resolved at run time
  // among all overloads of the name (CEL's "disable check" evaluation: `1 == 1.0`).
  void set_lenient(bool lenient) { lenient_ = lenient; }
  // The input variables in scope (null: none, as in constants and helpers). `plane` and
  // `kinds` name where they come from, for messages about variables of other inputs.
  void SetInputs(const std::vector<FieldDecl>* variables, std::string plane,
                 std::vector<std::string> kinds);
  // Why inputs are not in scope, for the error message (e.g. "constants").
  void set_no_inputs_reason(std::string reason) { no_inputs_reason_ = std::move(reason); }
  void PushLocal(const std::string& name, const Type& type) { locals_.push_back({name, type}); }
  void PopLocal() { locals_.pop_back(); }
  bool HasLocal(const std::string& name) const;
  // Pops locals until `size` remain.
  void TruncateLocals(size_t size) { locals_.resize(size); }
  // Hands over all locals (leaving none) and takes them back: a constant or helper checked
  // on first use, in the middle of another expression, sees none of that expression's names.
  std::vector<std::pair<std::string, Type>> TakeLocals() { return std::move(locals_); }
  void RestoreLocals(std::vector<std::pair<std::string, Type>> locals) { locals_ = std::move(locals); }
  size_t local_count() const { return locals_.size(); }

  Type Check(const ast::Expr& e);

  // Requires `e` (already checked) to have type `want` or dyn; reports `what` otherwise.
  void Expect(const ast::Expr& e, const Type& actual, Type::Kind want, const std::string& what);

 private:
  Type Visit(const ast::Expr& e);
  Type CheckIdent(const ast::Expr& e, const ast::Ident& n);
  Type CheckSelect(const ast::Expr& e, const ast::Select& n);
  Type CheckPresence(const ast::Expr& e, const ast::Presence& n);
  Type CheckCall(const ast::Expr& e, const ast::Call& n);
  Type CheckHelperCall(const ast::Expr& e, const ast::Call& n, const HelperSignature& h);
  Type CheckComprehension(const ast::Expr& e, const ast::Comprehension& n);
  Type CheckOperator(const ast::Expr& e, const std::string& function,
                     const std::vector<const ast::Expr*>& operands);
  Type FieldType(const Type& operand, const std::string& field, source::SourceRange range,
                 bool presence);
  void UnknownIdentifier(const ast::Expr& e, const std::string& name);
  // Literal arguments that can be validated now: regexes, CIDRs, IPs, versions, globs.
  void CheckConstantArguments(const ast::Call& n, const std::string& function);
  void Record(const ast::Expr& e, const Type& t);
  void Refer(const ast::Expr& e, Reference r);
  std::vector<std::string> VisibleNames();

  const Schema& schema_;
  source::DiagnosticBag& diags_;
  CheckedProgram& out_;
  NameEnvironment* env_;
  source::FileId file_ = source::kNoFile;
  const std::vector<FieldDecl>* variables_ = nullptr;
  std::string plane_;
  std::vector<std::string> kinds_;
  std::string no_inputs_reason_ = "here";
  std::vector<std::pair<std::string, Type>> locals_;
  bool lenient_ = false;
};

}  // namespace rampart::check
