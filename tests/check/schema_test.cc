// The shipped schema data: it loads, every type it names exists, and the inputs and
// functions that the language design promises are there.

#include "compiler/check/schema.h"

#include <gtest/gtest.h>

#include <set>

namespace rampart::check {
namespace {

void ExpectResolved(const Schema& s, const Type& t, const std::string& where) {
  if (t.is(Type::Kind::kMessage)) {
    EXPECT_NE(s.FindMessage(t.name()), nullptr) << where << " names unknown message " << t.name();
  }
  for (const Type& p : t.params()) ExpectResolved(s, p, where);
}

TEST(BuiltinSchema, LoadsAndIsClosed) {
  const Schema& s = Schema::Builtin();
  for (const auto& [name, m] : s.messages()) {
    EXPECT_FALSE(m.fields.empty()) << name;
    for (const FieldDecl& f : m.fields) ExpectResolved(s, f.type, name + "." + f.name);
  }
  for (const InputDecl& in : s.inputs()) {
    for (const FieldDecl& v : in.variables) ExpectResolved(s, v.type, in.kind + "." + v.name);
  }
  std::set<std::string> ids;
  for (const auto& [name, overloads] : s.functions()) {
    for (const Overload& o : overloads) {
      EXPECT_FALSE(o.id.empty()) << name;
      EXPECT_TRUE(ids.insert(o.id).second) << "duplicate overload id " << o.id;
      for (const Type& p : o.params) ExpectResolved(s, p, o.id);
      ExpectResolved(s, o.result, o.id);
    }
  }
}

TEST(BuiltinSchema, HasTheInputsOfTheDesign) {
  const Schema& s = Schema::Builtin();
  for (const char* kind : {"admission", "exec", "open", "connect", "accept", "syscall", "flow"}) {
    EXPECT_NE(s.FindInput(kind), nullptr) << kind;
  }
  const InputDecl* exec = s.FindInput("exec");
  for (const char* v : {"proc", "parent", "ancestors", "container", "workload"}) {
    EXPECT_NE(exec->Find(v), nullptr) << v;
  }
  EXPECT_EQ(exec->Find("path"), nullptr);
  EXPECT_NE(s.FindInput("open")->Find("path"), nullptr);
  const MessageDecl* proc = s.FindMessage("Process");
  for (const char* f : {"exe", "name", "args", "cwd", "uid", "gid"}) EXPECT_NE(proc->Find(f), nullptr) << f;
  const MessageDecl* sc = s.FindMessage("SecurityContext");
  for (const char* f : {"privileged", "capabilities", "allowPrivilegeEscalation", "runAsNonRoot",
                        "seccompProfile", "procMount", "seLinuxOptions", "appArmorProfile"}) {
    EXPECT_NE(sc->Find(f), nullptr) << f;
  }
  const InputDecl* flow = s.FindInput("flow");
  for (const char* v : {"workload", "peer", "port", "protocol", "direction"}) {
    EXPECT_NE(flow->Find(v), nullptr) << v;
  }
}

TEST(BuiltinSchema, HasTheFunctionsOfTheDesign) {
  const Schema& s = Schema::Builtin();
  for (const char* f : {"size", "startsWith", "endsWith", "contains", "matches", "lowerAscii",
                        "split", "glob", "cidr", "semver", "containers", "image_vulns", "int",
                        "string", "timestamp", "duration"}) {
    EXPECT_NE(s.FindFunction(f), nullptr) << f;
  }
}

TEST(SchemaLoader, ReportsMalformedInputWithItsLine) {
  std::string error;
  EXPECT_EQ(Schema::Load({{"x.schema", "message A {\n  f string\n}\n"}}, &error), nullptr);
  EXPECT_EQ(error, "x.schema:2: expected 'name: type' or '}'");
  EXPECT_EQ(Schema::Load({{"x.schema", "message A {\n  f: Nope\n}\n"}}, &error), nullptr);
  EXPECT_EQ(error, "x.schema:2: unknown type 'Nope'");
  EXPECT_EQ(Schema::Load({{"x.schema", "function f(int) = g\n"}}, &error), nullptr);
  EXPECT_EQ(error, "x.schema:1: missing ': result'");
  auto ok = Schema::Load({{"x.schema", "message Alpha {\n  b: Beta\n}\nmessage Beta {\n  n: list(int)\n}\n"}}, &error);
  ASSERT_NE(ok, nullptr) << error;
  EXPECT_EQ(ok->FindMessage("Alpha")->Find("b")->type, Type::Message("Beta"));
}

}  // namespace
}  // namespace rampart::check
