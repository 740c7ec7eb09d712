// Importers on the real Tetragon and Hubble samples (tests/learner/data/README.md), on Falco
// alerts in Falco's documented shape and on rampart's own format: exact counts per plane and
// exact stored values.

#include <cstdio>

#include "gtest/gtest.h"
#include "learner/ingest/decoded_document.h"
#include "learner/mine/miner.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

using testing::DataFile;
using testing::Ingest;
using testing::Rows;
using testing::ScratchDir;
using testing::Value;

using Strings = std::vector<std::string>;

void ExpectPlanes(const FileReport& r, int64_t exec, int64_t file, int64_t network,
                  int64_t syscall) {
  EXPECT_EQ(r.behaviours[int(Plane::kExec)], exec) << r.name;
  EXPECT_EQ(r.behaviours[int(Plane::kFile)], file) << r.name;
  EXPECT_EQ(r.behaviours[int(Plane::kNetwork)], network) << r.name;
  EXPECT_EQ(r.behaviours[int(Plane::kSyscall)], syscall) << r.name;
}

TEST(Importers, TetragonSamples) {
  ScratchDir dir;
  std::string db = dir.File("t.db");
  auto reports =
      Ingest(db, {DataFile("tetragon/events.json"), DataFile("tetragon/process_exec.json"),
                  DataFile("tetragon/process_kprobe.json")});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].events, 3);
  ExpectPlanes(reports[0], 3, 0, 0, 0);
  // The two documentation samples are pretty-printed: one document over many lines.
  EXPECT_EQ(reports[1].documents, 1);
  EXPECT_EQ(reports[1].bad_lines, 0);
  ExpectPlanes(reports[1], 1, 0, 0, 0);
  EXPECT_EQ(reports[2].documents, 1);
  ExpectPlanes(reports[2], 0, 1, 0, 1);  // a write(2) kprobe: the file and the syscall
  for (const FileReport& r : reports) EXPECT_EQ(r.formats.at("tetragon"), r.documents);

  EXPECT_EQ(Rows(db,
                 "SELECT namespace, kind, name, container, version, identity_rule, events FROM "
                 "workload_versions"
                 " ORDER BY namespace, name"),
            (Strings{"default|Deployment|deathstar|deathstar|sha256:"
                     "f92c8cd25372bac56f55111469fe9862bf682385a4227645f5af155eee7f58d9|label "
                     "pod-template-hash|2",
                     "default|Pod|tiefighter|spaceship|sha256:"
                     "8e86f744bfea165fd4ce68caa05abc96500f40130b857773186401926af7e9e6|bare pod|1",
                     "tenant-jobs|Deployment|elasticsearch|elasticsearch|sha256:"
                     "ff3aa5862fd17f8695984609743f4523188984adbcd25cf5ac4224b71084558c|pod name "
                     "<deployment>-<hash>-<suffix>|2"}));
  // Two deathstar replicas merged into one behaviour with both pods as evidence.
  EXPECT_EQ(Rows(db,
                 "SELECT o.exe, o.parent_exe, o.count, o.replica_count FROM observations o JOIN "
                 "workload_versions w"
                 " ON w.id = o.workload_version_id WHERE w.name = 'deathstar'"),
            (Strings{"/starwars-docker|/usr/bin/containerd-shim-runc-v2|2|2"}));
  EXPECT_EQ(Rows(db,
                 "SELECT plane, path, access, exe, syscall FROM observations WHERE plane IN "
                 "('file', 'syscall')"
                 " ORDER BY plane"),
            (Strings{"file|/etc/passwd|write|/usr/bin/vi|NULL", "syscall|NULL|NULL|NULL|write"}));
  EXPECT_EQ(
      Value(db, "SELECT labels FROM workload_versions WHERE name = 'deathstar'"),
      "{\"app.kubernetes.io/name\":\"deathstar\",\"class\":\"deathstar\",\"org\":\"empire\"}");
  EXPECT_EQ(
      Rows(db, "SELECT pod, node FROM replicas WHERE pod LIKE 'elasticsearch%' ORDER BY pod"),
      (Strings{"elasticsearch-56f8fc6988-pb8c7|minikube",
               "elasticsearch-56f8fc6988-sh8rm|gke-kprobe-validation-default-pool-b5e9dab6-k0cj"}));
  // events.json's first event has no time; the other two do.
  EXPECT_EQ(Value(db, "SELECT count(*) FROM observations WHERE first_seen IS NULL"), "1");
  EXPECT_EQ(Value(db, "SELECT first_seen FROM observations WHERE exe = '/usr/bin/vi'"),
            "1634587735567000000");
}

