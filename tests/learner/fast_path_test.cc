// Ingest's fast path for rampart events (learner/ingest/rampart_fast_path.h) against the DOM
// path it stands in for: whatever the fast path decodes, the DOM path must parse, detect as
// rampart and decode to the very same document and verdict. Lines it is unsure of must be
// handed back, never decoded differently. Checked on generated events, the rampart fixtures,
// hand-written edge cases and thousands of seeded random mutations of generated lines.

#include <fstream>
#include <random>
#include <sstream>

#include "gtest/gtest.h"
#include "learner/ingest/clean_line.h"
#include "learner/ingest/formats.h"
#include "learner/ingest/parts_key.h"
#include "learner/ingest/rampart_fast_path.h"
#include "tests/learner/decoded_description.h"
#include "tests/learner/event_generator.h"
#include "tests/learner/learner_test_util.h"

namespace rampart::learner {
namespace {

struct Verdict {
  bool decoded = false;  // the DOM path reached the importer
  std::string reason;    // its verdict ("" for a good event)
  std::string document;  // Describe() of what it decoded
};

// The DOM path of Ingester::IngestFile for one line.
Verdict Dom(const std::string& line, bool detect) {
  static simdjson::dom::parser parser;
  Verdict v;
  simdjson::dom::element root;
  simdjson::dom::object object;
  if (parser.parse(line).get(root) != simdjson::SUCCESS || root.get(object) != simdjson::SUCCESS)
    return v;
  Decoder decode = detect ? DetectDecoder(object) : DecodeRampart;
  if (decode != DecodeRampart) return v;
  DecodedDocument doc;
  v.decoded = true;
  v.reason = decode(object, &doc);
  if (v.reason.empty()) v.document = DescribeDecoded(doc);
  return v;
}

// Decodes `line` both ways; true when the fast path decoded it (and then agreed).
bool Agrees(const std::string& line, bool detect = true) {
  static RampartFastPath fast;
  DecodedDocument doc;
  std::string reason;
  if (fast.Decode(line, detect, &doc, &reason) != RampartFastPath::Result::kDecoded) return false;
  Verdict dom = Dom(line, detect);
  EXPECT_TRUE(dom.decoded) << "the fast path decoded a line the DOM path refuses: " << line;
  EXPECT_EQ(reason, dom.reason) << line;
  if (reason.empty()) EXPECT_EQ(DescribeDecoded(doc), dom.document) << line;
  return true;
}

TEST(FastPath, DecodesGeneratedEventsAsTheDomDoes) {
  for (uint64_t i = 0; i < 3000; ++i) {
    std::string line;
    if (i % 2 == 0)
      testing::AppendGeneratedEvent(i, &line);
    else
      testing::AppendVariedEvent(i, &line);
    line.pop_back();  // the newline
    EXPECT_TRUE(Agrees(line)) << "handed back: " << line;
    EXPECT_TRUE(Agrees(line, false)) << "handed back: " << line;
  }
}

TEST(FastPath, AgreesOnTheFixtures) {
  int decoded = 0, lines = 0;
  for (const char* file : {"rampart/events.jsonl", "rampart/emit_events.jsonl",
                           "rampart/mine_events.jsonl", "rampart/diff_a.jsonl",
                           "rampart/diff_b.jsonl", "rampart/heldout_events.jsonl",
                           "resolve/events.jsonl", "hubble/basic-sample-348-http-flows.json",
                           "falco/alerts.jsonl"}) {
    std::ifstream in(testing::DataFile(file));
    std::string line;
    while (std::getline(in, line)) {
      ++lines;
      decoded += Agrees(line);
    }
  }
  EXPECT_GT(lines, 400);
  EXPECT_GT(decoded, 100);  // the rampart fixtures' good lines, at least
}

TEST(FastPath, EdgeCasesAreDecodedAlikeOrHandedBack) {
  const std::string exec = R"("proc": {"exe": "/bin/a"}, "workload": {"namespace": "n", "pod": "p-1"})";
  struct Case {
    std::string line;
    bool fast;  // the fast path decodes it (false: hands it back)
  };
  const Case cases[] = {
      {R"({"kind": "exec", )" + exec + "}", true},
      {R"({"kind":"exec","proc":{"exe":"/bin/a"}})", true},
      {"  {\"kind\": \"exec\", " + exec + "}  ", true},
      // Escapes are simdjson's: handed back, decoded there (\/ is /).
      {R"({"kind": "exec", "proc": {"exe": "\/bin\/sh"}})", false},
      {R"({"k\u0069nd": "exec", "proc": {"exe": "/bin/a"}})", false},
      // A repeated member counts the first time, objects too.
      {R"({"kind": "exec", "kind": "open", )" + exec + "}", true},
      {R"({"kind": "exec", "proc": 3, "proc": {"exe": "/bin/a"}})", true},
      {R"({"kind": "exec", "proc": {"exe": "/a", "exe": "/b"}, "parent": {"name": "sh"}})", true},
      {R"({"kind": 7, )" + exec + "}", true},
      {R"({"kind": "nope", )" + exec + "}", true},
      {R"({"proc": {"exe": "/bin/a"}})", false},  // no decisive member: not a known format
      {R"({"output_fields": {}, "kind": "exec"})", false},  // Falco's, by its first member
      {R"({"kind": "exec", "rule": "x", )" + exec + "}", true},
      // Times: text, integers, and what is left to simdjson.
      {R"({"kind": "exec", "time": "2024-03-01T09:00:00.5+01:00", )" + exec + "}", true},
      {R"({"kind": "exec", "time": "", )" + exec + "}", true},
      {R"({"kind": "exec", "time": null, )" + exec + "}", true},
      {R"({"kind": "exec", "time": true, )" + exec + "}", true},
      {R"({"kind": "exec", "time": 9223372036854775807, )" + exec + "}", true},
      {R"({"kind": "exec", "time": -9223372036854775807, )" + exec + "}", true},
      {R"({"kind": "exec", "time": 9223372036854775808, )" + exec + "}", false},
      {R"({"kind": "exec", "time": 18446744073709551616, )" + exec + "}", false},
      {R"({"kind": "exec", "time": 1.7e18, )" + exec + "}", false},
      {R"({"kind": "exec", "time": -0, )" + exec + "}", false},
      {R"({"kind": "exec", "time": 0, )" + exec + "}", true},
      {R"({"kind": "exec", "time": 01, )" + exec + "}", false},
      {R"({"kind": "exec", "time": "1709280000000000000", )" + exec + "}", true},
      // Not JSON, or not one object.
      {R"({"kind": "exec", })", false},
      {R"({"kind" "exec"})", false},
      {R"({"kind": "exec"} {})", false},
      {R"({"kind": "exec"}])", false},
      {R"({"kind": "exec")", false},
      {R"([{"kind": "exec"}])", false},
      {R"("kind")", false},
      {"", false},
      {"{}", false},
      {R"({"kind": "exec", "x": tru})", false},
      {R"({"kind": "exec", "x": truex})", false},
      {R"({"kind": "exec", "x": nul})", false},
      {R"({"kind": "exec", "x": [1, 2,]})", false},
      {R"({"kind": "exec", "x": [1 2]})", false},
      {R"({"kind": "exec", "x": {"a" 1}})", false},
      {R"({"kind": "exec", "x": 1.5, )" + exec + "}", false},
      {R"({"kind": "exec", "x": [true, false, null, {}, [], "s", -12], )" + exec + "}", true},
      {R"({"kind": "exec", "x": +1})", false},
      {R"({"kind": "exec", "x": -})", false},
      // Control characters, tabs, byte order marks, UTF-8.
      {"{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/a\tb\"}}", false},
      {"{\"kind\":\t\"exec\", \"proc\": {\"exe\": \"/bin/a\"}}", false},
      {"{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/\x01\"}}", false},
      {"\xef\xbb\xbf{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/a\"}}", false},
      {"{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/caf\xc3\xa9\"}}", true},
      {"{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/caf\xc3\"}}", false},
      {"{\"kind\": \"exec\", \"proc\": {\"exe\": \"/bin/\xff\"}}", false},
      // Nesting deeper than events go: left to simdjson.
      {R"({"kind": "exec", "x": )" + std::string(40, '[') + std::string(40, ']') + ", " + exec + "}",
       false},
      {R"({"kind": "exec", "x": )" + std::string(20, '[') + std::string(20, ']') + ", " + exec + "}",
       true},
      // Members of other types read as empty.
      {R"({"kind": "open", "path": "/x", "flags": "O_RDONLY", )" + exec + "}", true},
      {R"({"kind": "open", "path": "/x", "flags": [1, "O_WRONLY"], "flags": ["O_RDWR"], )" + exec + "}",
       true},
      {R"({"kind": "open", "path": "/x", "access": "read", "flags": ["O_RDWR"], )" + exec + "}", true},
      {R"({"kind": "open", "path": 5, )" + exec + "}", true},
      {R"({"kind": "exec", "proc": {"exe": "/bin/a"}, "workload": {"namespace": "n", "pod": "web-6d8f7b9c4d-abcde", "labels": {"app": "web", "app": "x", "n": 1, "pod-template-hash": "6d8f7b9c4d"}, "labels": {"z": "z"}}})",
       true},
      {R"({"kind": "exec", "proc": {"exe": "/bin/a"}, "workload": {"namespace": "n", "pod": "p", "labels": ["a"]}})",
       true},
      // Network events: peers, labels, addresses.
      {R"({"kind": "connect", "time": 5, "proc": {"exe": "/app"}, "protocol": "tcp", "remote_ip": "10.0.0.1", "remote_port": 5432, "local_ip": "10.0.0.2", "local_port": 40000, "dns_name": "db.x", "peer": {"namespace": "db", "pod": "pg-0", "labels": {"app": "pg", "controller-revision-hash": "pg-5d8f", "tier": "data"}}, )" + exec.substr(27) + "}",
       true},
      {R"({"kind": "accept", "proc": {"exe": "/app"}, "protocol": "tcp", "local_port": "8080", "remote_ip": "1.2.3.4", "peer": {"labels": {}}, )" + exec.substr(27) + "}",
       true},
      {R"({"kind": "connect", "remote_port": 443, "remote_ip": "10.1.1.1", "peer": {"namespace": "web", "service": "api"}, )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "egress", "protocol": "udp", "port": 53, "peer_ip": "10.96.0.10", "peer": {"namespace": "kube-system", "kind": "Deployment", "name": "coredns", "pod": "coredns-7db6d8ff4d-x2x9z"}, )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "sideways", )" + exec + "}", true},
      // DNS names of a flow's peer: the first element of the first peer_dns_names array.
      {R"({"kind": "flow", "direction": "egress", "port": 443, "peer_ip": "203.0.113.7", "peer_dns_names": ["API.example.com.", "b.example.com"], )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "egress", "port": 443, "peer_dns_names": [1, "a.example.com"], )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "egress", "port": 443, "peer_dns_names": "a.example.com", "peer_dns_names": ["b.example.com"], )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "egress", "port": 443, "peer_dns_names": ["a.example.com"], "peer_dns_names": ["b.example.com"], )" + exec + "}",
       true},
      {R"({"kind": "flow", "direction": "egress", "port": 443, "peer_dns_names": [], )" + exec + "}", true},
      {R"({"kind": "syscall", "syscall": {"nr": 59}, )" + exec + "}", true},
      {R"({"kind": "syscall", "syscall": {"name": "read", "nr": "0"}, )" + exec + "}", true},
      {R"({"kind": "syscall", "syscall": {}, )" + exec + "}", true},
  };
  for (const Case& c : cases) EXPECT_EQ(Agrees(c.line), c.fast) << c.line;
}

// Member names are told apart by length and first 16 bytes (name_code.h): names that share
// those with a name the importer reads, or a prefix of one, must not be taken for it.
TEST(FastPath, NamesCloseToKnownOnesAreOtherMembers) {
  const std::string exec = R"("kind": "exec", "proc": {"exe": "/bin/a"})";
  const std::string cases[] = {
      R"({"remote_port_and_more": 1, "remote_port": 2, "kind": "connect", "proc": {"exe": "/a"}})",
      R"({"kin": "open", "kinds": "open", "kindkindkindkindk": "open", )" + exec + "}",
      R"({"peer_dns_names_": ["x"], "kind": "flow", "direction": "egress", "proc": {"exe": "/a"}})",
      R"({"container": {"image_digest_": "sha256:1", "image_digest": "sha256:2", "name": "c"}, )" +
          exec + "}",
      R"({"workload": {"namespace_": "x", "namespace": "n", "pod_": "q", "pod": "p-1"}, )" + exec +
          "}",
      R"({"proc": {"ex": "/x", "exe_": "/y", "exe": "/bin/z"}, "kind": "exec"})",
      R"({"": 1, "kind": "exec", "proc": {"": "", "exe": "/bin/a"}})",
      // Decisive names of the other formats (handed back), and their near misses (not).
      R"({"process_": {}, )" + exec + "}",
      R"({"process_exec": {}, )" + exec + "}",
      R"({"process": {}, "proces_exec": 1, "IPs": 1, "I": 1, "rules": 1, )" + exec + "}",
      R"({"rate_limit_info": {}, )" + exec + "}",
      R"({"rate_limit_infos": {}, "output_field": 1, "lost_event": 1, )" + exec + "}",
  };
  int decoded = 0;
  for (const std::string& line : cases) decoded += Agrees(line);
  EXPECT_EQ(decoded, int(std::size(cases)) - 3);
}

// ": " and ", " are matched in one look (rampart_fast_path.cc); every other spacing JSON
// allows must read the same, and what it does not allow must be handed back.
TEST(FastPath, SeparatorsOfAnyWidth) {
  const std::string good[] = {
      R"({"kind":"exec","proc":{"exe":"/bin/a"},"time":5})",
      R"({"kind" : "exec" , "proc" : {"exe" : "/bin/a"} , "time" : 5 })",
      R"({"kind":  "exec",  "proc":   {"exe":  "/bin/a"},   "time":  5})",
      R"({"kind": "exec", "proc": {"exe": "/bin/a", "name": "a"}, "flags": ["x", "y"], "n": [1, 2]})",
      R"({"kind": "exec", "x": {}, "y": [], "z": { }, "w": [ ], "proc": {"exe": "/bin/a"}})",
      R"({"kind": "exec", "t": true, "f": false, "n": null, "proc": {"exe": "/bin/a"}})",
  };
  for (const std::string& line : good) EXPECT_TRUE(Agrees(line)) << line;
  const std::string bad[] = {
      R"({"kind": "exec", })",
      R"({"kind": "exec", , "proc": {"exe": "/bin/a"}})",
      R"({"kind": "exec" "proc": {"exe": "/bin/a"}})",
      R"({"kind": : "exec"})",
      R"({"kind": "exec", "proc": {"exe": "/bin/a"}, )",
      R"({"kind": "exec", 5: 1})",
      R"({"kind":, "exec"})",
  };
  for (const std::string& line : bad) EXPECT_FALSE(Agrees(line)) << line;
}

// The line is copied into blocks of 64 bytes (clean_line.h): quotes, escapes, control bytes and
// UTF-8 on either side of a block boundary, and lines ending anywhere near one.
TEST(FastPath, BlockBoundariesDoNotMatter) {
  int decoded = 0, tried = 0;
  for (size_t pad = 0; pad < 140; ++pad) {
    std::string base = R"({"kind": "exec", "proc": {"exe": "/bin/)" + std::string(pad, 'a') +
                       R"("}, "workload": {"namespace": "n", "pod": "p-1"}})";
    for (const std::string& line :
         {base, base + std::string(pad % 70, ' '), std::string(pad % 70, ' ') + base}) {
      ++tried;
      EXPECT_TRUE(Agrees(line)) << "handed back: " << line;
      ++decoded;
    }
    // Cut short anywhere, or spoiled at the boundary: handed back or decoded alike.
    for (size_t cut : {pad, pad + 30, pad + 63, pad + 64, pad + 65})
      if (cut < base.size()) Agrees(base.substr(0, cut));
    for (const char* bad : {"\\", "\t", "\x01", "\xc3", "\xc3\xa9", "\""}) {
      std::string line = base;
      if (pad + 45 < line.size()) line.insert(pad + 45, bad);
      Agrees(line);
    }
  }
  EXPECT_EQ(decoded, tried);
}

