#pragma once
// Declarations of a policy file: package, imports, constants, helpers, policies and tests.
// Plain structs holding expressions (expr.h); kinds and actions are kept as written where the
// checker, not the grammar, decides whether they are valid (so typos get "did you mean").

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ast/expr.h"

namespace rampart::ast {

struct Name {
  std::string text;
  source::SourceRange range;
};

struct QualifiedName {
  std::vector<Name> parts;
  source::SourceRange range;
  std::string ToString() const;
};

// A CEL type as written: `string`, `list(string)`, `map(string, int)`, `Container`.
struct TypeRef {
  QualifiedName name;
  std::vector<TypeRef> args;
  source::SourceRange range;
};

struct PackageDecl {
  QualifiedName name;
  source::SourceRange range;
};

struct ImportDecl {
  QualifiedName name;
  std::optional<Name> alias;
  source::SourceRange range;
  // The name the package is referred to by in expressions: the alias or the last part.
  const std::string& LocalName() const {
    return alias ? alias->text : name.parts.back().text;
  }
};

struct ConstDecl {
  Name name;
  ExprPtr value;
};

struct Param {
  Name name;
  TypeRef type;
};

// `def name(p: T, ...): R = body`
struct DefDecl {
  Name name;
  std::vector<Param> params;
  std::optional<TypeRef> result;
  ExprPtr body;
};

enum class Action { kDeny, kWarn, kAllow, kAlert, kBlock, kAudit };
const char* ActionName(Action a);

enum class Direction { kAny, kIngress, kEgress };
const char* DirectionName(Direction d);

// `deny [name] [if cond] [message msg]`
struct RuleItem {
  Action action;
  source::SourceRange action_range;
  std::optional<Name> name;
  ExprPtr condition;  // null: always
  ExprPtr message;    // null: no message
};

// An argument of a peer: `app: "gateway"`, `"app.kubernetes.io/name": "x"` or `"postgres"`.
struct PeerArg {
  std::optional<Name> key;
  bool key_quoted = false;  // key was written as a string literal
  std::string key_spelling;  // the literal as written when key_quoted
  ExprPtr value;
};

// `labels(app: "gateway")`, `service("postgres", namespace: "db")`, `any`.
struct Peer {
  Name kind;
  bool has_parens = false;
  std::vector<PeerArg> args;
  source::SourceRange range;
};

// `8443`, `8443/tcp`, `8000-9000/udp`
struct PortSpec {
  uint32_t low = 0;
  uint32_t high = 0;  // == low for a single port
  std::optional<Name> protocol;
  source::SourceRange range;
};

// `ingress allow [name] from PEERS [port PORTS] [if cond] [message msg]`
struct NetworkRuleItem {
  Direction direction;
  Action action;
  source::SourceRange action_range;
  std::optional<Name> name;
  bool peers_keyword_from = true;  // `from` (true) or `to` (false) was written
  std::vector<Peer> peers;
  std::vector<PortSpec> ports;
  ExprPtr condition;
  ExprPtr message;
};

// `let name = value`
struct LetItem {
  Name name;
  ExprPtr value;
};

struct BodyItem;

// `each var in range_expr <item>` or `each var in range_expr { items }`
struct EachItem {
  Name var;
  ExprPtr range_expr;
  bool braced = false;
  std::vector<BodyItem> body;
};

struct BodyItem {
  source::SourceRange range;
  std::variant<LetItem, EachItem, RuleItem, NetworkRuleItem> node;
};

struct SeverityClause { Name level; };
struct ModeClause { Name value; };
struct OnErrorClause { Name value; };
// `on exec, open`
struct OnClause { std::vector<Name> kinds; };
struct DescriptionClause {
  std::string text;
  std::string spelling;
};
enum class ScopeKind { kMatch, kWhen, kSelect };
const char* ScopeKindName(ScopeKind k);
struct ScopeClause {
  ScopeKind kind;
  ExprPtr expr;
};
// `default [ingress|egress] deny`
struct DefaultClause {
  Direction direction;
  Action action;
  source::SourceRange action_range;
};

struct Clause {
  source::SourceRange range;
  std::variant<SeverityClause, ModeClause, OnErrorClause, OnClause, DescriptionClause,
               ScopeClause, DefaultClause, BodyItem>
      node;
};

struct PolicyDecl {
  Name kind;  // "admission", "runtime", "network" (checked by the checker)
  Name name;
  std::vector<Clause> clauses;
};

// `input admission file("pod.yaml")` / `input exec {"proc": {...}}`
struct TestInput {
  Name kind;
  ExprPtr value;
};

// `expect deny policy_a, policy_b`
struct TestExpect {
  Name verdict;
  std::vector<QualifiedName> policies;
};

// `data trivy file("report.json")`: external data the test's policies may consult.
struct TestData {
  Name kind;
  ExprPtr value;
};

struct TestStmt {
  source::SourceRange range;
  std::variant<TestInput, TestExpect, TestData> node;
};

struct TestDecl {
  std::string name;
  std::string name_spelling;
  source::SourceRange name_range;
  std::vector<TestStmt> stmts;
};

struct Declaration {
  source::SourceRange range;
  std::variant<ConstDecl, DefDecl, PolicyDecl, TestDecl> node;
};

// A `//` comment; the formatter puts it back.
struct Comment {
  source::SourceRange range;
  std::string text;
};

}  // namespace rampart::ast
