// Peers of network rules (docs/language.md#network-rules) on both engines:
//   - a table of flows and peer forms with the expected match: dns() names and patterns
//     (case-insensitive, one trailing dot ignored, `*` within one label), and every peer form
//     on flows that lack the fields it tests — no match, never an error;
//   - a seeded differential: random network policies over every peer form (and matchesDns in
//     conditions) and random flows (peer, its fields, peer_ip, peer_dns_names present or not,
//     sometimes of the wrong kind), compared between the interpreter, the JIT at -O0 and -O2,
//     and the interpreter on projected inputs. Flows whose fields are all of the right kind
//     must give no errors in rules that only test peers, ports and the protocol.

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "compiler/ir/field_usage.h"
#include "runtime/decode/projection.h"
#include "runtime/jit/jit_engine.h"
#include "runtime/value/cel_json.h"
#include "tests/support/compiled_program.h"

namespace rampart::runtime {
namespace {

Value S(const std::string& s) { return Value::String(s); }

Value Names(std::initializer_list<const char*> names) {
  ValueList list;
  for (const char* n : names) list.push_back(S(n));
  return Value::List(std::move(list));
}

// An egress flow with the given extra members.
Value Flow(std::vector<std::pair<std::string, Value>> members) {
  ValueMap flow;
  flow.emplace_back(S("workload"), Value::Map({{S("namespace"), S("shop")}}));
  flow.emplace_back(S("direction"), S("egress"));
  flow.emplace_back(S("port"), Value::Int(443));
  flow.emplace_back(S("protocol"), S("tcp"));
  for (auto& [k, v] : members) flow.emplace_back(S(k), std::move(v));
  return Value::Map(std::move(flow));
}

Value Peer(std::vector<std::pair<std::string, Value>> members) {
  ValueMap peer;
  for (auto& [k, v] : members) peer.emplace_back(S(k), std::move(v));
  return Value::Map(std::move(peer));
}

struct Case {
  const char* peer;  // the peer form under test
  Value flow;
  bool matches;
};

// One policy per peer form: `egress deny to PEER`; evaluated on the interpreter and the JIT.
TEST(NetworkPeers, MatchAsDocumentedAndNeverFailOnAbsentFields) {
  const Value no_peer = Flow({{"peer_ip", S("203.0.113.7")}});
  const Value empty_peer = Flow({{"peer", Peer({})}});
  const Value nothing = Flow({});
  const Value api = Flow({{"peer_dns_names", Names({"api.example.com"})}});
  const std::vector<Case> cases = {
      // dns(): names and patterns
      {"dns(\"api.example.com\")", api, true},
      {"dns(\"API.Example.COM.\")", api, true},
      {"dns(\"api.example.com\")", Flow({{"peer_dns_names", Names({"API.EXAMPLE.COM."})}}), true},
      {"dns(\"api.example.com\")", Flow({{"peer_dns_names", Names({"cdn.net", "api.example.com"})}}), true},
      {"dns(\"api.example.com\")", Flow({{"peer_dns_names", Names({"api.example.com.."})}}), false},
      {"dns(\"example.com\")", api, false},
      {"dns(\"*.example.com\")", api, true},
      {"dns(\"*.example.com\")", Flow({{"peer_dns_names", Names({"example.com"})}}), false},
      {"dns(\"*.example.com\")", Flow({{"peer_dns_names", Names({"a.b.example.com"})}}), false},
      {"dns(\"api-*.example.com\")", Flow({{"peer_dns_names", Names({"api-eu1.example.com"})}}), true},
      {"dns(\"*\")", api, true},
      {"dns(\"*\")", Flow({{"peer_dns_names", Names({})}}), false},
      {"dns(\"api.example.com\")", Flow({{"peer_dns_names", Value::List({Value::Int(1), S("api.example.com")})}}),
       true},
      // absent fields: no match, no error
      {"dns(\"api.example.com\")", nothing, false},
      {"dns(\"*\")", no_peer, false},
      {"cidr(\"203.0.113.0/24\")", no_peer, true},
      {"cidr(\"203.0.113.0/24\")", nothing, false},
      {"labels(app: \"db\")", no_peer, false},
      {"labels(app: \"db\")", empty_peer, false},
      {"labels(app: \"db\")", Flow({{"peer", Peer({{"labels", Value::Map({{S("app"), S("db")}})}})}}), true},
      {"namespace(\"db\")", no_peer, false},
      {"namespace(\"db\")", empty_peer, false},
      {"namespace(\"db\")", Flow({{"peer", Peer({{"namespace", S("db")}})}}), true},
      {"service(\"pg\")", no_peer, false},
      {"service(\"pg\")", empty_peer, false},
      {"service(\"pg\", namespace: \"db\")", Flow({{"peer", Peer({{"service", S("pg")}})}}), false},
      {"service(\"pg\", namespace: \"db\")",
       Flow({{"peer", Peer({{"service", S("pg")}, {"namespace", S("db")}})}}), true},
      {"any", nothing, true},
  };
  std::string source = "package peers\n";
  for (size_t i = 0; i < cases.size(); ++i) {
    source += "network policy p" + std::to_string(i) + " {\n  egress deny to " + cases[i].peer + "\n}\n";
  }
  testing::CompiledProgram c = testing::CompileSource(source);
  ASSERT_NE(c.program, nullptr) << source;
  std::string error;
  std::unique_ptr<JitEngine> jit = JitEngine::Create(*c.program, JitOptions{}, &error);
  ASSERT_NE(jit, nullptr) << error;
  for (uint32_t i = 0; i < cases.size(); ++i) {
    for (bool native : {false, true}) {
      PolicyEvaluation e = native ? jit->Evaluate(i, cases[i].flow) : c.interpreter->Evaluate(i, cases[i].flow);
      std::string where = std::string(native ? "JIT" : "interpreter") + ": " + cases[i].peer + " on " +
                          ToCelValueJson(cases[i].flow);
      EXPECT_TRUE(e.errors.empty()) << where << "\n" << testing::DescribeEvaluation(*c.program, i, e);
      EXPECT_EQ(e.fired.size(), cases[i].matches ? 1u : 0u) << where;
    }
  }
}

// ---- the seeded differential ---------------------------------------------------------------

template <class T, size_t N>
const T& Pick(std::mt19937& rng, const T (&v)[N]) {
  return v[rng() % N];
}

const char* const kApps[] = {"web", "db", "api"};
const char* const kNamespaces[] = {"shop", "db", ""};
const char* const kPatterns[] = {"api.example.com", "API.example.com.", "*.example.com", "api-*.example.com",
                                 "*", "example.com", "*.*.example.com", "db.internal"};
const char* const kNames[] = {"api.example.com", "Api.Example.Com.", "example.com", "a.b.example.com",
                              "api-eu.example.com", "db.internal.", "", "."};
const char* const kIps[] = {"10.0.0.7", "203.0.113.9", "fd00::1", "not-an-ip"};
const char* const kCidrs[] = {"10.0.0.0/8", "203.0.113.0/24", "fd00::/8"};

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string RandomPeer(std::mt19937& rng) {
  switch (rng() % 9) {
    case 0: return "labels(app: " + Quote(Pick(rng, kApps)) + ")";
    case 1: return "labels(app: " + Quote(Pick(rng, kApps)) + ", \"tier\": \"back\")";
    case 2: return "service(" + Quote(Pick(rng, kApps)) + ")";
    case 3: return "service(" + Quote(Pick(rng, kApps)) + ", namespace: " + Quote(Pick(rng, kNamespaces)) + ")";
    case 4: return "namespace(" + Quote(Pick(rng, kNamespaces)) + ")";
    case 5: return "cidr(" + Quote(Pick(rng, kCidrs)) + ")";
    case 6:
    case 7: return "dns(" + Quote(Pick(rng, kPatterns)) + ")";
    default: return "any";
  }
}

// `fallible`: a rule condition reads an input the flow may lack (an error then, as CEL says).
std::string NetworkPolicy(std::mt19937& rng, int i, bool* fallible) {
  *fallible = false;
  std::ostringstream s;
  s << "network policy n" << i << " {\n";
  if (rng() % 3 == 0) s << "  select workload.namespace == \"shop\"\n";
  for (int r = 1 + rng() % 3; r > 0; --r) {
    bool egress = rng() % 2;
    s << "  " << (egress ? "egress" : "ingress") << (rng() % 2 ? " allow" : " deny") << (egress ? " to " : " from ");
    for (int p = 1 + rng() % 3; p > 0; --p) s << RandomPeer(rng) << (p > 1 ? ", " : "");
    if (rng() % 2) s << " port 443/tcp, 5432";
    switch (rng() % 5) {
      case 0:
        s << " if peer_dns_names.matchesDns(" << Quote(Pick(rng, kPatterns)) << ")";
        *fallible = true;
        break;
      case 1:
        s << " if has(peer.namespace) && peer.namespace == \"db\"";
        *fallible = true;
        break;
      case 2: s << " if protocol == \"tcp\""; break;
      default: break;
    }
    s << "\n";
  }
  if (rng() % 2) s << "  default deny\n";
  s << "}\n";
  return s.str();
}

// A random flow; `sloppy` says whether some field has the wrong kind (an error is then fine).
Value RandomFlow(std::mt19937& rng, bool* sloppy) {
  *sloppy = false;
  ValueMap flow;
  flow.emplace_back(S("workload"), Value::Map({{S("namespace"), S(rng() % 2 ? "shop" : "db")}}));
  flow.emplace_back(S("direction"), S(rng() % 2 ? "egress" : "ingress"));
  flow.emplace_back(S("port"), Value::Int(rng() % 2 ? 443 : 5432));
  flow.emplace_back(S("protocol"), S(rng() % 3 ? "tcp" : "udp"));
  if (rng() % 4) {
    ValueMap peer;
    if (rng() % 2) peer.emplace_back(S("namespace"), S(Pick(rng, kNamespaces)));
    if (rng() % 3) peer.emplace_back(S("service"), S(Pick(rng, kApps)));
    if (rng() % 2) {
      ValueMap labels;
      if (rng() % 3) labels.emplace_back(S("app"), S(Pick(rng, kApps)));
      if (rng() % 3) labels.emplace_back(S("tier"), S("back"));
      peer.emplace_back(S("labels"), Value::Map(std::move(labels)));
    }
    if (rng() % 25 == 0) {
      // Wrong kinds, written first (of repeated members the first counts).
      peer.insert(peer.begin(), {S("namespace"), Value::Int(7)});
      peer.insert(peer.begin(), {S("labels"), S("app=web")});
      *sloppy = true;
    }
    flow.emplace_back(S("peer"), Value::Map(std::move(peer)));
  }
  if (rng() % 3) {
    const std::string ip = Pick(rng, kIps);
    if (ip == "not-an-ip") *sloppy = true;  // cidr() fails on it
    flow.emplace_back(S("peer_ip"), S(ip));
  }
  if (rng() % 3) {
    ValueList names;
    for (int n = rng() % 3; n > 0; --n) names.push_back(S(Pick(rng, kNames)));
    if (rng() % 25 == 0) {
      names.push_back(Value::Null());  // elements of the wrong kind match nothing
    }
    flow.emplace_back(S("peer_dns_names"), Value::List(std::move(names)));
  }
  if (rng() % 40 == 0) {
    flow.insert(flow.begin(), {S("peer_dns_names"), S("api.example.com")});  // not a list: an error
    *sloppy = true;
  }
  return Value::Map(std::move(flow));
}

TEST(NetworkPeers, EnginesAndProjectionAgreeOnRandomPoliciesAndFlows) {
  const int sets = 16, policies_per_set = 30, flows_per_set = 60;
  long compared = 0, fired = 0, errors = 0;
  for (int set = 0; set < sets; ++set) {
    const unsigned seed = 5100 + set;
    std::mt19937 rng(seed);
    std::string source = "package peers\n";
    std::vector<bool> fallible(policies_per_set);
    for (int i = 0; i < policies_per_set; ++i) {
      bool f = false;
      source += NetworkPolicy(rng, i, &f);
      fallible[i] = f;
    }
    testing::CompiledProgram c = testing::CompileSource(source);
    ASSERT_NE(c.program, nullptr) << source;
    const ir::Program& p = *c.program;
    std::string error;
    JitOptions options;
    options.opt_level = set % 2 == 0 ? 0 : 2;
    std::unique_ptr<JitEngine> jit = JitEngine::Create(p, options, &error);
    ASSERT_NE(jit, nullptr) << error;
    ir::FieldNode usage = ir::AnalyzeFieldUsage(p);
    for (int n = 0; n < flows_per_set; ++n) {
      bool sloppy = false;
      const Value flow = RandomFlow(rng, &sloppy);
      const Value projected = Project(flow, usage);
      for (uint32_t i = 0; i < p.policies.size(); ++i) {
        PolicyEvaluation want = c.interpreter->Evaluate(i, flow);
        const std::string expected = testing::DescribeEvaluation(p, i, want, /*with_values=*/false);
        ASSERT_EQ(testing::DescribeEvaluation(p, i, jit->Evaluate(i, flow), false), expected)
            << "seed " << seed << " (-O" << options.opt_level << "), policy n" << i << ", flow "
            << ToCelValueJson(flow) << "\n" << source;
        ASSERT_EQ(testing::DescribeEvaluation(p, i, c.interpreter->Evaluate(i, projected), false), expected)
            << "seed " << seed << " projected, policy n" << i << ", flow " << ToCelValueJson(flow);
        if (!sloppy && !fallible[i]) {
          ASSERT_TRUE(want.errors.empty()) << "seed " << seed << ", policy n" << i << ": an error on a flow "
                                           << "whose fields are all of the right kind: " << ToCelValueJson(flow)
                                           << "\n" << expected << "\n" << source;
        }
        errors += static_cast<long>(want.errors.size());
        fired += static_cast<long>(want.fired.size());
        ++compared;
      }
    }
  }
  std::printf("%ld network policy evaluations agree (%ld rule firings, %ld errors: wrong kinds, conditions on absent inputs)\n",
              compared, fired, errors);
  EXPECT_GT(fired, compared / 10);  // the rules match often enough to prove something
  EXPECT_GT(errors, 0);     // errors still happen where they should
}

}  // namespace
}  // namespace rampart::runtime
