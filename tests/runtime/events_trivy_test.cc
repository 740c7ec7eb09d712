// Runtime events and flows (rampart's JSON-lines format) and Trivy reports as external data.

#include <gtest/gtest.h>

#include "runtime/decode/events.h"
#include "runtime/decode/trivy.h"
#include "runtime/value/value_ops.h"
#include "tests/support/corpus.h"

namespace rampart::runtime {
namespace {

std::string Testdata(const std::string& name) {
  return testing::ReadFileOrDie(testing::SourceDir() + "/tests/runtime/testdata/" + name);
}

const Value* Get(const Value& v, const char* key) { return MapFind(v.map(), Value::String(key)); }

TEST(EventLines, DecodesEveryKind) {
  std::vector<EventInput> events;
  DecodeError err;
  ASSERT_TRUE(DecodeEventLines(Testdata("events.jsonl"), "events.jsonl", &events, &err)) << err.message;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, "exec");
  EXPECT_EQ(events[0].source, "events.jsonl:1");
  EXPECT_EQ(Get(*Get(events[0].variables, "parent"), "name")->text(), "java");
  EXPECT_EQ(Get(events[0].variables, "kind"), nullptr);  // the kind is not a variable
  EXPECT_EQ(events[1].source, "events.jsonl:3");          // blank line skipped, numbering kept
  EXPECT_EQ(Get(events[1].variables, "path")->text(), "/etc/shadow");
  EXPECT_EQ(events[2].kind, "flow");
  EXPECT_EQ(Get(events[2].variables, "port")->int_value(), 5432);
}

TEST(EventLines, BadLinesNameFileAndLine) {
  std::vector<EventInput> events;
  DecodeError err;
  EXPECT_FALSE(DecodeEventLines("{\"kind\": \"exec\"}\n{\"kind\": \"exce\"}\n", "e.jsonl", &events, &err));
  EXPECT_EQ(err.message, "e.jsonl:2: \"kind\" must be exec, open, connect, accept, syscall or flow, not 'exce'");
  EXPECT_EQ(events.size(), 1u);
  events.clear();
  EXPECT_FALSE(DecodeEventLines("{\"kind\": \"exec\", \"proc\": {\n", "t.jsonl", &events, &err));
  EXPECT_EQ(err.message.rfind("t.jsonl:1: malformed JSON", 0), 0u) << err.message;
  EXPECT_FALSE(DecodeEventLines("[1, 2]\n", "l.jsonl", &events, &err));
  EXPECT_EQ(err.message, "l.jsonl:1: an event is a JSON object");
  EXPECT_FALSE(DecodeEventLines("{\"proc\": {}}", "k.jsonl", &events, &err));
  EXPECT_EQ(err.message, "k.jsonl:1: \"kind\" must be exec, open, connect, accept, syscall or flow (missing)");
}

// A key written twice in one object makes the event an error, `kind` as any other (runtime/
// value/json.cc): readers disagree on which one counts. `learn replay` counts such a line bad
// (learner/replay/replay_reader.cc); `learn ingest` still takes the first.
TEST(EventLines, ARepeatedKeyIsRefused) {
  std::vector<EventInput> events;
  DecodeError err;
  EXPECT_FALSE(DecodeEventLines("{\"kind\":\"exec\",\"proc\":{\"name\":\"sh\"},\"kind\":\"flow\"}", "e.jsonl",
                                &events, &err));
  EXPECT_NE(err.message.find("duplicate key \"kind\""), std::string::npos) << err.message;
  EventInput one;
  EXPECT_FALSE(DecodeEvent("{\"kind\":\"open\",\n \"kind\":\"w\"}", "e.json:1", &one, &err));
  EXPECT_FALSE(DecodeEvent("{\"kind\":\"exec\",\"proc\":{\"name\":\"sh\",\"name\":\"bash\"}}", "e.json:1", &one, &err));
  EXPECT_NE(err.message.find("at proc"), std::string::npos) << err.message;
}

TEST(Trivy, VulnerabilitiesByImageName) {
  VulnerabilityData data;
  DecodeError err;
  ASSERT_TRUE(data.AddTrivyReport(Testdata("trivy-log4j.json"), "trivy.json", &err)) << err.message;
  const Value* vulns = data.Find("registry.acme.example/billing:1.4.2");
  ASSERT_NE(vulns, nullptr);
  ASSERT_EQ(vulns->list().size(), 2u);
  const Value& log4j = vulns->list()[1];
  EXPECT_EQ(Get(log4j, "id")->text(), "CVE-2021-44228");
  EXPECT_EQ(Get(log4j, "pkg")->text(), "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(Get(log4j, "severity")->text(), "CRITICAL");
  EXPECT_EQ(Get(log4j, "target")->text(), "app/lib/log4j-core-2.14.1.jar");
  // The same image by digest.
  EXPECT_NE(data.Find("registry.acme.example/billing@sha256:4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f"), nullptr);
  EXPECT_EQ(data.Find("registry.acme.example/billing:1.4.3"), nullptr);
}

TEST(Trivy, ImageNamesNormalizeLikeDocker) {
  EXPECT_EQ(VulnerabilityData::NormalizeImage("nginx"), "docker.io/library/nginx:latest");
  EXPECT_EQ(VulnerabilityData::NormalizeImage("nginx:1.25"), "docker.io/library/nginx:1.25");
  EXPECT_EQ(VulnerabilityData::NormalizeImage("acme/app"), "docker.io/acme/app:latest");
  EXPECT_EQ(VulnerabilityData::NormalizeImage("localhost:5000/app"), "localhost:5000/app:latest");
  EXPECT_EQ(VulnerabilityData::NormalizeImage("ghcr.io/acme/app@sha256:ab"), "ghcr.io/acme/app@sha256:ab");
}

TEST(Trivy, RejectsOtherDocuments) {
  VulnerabilityData data;
  DecodeError err;
  EXPECT_FALSE(data.AddTrivyReport("{\"kind\": \"Pod\"}", "p.json", &err));
  EXPECT_EQ(err.message, "p.json: not a Trivy report (no ArtifactName)");
  EXPECT_FALSE(data.AddTrivyReport("{", "b.json", &err));
}

}  // namespace
}  // namespace rampart::runtime