TEST(Importers, HubbleSamples) {
  ScratchDir dir;
  std::string db = dir.File("h.db");
  auto reports = Ingest(db, {DataFile("hubble/basic-sample-10-flows.json"),
                             DataFile("hubble/basic-sample-330-dns-flows.json"),
                             DataFile("hubble/basic-sample-348-http-flows.json"),
                             DataFile("hubble/basic-sample-400-tcp-flows.json")});
  ASSERT_EQ(reports.size(), 4u);
  const int64_t documents[] = {10, 330, 348, 400}, network[] = {14, 660, 577, 675};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(reports[i].documents, documents[i]);
    EXPECT_EQ(reports[i].bad_lines, 0);
    ExpectPlanes(reports[i], 0, 0, network[i], 0);
  }
  // A remote-node → health-endpoint flow has no pod at either end.
  EXPECT_EQ(reports[3].ignored, 1);
  EXPECT_EQ(reports[3].ignored_reasons.at("hubble flow between endpoints that are not pods"), 1);
  EXPECT_EQ(Value(db, "SELECT sum(count) FROM observations"), "1926");
  EXPECT_EQ(Value(db, "SELECT count(*) FROM observations"),
            "59");  // checked by an independent script
  // DNS requests from productpage to kube-dns, seen from both ends, peers by workload and labels.
  EXPECT_EQ(
      Rows(db,
           "SELECT w.name, o.direction, o.protocol, o.port, o.peer_namespace, o.peer_workload, "
           "o.peer_labels,"
           " o.peer_ip, o.count FROM observations o JOIN workload_versions w ON w.id = "
           "o.workload_version_id"
           " WHERE w.namespace = 'kube-system' AND w.name = 'kube-dns' ORDER BY o.count DESC LIMIT "
           "1"),
      (Strings{
          "kube-dns|ingress|tcp|53|kube-system|node-local-dns|k8s-app=node-local-dns|NULL|330"}));
  // Traffic to the world keeps its address (there is nothing else to name it by).
  EXPECT_EQ(
      Rows(db,
           "SELECT o.peer_labels, o.peer_ip, o.port FROM observations o JOIN workload_versions w"
           " ON w.id = o.workload_version_id WHERE w.name = 'prometheus' AND o.peer_labels = "
           "'reserved:world'"
           " AND o.port = 9990 ORDER BY o.peer_ip"),
      (Strings{"reserved:world|10.128.0.3|9990", "reserved:world|10.128.0.4|9990",
               "reserved:world|10.128.0.6|9990"}));
  EXPECT_EQ(Value(db, "SELECT count(*) FROM workload_versions WHERE namespace = 'bookinfo'"), "6");
  EXPECT_EQ(Value(db, "SELECT identity_rule FROM workload_versions WHERE name = 'reviews-v1'"),
            "pod name <deployment>-<hash>-<suffix>");
  // Every pod end names its address: 27 (address, pod) pairs, one sighting per pod end
  // (checked by an independent script); nodes and the world (reserved:*) hold none.
  EXPECT_EQ(Value(db, "SELECT count(*) FROM addresses"), "27");
  EXPECT_EQ(Value(db, "SELECT sum(sightings) FROM addresses"), "1926");
  EXPECT_EQ(Value(db, "SELECT count(*) FROM addresses WHERE ip IN ('10.244.0.148', '10.0.2.1')"),
            "0");
  EXPECT_EQ(Rows(db,
                 "SELECT ip, namespace, kind, name, pod, labels, sightings FROM addresses"
                 " WHERE pod LIKE 'details-v1-%' OR pod = 'node-local-dns-6jnx9' ORDER BY ip"),
            (Strings{"10.156.0.2|kube-system||node-local-dns|node-local-dns-6jnx9|"
                     "k8s-app=node-local-dns|107",
                     "10.244.1.193|bookinfo|Deployment|details-v1|details-v1-79f774bdb9-m4j4k|"
                     "app=details,sidecar.opentelemetry.io/injected=bookinfo.otelcol-bookinfo,"
                     "version=v1|114"}));
}

