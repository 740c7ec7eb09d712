#pragma once
// The type checker: resolves every name of a set of parsed files against the schemas, the
// builtin functions and each other, computes CEL types, and reports problems as diagnostics.
// It never mutates the AST: everything it learns is kept in the returned CheckedProgram,
// keyed by (file, node id), the way cel-cpp keeps types and references beside the tree.
//
// Not thread-safe within one call; separate calls may run concurrently.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/check/schema.h"
#include "compiler/check/type.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace rampart::check {

// What a name or call resolved to.
struct Reference {
  enum class Kind {
    kInputVariable,  // `object`, `proc`, `port`
    kLocal,          // let, each, macro variables and helper parameters
    kConst,          // a package constant; `name` is "package.const"
    kHelper,         // a `def`; `name` is "package.def"
    kFunction,       // a builtin function or operator; `overload_ids` are the candidates
    kTypeName,       // `int`, `string` used as a type value
  };
  Kind kind = Kind::kFunction;
  std::string name;
  std::vector<std::string> overload_ids;
};

enum class PolicyKind { kAdmission, kRuntime, kNetwork };
const char* PolicyKindName(PolicyKind k);

// What the checker decided about one well-formed policy.
struct PolicyInfo {
  std::string package;
  std::string name;  // unqualified
  PolicyKind kind = PolicyKind::kAdmission;
  std::string mode;                      // enforce, warn, audit, monitor
  std::string severity;                  // critical, high, medium, low, info ("" when unset)
  std::string on_error;                  // fail or skip
  std::vector<std::string> event_kinds;  // input kinds the policy reads (exec, open, ...; admission; flow)
  source::FileId file = source::kNoFile;
  const ast::PolicyDecl* decl = nullptr;
};

class CheckedProgram {
 public:
  static uint64_t Key(source::FileId file, ast::NodeId node) {
    return (static_cast<uint64_t>(file) << 32) | node;
  }
  // Null for nodes the checker did not type (e.g. inside a declaration with errors).
  const Type* TypeOf(source::FileId file, ast::NodeId node) const;
  const Reference* ReferenceOf(source::FileId file, ast::NodeId node) const;
  const std::vector<PolicyInfo>& policies() const { return policies_; }

 private:
  friend class Checker;
  friend class ExprChecker;
  std::unordered_map<uint64_t, Type> types_;
  std::unordered_map<uint64_t, Reference> references_;
  std::vector<PolicyInfo> policies_;
};

struct CheckOptions {
  // Report `input ... file("x")` paths in tests that do not exist (relative to the file).
  bool check_test_inputs_exist = true;
};

// Checks a set of files that may import each other by package. Every file must belong to
// `sources`. Reports into `diags` and returns what it resolved.
CheckedProgram Check(const std::vector<const ast::File*>& files,
                     const source::SourceManager& sources, const Schema& schema,
                     source::DiagnosticBag& diags, const CheckOptions& options = {});

// Checks one standalone expression with the given variables in scope (for `rampart expr`
// and the CEL conformance suite). Returns its type (Error when it has errors).
// `lenient`: calls no overload accepts statically are left to run-time dispatch instead of
// being errors (for evaluating CEL without type checking).
Type CheckExpression(const ast::Expr& expr, source::FileId file,
                     const std::vector<FieldDecl>& variables, const Schema& schema,
                     source::DiagnosticBag& diags, CheckedProgram* out, bool lenient = false);

}  // namespace rampart::check
