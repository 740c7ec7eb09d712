// Admission inputs from real formats: AdmissionReview v1, multi-document YAML manifests,
// `kubectl get -o json` lists, workload templates presented as Pods, and bad input.

#include <gtest/gtest.h>

#include "runtime/decode/admission.h"
#include "runtime/decode/yaml.h"
#include "runtime/value/value_ops.h"
#include "tests/support/corpus.h"

namespace rampart::runtime {
namespace {

const Value& At(const Value& v, std::initializer_list<const char*> path) {
  const Value* node = &v;
  for (const char* step : path) {
    const Value* next = node->is(ValueKind::kMap) ? MapFind(node->map(), Value::String(step)) : nullptr;
    if (next == nullptr) {
      static const Value kMissing = Value::Error("missing");
      return kMissing;
    }
    node = next;
  }
  return *node;
}

std::string Testdata(const std::string& name) {
  return testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/" + name);
}

TEST(AdmissionReview, DecodesTheRequest) {
  AdmissionInput in;
  DecodeError err;
  ASSERT_TRUE(DecodeAdmissionReview(Testdata("admission-review-pod.json"), "review.json", &in, &err))
      << err.message;
  EXPECT_EQ(At(in.variables, {"operation"}).text(), "CREATE");
  EXPECT_EQ(At(in.variables, {"namespace"}).text(), "payments");
  EXPECT_EQ(At(in.variables, {"userInfo", "username"}).text(),
            "system:serviceaccount:kube-system:replicaset-controller");
  EXPECT_TRUE(At(in.variables, {"oldObject"}).is(ValueKind::kNull));
  const Value& c = At(in.variables, {"pod", "spec", "containers"}).list()[0];
  EXPECT_TRUE(At(c, {"securityContext", "privileged"}).bool_value());
  EXPECT_EQ(At(in.variables, {"request", "kind", "kind"}).text(), "Pod");
}

TEST(AdmissionReview, RejectsOtherDocuments) {
  AdmissionInput in;
  DecodeError err;
  EXPECT_FALSE(DecodeAdmissionReview(R"({"kind": "Pod"})", "x.json", &in, &err));
  EXPECT_EQ(err.message, "x.json: not an AdmissionReview (kind is 'Pod')");
  EXPECT_FALSE(DecodeAdmissionReview(R"({"kind": "AdmissionReview", "request": )", "t.json", &in, &err));
  EXPECT_EQ(err.message.rfind("t.json: malformed JSON", 0), 0u) << err.message;
}

TEST(Manifests, ListsAndWorkloadTemplates) {
  std::vector<AdmissionInput> in;
  DecodeError err;
  ASSERT_TRUE(DecodeManifests(Testdata("pods-list.json"), "pods.json", &in, &err)) << err.message;
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].source, "pods.json#0");
  EXPECT_EQ(At(in[0].variables, {"pod", "metadata", "name"}).text(), "a");
  // The Deployment's template, as a Pod, in the Deployment's namespace.
  const Value& pod = At(in[1].variables, {"pod"});
  EXPECT_EQ(At(pod, {"kind"}).text(), "Pod");
  EXPECT_EQ(At(pod, {"metadata", "namespace"}).text(), "shop");
  EXPECT_EQ(At(pod, {"metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/web"}).text(),
            "runtime/default");
  EXPECT_EQ(At(pod, {"spec", "containers"}).list().size(), 1u);
  EXPECT_EQ(At(in[1].variables, {"namespace"}).text(), "shop");
  EXPECT_EQ(At(in[1].variables, {"request", "kind", "group"}).text(), "apps");
}

TEST(Manifests, MultiDocumentYamlFromThePolicyLibrary) {
  for (const std::string& f : testing::ListFiles(testing::SourceDir() + "/policies", ".yaml")) {
    std::vector<AdmissionInput> in;
    DecodeError err;
    std::string text = testing::ReadFileOrDie(testing::SourceDir() + "/policies/" + f);
    ASSERT_TRUE(DecodeManifests(text, f, &in, &err)) << err.message;
    ASSERT_FALSE(in.empty()) << f;
    for (const AdmissionInput& i : in) {
      EXPECT_FALSE(At(i.variables, {"object", "kind"}).text().empty()) << f;
      std::string kind = At(i.variables, {"object", "kind"}).text();
      if (kind == "Pod" || kind == "Deployment" || kind == "DaemonSet" || kind == "StatefulSet") {
        EXPECT_TRUE(At(i.variables, {"pod", "spec"}).is(ValueKind::kMap)) << f;
      }
    }
  }
  std::vector<AdmissionInput> in;
  DecodeError err;
  ASSERT_TRUE(DecodeManifests("kind: Pod\nmetadata: {name: a}\n---\n---\nkind: Service\n", "m.yaml", &in, &err));
  ASSERT_EQ(in.size(), 2u);
  EXPECT_TRUE(At(in[1].variables, {"pod"}).is(ValueKind::kNull));
}

TEST(Yaml, Core12Scalars) {
  std::vector<Value> docs;
  YamlError err;
  ASSERT_TRUE(ParseYamlDocuments(
      "a: 1\nb: \"1\"\nc: on\nd: true\ne: ~\nf: 1.5\ng: 0x1F\nh: '007'\ni: 18446744073709551615\nj: 1e3\nk: 1.2.3\n",
      &docs, &err));
  const Value& d = docs[0];
  EXPECT_TRUE(At(d, {"a"}).is(ValueKind::kInt));
  EXPECT_TRUE(At(d, {"b"}).is(ValueKind::kString));
  EXPECT_EQ(At(d, {"c"}).text(), "on");  // YAML 1.2: not a boolean
  EXPECT_TRUE(At(d, {"d"}).bool_value());
  EXPECT_TRUE(At(d, {"e"}).is(ValueKind::kNull));
  EXPECT_EQ(At(d, {"f"}).double_value(), 1.5);
  EXPECT_EQ(At(d, {"g"}).int_value(), 31);
  EXPECT_EQ(At(d, {"h"}).text(), "007");
  EXPECT_TRUE(At(d, {"i"}).is(ValueKind::kUint));
  EXPECT_EQ(At(d, {"j"}).double_value(), 1000.0);
  EXPECT_EQ(At(d, {"k"}).text(), "1.2.3");
}

TEST(Yaml, BadInputIsAnErrorNeverACrash) {
  std::vector<Value> docs;
  YamlError err;
  EXPECT_FALSE(ParseYamlDocuments("a: [1, 2\nb: 3\n", &docs, &err));
  EXPECT_GT(err.line, 0);
  // "Billion laughs": nine levels of nine aliases expand to 9^9 nodes.
  std::string laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) laughs += (i ? ",*" : "*") + prev;
    laughs += "]\n";
    prev = std::string(1, c);
  }
  docs.clear();
  EXPECT_FALSE(ParseYamlDocuments(laughs, &docs, &err));
  EXPECT_NE(err.message.find("expand to more than"), std::string::npos) << err.message;
  docs.clear();
  EXPECT_FALSE(ParseYamlDocuments(std::string(100000, '[') + std::string(100000, ']'), &docs, &err));
  std::vector<AdmissionInput> in;
  DecodeError derr;
  EXPECT_FALSE(DecodeManifests("- just\n- a list\n", "l.yaml", &in, &derr));
  EXPECT_EQ(derr.message, "l.yaml: document 0 is not a Kubernetes object");
}

}  // namespace
}  // namespace rampart::runtime
