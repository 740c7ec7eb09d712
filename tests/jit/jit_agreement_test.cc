// The JIT (runtime/jit) against the reference interpreter: every shipped policy on every
// real-format input in the repository must give identical evaluations — rules fired,
// messages, explanations, errors with their source positions — at every optimisation level.
// (The CEL conformance suite runs on both engines in tests/runtime/cel_conformance_test.cc.)

#include <gtest/gtest.h>

#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/trivy.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/jit_engine.h"
#include "tests/support/compiled_program.h"
#include "tests/support/corpus.h"

namespace rampart::runtime {
namespace {

struct Inputs {
  std::vector<std::pair<std::string, Value>> items;  // (source, variables)
};

Inputs LoadAll() {
  Inputs all;
  for (const char* dir : {"/tests/data/pss/", "/policies/", "/tests/runtime/testdata/", "/tests/golden/decisions/",
                          "/examples/"}) {
    std::string root = testing::SourceDir() + dir;
    for (const char* suffix : {".yaml", ".json", ".jsonl"}) {
      for (const std::string& f : testing::ListFiles(root, suffix)) {
        if (f.find("trivy") != std::string::npos) continue;
        std::string path = root + f;
        std::string text = testing::ReadFileOrDie(path);
        DecodeError err;
        if (path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0) {
          std::vector<EventInput> events;
          EXPECT_TRUE(DecodeEventLines(text, path, &events, &err)) << err.message;
          for (auto& e : events) all.items.push_back({e.source, e.variables});
        } else if (text.find("\"AdmissionReview\"") != std::string::npos) {
          AdmissionInput in;
          EXPECT_TRUE(DecodeAdmissionReview(text, path, &in, &err)) << err.message;
          all.items.push_back({in.source, in.variables});
        } else {
          std::vector<AdmissionInput> objects;
          EXPECT_TRUE(DecodeManifests(text, path, &objects, &err)) << err.message;
          for (auto& o : objects) all.items.push_back({o.source, o.variables});
        }
      }
    }
  }
  return all;
}

class JitAgreement : public ::testing::TestWithParam<int> {};

TEST_P(JitAgreement, ShippedPoliciesOnEveryInput) {
  std::string root = testing::SourceDir() + "/policies/";
  std::vector<std::string> files;
  for (const std::string& f : testing::ListFiles(root, ".rp")) files.push_back(root + f);
  testing::CompiledProgram compiled = testing::CompileFiles(files);
  ASSERT_NE(compiled.interpreter, nullptr);
  const ir::Program* program = compiled.program.get();
  const Interpreter* interp = compiled.interpreter.get();
  std::string error;
  JitOptions jit_options;
  jit_options.opt_level = GetParam();
  auto jit = JitEngine::Create(*program, jit_options, &error);
  ASSERT_NE(jit, nullptr) << error;

  // The Log4Shell pack reads Trivy data: load the pack's reports so those rules run too.
  VulnerabilityData data;
  for (const std::string& f : testing::ListFiles(root + "log4shell/testdata/", ".json")) {
    if (f.find("trivy") == std::string::npos) continue;
    DecodeError err;
    ASSERT_TRUE(data.AddTrivyReport(testing::ReadFileOrDie(root + "log4shell/testdata/" + f), f, &err)) << err.message;
  }
  BuiltinContext context;
  context.find_image_vulns = [](const void* d, const std::string& image) {
    return static_cast<const VulnerabilityData*>(d)->Find(image);
  };
  context.vulnerability_data = &data;

  Inputs inputs = LoadAll();
  ASSERT_GT(inputs.items.size(), 180u);
  int compared = 0, fired = 0;
  for (const auto& [source, variables] : inputs.items) {
    for (uint32_t p = 0; p < program->policies.size(); ++p) {
      PolicyEvaluation a = interp->Evaluate(p, variables, &context);
      PolicyEvaluation b = jit->Evaluate(p, variables, &context);
      ASSERT_EQ(testing::DescribeEvaluation(*program, p, a), testing::DescribeEvaluation(*program, p, b)) << source;
      ++compared;
      fired += static_cast<int>(a.fired.size());
    }
  }
  EXPECT_GT(fired, 500);  // the corpus exercises the rules, not only the scopes
  std::printf("%d policy evaluations agree (%d rule firings), JIT compile %.1f ms at -O%d\n", compared, fired,
              jit->compile_ms(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(OptLevels, JitAgreement, ::testing::Values(0, 1, 2));

TEST(JitEngine, ReloadingFreesTheOldSetWhileANewOneRuns) {
  driver::CompileOptions options;
  auto compilation = driver::CompileSources({{"t.rp", R"(package t
admission policy p {
  deny big if object.spec.replicas > 3 message "replicas: " + string(object.spec.replicas)
})"}},
                                            options);
  ASSERT_FALSE(compilation->diags.has_errors());
  auto program = lower::Lower(compilation->file_pointers(), compilation->program, compilation->sources);
  std::string error;
  Value input = Value::Map({{Value::String("object"),
                             Value::Map({{Value::String("spec"), Value::Map({{Value::String("replicas"), Value::Int(5)}})}})}});
  auto first = JitEngine::Create(*program, {}, &error);
  ASSERT_NE(first, nullptr) << error;
  for (int i = 0; i < 20; ++i) {
    auto next = JitEngine::Create(*program, {}, &error);  // same symbols, own JITDylib
    ASSERT_NE(next, nullptr) << error;
    PolicyEvaluation e = next->Evaluate(0, input);
    ASSERT_EQ(e.fired.size(), 1u);
    EXPECT_EQ(*e.fired[0].message, "replicas: 5");
    first = std::move(next);  // the previous set's code is removed here
  }
  EXPECT_EQ(first->Evaluate(0, input).fired.size(), 1u);
}

// JIT registers borrow values from stable storage (runtime/jit/jit_helpers.cc): the shapes
// where a borrowed pointer could outlive or alias what it points to — helpers whose
// arguments are fields and whose results replace an argument register, loops over lists
// the policy built (elements copied) next to loops over the input (elements borrowed),
// nested loops re-initialising an iterator, lists grown from a constant, values kept past
// the loop that produced them — must evaluate exactly as in the interpreter.
TEST(JitEngine, BorrowedRegistersAgreeWithTheInterpreter) {
  testing::CompiledProgram compiled = testing::CompileSource(R"(package t
def first_port(c: dyn): dyn = c.ports[0].containerPort
def label_or(m: map(string, string), k: string, d: string): string = k in m ? m[k] : d
def name_of(c: dyn): string = c.name
def names(cs: list(dyn)): list(string) = cs.map(c, name_of(c))
admission policy helpers {
  deny a if name_of(object.spec.containers[0]) == "app" message "first: " + name_of(object.spec.containers[0])
  deny b if label_or(object.metadata.labels, "team", "none") != "none" message label_or(object.metadata.labels, "team", "x")
  deny c if first_port(object.spec.containers[0]) == 80 message string(first_port(object.spec.containers[0]))
  deny d if names(object.spec.containers).exists(n, n == "side") message names(object.spec.containers).join(",")
}
admission policy loops {
  let built = object.spec.containers.map(c, c.name + "-x")
  let grown = ["a", "b"] + built
  deny e if built.exists(n, grown.exists(m, m == n)) message grown.join("/")
  deny f if object.spec.containers.all(c, object.spec.containers.exists(d, d.name == c.name)) message built.join(";")
  deny g if grown.filter(x, x.startsWith("a")).map(x, x + "!").size() == 2 message grown.filter(x, x != "b").join("")
  deny h if object.metadata.labels.exists(k, v, built.exists(n, n.startsWith(v))) message "label"
  deny i if [object.spec.containers, object.spec.containers].all(l, l.exists(c, has(c.image))) message "nested"
}
)");
  ASSERT_NE(compiled.interpreter, nullptr);
  std::string error;
  auto jit = JitEngine::Create(*compiled.program, {}, &error);
  ASSERT_NE(jit, nullptr) << error;
  auto container = [](const char* name, const char* image, int64_t port) {
    ValueMap c = {{Value::String("name"), Value::String(name)}};
    if (image != nullptr) c.push_back({Value::String("image"), Value::String(image)});
    if (port > 0) {
      c.push_back({Value::String("ports"),
                   Value::List({Value::Map({{Value::String("containerPort"), Value::Int(port)}})})});
    }
    return Value::Map(std::move(c));
  };
  auto pod = [](ValueList containers, ValueMap labels) {
    return Value::Map({{Value::String("object"),
                        Value::Map({{Value::String("metadata"), Value::Map({{Value::String("labels"), Value::Map(labels)}})},
                                    {Value::String("spec"),
                                     Value::Map({{Value::String("containers"), Value::List(containers)}})}})}});
  };
  const std::vector<Value> inputs = {
      pod({container("app", "nginx", 80), container("side", nullptr, 0)}, {{Value::String("team"), Value::String("a")}}),
      pod({container("side", "x", 81)}, {{Value::String("app"), Value::String("side")}}),
      pod({}, {}),
      pod({container("b-x", "i", 0), container("a", "i", 80)}, {{Value::String("team"), Value::String("b")}}),
  };
  int fired = 0;
  for (const Value& input : inputs) {
    for (uint32_t p = 0; p < compiled.program->policies.size(); ++p) {
      PolicyEvaluation a = compiled.interpreter->Evaluate(p, input);
      PolicyEvaluation b = jit->Evaluate(p, input);
      EXPECT_EQ(testing::DescribeEvaluation(*compiled.program, p, a),
                testing::DescribeEvaluation(*compiled.program, p, b))
          << input.DebugString();
      fired += static_cast<int>(a.fired.size());
    }
  }
  EXPECT_GE(fired, 12);  // the rules run, not only their scopes
}

}  // namespace
}  // namespace rampart::runtime
