// Admission inputs from real formats: AdmissionReview v1, multi-document YAML manifests,
// `kubectl get -o json` lists, workload templates presented as Pods, and bad or hostile input
// (the decoder fuzzer's findings among it).

#include <gtest/gtest.h>

#include "runtime/decode/admission.h"
#include "runtime/decode/yaml.h"
#include "runtime/value/cel_json.h"
#include "compiler/ir/field_usage.h"
#include "runtime/value/json.h"
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
  EXPECT_NE(err.message.find("expand to more than 2000000 nodes"), std::string::npos) << err.message;
  EXPECT_EQ(err.line, 7);  // at the alias of `g` that gets past the budget
  docs.clear();
  EXPECT_FALSE(ParseYamlDocuments(std::string(100000, '[') + std::string(100000, ']'), &docs, &err));
  EXPECT_EQ(err.message, "the document nests more than 256 levels deep");
  std::vector<AdmissionInput> in;
  DecodeError derr;
  EXPECT_FALSE(DecodeManifests("- just\n- a list\n", "l.yaml", &in, &derr));
  EXPECT_EQ(derr.message, "l.yaml: document 0 is not a Kubernetes object");
}

// The decoder fuzzer's out-of-memory: yaml-cpp reads an empty document at a stray `,` after a
// top-level flow collection without consuming it, again and again; YAML::LoadAll collected
// them until memory ran out.
TEST(Yaml, StrayCommaAfterADocumentIsAnError) {
  std::vector<Value> docs;
  YamlError err;
  EXPECT_FALSE(ParseYamlDocuments("[a],", &docs, &err));
  EXPECT_EQ(err.message, "unexpected ',' after the end of a document");
  EXPECT_EQ(err.line, 1);
  EXPECT_EQ(err.column, 4);
  EXPECT_TRUE(docs.empty());
  std::vector<AdmissionInput> in;
  DecodeError derr;
  EXPECT_FALSE(DecodeManifests("kind: Pod\n---\n\"a\",\n", "c.yaml", &in, &derr));
  EXPECT_EQ(derr.message, "c.yaml:3:4: malformed YAML: unexpected ',' after the end of a document");
}

// Each alias used to copy its anchored node, so aliases of aliases multiplied a long string
// past 1 GB while staying within the node budget.
TEST(Yaml, AliasExpansionIsBoundedAndShared) {
  // An anchored 1,000-byte string; six levels of ten aliases each: 10^6 copies, 1 GB of text.
  std::string bomb = "a: &a [\"" + std::string(1000, 'x') + "\"]\n";
  std::string prev = "a";
  for (char c = 'b'; c <= 'g'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ",*" : "*") + prev;
    bomb += "]\n";
    prev = std::string(1, c);
  }
  std::vector<Value> docs;
  YamlError err;
  EXPECT_FALSE(ParseYamlDocuments(bomb, &docs, &err));
  EXPECT_EQ(err.message, "the documents expand to more than 67108864 bytes of scalar text "
                         "(aliases referring to aliases?)");
  EXPECT_EQ(err.line, 6);     // `f: &f [*e,*e,...`: its sixth alias gets past 64 MiB
  EXPECT_EQ(err.column, 23);
  std::vector<AdmissionInput> in;
  DecodeError derr;
  EXPECT_FALSE(DecodeManifests("kind: Pod\n" + bomb, "bomb.yaml", &in, &derr));
  EXPECT_EQ(derr.message.rfind("bomb.yaml:7:23: malformed YAML: the documents expand to more than", 0), 0u)
      << derr.message;

  // Within the budgets an alias stands for its anchored node, sharing its value.
  docs.clear();
  ASSERT_TRUE(ParseYamlDocuments("a: &a {k: [1, x]}\nb: *a\nc: [*a, *a]\n&s 7: *s\n", &docs, &err))
      << err.message;
  const Value& d = docs[0];
  EXPECT_EQ(At(d, {"b", "k"}).list()[1].text(), "x");
  EXPECT_EQ(&At(d, {"a"}).map(), &At(d, {"b"}).map());
  EXPECT_EQ(&At(d, {"c"}).list()[1].map(), &At(d, {"a"}).map());
  EXPECT_EQ(At(d, {"7"}).int_value(), 7);  // a scalar key is its text, its value is resolved

  // An alias inside its own anchored node would expand forever.
  docs.clear();
  EXPECT_FALSE(ParseYamlDocuments("x: 1\na: &a [1, {b: *a}]\n", &docs, &err));
  EXPECT_EQ(err.message, "an alias refers to a node that contains it");
  EXPECT_EQ(err.line, 2);
  EXPECT_EQ(err.column, 15);

  // Depth counts expanded aliases too: 200 levels placed under 200 more.
  docs.clear();
  std::string deep = "a: &a " + std::string(200, '[') + std::string(200, ']') + "\nb: " +
                     std::string(200, '[') + "*a" + std::string(200, ']') + "\n";
  EXPECT_FALSE(ParseYamlDocuments(deep, &docs, &err));
  EXPECT_EQ(err.message, "the document nests more than 256 levels deep");
  EXPECT_EQ(err.line, 2);
  EXPECT_EQ(err.column, 204);
}