// DNS names of peers outside the cluster: Hubble's destination_names for the client's egress,
// source_names for the server's ingress (and a reply, ends swapped, gives the same), the first
// of several names; rampart flows' peer_dns_names (the first). Names are stored as the source
// wrote them (emission compares them case-insensitively); the address is kept beside them.
TEST(Importers, PeerDnsNames) {
  ScratchDir dir;
  std::string db = dir.File("d.db");
  auto reports = Ingest(db, {DataFile("dns/hubble_dns_flows.json"), DataFile("dns/flows.jsonl")});
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].bad_lines, 0);
  EXPECT_EQ(reports[1].bad_lines, 0);
  EXPECT_EQ(Rows(db,
                 "SELECT o.direction, o.port, o.peer_dns, o.peer_ip, o.count FROM observations o"
                 " WHERE o.peer_dns IS NOT NULL ORDER BY o.peer_dns, o.peer_ip"),
            (Strings{"egress|443|Registry.Example.com|203.0.113.80|1",
                     "egress|443|a.files.example.org|192.0.2.40|1",
                     "egress|443|api.Stripe.com.|198.51.100.20|1",
                     "egress|443|api.stripe.com|198.51.100.21|1",
                     "egress|443|b.files.example.org|192.0.2.41|1",
                     "egress|443|c.files.example.org|192.0.2.42|1",
                     "egress|443|hooks.example.com|192.0.2.50|1",
                     "ingress|8080|probe.monitor.example.org|203.0.113.50|2",
                     "egress|443|s1.cdn.example.net|192.0.2.31|1",
                     "egress|443|s2.cdn.example.net|192.0.2.32|1",
                     "egress|443|s3.cdn.example.net|192.0.2.33|1",
                     "egress|8443|s4.cdn.example.net|192.0.2.34|1"}));
  // The world address without names has none.
  EXPECT_EQ(Value(db, "SELECT count(*) FROM observations WHERE peer_ip = '192.0.2.60' AND peer_dns IS NULL"),
            "1");
}

TEST(Importers, FalcoAlerts) {
  ScratchDir dir;
  std::string db = dir.File("f.db");
  auto reports = Ingest(db, {DataFile("falco/alerts.jsonl")});
  ASSERT_EQ(reports.size(), 1u);
  const FileReport& r = reports[0];
  EXPECT_EQ(r.documents, 6);
  EXPECT_EQ(r.events, 4);
  EXPECT_EQ(r.bad_lines, 0);
  EXPECT_EQ(r.lost, 815508);
  EXPECT_EQ(r.ignored, 1);
  EXPECT_EQ(r.ignored_reasons.at("falco source k8s_audit"), 1);
  ExpectPlanes(r, 1, 1, 1, 1);
  EXPECT_EQ(Rows(db,
                 "SELECT namespace, kind, name, container, version, events FROM workload_versions "
                 "ORDER BY name"),
            (Strings{"shop|Deployment|cart|cart|sha256:"
                     "1111111111111111111111111111111111111111111111111111111111111111|3",
                     "monitoring|DaemonSet|metrics-agent|agent|image:registry.acme.example/"
                     "metrics-agent:0.9|1"}));
  EXPECT_EQ(
      Rows(
          db,
          "SELECT plane, exe, parent_exe, path, access, direction, protocol, port, peer_ip, syscall"
          " FROM observations ORDER BY plane"),
      (Strings{"exec|/bin/sh|/usr/local/bin/node|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
               "file|/bin/cat|NULL|/etc/shadow|read|NULL|NULL|NULL|NULL|NULL",
               "network|/usr/local/bin/node|NULL|NULL|NULL|egress|tcp|1389|203.0.113.9|NULL",
               "syscall|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|setns"}));
  EXPECT_EQ(Rows(db, "SELECT node, lost, detail FROM losses"),
            (Strings{"node-c|815508|falco syscall event drop"}));
  EXPECT_EQ(Value(db, "SELECT lost_events FROM sources"), "815508");
}

