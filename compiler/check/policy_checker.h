#pragma once
// Internal to compiler/check: the rules of policy declarations: which clauses, actions and
// input kinds each policy kind allows, scoping of `let` and `each`, rule conditions and
// messages, network peers and ports.

#include <string>
#include <vector>

#include "compiler/check/expr_checker.h"

namespace rampart::check {

class PolicyContext {
 public:
  virtual ~PolicyContext() = default;
  virtual ExprChecker& exprs() = 0;
  virtual source::DiagnosticBag& diags() = 0;
  virtual const Schema& schema() = 0;
  virtual void SetPolicyInputs(const std::vector<FieldDecl>* vars, const std::string& plane,
                               const std::vector<std::string>& kinds) = 0;
  virtual Type ResolveTypeRef(const ast::TypeRef& t) = 0;
};

// Checks one policy. Returns false (after reporting) when its kind is unknown; `info`
// describes it otherwise.
bool CheckPolicy(const ast::PolicyDecl& policy, source::SourceRange range, source::FileId file,
                 const std::string& package, PolicyContext& ctx, PolicyInfo* info);

}  // namespace rampart::check
