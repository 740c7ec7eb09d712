// Mining and generalisation (learner/mine) and the entry sets of learn diff (learner/diff):
// name classification tables, the glob matcher, the file trie on small path sets, port
// handling, and coverage between entries.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "compiler/driver/compilation.h"
#include "learner/diff/baseline_diff.h"
#include "learner/mine/address_book.h"
#include "learner/mine/glob_match.h"
#include "learner/mine/miner.h"
#include "learner/mine/path_names.h"
#include "learner/mine/path_trie.h"

namespace rampart::learner {
namespace {

TEST(PathNames, GeneratedNames) {
  struct Case {
    const char* name;
    bool numeric, random;
  } cases[] = {
      {"1234", true, false},
      {"tmpa8f3k", false, true},
      {"3f2a9c1b7e", false, true},
      {"upload-x8f3k2q9.tmp", false, true},
      {"550e8400-e29b-41d4-a716-446655440000", false, true},
      {"python3.11", false, false},
      {"x86_64-linux-gnu", false, false},
      {"libssl.so.3", false, false},
      {"hsperfdata_root", false, false},
      {"log4j", false, false},
      {"resolv.conf", false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsNumericName(c.name), c.numeric) << c.name;
    EXPECT_EQ(IsRandomName(c.name), c.random) << c.name;
  }
}

TEST(PathNames, PrefixRulesAndSensitivePaths) {
  EXPECT_EQ(RuleFor("/proc").min_siblings, 1);
  EXPECT_FALSE(RuleFor("/proc").random);
  EXPECT_EQ(RuleFor("/proc/*/task").min_siblings, 1);
  EXPECT_EQ(RuleFor("/tmp").min_siblings, 1);
  EXPECT_EQ(RuleFor("/var/tmp/x").min_siblings, 1);
  EXPECT_EQ(RuleFor("/var/cache/app").min_siblings, 3);
  EXPECT_EQ(RuleFor("/tmpfoo").min_siblings, 3);  // not under /tmp
  for (const char* p : {"/etc/shadow", "/etc/sudoers.d/admins", "/root/.ssh/id_rsa",
                        "/home/alice/.ssh/authorized_keys",
                        "/var/run/secrets/kubernetes.io/serviceaccount/token"}) {
    EXPECT_TRUE(IsSensitivePath(p)) << p;
  }
  for (const char* p : {"/etc/shadowsocks.json", "/etc/hosts", "/home/alice/.bashrc"}) {
    EXPECT_FALSE(IsSensitivePath(p)) << p;
  }
}

TEST(PathNames, Versions) {
  bool changed = false;
  EXPECT_EQ(NormaliseVersions("app-1.4.2.jar", &changed), "app-1.*.jar");
  EXPECT_TRUE(changed);
  changed = false;
  EXPECT_EQ(NormaliseVersions("python3.11", &changed), "python3.*");
  changed = false;
  EXPECT_EQ(NormaliseVersions("libssl.so.3", &changed), "libssl.so.3");
  EXPECT_FALSE(changed);
  EXPECT_EQ(NormaliseVersions("a*b[1]", &changed), "a\\*b\\[1\\]");
}

TEST(GlobMatch, AgreesWithTheLanguage) {
  EXPECT_TRUE(GlobMatch("/tmp/*", "/tmp/abc"));
  EXPECT_FALSE(GlobMatch("/tmp/*", "/tmp/a/b"));
  EXPECT_TRUE(GlobMatch("/opt/**", "/opt/a/b/c"));
  EXPECT_TRUE(GlobMatch("/a/**/b", "/a/b"));
  EXPECT_TRUE(GlobMatch("/usr/bin/*sh", "/usr/bin/bash"));
  EXPECT_TRUE(GlobMatch("/x/\\*", "/x/*"));
  EXPECT_FALSE(GlobMatch("/x/\\*", "/x/a"));
  EXPECT_TRUE(GlobMatch("/p/[0-9]?", "/p/1a"));
  EXPECT_FALSE(GlobMatch("/p/[", "/p/["));  // malformed: matches nothing
  EXPECT_TRUE(HasGlob("/a/*"));
  EXPECT_FALSE(HasGlob("/a/\\*"));
}

// Stored file observations for `paths` (access "read" unless "path:mode").
std::vector<StoredObservation> Files(const std::vector<std::string>& paths) {
  std::vector<StoredObservation> out;
  for (const std::string& p : paths) {
    StoredObservation o;
    o.plane = Plane::kFile;
    size_t colon = p.find(':');
    o.columns.path = p.substr(0, colon);
    o.columns.access = colon == std::string::npos ? "read" : p.substr(colon + 1);
    o.key = p;
    o.count = 1;
    o.replicas = 1;
    out.push_back(o);
  }
  return out;
}

std::vector<std::string> Patterns(const std::vector<StoredObservation>& obs) {
  std::vector<const StoredObservation*> ptrs;
  for (const StoredObservation& o : obs) ptrs.push_back(&o);
  std::vector<std::string> out;
  for (const FileEntry& e : MineFiles(ptrs)) {
    std::string access;
    for (const std::string& a : e.access) access += (access.empty() ? "" : ",") + a;
    out.push_back(e.pattern + (e.is_glob ? " glob" : "") + " [" + access + "] " +
                  std::to_string(e.evidence.merged.size()));
  }
  return out;
}

TEST(MineFiles, Generalisations) {
  using V = std::vector<std::string>;
  // PIDs: one is enough, and what is under them merges.
  EXPECT_EQ(Patterns(Files({"/proc/12/stat", "/proc/345/stat", "/proc/345/status"})),
            (V{"/proc/*/stat glob [read] 2", "/proc/*/status glob [read] 1"}));
  // Temp names by shape; a stable temp name is covered by the glob and joins it.
  EXPECT_EQ(Patterns(Files({"/tmp/upload-a8f3k2q9.tmp:write", "/tmp/upload-zz91q7x3.tmp:write",
                            "/tmp/sess_9f86d081884c7d65:readwrite"})),
            (V{"/tmp/sess_* glob [readwrite] 1", "/tmp/upload-*.tmp glob [write] 2"}));
  // Elsewhere generated names need three siblings.
  EXPECT_EQ(Patterns(Files({"/var/cache/a/9f86d081884c", "/var/cache/a/2c26b46b68ff"})),
            (V{"/var/cache/a/2c26b46b68ff [read] 1", "/var/cache/a/9f86d081884c [read] 1"}));
  EXPECT_EQ(Patterns(Files({"/var/cache/a/9f86d081884c", "/var/cache/a/2c26b46b68ff",
                            "/var/cache/a/fcde2b2edba5:write"})),
            (V{"/var/cache/a/* glob [] 3"}));
  // Versions.
  EXPECT_EQ(Patterns(Files({"/opt/app/lib/core-2.14.1.jar"})),
            (V{"/opt/app/lib/core-2.*.jar glob [read] 1"}));
  // Sensitive paths stay literal; literal paths with glob characters are not globs.
  EXPECT_EQ(Patterns(Files({"/etc/shadow", "/root/.ssh/id_rsa", "/data/a*b"})),
            (V{"/data/a*b [read] 1", "/etc/shadow [read] 1", "/root/.ssh/id_rsa [read] 1"}));
}

TEST(MineFiles, ManyFilesAndNeverASensitiveGlob) {
  std::vector<std::string> flat, tree, etc;
  for (int i = 0; i < 16; ++i)
    flat.push_back("/usr/share/zoneinfo/zone" + std::string(1, char('a' + i)));
  for (int i = 0; i < 16; ++i)
    tree.push_back("/srv/www/d" + std::to_string(i % 4) + "/f" + std::string(1, char('a' + i)));
  EXPECT_EQ(Patterns(Files(flat)),
            std::vector<std::string>{"/usr/share/zoneinfo/* glob [read] 16"});
  EXPECT_EQ(Patterns(Files(tree)), std::vector<std::string>{"/srv/www/** glob [read] 16"});
  // Sixteen files in /etc would make /etc/*, which would match /etc/shadow: kept literal.
  for (int i = 0; i < 16; ++i) etc.push_back("/etc/conf" + std::string(1, char('a' + i)));
  EXPECT_EQ(Patterns(Files(etc)).size(), 16u);
}

TEST(MineFiles, OrderDoesNotMatter) {
  std::vector<std::string> paths = {
      "/proc/1/stat",        "/proc/22/stat",      "/tmp/tmpa8f3k2", "/tmp/x",
      "/opt/a-1.2.jar",      "/etc/hosts",         "/etc/shadow",    "/var/c/aaaa1111bbbb",
      "/var/c/cccc2222dddd", "/var/c/eeee3333ffff"};
  std::vector<std::string> expected = Patterns(Files(paths));
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    std::shuffle(paths.begin(), paths.end(), rng);
    EXPECT_EQ(Patterns(Files(paths)), expected);
  }
}

StoredObservation Flow(const std::string& direction, long long port, const std::string& service) {
  StoredObservation o;
  o.plane = Plane::kNetwork;
  o.columns.direction = direction;
  o.columns.protocol = "tcp";
  o.columns.port = port;
  o.columns.peer_service = service;
  o.key = direction + std::to_string(port) + service;
  o.count = 1;
  return o;
}

TEST(MineNetwork, RangesAndEphemeralPorts) {
  std::vector<StoredObservation> obs = {
      Flow("egress", 9990, "q/queue"),  Flow("egress", 9991, "q/queue"),
      Flow("egress", 9992, "q/queue"),  Flow("egress", 9994, "q/queue"),
      Flow("egress", 41000, "web/api"), Flow("egress", 52000, "web/api"),
      Flow("egress", 60000, "web/api"), Flow("ingress", 50051, "web/api")};
  MinedBaseline b = Mine(obs);
  ASSERT_EQ(b.network.size(), 2u);
  EXPECT_EQ(b.network[0].peer, "service(\"queue\", namespace: \"q\")");
  EXPECT_EQ(b.network[0].ports, (std::vector<std::string>{"9990-9992/tcp", "9994/tcp"}));
  EXPECT_EQ(b.network[0].generalisation, "3 consecutive ports as 9990-9992/tcp");
  // One high port alone is a listening port (gRPC on 50051), not an ephemeral one.
  EXPECT_EQ(b.network[1].direction, "ingress");
  EXPECT_EQ(b.network[1].ports, std::vector<std::string>{"50051/tcp"});
  ASSERT_EQ(b.left_out.size(), 1u);
  EXPECT_EQ(b.left_out[0].evidence.merged.size(), 3u);
  EXPECT_NE(b.left_out[0].reason.find("3 ephemeral tcp ports (41000..60000)"), std::string::npos);
}

AddressHolding Held(const std::string& ip, const std::string& name, const std::string& pod,
                    long long first, long long last) {
  AddressHolding h;
  h.ip = ip;
  h.namespace_name = "shop";
  h.kind = "Deployment";
  h.name = name;
  h.pod = pod;
  h.labels = "app=" + name;
  h.first_seen = first;
  h.last_seen = last;
  h.sightings = 1;
  return h;
}

using Outcome = AddressResolution::Outcome;

// Who held an address while a peer was seen: one workload resolves (also over several of its
// pods), several do not (reuse within the span), none at that time does not, and unknown
// times never separate candidates.
TEST(AddressBook, ResolvesByTimeSpan) {
  AddressBook book(
      {Held("10.0.0.9", "queue", "queue-2", 1000, 1300),
       Held("10.0.0.9", "cache", "cache-1", 100, 300), Held("10.0.0.7", "db", "db-a", 100, 200),
       Held("10.0.0.7", "db", "db-b", 250, 400), Held("10.0.0.5", "old", "old-1", kNoTime, kNoTime),
       Held("10.0.0.5", "new", "new-1", 500, 600)});
  AddressResolution r = book.Resolve("10.0.0.9", 150, 200);
  EXPECT_EQ(r.outcome, Outcome::kResolved);
  EXPECT_EQ(r.Workload(), "Deployment/cache");
  EXPECT_EQ(r.labels, "app=cache");
  ASSERT_EQ(r.holdings.size(), 1u);
  EXPECT_EQ(r.holdings[0]->pod, "cache-1");
  // The address was reused: later it is the queue's.
  r = book.Resolve("10.0.0.9", 1100, 1100);
  EXPECT_EQ(r.outcome, Outcome::kResolved);
  EXPECT_EQ(r.name, "queue");
  // A span touching both holders: not guessed, both named (in time order).
  r = book.Resolve("10.0.0.9", 250, 1000);
  EXPECT_EQ(r.outcome, Outcome::kAmbiguous);
  ASSERT_EQ(r.holdings.size(), 2u);
  EXPECT_EQ(r.holdings[0]->pod, "cache-1");
  EXPECT_EQ(r.holdings[1]->pod, "queue-2");
  // Between the two holdings, nobody was seen with it.
  r = book.Resolve("10.0.0.9", 500, 600);
  EXPECT_EQ(r.outcome, Outcome::kOtherTimes);
  EXPECT_EQ(r.holdings.size(), 2u);
  // Two pods of one workload, one after the other: that workload.
  r = book.Resolve("10.0.0.7", 150, 300);
  EXPECT_EQ(r.outcome, Outcome::kResolved);
  EXPECT_EQ(r.name, "db");
  EXPECT_EQ(r.holdings.size(), 2u);
  // Untimed holdings overlap everything; an untimed peer overlaps every holding.
  EXPECT_EQ(book.Resolve("10.0.0.5", 550, 550).outcome, Outcome::kAmbiguous);
  EXPECT_EQ(book.Resolve("10.0.0.5", 10, 20).outcome, Outcome::kResolved);
  EXPECT_EQ(book.Resolve("10.0.0.5", 10, 20).name, "old");
  EXPECT_EQ(book.Resolve("10.0.0.9", kNoTime, kNoTime).outcome, Outcome::kAmbiguous);
  EXPECT_EQ(book.Resolve("10.0.0.7", kNoTime, kNoTime).outcome, Outcome::kResolved);
  EXPECT_EQ(book.Resolve("203.0.113.9", 150, 200).outcome, Outcome::kUnknown);
}

TEST(AddressBook, OnlyPeersKnownByAddressAreLookedUp) {
  ObservationColumns c;
  c.peer_ip = "10.0.0.9";
  EXPECT_TRUE(ShouldResolvePeer(c));
  c.peer_labels = "reserved:world";
  EXPECT_TRUE(ShouldResolvePeer(c));
  c.peer_labels = "reserved:host";  // a node's address, which host-network pods share
  EXPECT_FALSE(ShouldResolvePeer(c));
  c.peer_labels = "reserved:remote-node";
  EXPECT_FALSE(ShouldResolvePeer(c));
  c.peer_labels = "app=x";  // written as labels(...) already
  EXPECT_FALSE(ShouldResolvePeer(c));
  c.peer_labels.clear();
  c.peer_namespace = "shop";
  EXPECT_FALSE(ShouldResolvePeer(c));
  c.peer_namespace.clear();
  c.peer_service = "shop/cache";
  EXPECT_FALSE(ShouldResolvePeer(c));
  c.peer_service.clear();
  c.peer_ip.clear();
  EXPECT_FALSE(ShouldResolvePeer(c));
}

StoredObservation ToAddress(long long port, const std::string& ip, long long first,
                            long long last) {
  StoredObservation o;
  o.plane = Plane::kNetwork;
  o.columns.direction = "egress";
  o.columns.protocol = "tcp";
  o.columns.port = port;
  o.columns.peer_ip = ip;
  o.key = ip + std::to_string(port);
  o.count = 1;
  o.first_seen = first;
  o.last_seen = last;
  return o;
}

// Mining with the book: a resolved peer joins the rule of the workload it resolved to (written
// by labels and namespace); an ambiguous one stays an address with the candidates named; an
// unknown address stays as it was. Without the book nothing changes.
TEST(MineNetwork, ResolvesPeersKnownByAddress) {
  StoredObservation named;
  named.plane = Plane::kNetwork;
  named.columns.direction = "egress";
  named.columns.protocol = "tcp";
  named.columns.port = 6379;
  named.columns.peer_namespace = "shop";
  named.columns.peer_workload = "Deployment/cache";
  named.columns.peer_labels = "app=cache";
  named.key = "named";
  named.count = 4;
  named.first_seen = 100;
  named.last_seen = 300;
  std::vector<StoredObservation> obs = {named, ToAddress(6379, "10.0.0.9", 150, 200),
                                        ToAddress(9000, "10.0.0.9", 150, 1100),
                                        ToAddress(443, "203.0.113.9", 150, 200)};
  AddressBook book({Held("10.0.0.9", "cache", "cache-1", 100, 300),
                    Held("10.0.0.9", "queue", "queue-2", 1000, 1300)});
  MinedBaseline b = Mine(obs, &book);
  ASSERT_EQ(b.network.size(), 3u);
  EXPECT_EQ(b.network[0].peer, "cidr(\"10.0.0.9/32\")");
  EXPECT_EQ(b.network[0].ports, std::vector<std::string>{"9000/tcp"});
  ASSERT_EQ(b.network[0].lookups.size(), 1u);
  EXPECT_EQ(b.network[0].lookups[0].workload, "");
  EXPECT_EQ(b.network[0].lookups[0].note.rfind(
                "not resolved: 10.0.0.9 was held by several workloads while this peer was seen: "
                "shop/Deployment/cache (pod cache-1, seen ",
                0),
            0u)
      << b.network[0].lookups[0].note;
  EXPECT_NE(b.network[0].lookups[0].note.find("shop/Deployment/queue (pod queue-2"),
            std::string::npos);
  EXPECT_EQ(b.network[1].peer, "cidr(\"203.0.113.9/32\")");
  EXPECT_TRUE(b.network[1].lookups.empty());
  EXPECT_EQ(b.network[2].peer, "labels(app: \"cache\")");
  EXPECT_EQ(b.network[2].condition, "has(peer.namespace) && peer.namespace == \"shop\"");
  EXPECT_EQ(b.network[2].evidence.count, 5);
  ASSERT_EQ(b.network[2].lookups.size(), 1u);
  EXPECT_EQ(b.network[2].lookups[0].observation, &obs[1]);
  EXPECT_EQ(b.network[2].lookups[0].workload, "Deployment/cache");
  EXPECT_EQ(b.network[2].lookups[0].note.rfind("resolved from 10.0.0.9 (pod cache-1, seen ", 0), 0u)
      << b.network[2].lookups[0].note;
  EXPECT_EQ(b.network[2].LookupOf(&obs[0]), nullptr);

  MinedBaseline without = Mine(obs);
  ASSERT_EQ(without.network.size(), 3u);
  EXPECT_EQ(without.network[0].peer, "cidr(\"10.0.0.9/32\")");
  EXPECT_EQ(without.network[0].ports, (std::vector<std::string>{"6379/tcp", "9000/tcp"}));
}

BaselineEntries Read(const std::string& text) {
  auto c = driver::CompileSources({{"t.rp", text}});
  EXPECT_FALSE(c->diags.has_errors());
  return ReadBaselineEntries(*c->files[0]);
}

const char* kHead =
    "package t\nruntime policy p {\n  on open\n  when workload.namespace == \"n\" && "
    "workload.name == \"w\" && container.name == \"c\"\n";

TEST(BaselineDiff, AddedRemovedWidened) {
  BaselineEntries before = Read(std::string(kHead) +
                                "  allow if path == \"/var/c/a\" && access == \"read\"\n"
                                "  allow if path in [\"/etc/hosts\", \"/etc/gone\"]\n"
                                "  allow if path.glob(\"/tmp/*\")\n  default block\n}\n");
  EXPECT_EQ(before.workload.namespace_name, "n");
  EXPECT_EQ(before.workload.name, "w");
  EXPECT_EQ(before.workload.container, "c");
  ASSERT_EQ(before.entries[int(Plane::kFile)].size(), 4u);  // the list gives one entry per path
  BaselineEntries after = Read(std::string(kHead) +
                               "  allow if path.glob(\"/var/c/*\") && access == \"read\"\n"
                               "  allow if path == \"/etc/hosts\"\n"
                               "  allow if path == \"/tmp/x\"\n"
                               "  allow if path == \"/opt/new\"\n  default block\n}\n");
  BaselineDiff d = DiffBaselines(before, after);
  const PlaneDiff& f = d.planes[int(Plane::kFile)];
  ASSERT_EQ(f.added.size(), 1u);
  EXPECT_EQ(f.added[0]->text, "path == \"/opt/new\"");
  ASSERT_EQ(f.removed.size(), 1u);  // /tmp/* still allows /tmp/x
  EXPECT_EQ(f.removed[0]->text, "path == \"/etc/gone\"");
  ASSERT_EQ(f.widened.size(), 1u);
  EXPECT_EQ(f.widened[0].after->text, "path.glob(\"/var/c/*\") && access == \"read\"");
  EXPECT_EQ(f.widened[0].before[0]->text, "path == \"/var/c/a\" && access == \"read\"");
  EXPECT_EQ(f.unchanged, 1);
  EXPECT_EQ(f.covered, 1);  // /tmp/x is allowed by /tmp/*
}

// The head of a baseline's network policy for workload n/w, for the diff tests to add rules to.
const char* const kNetworkPolicyHead =
    "package t\nnetwork policy p {\n  select workload.namespace == \"n\" && workload.name == \"w\"\n";

TEST(BaselineDiff, PortsAndPeers) {
  const char* head = kNetworkPolicyHead;
  BaselineEntries before =
      Read(std::string(head) +
           "  egress allow to service(\"q\") port 9990/tcp, 9991/tcp\n  default deny\n}\n");
  BaselineEntries after = Read(std::string(head) +
                               "  egress allow to service(\"q\") port 9990-9995/tcp\n"
                               "  egress allow to service(\"r\") port 80/tcp\n  default deny\n}\n");
  const PlaneDiff& n = DiffBaselines(before, after).planes[int(Plane::kNetwork)];
  ASSERT_EQ(n.widened.size(), 1u);
  EXPECT_EQ(n.widened[0].before.size(), 2u);
  ASSERT_EQ(n.added.size(), 1u);
  EXPECT_EQ(n.added[0]->text, "egress to service(\"r\") port 80/tcp");
  EXPECT_TRUE(n.removed.empty());
}

// learn emit guards peer comparisons with has() (a flow without the field is then not this
// peer, rather than an error in the rule): a baseline emitted before the guard means the same
// and shows no difference; a has() on another field, or alone, still counts.
TEST(BaselineDiff, PresenceGuardsOfComparedFieldsAreNoDifference) {
  const char* head = kNetworkPolicyHead;
  BaselineEntries unguarded = Read(std::string(head) +
                                   "  egress allow to labels(app: \"pg\") port 5432/tcp if "
                                   "peer.namespace == \"db\"\n"
                                   "  egress allow to namespace(\"db\") port 53/udp if peer.name == "
                                   "\"dns\"\n  default deny\n}\n");
  BaselineEntries guarded =
      Read(std::string(head) +
           "  egress allow to labels(app: \"pg\") port 5432/tcp if has(peer.namespace) && "
           "peer.namespace == \"db\"\n"
           "  egress allow to namespace(\"db\") port 53/udp if has(peer.name) && peer.name == "
           "\"dns\"\n  default deny\n}\n");
  const PlaneDiff& same = DiffBaselines(unguarded, guarded).planes[int(Plane::kNetwork)];
  EXPECT_TRUE(same.empty());
  EXPECT_EQ(same.unchanged, 2);
  ASSERT_EQ(guarded.entries[int(Plane::kNetwork)].size(), 2u);
  EXPECT_EQ(guarded.entries[int(Plane::kNetwork)][0].text,
            unguarded.entries[int(Plane::kNetwork)][0].text);
  BaselineEntries other = Read(std::string(head) +
                               "  egress allow to labels(app: \"pg\") port 5432/tcp if "
                               "has(peer.name) && peer.namespace == \"db\"\n  default deny\n}\n");
  EXPECT_NE(other.entries[int(Plane::kNetwork)][0].text,
            unguarded.entries[int(Plane::kNetwork)][0].text);
}

StoredObservation ToName(long long port, const std::string& ip, const std::string& dns) {
  StoredObservation o = ToAddress(port, ip, 100, 200);
  o.columns.peer_dns = dns;
  o.key += "/" + dns;
  return o;
}

const NetworkEntry* EntryFor(const MinedBaseline& b, const std::string& peer) {
  for (const NetworkEntry& e : b.network) {
    if (e.peer == peer) return &e;
  }
  return nullptr;
}

// Peers outside the known workloads seen with a DNS name are written as dns(...), one rule per
// name in the form names compare in (lower case, no trailing dot), whatever addresses it had;
// names a pattern could not be written from stay addresses; 4 or more names that differ only
// in their first label become *.parent, never directly under a public suffix; an address the
// book resolves is the workload, not the name. The result does not depend on the order.
TEST(MineNetwork, ExternalPeersByDnsName) {
  std::vector<StoredObservation> obs = {
      ToName(443, "203.0.113.7", "API.Example.com."), ToName(443, "203.0.113.8", "api.example.com"),
      ToAddress(443, "198.51.100.1", 100, 200),       ToName(443, "198.51.100.2", "bad name!"),
      ToName(443, "198.51.100.3", "*.weird.example"),  ToName(443, "192.0.2.1", "s1.cdn.example.net"),
      ToName(443, "192.0.2.2", "s2.cdn.example.net"),  ToName(443, "192.0.2.3", "s3.cdn.example.net"),
      ToName(8443, "192.0.2.4", "s4.cdn.example.net"), ToName(443, "192.0.2.5", "a.files.example.org"),
      ToName(443, "192.0.2.6", "b.files.example.org"), ToName(443, "192.0.2.7", "c.files.example.org"),
      ToName(443, "192.0.2.8", "a.co.uk"),             ToName(443, "192.0.2.9", "b.co.uk"),
      ToName(443, "192.0.2.10", "c.co.uk"),            ToName(443, "192.0.2.11", "d.co.uk"),
      ToName(6379, "10.0.0.9", "cache.shop.svc.cluster.local")};
  AddressBook book({Held("10.0.0.9", "cache", "cache-1", 100, 300)});
  MinedBaseline b = Mine(obs, &book);

  const NetworkEntry* api = EntryFor(b, "dns(\"api.example.com\")");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->evidence.merged.size(), 2u);
  EXPECT_EQ(api->ports, std::vector<std::string>{"443/tcp"});
  EXPECT_EQ(api->condition, "");
  EXPECT_EQ(api->note.rfind("a DNS name, not a workload", 0), 0u) << api->note;
  EXPECT_EQ(api->generalisation, "");