TEST(Importers, RampartEventsWithBadLines) {
  ScratchDir dir;
  std::string db = dir.File("r.db");
  auto reports = Ingest(db, {DataFile("rampart/events.jsonl")});
  ASSERT_EQ(reports.size(), 1u);
  const FileReport& r = reports[0];
  EXPECT_EQ(r.documents, 9);
  EXPECT_EQ(r.events, 6);
  EXPECT_EQ(r.bad_lines, 3);
  ExpectPlanes(r, 3, 1, 1, 1);
  ASSERT_EQ(r.bad_line_samples.size(), 3u);
  EXPECT_EQ(r.bad_line_samples[0].line, 4);
  EXPECT_EQ(r.bad_line_samples[0].reason.rfind("not valid JSON", 0), 0u)
      << r.bad_line_samples[0].reason;
  EXPECT_EQ(r.bad_line_samples[1].line, 7);
  EXPECT_EQ(r.bad_line_samples[1].reason,
            "\"kind\" must be exec, open, connect, accept, syscall or flow");
  EXPECT_EQ(r.bad_line_samples[2].line, 9);
  EXPECT_EQ(r.bad_line_samples[2].reason, "not a JSON object");
  EXPECT_EQ(Rows(db, "SELECT line, reason FROM bad_lines ORDER BY line").size(), 3u);
  // Derived (labels) and named (workload.kind/name) identities meet; a new digest splits.
  EXPECT_EQ(Rows(db,
                 "SELECT name, version, events, labels,"
                 " (SELECT count(*) FROM replicas r WHERE r.workload_version_id = w.id) FROM "
                 "workload_versions w"
                 " ORDER BY version"),
            (Strings{"billing|sha256:4e5f6a7b|5|{\"app\":\"billing\"}|2",
                     "billing|sha256:9999aaaa|1|{}|1"}));
  EXPECT_EQ(Rows(db,
                 "SELECT direction, protocol, port, peer_namespace, peer_workload, peer_labels, "
                 "peer_service, peer_ip"
                 " FROM observations WHERE plane = 'network'"),
            (Strings{"egress|tcp|5432|db|StatefulSet/postgres|app=postgres|db/postgres|NULL"}));
  // That peer was named with its Service: its address may be the Service's, not recorded.
  EXPECT_EQ(Value(db, "SELECT count(*) FROM addresses"), "0");
  EXPECT_EQ(Rows(db, "SELECT path, access FROM observations WHERE plane = 'file'"),
            (Strings{"/etc/ssl/certs/ca.pem|read"}));
  EXPECT_EQ(Rows(db, "SELECT syscall, syscall_nr FROM observations WHERE plane = 'syscall'"),
            (Strings{"ptrace|101"}));
  EXPECT_EQ(Rows(db,
                 "SELECT count, replica_count, first_seen, last_seen FROM observations WHERE plane "
                 "= 'exec'"
                 " ORDER BY first_seen"),
            (Strings{"2|2|1709283600000000000|1709283601000000000",
                     "1|1|1709287200000000000|1709287200000000000"}));
}

// A time past what 64-bit nanoseconds hold is a bad line with its reason, not an overflow
// (found by tests/fuzz/learner_fuzzer.cc: undefined behaviour, then a wrong first_seen).
TEST(Importers, TimesOutsideNanosecondRangeAreBadLines) {
  ScratchDir dir;
  std::string events = dir.File("times.jsonl");
  {
    std::FILE* f = std::fopen(events.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(
        "{\"kind\":\"exec\",\"time\":\"2262-04-11T00:00:00Z\",\"proc\":{\"exe\":\"/a\"},"
        "\"workload\":{\"namespace\":\"n\",\"kind\":\"Deployment\",\"name\":\"w\"}}\n"
        "{\"kind\":\"exec\",\"time\":\"9999-12-31T23:59:59Z\",\"proc\":{\"exe\":\"/b\"},"
        "\"workload\":{\"namespace\":\"n\",\"kind\":\"Deployment\",\"name\":\"w\"}}\n"
        "{\"kind\":\"exec\",\"time\":\"1600-01-01T00:00:00Z\",\"proc\":{\"exe\":\"/c\"},"
        "\"workload\":{\"namespace\":\"n\",\"kind\":\"Deployment\",\"name\":\"w\"}}\n",
        f);
    std::fclose(f);
  }
  auto reports = Ingest(dir.File("t.db"), {events});
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].events, 1);
  ASSERT_EQ(reports[0].bad_line_samples.size(), 2u);
  EXPECT_EQ(reports[0].bad_line_samples[0].line, 2);
  EXPECT_NE(reports[0].bad_line_samples[0].reason.find("years 1677 to 2262"), std::string::npos)
      << reports[0].bad_line_samples[0].reason;
  EXPECT_EQ(reports[0].bad_line_samples[1].line, 3);
  EXPECT_EQ(Rows(dir.File("t.db"), "SELECT first_seen FROM observations"), (Strings{"9223286400000000000"}));
}