TEST(FastPath, RandomMutationsAreDecodedAlikeOrHandedBack) {
  std::mt19937 random(20261123);
  const char kBytes[] = "\"\\{}[],: \t0-.eEntfx\x01\xc3\xff\x80";
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    testing::AppendGeneratedEvent(uint64_t(i), &line);
    line.pop_back();
    int mutations = 1 + int(random() % 3);
    for (int m = 0; m < mutations && !line.empty(); ++m) {
      size_t at = random() % line.size();
      char byte = kBytes[random() % (sizeof kBytes - 1)];
      switch (random() % 3) {
        case 0:
          line[at] = byte;
          break;
        case 1:
          line.erase(at, 1);
          break;
        default:
          line.insert(at, 1, byte);
          break;
      }
    }
    decoded += Agrees(line);
  }
  // Mutations inside strings keep many lines valid: the comparison saw real work.
  EXPECT_GT(decoded, 2000);
}

// The line scan's two kernels (clean_line.h; AVX2 is taken when the machine has it) agree on
// every line: the copy, the quote offsets, clean or not, ASCII or not. Also checked against
// the definition, byte by byte.
TEST(CleanLine, KernelsAgreeWithEachOtherAndTheDefinition) {
  std::mt19937 random(5);
  const char kBytes[] = "\"\"\"\\ \t\x01\x1f\x20\x7f\x80\xc3\xff{}:,ab0";
  CleanLine best, portable(CleanLine::Kernel::kPortable);
  for (int i = 0; i < 4000; ++i) {
    std::string line(random() % 300, 'x');
    for (char& c : line)
      if (random() % 4 == 0) c = kBytes[random() % (sizeof kBytes - 1)];
    bool clean = true, high = false;
    std::vector<uint32_t> quotes;
    for (size_t j = 0; j < line.size(); ++j) {
      unsigned char c = static_cast<unsigned char>(line[j]);
      if (c == '\\' || c < 0x20) clean = false;
      if (c >= 0x80) high = true;
      if (c == '"') quotes.push_back(uint32_t(j));
    }
    for (CleanLine* l : {&best, &portable}) {
      ASSERT_EQ(l->Load(line), clean) << i;
      if (!clean) continue;
      EXPECT_EQ(l->high(), high) << i;
      ASSERT_EQ(std::string(l->data(), l->size()), line) << i;
      for (size_t j = 0; j < CleanLine::kPadding; ++j) ASSERT_EQ(l->data()[line.size() + j], 0);
      EXPECT_EQ(std::vector<uint32_t>(l->quotes(), l->quotes() + l->quote_count()), quotes) << i;
    }
  }
}