  const NetworkEntry* cdn = EntryFor(b, "dns(\"*.cdn.example.net\")");
  ASSERT_NE(cdn, nullptr);
  EXPECT_EQ(cdn->evidence.merged.size(), 4u);
  EXPECT_EQ(cdn->ports, (std::vector<std::string>{"443/tcp", "8443/tcp"}));
  EXPECT_EQ(cdn->generalisation,
            "4 DNS names as *.cdn.example.net (names that differ only in their first label)");
  for (const char* literal : {"a.files.example.org", "b.files.example.org", "c.files.example.org",
                              "a.co.uk", "b.co.uk", "c.co.uk", "d.co.uk"}) {
    EXPECT_NE(EntryFor(b, "dns(\"" + std::string(literal) + "\")"), nullptr) << literal;
  }
  EXPECT_EQ(EntryFor(b, "dns(\"*.files.example.org\")"), nullptr) << "3 names are not enough";
  EXPECT_EQ(EntryFor(b, "dns(\"*.co.uk\")"), nullptr) << "never directly under a public suffix";

  EXPECT_NE(EntryFor(b, "cidr(\"198.51.100.1/32\")"), nullptr);
  const NetworkEntry* bad = EntryFor(b, "cidr(\"198.51.100.2/32\")");
  ASSERT_NE(bad, nullptr);
  EXPECT_NE(bad->note.find("seen as DNS name bad name!"), std::string::npos) << bad->note;
  const NetworkEntry* star = EntryFor(b, "cidr(\"198.51.100.3/32\")");
  ASSERT_NE(star, nullptr) << "a '*' in observed data would widen the rule";
  EXPECT_NE(star->note.find("seen as DNS name *.weird.example"), std::string::npos) << star->note;