// The address table (IP -> pod): rampart's local_ip is the event's own pod's address, a
// named peer pod's remote_ip/peer_ip its address; Hubble endpoints name theirs. Not recorded:
// a peer named with a Service (the address may be the Service's), an event without a pod
// (a host's address is the node's), a peer without a pod.
TEST(Importers, Addresses) {
  ScratchDir dir;
  std::string db = dir.File("a.db");
  std::string extra = dir.File("extra.jsonl");
  testing::WriteFile(
      extra,
      "{\"kind\": \"flow\", \"time\": 1000, \"workload\": {\"namespace\": \"a\", \"pod\": "
      "\"api-7c9d8f6b5-q2w4r\", \"labels\": {\"app\": \"api\", \"pod-template-hash\": "
      "\"7c9d8f6b5\"}}, \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": 80, "
      "\"peer\": {\"namespace\": \"b\", \"pod\": \"web-0\", \"labels\": {\"app\": "
      "\"web\", \"controller-revision-hash\": \"web-6c\", \"statefulset.kubernetes.io/pod-name\": "
      "\"web-0\"}}, \"peer_ip\": \"10.1.0.5\"}\n"
      "{\"kind\": \"flow\", \"time\": 2000, \"workload\": {\"namespace\": \"a\", \"pod\": "
      "\"api-7c9d8f6b5-q2w4r\"}, \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": "
      "5432, \"peer\": {\"namespace\": \"db\", \"pod\": \"pg-0\", \"service\": \"pg\"}, "
      "\"peer_ip\": \"10.96.0.10\"}\n"
      "{\"kind\": \"connect\", \"time\": 3000, \"workload\": {\"namespace\": \"a\"}, "
      "\"protocol\": \"tcp\", \"local_ip\": \"192.168.1.4\", \"remote_ip\": \"10.1.0.6\", "
      "\"remote_port\": 80, \"peer\": {\"namespace\": \"b\", \"kind\": \"Deployment\", "
      "\"name\": \"web\"}}\n");
  auto reports = Ingest(db, {DataFile("resolve/events.jsonl"), extra});
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].bad_lines + reports[1].bad_lines, 0);
  EXPECT_EQ(Rows(db,
                 "SELECT ip, namespace, kind, name, pod, labels, first_seen, last_seen, sightings"
                 " FROM addresses ORDER BY ip"),
            (Strings{"10.1.0.5|b|StatefulSet|web|web-0|app=web|1000|1000|1",
                     "10.96.5.10|shop|Deployment|web|web-7f9c6d5b8-q2w4r|app=web|"
                     "1717491600000000000|1717492801000000000|5",
                     "10.96.5.20|db|StatefulSet|pg|pg-0|app=pg|1717491601000000000|"
                     "1717493400000000000|3"}));

  std::string hubble = dir.File("h.db");
  Ingest(hubble, {DataFile("resolve/hubble_flows.json")});
  // 10.96.7.9 held by two pods one after the other; the address-only ends hold nothing.
  EXPECT_EQ(Rows(hubble,
                 "SELECT ip, kind, name, pod, labels, first_seen, last_seen, sightings"
                 " FROM addresses ORDER BY ip, first_seen"),
            (Strings{"10.96.7.5|Deployment|frontend|frontend-7d4b9c8f6-x2x4z|app=frontend|"
                     "1717401600000000000|1717416000000000000|11",
                     "10.96.7.9|Deployment|cache|cache-5f7d8b9c4-k2l4m|app=cache|"
                     "1717401600000000000|1717403400000000000|2",
                     "10.96.7.9|Deployment|queue|queue-6c8d9f7b5-p9q8r|app=queue|"
                     "1717408800000000000|1717410600000000000|2"}));
}

