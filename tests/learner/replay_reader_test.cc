// Replay input: every format ingest reads becomes the events and flows a policy set decides
// (learner/replay): exact lines for a Tetragon exec, a Hubble flow (both ends) and a
// Tetragon write kprobe; rampart lines as written plus the flow of a connect; pretty-printed
// and gzip input; bad documents reported with file:line.

#include "learner/replay/replay_reader.h"

#include "gtest/gtest.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::DataFile;
using testing::ScratchDir;

std::vector<ReplayDocument> ReadAll(const std::string& path, const std::string& format = "auto") {
  std::string error;
  std::unique_ptr<ReplayReader> reader = ReplayReader::Open(path, format, &error);
  EXPECT_NE(reader, nullptr) << error;
  std::vector<ReplayDocument> out;
  if (reader == nullptr) return out;
  ReplayDocument doc;
  ReplayReader::Next next;
  while ((next = reader->Read(&doc, &error)) == ReplayReader::Next::kDocument) out.push_back(doc);
  EXPECT_EQ(next, ReplayReader::Next::kEnd) << error;
  return out;
}

TEST(ReplayReader, TetragonExecIsAnExecEventOfTheLearnedWorkload) {
  std::vector<ReplayDocument> docs = ReadAll(DataFile("tetragon/events.json"));
  ASSERT_EQ(docs.size(), 3u);
  ASSERT_EQ(docs[1].inputs.size(), 1u);
  EXPECT_EQ(docs[1].format, "tetragon");
  EXPECT_EQ(docs[1].inputs[0].kind, "exec");
  EXPECT_EQ(
      docs[1].inputs[0].json,
      "{\"kind\":\"exec\",\"proc\":{\"exe\":\"/starwars-docker\",\"name\":\"starwars-docker\"},"
      "\"parent\":{\"exe\":\"/usr/bin/containerd-shim-runc-v2\",\"name\":"
      "\"containerd-shim-runc-v2\"},\"workload\":{\"namespace\":\"default\",\"kind\":"
      "\"Deployment\",\"name\":\"deathstar\","
      "\"pod\":\"deathstar-6f87496b94-qdlh8\",\"labels\":{\"app.kubernetes.io/name\":"
      "\"deathstar\",\"class\":\"deathstar\",\"org\":\"empire\",\"pod-template-hash\":"
      "\"6f87496b94\"}},\"container\":{\"name\":\"deathstar\",\"image\":"
      "\"docker.io/cilium/starwars:latest\",\"image_digest\":\"sha256:"
      "f92c8cd25372bac56f55111469fe9862bf682385a4227645f5af155eee7f58d9\"},\"node\":"
      "\"my-node\"}");
  EXPECT_EQ(docs[1].where, DataFile("tetragon/events.json") + ":2");
}

TEST(ReplayReader, HubbleFlowIsAFlowForEachEnd) {
  std::vector<ReplayDocument> docs = ReadAll(DataFile("replay/heldout_hubble.json"));
  ASSERT_EQ(docs.size(), 2u);
  const std::vector<ReplayInput>& in = docs[1].inputs;
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].kind, "flow");
  EXPECT_EQ(in[1].kind, "flow");
  // The client's egress and the server's ingress, each with the other end as its peer, the
  // peer's address kept for cidr() rules.
  EXPECT_NE(in[0].json.find("{\"kind\":\"flow\",\"direction\":\"egress\",\"protocol\":\"tcp\","
                            "\"port\":9443,\"peer\":{\"namespace\":\"bookinfo\",\"kind\":"
                            "\"Deployment\",\"name\":\"details-v1\",\"labels\":{"),
            std::string::npos)
      << in[0].json;
  EXPECT_NE(in[0].json.find("\"peer_ip\":\"10.244.1.193\""), std::string::npos) << in[0].json;
  EXPECT_NE(in[0].json.find("\"workload\":{\"namespace\":\"bookinfo\",\"kind\":\"Deployment\","
                            "\"name\":\"productpage-v1\""),
            std::string::npos)
      << in[0].json;
  EXPECT_NE(in[1].json.find("\"direction\":\"ingress\",\"protocol\":\"tcp\",\"port\":9443,"),
            std::string::npos);
  EXPECT_NE(in[1].json.find("\"name\":\"details-v1\",\"pod\":\"details-v1-"), std::string::npos);
}