  const NetworkEntry* cache = EntryFor(b, "labels(app: \"cache\")");
  ASSERT_NE(cache, nullptr) << "a resolved address is its workload, not its name";
  EXPECT_NE(cache->note.find("seen as DNS name cache.shop.svc.cluster.local"), std::string::npos);

  std::vector<std::string> peers;
  for (const NetworkEntry& e : b.network) peers.push_back(e.peer + " " + e.generalisation);
  std::mt19937 rng(3);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(obs.begin(), obs.end(), rng);
    MinedBaseline again = Mine(obs, &book);
    std::vector<std::string> again_peers;
    for (const NetworkEntry& e : again.network) again_peers.push_back(e.peer + " " + e.generalisation);
    EXPECT_EQ(again_peers, peers);
  }
}

// dns() peers in learn diff: a pattern covers the names (and patterns) it matches, so names
// now under a pattern are "widened" and names a reviewer's pattern allows are "already
// allowed"; a hand-written name in another case or with a trailing dot is the same name.
TEST(BaselineDiff, DnsPeersByPattern) {
  const char* head = kNetworkPolicyHead;
  BaselineEntries before = Read(std::string(head) +
                                "  egress allow to dns(\"A.cdn.example.net.\") port 443/tcp\n"
                                "  egress allow to dns(\"b.cdn.example.net\") port 443/tcp\n"
                                "  egress allow to dns(\"*.api.example.com\") port 443/tcp\n"
                                "  egress allow to dns(\"old.example.org\") port 443/tcp\n"
                                "  default deny\n}\n");
  BaselineEntries after = Read(std::string(head) +
                               "  egress allow to dns(\"a.cdn.example.net\") port 443/tcp\n"
                               "  egress allow to dns(\"*.cdn.example.net\") port 443/tcp\n"
                               "  egress allow to dns(\"eu.api.example.com\") port 443/tcp\n"
                               "  egress allow to dns(\"new.example.org\") port 443/tcp\n"
                               "  default deny\n}\n");
  const PlaneDiff& n = DiffBaselines(before, after).planes[int(Plane::kNetwork)];
  ASSERT_EQ(n.added.size(), 1u);
  EXPECT_EQ(n.added[0]->text, "egress to dns(\"new.example.org\") port 443/tcp");
  ASSERT_EQ(n.removed.size(), 1u);
  EXPECT_EQ(n.removed[0]->text, "egress to dns(\"old.example.org\") port 443/tcp");
  ASSERT_EQ(n.widened.size(), 1u);
  EXPECT_EQ(n.widened[0].after->text, "egress to dns(\"*.cdn.example.net\") port 443/tcp");
  ASSERT_EQ(n.widened[0].before.size(), 1u);
  EXPECT_EQ(n.widened[0].before[0]->text, "egress to dns(\"b.cdn.example.net\") port 443/tcp");
  EXPECT_EQ(n.unchanged, 1);  // a.cdn.example.net, written A.cdn.example.net. before
  EXPECT_EQ(n.covered, 1);    // eu.api.example.com under the reviewer's *.api.example.com
}