// Tetragon's sock_arg.saddr and Falco's local end are the alerting pod's own address (the
// client of a connect, the server of an accept); loopback, unspecified and host processes'
// addresses are no pod's and are not recorded.
TEST(Importers, TetragonAndFalcoLocalAddresses) {
  ScratchDir dir;
  auto pod = [](const std::string& name, const std::string& app) {
    return "\"pod\":{\"namespace\":\"shop\",\"name\":\"" + name +
           "\",\"container\":{\"name\":\"main\",\"image\":{\"id\":\"ghcr.io/acme/" + app +
           "@sha256:1111\",\"name\":\"ghcr.io/acme/" + app + ":1\"}},\"pod_labels\":{\"app\":\"" +
           app + "\",\"pod-template-hash\":\"6d8f\"},\"workload\":\"" + app +
           "\",\"workload_kind\":\"Deployment\"}";
  };
  auto kprobe = [&](const std::string& process, const std::string& fn, const std::string& saddr,
                    const std::string& daddr, const std::string& time) {
    return "{\"process_kprobe\":{\"process\":{\"binary\":\"/app/server\"" + process +
           "},\"function_name\":\"" + fn +
           "\",\"args\":[{\"sock_arg\":{\"family\":\"AF_INET\",\"type\":\"SOCK_STREAM\","
           "\"protocol\":\"IPPROTO_TCP\",\"saddr\":\"" + saddr + "\",\"daddr\":\"" + daddr +
           "\",\"sport\":5432,\"dport\":5432,\"cookie\":\"1\",\"state\":\"TCP_SYN_SENT\"}}],"
           "\"action\":\"KPROBE_ACTION_POST\"},\"node_name\":\"node-a\",\"time\":\"" + time + "\"}\n";
  };
  std::string tetragon = dir.File("tetragon.json");
  testing::WriteFile(
      tetragon,
      kprobe("," + pod("web-6d8f-a1b2c", "web"), "tcp_connect", "10.0.1.5", "10.0.2.7",
             "2024-06-01T08:00:00Z") +
          kprobe("," + pod("pg-5c7d-x9y8z", "pg"), "inet_csk_accept", "10.0.2.7", "10.0.1.5",
                 "2024-06-01T08:00:01Z") +
          kprobe("," + pod("web-6d8f-a1b2c", "web"), "tcp_connect", "127.0.0.1", "127.0.0.1",
                 "2024-06-01T08:00:02Z") +
          kprobe("," + pod("web-6d8f-a1b2c", "web"), "tcp_connect", "0.0.0.0", "10.0.2.7",
                 "2024-06-01T08:00:03Z") +
          kprobe("", "tcp_connect", "192.168.1.4", "10.0.2.7", "2024-06-01T08:00:04Z"));
  std::string falco = dir.File("falco.jsonl");
  auto alert = [](const std::string& type, const std::string& fields) {
    return "{\"time\":\"2024-06-01T09:00:00.000000000Z\",\"rule\":\"r\",\"priority\":\"Notice\","
           "\"source\":\"syscall\",\"hostname\":\"node-b\",\"output_fields\":{\"evt.type\":\"" +
           type + "\",\"fd.l4proto\":\"tcp\",\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":"
           "\"cart-7f9c-p8m2z\",\"k8s.pod.labels\":\"app:cart, pod-template-hash:7f9c\","
           "\"container.name\":\"cart\",\"proc.exepath\":\"/usr/local/bin/node\"," + fields +
           "}}\n";
  };
  testing::WriteFile(
      falco,
      alert("connect", "\"fd.name\":\"10.0.3.9:40112->203.0.113.9:443\",\"fd.rport\":443") +
          alert("accept", "\"fd.name\":\"10.0.1.5:51000->10.0.3.10:8080\",\"fd.lip\":"
                          "\"10.0.3.10\",\"fd.lport\":8080") +
          alert("connect", "\"fd.name\":\"<NA>\",\"fd.cip\":\"::1\",\"fd.sip\":\"::1\","
                           "\"fd.rport\":9000"));
  std::string db = dir.File("a.db");
  auto reports = Ingest(db, {tetragon, falco});
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].bad_lines + reports[1].bad_lines, 0);
  EXPECT_EQ(Rows(db, "SELECT ip, namespace, kind, name, pod, labels, sightings FROM addresses"
                     " ORDER BY ip"),
            (Strings{"10.0.1.5|shop|Deployment|web|web-6d8f-a1b2c|app=web|1",
                     "10.0.2.7|shop|Deployment|pg|pg-5c7d-x9y8z|app=pg|1",
                     "10.0.3.10|shop|Deployment|cart|cart-7f9c-p8m2z|app=cart|1",
                     "10.0.3.9|shop|Deployment|cart|cart-7f9c-p8m2z|app=cart|1"}));
}

