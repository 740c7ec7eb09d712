// Projection (runtime/decode/projection.h): the field usage the compiler derives from the IR,
// and the promise that matters — deciding a projected input gives exactly the decision of
// the whole input. Checked for every shipped policy on every real-format input in the
// repository (Kubernetes' Pod Security fixtures, the packs' testdata, the golden inputs).

#include <gtest/gtest.h>

#include "compiler/driver/compilation.h"
#include "compiler/ir/field_usage.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/projection.h"
#include "runtime/eval/decision.h"
#include "runtime/interp/interpreter.h"
#include "tests/support/compiled_program.h"
#include "tests/support/corpus.h"

namespace rampart::runtime {
namespace {

using Compiled = testing::CompiledProgram;

std::string Usage(const std::string& source) {
  Compiled c = testing::CompileSource(source);
  return ir::FieldNodeText(ir::AnalyzeFieldUsage(*c.program));
}

TEST(FieldUsage, SelectsComparisonsAndContainers) {
  EXPECT_EQ(Usage(R"(package t
admission policy p {
  match object.kind == "Pod"
  each c in containers(object)
    deny if c.securityContext.privileged == true message c.name
})"),
            // containers() reads the kind and the three container lists of a Pod, a workload
            // template and a CronJob template; of each container what the rule reads.
            "{object{kind*,spec{containers[{name*,securityContext{privileged*}}],"
            "ephemeralContainers[{name*,securityContext{privileged*}}],"
            "initContainers[{name*,securityContext{privileged*}}],"
            "jobTemplate{spec{template{spec{containers[{name*,securityContext{privileged*}}],"
            "ephemeralContainers[{name*,securityContext{privileged*}}],"
            "initContainers[{name*,securityContext{privileged*}}]}}}},"
            "template{spec{containers[{name*,securityContext{privileged*}}],"
            "ephemeralContainers[{name*,securityContext{privileged*}}],"
            "initContainers[{name*,securityContext{privileged*}}]}}}}}");
}

TEST(FieldUsage, MapKeysHelpersAndUnknownBuiltins) {
  EXPECT_EQ(Usage(R"(package t
def team(labels: map(string, string)): string = labels["team"]
admission policy p {
  deny if !("owner" in object.metadata.annotations) && team(object.metadata.labels) == ""
  deny if object.spec.hostAliases.size() > 2
  warn if object.metadata.name.matches("^tmp-")
})"),
            // `in` needs the keys; a constant index reads one member, also through a helper;
            // size() needs the entries but nothing in them.
            "{object{metadata{annotations[],labels{team*},name*},spec{hostAliases[]}}}");
}

TEST(FieldUsage, EventsAndIteration) {
  EXPECT_EQ(Usage(R"(package t
runtime policy p {
  on exec
  block if proc.args.exists(a, a == "-e") && parent.name == "java"
})"),
            "{parent{name*},proc{args[*]}}");
}

TEST(Projection, KeepsOnlyWhatIsRead) {
  ir::FieldNode need;
  need.Field("a")->whole = true;
  need.Field("m")->entries = true;
  need.Field("l")->entries = true;
  need.Field("l")->Element()->Field("x")->whole = true;
  Value v = Value::Map({
      {Value::String("a"), Value::Map({{Value::String("deep"), Value::Int(1)}})},
      {Value::String("b"), Value::String("dropped")},
      {Value::String("m"), Value::Map({{Value::String("k"), Value::List({Value::Int(1)})}})},
      {Value::String("l"), Value::List({Value::Map({{Value::String("x"), Value::Int(2)},
                                                    {Value::String("y"), Value::Int(3)}})})},
  });
  EXPECT_EQ(Project(v, need).DebugString(), R"({"a": {"deep": 1}, "m": {"k": []}, "l": [{"x": 2}]})");
}

// ---- same decisions, projected or not, on every input we have --------------------------

std::string Describe(const ir::Program& p, const Decision& d) {
  std::string out = d.verdict;
  for (const DecisionHit& h : d.hits) {
    out += "\n  " + h.action + " " + p.policies[h.policy].name + "." +
           (h.rule == ir::kNone ? std::string("-") : p.policies[h.policy].rules[h.rule].name) + ": " + h.message;
  }
  for (const std::string& e : d.errors) out += "\n  error: " + e;
  return out;
}

class ShippedPolicies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string root = testing::SourceDir() + "/policies/";
    std::vector<std::string> files;
    for (const std::string& f : testing::ListFiles(root, ".rp")) files.push_back(root + f);
    compiled_ = new Compiled(testing::CompileFiles(files));
    for (uint32_t i = 0; i < compiled_->program->policies.size(); ++i) all_.push_back(i);
    usage_ = new ir::FieldNode(ir::AnalyzeFieldUsage(*compiled_->program));
  }
  static void TearDownTestSuite() {
    delete compiled_;
    delete usage_;
  }