// The peer's DNS names reach the replayed flow as peer_dns_names: Hubble's destination_names
// for the client's egress, source_names for the server's ingress (as written: matching
// ignores case and the trailing dot), a rampart connect's dns_name.
TEST(ReplayReader, PeerDnsNamesAreCarried) {
  std::vector<ReplayDocument> docs = ReadAll(DataFile("dns/hubble_dns_flows.json"));
  ASSERT_EQ(docs.size(), 13u);
  ASSERT_EQ(docs[0].inputs.size(), 1u);
  EXPECT_NE(docs[0].inputs[0].json.find(
                "\"direction\":\"egress\",\"protocol\":\"tcp\",\"port\":443,\"peer\":{\"namespace\":\"\","
                "\"kind\":\"\",\"name\":\"\",\"labels\":{\"reserved:world\":\"\"}},\"peer_ip\":"
                "\"198.51.100.20\",\"peer_dns_names\":[\"api.Stripe.com.\"],"),
            std::string::npos)
      << docs[0].inputs[0].json;
  ASSERT_EQ(docs[11].inputs.size(), 1u);
  EXPECT_NE(docs[11].inputs[0].json.find("\"direction\":\"ingress\""), std::string::npos);
  EXPECT_NE(docs[11].inputs[0].json.find("\"peer_dns_names\":[\"probe.monitor.example.org\"]"),
            std::string::npos)
      << docs[11].inputs[0].json;
  ASSERT_EQ(docs[10].inputs.size(), 1u);
  EXPECT_EQ(docs[10].inputs[0].json.find("peer_dns_names"), std::string::npos)
      << "no names, no member: " << docs[10].inputs[0].json;

  ScratchDir dir;
  testing::WriteGzip(dir.File("c.jsonl.gz"),
                     "{\"kind\": \"connect\", \"proc\": {\"exe\": \"/app\"}, \"protocol\": \"tcp\", "
                     "\"remote_ip\": \"203.0.113.9\", \"remote_port\": 443, \"dns_name\": "
                     "\"payments.example.com\", \"workload\": {\"namespace\": \"shop\"}}\n");
  std::vector<ReplayDocument> connect = ReadAll(dir.File("c.jsonl.gz"));
  ASSERT_EQ(connect.size(), 1u);
  ASSERT_EQ(connect[0].inputs.size(), 2u);
  EXPECT_NE(connect[0].inputs[1].json.find(
                "\"peer_ip\":\"203.0.113.9\",\"peer_dns_names\":[\"payments.example.com\"]"),
            std::string::npos)
      << connect[0].inputs[1].json;
}

// A pretty-printed kprobe on write(2) to a file: the call as a `syscall`, the file as an
// `open`, one document.
TEST(ReplayReader, TetragonWriteKprobeIsAnOpenAndASyscall) {
  std::vector<ReplayDocument> docs = ReadAll(DataFile("tetragon/process_kprobe.json"));
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0].inputs.size(), 2u);
  EXPECT_EQ(docs[0].inputs[0].kind, "syscall");
  EXPECT_NE(docs[0].inputs[0].json.find("\"syscall\":{\"name\":\"write\"}"), std::string::npos)
      << docs[0].inputs[0].json;
  EXPECT_EQ(docs[0].inputs[1].kind, "open");
  EXPECT_NE(docs[0].inputs[1].json.find("\"proc\":{\"exe\":\"/usr/bin/vi\",\"name\":\"vi\"},"
                                        "\"path\":\"/etc/passwd\",\"access\":\"write\""),
            std::string::npos)
      << docs[0].inputs[1].json;
}