TEST(Importers, PodAddresses) {
  for (const char* ip : {"10.0.1.5", "192.168.1.4", "203.0.113.9", "fd00::5", "2001:db8::1",
                         "::ffff:10.0.0.1"})
    EXPECT_TRUE(IsPodAddress(ip)) << ip;
  for (const char* ip : {"", "127.0.0.1", "127.1.2.3", "0.0.0.0", "169.254.1.1", "224.0.0.1",
                         "255.255.255.255", "::", "::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
                         "10.0.0", "10.0.0.256", "not-an-ip", "10.0.0.1 ",
                         "0123456789abcdef0123456789abcdef0123456789abcdef"})
    EXPECT_FALSE(IsPodAddress(ip)) << ip;
}

// A generalised entry counts the replicas of all it merged: /proc/11/stat opened by one pod and
// /proc/22/stat by another make /proc/*/stat, seen on 2 replicas (the union of the store's
// replica links), where the most any one path had is 1 (what it said before: "at least 1").
TEST(Importers, MergedEntriesCountTheUnionOfTheirReplicas) {
  ScratchDir dir;
  std::string events = dir.File("e.jsonl");
  auto open = [](const std::string& pod, const std::string& path, int t) {
    return "{\"kind\": \"open\", \"time\": " + std::to_string(1000 + t) +
           ", \"container\": {\"name\": \"api\", \"image_digest\": \"sha256:1\"}, \"workload\": "
           "{\"namespace\": \"a\", \"pod\": \"" + pod + "\", \"labels\": {\"app\": \"api\", "
           "\"pod-template-hash\": \"7c9d8f6b5\"}}, \"path\": \"" + path +
           "\", \"access\": \"read\", \"proc\": {\"exe\": \"/app/api\"}}\n";
  };
  testing::WriteFile(events, open("api-7c9d8f6b5-aaaaa", "/proc/11/stat", 1) +
                                 open("api-7c9d8f6b5-aaaaa", "/proc/11/stat", 2) +
                                 open("api-7c9d8f6b5-bbbbb", "/proc/22/stat", 3));
  std::string db = dir.File("u.db");
  auto reports = Ingest(db, {events});
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(reports[0].bad_lines, 0);
  std::string error;
  auto store = SqliteStore::Open(db, {}, &error);
  ASSERT_NE(store, nullptr) << error;
  std::vector<WorkloadSummary> workloads;
  ASSERT_TRUE(store->Summaries(&workloads, &error)) << error;
  ASSERT_EQ(workloads.size(), 1u);
  EXPECT_EQ(workloads[0].replicas, 2);
  std::vector<StoredObservation> obs;
  ASSERT_TRUE(store->Observations(workloads[0].id, &obs, &error)) << error;
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(obs[0].replica_ids.size(), 1u);  // /proc/11/stat
  EXPECT_EQ(obs[1].replica_ids.size(), 1u);  // /proc/22/stat, another pod
  EXPECT_NE(obs[0].replica_ids, obs[1].replica_ids);
  MinedBaseline b = Mine(obs);
  ASSERT_EQ(b.files.size(), 1u);
  EXPECT_EQ(b.files[0].pattern, "/proc/*/stat");
  EXPECT_EQ(b.files[0].evidence.replicas, 2);
  EXPECT_TRUE(b.files[0].evidence.replicas_exact);
  // Without the links (observations made elsewhere), the most any one had, a lower bound.
  for (StoredObservation& o : obs) o.replica_ids.clear();
  MinedBaseline bound = Mine(obs);
  EXPECT_EQ(bound.files[0].evidence.replicas, 1);
  EXPECT_FALSE(bound.files[0].evidence.replicas_exact);
}

}  // namespace
}  // namespace rampart::learner
