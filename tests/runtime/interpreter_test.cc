// The reference interpreter end to end: source → check → lower → evaluate on inputs decoded
// from real formats. CEL semantics: error absorption by && and ||, propagation elsewhere,
// comprehension macros; policy structure: scope, let, each, rule firings with messages.

#include <gtest/gtest.h>

#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/interp/interpreter.h"
#include "runtime/value/json.h"
#include "tests/support/compiled_program.h"
#include "tests/support/corpus.h"

namespace rampart::runtime {
namespace {

// A compiled program with lookups by policy name.
struct Compiled : testing::CompiledProgram {
  uint32_t Policy(const std::string& name) const {
    for (uint32_t i = 0; i < program->policies.size(); ++i) {
      if (program->policies[i].name == name) return i;
    }
    ADD_FAILURE() << "no policy " << name;
    return 0;
  }
  // Names of the rules that fired, with their messages.
  std::vector<std::string> Fired(const std::string& policy, const Value& inputs,
                                 std::vector<std::string>* errors = nullptr) const {
    uint32_t p = Policy(policy);
    PolicyEvaluation e = interpreter->Evaluate(p, inputs);
    std::vector<std::string> out;
    for (const RuleFiring& f : e.fired) {
      out.push_back(program->policies[p].rules[f.rule].name + (f.message ? ": " + *f.message : ""));
    }
    if (errors != nullptr) {
      for (const EvaluationError& err : e.errors) errors->push_back(err.message);
    }
    return out;
  }
};

Compiled Compile(const std::string& source) { return {testing::CompileSource(source)}; }

Value Json(const std::string& text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(ParseJson(text, &v, &err)) << err.message;
  return v;
}

using V = std::vector<std::string>;

TEST(Interpreter, RuntimePolicyOnARealEvent) {
  Compiled c = Compile(R"(package t
const shells = ["sh", "bash"]
def is_shell(n: string): bool = n in shells
runtime policy jvm {
  on exec
  when workload.labels["runtime"] == "java"
  block spawn if parent.name == "java" && is_shell(proc.name)
    message "java spawned " + proc.exe
}
)");
  std::vector<EventInput> events;
  DecodeError err;
  ASSERT_TRUE(DecodeEventLines(testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/events.jsonl"),
                               "events.jsonl", &events, &err));
  EXPECT_EQ(c.Fired("jvm", events[0].variables), V{"spawn: java spawned /bin/bash"});
}

TEST(Interpreter, AdmissionReviewWithEachAndLet) {
  Compiled c = Compile(R"(package t
admission policy privileged {
  match has_pod(object)
  each c in containers(object) {
    let sc = c.securityContext
    deny if has(sc.privileged) && sc.privileged message "container " + c.name + " is privileged"
  }
}
)");
  AdmissionInput in;
  DecodeError err;
  ASSERT_TRUE(DecodeAdmissionReview(
      testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/admission-review-pod.json"),
      "review.json", &in, &err));
  EXPECT_EQ(c.Fired("privileged", in.variables), V{"deny#1: container app is privileged"});
}

TEST(Interpreter, ErrorsAreAbsorbedByLogicAndReportedOtherwise) {
  Compiled c = Compile(R"(package t
admission policy p {
  deny absorbed if object.spec.nosuch == 1 || true
  deny propagated if object.spec.nosuch == 1
  deny false_wins if object.spec.nosuch == 1 && false
  deny division if 1 / (size(object.metadata.name) - 3) > 0
}
)");
  std::vector<std::string> errors;
  Value inputs = Json(R"({"object": {"kind": "Pod", "metadata": {"name": "abc"}, "spec": {}}})");
  EXPECT_EQ(c.Fired("p", inputs, &errors), V{"absorbed"});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "no such key: nosuch");
  EXPECT_EQ(errors[1], "division by zero");
}

TEST(Interpreter, ScopeAndComprehensions) {
  Compiled c = Compile(R"(package t
const ports = [80, 443, 8080]
admission policy m {
  match object.kind == "Pod"
  deny all if ports.all(p, p > 79)
  deny exists_one if ports.exists_one(p, p == 443)
  deny mapped if ports.map(p, p * 2) == [160, 886, 16160]
  deny filtered if ports.filter(p, p > 100).size() == 2
  deny map_filter if ports.map(p, p > 100, string(p)) == ["443", "8080"]
  deny none if ports.exists(p, p == 22)
}
)");
  Value pod = Json(R"({"object": {"kind": "Pod"}})");
  EXPECT_EQ(c.Fired("m", pod), (V{"all", "exists_one", "mapped", "filtered", "map_filter"}));
  PolicyEvaluation out_of_scope = c.interpreter->Evaluate(c.Policy("m"), Json(R"({"object": {"kind": "Service"}})"));
  EXPECT_FALSE(out_of_scope.in_scope);
  EXPECT_TRUE(out_of_scope.fired.empty());
}

TEST(Interpreter, NetworkRulesMatchPeersAndPorts) {
  Compiled c = Compile(R"(package t
network policy api {
  select workload.labels["app"] == "api"
  egress allow db to service("postgres", namespace: "db") port 5432/tcp
  egress deny ldap if port in [389, 636]
  default deny
}
)");
  std::vector<EventInput> events;
  DecodeError err;
  ASSERT_TRUE(DecodeEventLines(testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/events.jsonl"),
                               "events.jsonl", &events, &err));
  EXPECT_EQ(c.Fired("api", events[2].variables), V{"db"});
  Value ldap = Json(R"({"workload": {"labels": {"app": "api"}}, "peer": {"namespace": "", "labels": {}},
                        "port": 389, "protocol": "tcp", "direction": "egress"})");
  EXPECT_EQ(c.Fired("api", ldap), V{"ldap"});
}

}  // namespace
}  // namespace rampart::runtime

namespace rampart::runtime {
namespace {

// `x in LIST` over a constant list of six or more strings is a hash-set lookup
// (ops::StringSets): it must answer exactly as the scan does, for members, non-members,
// the empty string, unicode, prefixes of members, and values that are not strings.
TEST(InterpreterSets, ConstantStringListsAnswerAsTheScanDoes) {
  Compiled c = Compile(R"(package t
const tools = ["curl", "wget", "nc", "", "ünï", "python3", "perl"]
runtime policy p {
  on exec
  block listed if proc.name in tools message proc.name
  alert literal if proc.exe in ["/bin/a", "/bin/b", "/bin/c", "/bin/d", "/bin/e", "/bin/f"]
})");
  auto event = [](const std::string& name, const std::string& exe) {
    return Value::Map({{Value::String("proc"),
                        Value::Map({{Value::String("name"), Value::String(name)}, {Value::String("exe"), Value::String(exe)}})}});
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(c.Fired("p", event("curl", "/x")), V{"listed: curl"});
  EXPECT_EQ(c.Fired("p", event("", "/x")), V{"listed: "});
  EXPECT_EQ(c.Fired("p", event("ünï", "/x")), V{"listed: ünï"});
  EXPECT_EQ(c.Fired("p", event("cur", "/bin/f")), V{"literal"});
  EXPECT_EQ(c.Fired("p", event("curlx", "/bin/g")), V{});
  // A value of another kind than string (the event is dyn underneath) is never a member.
  Value numeric = Value::Map({{Value::String("proc"), Value::Map({{Value::String("name"), Value::Int(1)},
                                                                  {Value::String("exe"), Value::Int(2)}})}});
  std::vector<std::string> errors;
  EXPECT_EQ(c.Fired("p", numeric, &errors), V{});
}

}  // namespace
}  // namespace rampart::runtime