TEST(ReplayReader, RampartLinesAsWrittenAndTheFlowOfAConnect) {
  ScratchDir dir;
  std::string connect =
      "{\"kind\": \"connect\", \"proc\": {\"exe\": \"/usr/bin/java\", \"args\": [\"-jar\"]}, "
      "\"protocol\": \"tcp\", \"remote_ip\": \"203.0.113.9\", \"remote_port\": 1389, "
      "\"workload\": {\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"api\"}}";
  std::string exec = "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/sh\"}}";
  testing::WriteGzip(dir.File("h.jsonl.gz"), connect + "\n\n" + exec + "\n");
  std::vector<ReplayDocument> docs = ReadAll(dir.File("h.jsonl.gz"));
  ASSERT_EQ(docs.size(), 2u);
  ASSERT_EQ(docs[0].inputs.size(), 2u);
  EXPECT_EQ(docs[0].inputs[0].kind, "connect");
  EXPECT_EQ(docs[0].inputs[0].json, connect);  // every field, args included
  EXPECT_EQ(docs[0].inputs[1].kind, "flow");
  EXPECT_EQ(docs[0].inputs[1].json,
            "{\"kind\":\"flow\",\"direction\":\"egress\",\"protocol\":\"tcp\",\"port\":1389,"
            "\"peer\":{\"namespace\":\"\",\"kind\":\"\",\"name\":\"\"},\"peer_ip\":\"203.0.113.9\","
            "\"proc\":{\"exe\":\"/usr/bin/java\",\"name\":\"java\"},\"workload\":{\"namespace\":"
            "\"shop\",\"kind\":\"Deployment\",\"name\":\"api\",\"pod\":\"\"}}");
  ASSERT_EQ(docs[1].inputs.size(), 1u);
  EXPECT_EQ(docs[1].where, dir.File("h.jsonl.gz") + ":3");
}

// A peer resolved from its address (learn replay --db) takes the place of the line's own
// "peer" member: the evaluator refuses an object with a key written twice. A line with a key
// written twice is itself a bad line.
TEST(ReplayReader, AResolvedPeerReplacesTheLinesOwn) {
  ScratchDir dir;
  testing::WriteFile(
      dir.File("h.jsonl"),
      "{\"kind\": \"connect\", \"peer\": {\"namespace\": \"\"}, \"protocol\": \"tcp\", "
      "\"remote_ip\": \"10.96.5.20\", \"remote_port\": 5432, \"workload\": {\"namespace\": \"shop\", "
      "\"kind\": \"Deployment\", \"name\": \"web\"}, \"proc\": {\"exe\": \"/app/web\"}}\n"
      "{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/sh\", \"exe\": \"/bin/bash\"}}\n");
  ReplayRewrite resolve = [](DecodedDocument* doc, int64_t* changed, std::string*) {
    for (DecodedDocument::Item& item : doc->items) {
      if (item.behaviour.plane != Plane::kNetwork) continue;
      item.behaviour.peer_namespace = "db";
      item.behaviour.peer_workload = "StatefulSet/pg";
      item.peer_resolved = true;
      ++*changed;
    }
    return true;
  };
  std::string error;
  std::unique_ptr<ReplayReader> reader = ReplayReader::Open(dir.File("h.jsonl"), "auto", &error, resolve);
  ASSERT_NE(reader, nullptr) << error;
  ReplayDocument doc;
  ASSERT_EQ(reader->Read(&doc, &error), ReplayReader::Next::kDocument) << error;
  ASSERT_FALSE(doc.inputs.empty()) << doc.bad;
  const std::string& json = doc.inputs[0].json;
  EXPECT_EQ(json.rfind("{\"peer\":{\"namespace\":\"db\"", 0), 0u) << json;
  EXPECT_EQ(json.find("\"peer\"", 2), std::string::npos) << "one peer member: " << json;
  EXPECT_NE(json.find(",\"remote_ip\":\"10.96.5.20\",\"remote_port\":5432,"), std::string::npos) << json;
  ASSERT_EQ(reader->Read(&doc, &error), ReplayReader::Next::kDocument) << error;
  EXPECT_EQ(doc.bad, "the key \"exe\" is written twice in one object, which rampart's decoders refuse");
  EXPECT_TRUE(doc.inputs.empty());
}

TEST(ReplayReader, BadAndIgnoredDocumentsAreReported) {
  std::vector<ReplayDocument> docs = ReadAll(DataFile("rampart/events.jsonl"));
  ASSERT_GE(docs.size(), 3u);  // line 3 is blank
  EXPECT_EQ(docs[2].where, DataFile("rampart/events.jsonl") + ":4");
  EXPECT_EQ(docs[2].bad.rfind("not valid JSON", 0), 0u) << docs[2].bad;
  EXPECT_TRUE(docs[2].inputs.empty());
  std::vector<ReplayDocument> falco = ReadAll(DataFile("falco/alerts.jsonl"));
  int losses = 0;
  for (const ReplayDocument& d : falco) losses += d.ignored == "a loss report";
  EXPECT_EQ(losses, 1);
}

}  // namespace
}  // namespace rampart::learner