// A labels(...) selector with fewer labels allows every pod one with more does: a baseline
// emitted with a mesh label (before those were left out) reads as widened, not as a rule
// removed and another added; a narrower store rule is already allowed. Different values do not
// cover; quoted keys and values with commas and escaped quotes are read as items.
TEST(BaselineDiff, LabelSelectorsWithFewerLabelsCoverMore) {
  const char* head = kNetworkPolicyHead;
  BaselineEntries before = Read(
      std::string(head) +
      "  egress allow to labels(app: \"pg\", \"security.istio.io/tlsMode\": \"istio\") port 5432/tcp\n"
      "  egress allow to labels(app: \"mq\", tier: \"a, \\\"b\\\"\") port 5672/tcp\n"
      "  egress allow to labels(app: \"kv\") port 6379/tcp\n"
      "  default deny\n}\n");
  BaselineEntries after = Read(std::string(head) +
                               "  egress allow to labels(app: \"pg\") port 5432/tcp\n"
                               "  egress allow to labels(tier: \"a, \\\"b\\\"\") port 5672/tcp\n"
                               "  egress allow to labels(app: \"kv\", zone: \"b\") port 6379/tcp\n"
                               "  default deny\n}\n");
  const PlaneDiff& n = DiffBaselines(before, after).planes[int(Plane::kNetwork)];
  ASSERT_EQ(n.widened.size(), 2u);
  EXPECT_EQ(n.widened[0].after->text, "egress to labels(app: \"pg\") port 5432/tcp");
  EXPECT_EQ(n.widened[1].after->text, "egress to labels(tier: \"a, \\\"b\\\"\") port 5672/tcp");
  // kv with a zone selects fewer pods: the baseline's wider rule already allows it.
  EXPECT_TRUE(n.added.empty());
  EXPECT_TRUE(n.removed.empty());
  EXPECT_EQ(n.covered, 1);
  // The other way round nothing is wider: a changed value is a rule added and one removed.
  BaselineEntries changed = Read(std::string(head) + "  egress allow to labels(app: \"pg2\") port 5432/tcp\n  default deny\n}\n");
  const PlaneDiff& c = DiffBaselines(after, changed).planes[int(Plane::kNetwork)];
  EXPECT_EQ(c.added.size(), 1u);
  EXPECT_EQ(c.removed.size(), 3u);
}