  // Decodes `path` whole and projected and compares the decision of each input in it.
  void Check(const std::string& path, int* compared) {
    std::string text = testing::ReadFileOrDie(path);
    DecodeError err;
    std::vector<std::pair<std::string, Value>> whole, projected;  // (kind, variables)
    if (path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0) {
      std::vector<EventInput> a, b;
      ir::FieldNode need = EventNeeds(*usage_);
      ASSERT_TRUE(DecodeEventLines(text, path, &a, &err)) << err.message;
      ASSERT_TRUE(DecodeEventLines(text, path, &b, &err, &need)) << err.message;
      for (auto& e : a) whole.push_back({e.kind, e.variables});
      for (auto& e : b) projected.push_back({e.kind, e.variables});
    } else if (text.find("\"AdmissionReview\"") != std::string::npos) {
      AdmissionInput a, b;
      ir::FieldNode need = AdmissionReviewNeeds(*usage_);
      ASSERT_TRUE(DecodeAdmissionReview(text, path, &a, &err)) << err.message;
      ASSERT_TRUE(DecodeAdmissionReview(text, path, &b, &err, &need)) << err.message;
      whole.push_back({"admission", a.variables});
      projected.push_back({"admission", b.variables});
    } else {
      std::vector<AdmissionInput> a, b;
      ir::FieldNode need = ManifestNeeds(*usage_);
      ASSERT_TRUE(DecodeManifests(text, path, &a, &err)) << err.message;
      ASSERT_TRUE(DecodeManifests(text, path, &b, &err, &need)) << err.message;
      for (auto& x : a) whole.push_back({"admission", x.variables});
      for (auto& x : b) projected.push_back({"admission", x.variables});
    }
    ASSERT_EQ(whole.size(), projected.size()) << path;
    for (size_t i = 0; i < whole.size(); ++i) {
      const ir::Program& p = *compiled_->program;
      Decision a = Decide(*compiled_->interpreter, all_, whole[i].first, whole[i].second);
      Decision b = Decide(*compiled_->interpreter, all_, projected[i].first, projected[i].second);
      EXPECT_EQ(Describe(p, a), Describe(p, b)) << path << " input " << i;
      ++*compared;
    }
  }

  static Compiled* compiled_;
  static ir::FieldNode* usage_;
  static std::vector<uint32_t> all_;
};

Compiled* ShippedPolicies::compiled_ = nullptr;
ir::FieldNode* ShippedPolicies::usage_ = nullptr;
std::vector<uint32_t> ShippedPolicies::all_;

TEST_F(ShippedPolicies, ProjectedInputsGetTheSameDecisions) {
  int compared = 0;
  for (const char* dir : {"/tests/data/pss/", "/policies/", "/tests/runtime/testdata/", "/tests/golden/decisions/",
                          "/examples/"}) {
    std::string root = testing::SourceDir() + dir;
    for (const char* suffix : {".yaml", ".json", ".jsonl"}) {
      for (const std::string& f : testing::ListFiles(root, suffix)) {
        if (f.find("trivy") != std::string::npos) continue;  // external data, not inputs
        Check(root + f, &compared);
      }
    }
  }
  EXPECT_GT(compared, 180);  // the PSS fixtures alone are 153 files
  // And projection does keep less: the PSS and hardening packs read a fraction of a Pod.
  std::string pod = testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/admission-review-pod.json");
  AdmissionInput a, b;
  DecodeError err;
  ir::FieldNode need = AdmissionReviewNeeds(*usage_);
  ASSERT_TRUE(DecodeAdmissionReview(pod, "pod", &a, &err));
  ASSERT_TRUE(DecodeAdmissionReview(pod, "pod", &b, &err, &need));
  EXPECT_LT(b.variables.DebugString().size(), a.variables.DebugString().size());
}

}  // namespace
}  // namespace rampart::runtime