// 256 levels of nesting, no more; yaml-cpp's own limit (500, "bad file") is never reached.
TEST(Yaml, NestingLimit) {
  std::vector<Value> docs;
  YamlError err;
  EXPECT_TRUE(ParseYamlDocuments(std::string(256, '[') + std::string(256, ']'), &docs, &err))
      << err.message;
  docs.clear();
  EXPECT_FALSE(ParseYamlDocuments(std::string(257, '[') + std::string(257, ']'), &docs, &err));
  EXPECT_EQ(err.message, "the document nests more than 256 levels deep");
  EXPECT_EQ(err.column, 257);
  std::string block;
  for (int i = 0; i < 600; ++i) block += std::string(2 * i, ' ') + "k:\n";
  EXPECT_FALSE(ParseYamlDocuments(block, &docs, &err));
  EXPECT_EQ(err.message, "the document nests more than 256 levels deep");
  EXPECT_EQ(err.line, 256);
}

// CEL values as JSON (--bindings, the conformance suite): base64 of any length. The decoder
// fuzzer found the decoder's int accumulator overflowing from the sixth character on.
TEST(CelValueJson, LongBytesValuesRoundTrip) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>(255 - i % 256);
  std::string json = ToCelValueJson(Value::Bytes(bytes));
  Value parsed;
  JsonError err;
  ASSERT_TRUE(ParseJson(json, &parsed, &err)) << err.message;
  Value back = FromCelValueJson(parsed);
  ASSERT_TRUE(back.is(ValueKind::kBytes));
  EXPECT_EQ(back.text(), bytes);
  ASSERT_TRUE(ParseJson(R"({"bytesValue": "////////////"})", &parsed, &err));
  EXPECT_EQ(FromCelValueJson(parsed).text(), std::string(9, '\xff'));
}

// A key written twice in one object is refused, JSON and YAML alike: Kubernetes keeps the
// last of duplicate fields and other readers the first, so `privileged: false, privileged:
// true` must not pass as false. Every key counts, read by the policy set or not; the same key
// in sibling objects is fine; large objects are checked too.
TEST(DuplicateKeys, AreRefusedWithWhereTheyAre) {
  Value v;
  JsonError err;
  EXPECT_FALSE(ParseJson(R"({"spec": {"containers": [{"name": "a"}, {"name": "b", "securityContext": )"
                         R"({"privileged": false, "privileged": true}}]}})",
                         &v, &err));
  EXPECT_EQ(err.message.rfind("duplicate key \"privileged\" in the object at spec.containers[1].securityContext: "
                              "Kubernetes keeps the last",
                              0),
            0u)
      << err.message;
  EXPECT_FALSE(ParseJson(R"({"a": 1, "b": 2, "a": 3})", &v, &err));
  EXPECT_EQ(err.message.rfind("duplicate key \"a\" in the object at the top level", 0), 0u) << err.message;
  std::string many = "{";
  for (int i = 0; i < 200; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  EXPECT_TRUE(ParseJson(many + "\"last\": 0}", &v, &err)) << err.message;
  EXPECT_FALSE(ParseJson(many + "\"k150\": 0}", &v, &err));
  EXPECT_NE(err.message.find("\"k150\""), std::string::npos) << err.message;
  EXPECT_TRUE(ParseJson(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 1}, {"x": 2}]})", &v, &err)) << err.message;
  // Projected decoding (only what a policy set reads) refuses the same documents.
  ir::FieldNode need;
  need.Field("spec");
  EXPECT_FALSE(ParseJson(R"({"spec": {}, "status": {"x": 1, "x": 2}})", &v, &err, &need));
  EXPECT_NE(err.message.find("at status"), std::string::npos) << err.message;

  std::vector<Value> docs;
  YamlError yerr;
  EXPECT_FALSE(ParseYamlDocuments("spec:\n  securityContext:\n    privileged: false\n    privileged: true\n",
                                  &docs, &yerr));
  EXPECT_EQ(yerr.line, 4);
  EXPECT_EQ(yerr.column, 5);
  EXPECT_NE(yerr.message.find("duplicate key \"privileged\""), std::string::npos) << yerr.message;
  std::string yaml_many;
  for (int i = 0; i < 200; ++i) yaml_many += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  EXPECT_TRUE(ParseYamlDocuments(yaml_many, &docs, &yerr)) << yerr.message;
  EXPECT_FALSE(ParseYamlDocuments(yaml_many + "k7: 0\n", &docs, &yerr));
  EXPECT_EQ(yerr.line, 201);
  EXPECT_TRUE(ParseYamlDocuments("a: {x: 1}\nb: {x: 2}\n---\na: 1\n", &docs, &yerr)) << yerr.message;
  // Through an alias too: the key is the alias's text.
  EXPECT_FALSE(ParseYamlDocuments("k: &n name\nm: {name: 1, *n : 2}\n", &docs, &yerr));
}

}  // namespace
}  // namespace rampart::runtime
