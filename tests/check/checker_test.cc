// Table-driven checker tests: a small program and the diagnostic codes it must produce
// (in order), plus type queries on expressions. Golden files (tests/golden/diag) cover the
// full rendered messages.

#include "compiler/check/checker.h"

#include <gtest/gtest.h>

#include "compiler/check/overloads.h"
#include "compiler/driver/compilation.h"
#include "compiler/parse/parser.h"
#include "compiler/source/diagnostic_renderer.h"

namespace rampart::check {
namespace {

std::vector<std::string> Codes(const std::string& text) {
  driver::CompileOptions options;
  options.check.check_test_inputs_exist = false;
  auto c = driver::CompileSources({{"t.rp", text}}, options);
  std::vector<std::string> out;
  for (const auto& d : c->diags.Sorted()) {
    if (d.severity != source::Severity::kNote) out.push_back(d.code);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(Checker, CleanPolicies) {
  EXPECT_EQ(Codes(R"(package p
const shells = ["sh", "bash"]
def is_shell(n: string): bool = n in shells
runtime policy r {
  on exec
  when workload.namespace != "kube-system"
  let name = proc.name
  block if is_shell(name) && ancestors.exists(a, a.name == "java")
    message "shell " + name + " under java in " + workload.name
}
)"), V{});
}

TEST(Checker, TypesOfExpressions) {
  source::SourceManager sources;
  source::DiagnosticBag diags;
  auto check = [&](const std::string& text, const std::vector<FieldDecl>& vars = {}) {
    auto id = sources.AddFile("<expr>", text);
    auto e = parse::ParseExpression(*sources.file(id), diags);
    return CheckExpression(*e, id, vars, Schema::Builtin(), diags, nullptr).ToString();
  };
  EXPECT_EQ(check("1 + 2"), "int");
  EXPECT_EQ(check("[1, 2].map(x, x * 2.0)"), "<error>");  // int * double has no overload
  EXPECT_EQ(check("[1, 2].map(x, double(x) * 2.0)"), "list(double)");
  EXPECT_EQ(check("{'a': [1u]}"), "map(string, list(uint))");
  EXPECT_EQ(check("[1, 'a']"), "list(dyn)");
  EXPECT_EQ(check("type(1) == int"), "bool");
  EXPECT_EQ(check("'abc'.split('b').join('-')"), "string");
  EXPECT_EQ(check("semver('1.2.3') < semver('2.0.0')"), "bool");
  EXPECT_EQ(check("cidr('10.0.0.0/8').containsIP('10.1.2.3')"), "bool");
  EXPECT_EQ(check("dyn(1) + 1"), "int");
  std::vector<FieldDecl> vars = {{"c", Type::Message("Container"), ""}};
  EXPECT_EQ(check("c.securityContext.capabilities.add", vars), "list(string)");
  EXPECT_EQ(check("c.resources.limits['cpu']", vars), "dyn");
  EXPECT_EQ(check("has(c.securityContext.privileged)", vars), "bool");
}

TEST(Checker, ReportsEveryProblemOfAFile) {
  EXPECT_EQ(Codes(R"(package p
admission policy a {
  match object.knd == "Pod"
  deny if pod.spec.hostNetwork == 1
  block if true
    message 3
}
)"), (V{"unknown-field", "no-matching-overload", "action-not-allowed", "message-not-string"}));
}

TEST(Checker, EventKindFields) {
  EXPECT_EQ(Codes("runtime policy r {\n  on exec\n  block if path == \"/etc/shadow\"\n}\n"),
            V{"field-not-in-event"});
  EXPECT_EQ(Codes("runtime policy r {\n  on open\n  block if path == \"/etc/shadow\"\n}\n"), V{});
  // `on exec, open`: only what both have.
  EXPECT_EQ(Codes("runtime policy r {\n  on exec, open\n  block if path == \"/x\"\n}\n"),
            V{"field-not-in-event"});
  EXPECT_EQ(Codes("admission policy a {\n  deny if proc.name == \"x\"\n}\n"), V{"input-not-available"});
  EXPECT_EQ(Codes("const c = object.kind\n"), V{"input-not-available"});
}

TEST(Checker, DeclarationsAndNames) {
  EXPECT_EQ(Codes("const a = 1\nconst a = 2\n"), V{"duplicate-name"});
  EXPECT_EQ(Codes("const a = b\nconst b = a\n"), V{"const-cycle"});
  EXPECT_EQ(Codes("def f(x: int): int = f(x)\n"), V{"recursive-helper"});
  EXPECT_EQ(Codes("def f(x: strin): bool = true\n"), V{"unknown-type"});
  EXPECT_EQ(Codes("def f(x: int): string = x + 1\n"), V{"type-mismatch"});
  EXPECT_EQ(Codes("def f(x: int): bool = x > 1\nconst c = f(\"s\")\n"), V{"wrong-argument-type"});
  EXPECT_EQ(Codes("def f(x: int): bool = x > 1\nconst c = f(1, 2)\n"), V{"wrong-argument-count"});
  EXPECT_EQ(Codes("package p\nimport p\n"), V{"self-import"});
  EXPECT_EQ(Codes("package p\nimport q.r\n"), V{"missing-import"});
}

TEST(Checker, ImportsAcrossFiles) {
  driver::CompileOptions options;
  auto c = driver::CompileSources(
      {{"a.rp", "package acme.a\nimport acme.b\nconst x = b.y + 1\ndef g(n: int): bool = b.f(n)\n"},
       {"b.rp", "package acme.b\nconst y = 2\ndef f(n: int): bool = n > y\n"}},
      options);
  EXPECT_FALSE(c->diags.has_errors()) << source::RenderTextAll(c->diags.Sorted(), c->sources);
  auto cycle = driver::CompileSources(
      {{"a.rp", "package acme.a\nimport acme.b\n"}, {"b.rp", "package acme.b\nimport acme.a\n"}},
      options);
  std::vector<std::string> codes;
  for (const auto& d : cycle->diags.Sorted()) codes.push_back(d.code);
  EXPECT_EQ(codes, V{"import-cycle"});
}

TEST(Checker, PolicyStructure) {
  EXPECT_EQ(Codes("admission policy a {\n  mode enforce\n  mode warn\n  deny if true\n}\n"),
            V{"duplicate-clause"});
  EXPECT_EQ(Codes("admission policy a {\n  mode block\n  deny if true\n}\n"), V{"bad-clause-value"});
  EXPECT_EQ(Codes("admission policy a {\n  deny if false\n}\n"), V{"unreachable-rule"});
  EXPECT_EQ(Codes("admission policy a {\n  severity high\n}\n"), V{"empty-policy"});
  EXPECT_EQ(Codes("network policy n {\n  select true\n  deny if port == 1\n}\n"), V{"action-not-allowed"});
  EXPECT_EQ(Codes("network policy n {\n  ingress allow to any\n}\n"), V{"peer-keyword"});
  EXPECT_EQ(Codes("network policy n {\n  egress allow to cidr(\"10.0.0.0/33\")\n}\n"), V{"bad-cidr"});
  EXPECT_EQ(Codes("network policy n {\n  egress allow to any port 90-80/tcpp\n}\n"),
            (V{"bad-port", "bad-protocol"}));
  EXPECT_EQ(Codes("runtime policy r {\n  on exce\n  block if true\n}\n"), V{"unknown-event-kind"});
  EXPECT_EQ(Codes("runtime policy r {\n  match true\n  alert if true\n}\n"), V{"clause-not-allowed"});
}

TEST(Checker, Tests) {
  std::string p = "admission policy a {\n  deny if object.kind == \"Pod\"\n}\n";
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input admission {\"object\": {\"kind\": \"Pod\"}}\n  expect deny a\n}\n"), V{});
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input admission {}\n  expect deny b\n}\n"), V{"unknown-policy"});
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input admission {}\n  expect block a\n}\n"),
            V{"verdict-not-for-input"});
  EXPECT_EQ(Codes(p + "test \"t\" {\n  expect deny a\n}\n"), V{"test-without-input"});
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input exce {}\n  expect deny\n}\n"), V{"unknown-input-kind"});
  // Map inputs have the shape of their input kind.
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input admission {\"objekt\": {}}\n  expect deny a\n}\n"),
            V{"unknown-field"});
  EXPECT_EQ(Codes(p + "test \"t\" {\n  input admission {\"object\": {\"metadata\": {\"labels\": {\"a\": 1}}}}\n  expect deny a\n}\n"),
            V{"bad-test-input"});
}

TEST(Overloads, UnificationRules) {
  Bindings b;
  EXPECT_TRUE(Unify(Type::List(Type::Param("A")), Type::List(Type::String()), b));
  EXPECT_EQ(b["A"], Type::String());
  EXPECT_TRUE(Unify(Type::Param("A"), Type::String(), b));
  EXPECT_FALSE(Unify(Type::Param("A"), Type::Int(), b));
  Bindings c;
  EXPECT_TRUE(Unify(Type::Param("A"), Type::Message("Pod"), c));
  EXPECT_TRUE(Unify(Type::Param("A"), Type::Null(), c));  // msg == null
  Bindings d;
  EXPECT_TRUE(Unify(Type::Map(Type::Param("K"), Type::Param("V")), Type::Dyn(), d));
}

}  // namespace
}  // namespace rampart::check