// Labels a mesh, injector or release tool adds to pods are left out of peer selectors, so a
// peer seen with and without them is one rule, with what was left out said; a peer labelled
// only by such labels keeps them (nothing else would select it).
TEST(MineNetwork, MeshAndReleaseLabelsAreLeftOutOfSelectors) {
  auto labelled = [](const std::string& labels, long long port) {
    StoredObservation o = ToAddress(port, "", 100, 200);
    o.columns.peer_ip.clear();
    o.columns.peer_namespace = "shop";
    o.columns.peer_labels = labels;
    o.key = labels + std::to_string(port);
    return o;
  };
  std::vector<StoredObservation> obs = {
      labelled("app=ratings,security.istio.io/tlsMode=istio,version=v1", 9080),
      labelled("app=ratings,sidecar.opentelemetry.io/injected=shop.otel,version=v1", 9080),
      labelled("app=ratings,version=v1", 9080),
      labelled("app.kubernetes.io/name=cart,app.kubernetes.io/version=1.4.2,helm.sh/chart=cart-1.4.2", 8080),
      labelled("security.istio.io/tlsMode=istio", 7000)};
  MinedBaseline b = Mine(obs);
  ASSERT_EQ(b.network.size(), 3u);
  const NetworkEntry* ratings = EntryFor(b, "labels(app: \"ratings\", version: \"v1\")");
  ASSERT_NE(ratings, nullptr);
  EXPECT_EQ(ratings->evidence.merged.size(), 3u);
  EXPECT_EQ(ratings->generalisation,
            "mesh and release labels left out of the selector: security.istio.io/tlsMode=istio, "
            "sidecar.opentelemetry.io/injected=shop.otel");
  const NetworkEntry* cart = EntryFor(b, "labels(\"app.kubernetes.io/name\": \"cart\")");
  ASSERT_NE(cart, nullptr);
  EXPECT_NE(cart->generalisation.find("app.kubernetes.io/version=1.4.2, helm.sh/chart=cart-1.4.2"),
            std::string::npos)
      << cart->generalisation;
  const NetworkEntry* only = EntryFor(b, "labels(\"security.istio.io/tlsMode\": \"istio\")");
  ASSERT_NE(only, nullptr);
  EXPECT_EQ(only->generalisation, "");
}

}  // namespace
}  // namespace rampart::learner