// The batch builder's keys (parts_key.h): parts are told apart by their lengths, not just by
// their bytes.
TEST(PartsKey, PartBoundariesMatter) {
  auto joined = [](std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) JoinPart(&out, p);
    return out;
  };
  auto same = [](const std::string& key, std::initializer_list<std::string_view> parts) {
    JoinedPartsMatcher m(key);
    for (std::string_view p : parts) m.Next(p);
    return m.Same();
  };
  auto hash = [](std::initializer_list<std::string_view> parts) {
    PartsHash h;
    for (std::string_view p : parts) h.Add(p);
    return h.value();
  };
  std::string key = joined({"ab", "c", ""});
  EXPECT_TRUE(same(key, {"ab", "c", ""}));
  EXPECT_FALSE(same(key, {"a", "bc", ""}));
  EXPECT_FALSE(same(key, {"ab", "c"}));
  EXPECT_FALSE(same(key, {"ab", "c", "", ""}));
  EXPECT_FALSE(same(key, {"ab", "d", ""}));
  EXPECT_NE(hash({"ab", "c"}), hash({"a", "bc"}));
  EXPECT_NE(hash({"abcdefgh", ""}), hash({"abcdefgh"}));
  EXPECT_EQ(hash({"/usr/bin/x", "y"}), hash({"/usr/bin/x", "y"}));
  // Parts of every length up to past two words, differing in any one byte.
  for (size_t n = 0; n < 20; ++n) {
    std::string a(n, 'x');
    for (size_t i = 0; i < n; ++i) a[i] = char('a' + i);
    std::string k = joined({a, "z"});
    EXPECT_TRUE(same(k, {a, "z"})) << n;
    for (size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = '#';
      EXPECT_FALSE(same(k, {b, "z"})) << n << " " << at;
    }
  }
}

}  // namespace
}  // namespace rampart::learner
