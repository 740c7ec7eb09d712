// The guard index (runtime/eval/guard_index.h) may only skip policies that would have done
// nothing. Two parts:
//   - which conditions the compiler guards (compiler/lower/guard_finder.h), and which not;
//   - a seeded differential: random runtime and network policy sets (guardable and
//     unguardable conditions, scopes that can fail, defaults, lets, error-prone operands)
//     and random events and flows (absent fields, values of the wrong kind, unicode),
//     decided with and without the index on both engines: the decisions must be identical,
//     and the index must actually skip most policies (or the test proves nothing);
//   - concurrent batch decisions (DecideBatch on four threads) equal to one thread's.

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "runtime/eval/affix_trie.h"
#include "runtime/eval/decision.h"
#include "runtime/eval/guard_index.h"
#include "runtime/eval/scope_precheck.h"
#include "runtime/jit/jit_engine.h"
#include "runtime/value/cel_json.h"
#include "tests/support/compiled_program.h"

namespace rampart::runtime {
namespace {

std::vector<uint32_t> All(const ir::Program& p) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < p.policies.size(); ++i) out.push_back(i);
  return out;
}

const ir::Policy& PolicyNamed(const ir::Program& p, const std::string& name) {
  for (const ir::Policy& pol : p.policies) {
    if (pol.name == name) return pol;
  }
  ADD_FAILURE() << "no policy " << name;
  return p.policies.front();
}

TEST(GuardFinder, GuardsTheFormsItCanDecideAndNothingElse) {
  testing::CompiledProgram c = testing::CompileSource(R"(package g
const tools = ["nc", "ncat"]
runtime policy eq { on exec
  alert a if proc.uid == 0 && proc.name == "nc"
  alert b if "sh" == parent.name }
runtime policy lists { on exec
  alert a if proc.name in tools && proc.args.size() > 1
  alert b if parent.name in ["java", "node"] }
runtime policy prefixes { on exec
  when container.id != ""
  let n = proc.name
  alert a if proc.exe.startsWith("/tmp/")
  alert b if proc.exe.glob("/opt/*/bin/java") && n != "x"
  alert c if glob(proc.exe, "/usr/**") }
runtime policy label_scope { on exec
  when workload.labels["app"] == "web" && container.id != ""
  alert if proc.uid > 0 }
runtime policy not_guarded { on exec
  alert a if proc.name != "sh"
  alert b if !(proc.name in tools)
  alert c if proc.name == "a" || proc.name == "b"
  alert d if proc.exe.glob("[/]tmp/*")
  alert e if proc.exe.glob("*.sh") }
runtime policy with_default { on exec
  allow if proc.name == "nginx"
  default block }
runtime policy two_guards { on exec
  alert if proc.name in tools && proc.uid >= 0 && parent.name == "java" }
runtime policy one_rule_unguarded { on exec
  alert a if proc.name == "nc"
  alert b if proc.uid > 0 }
runtime policy regexes { on exec
  alert a if proc.exe.matches("^/usr/s?bin/") && proc.uid == 0
  alert b if matches(proc.name, "(ba|z)?sh$") && parent.name == "java" }
)");
  ASSERT_NE(c.program, nullptr);
  const ir::Program& p = *c.program;
  // `proc.name == "nc"` guards with a string, `proc.uid == 0` with an integer (after the
  // string: integer fields take few values, so they select less).
  ASSERT_EQ(PolicyNamed(p, "eq").rule_guards.size(), 3u);
  EXPECT_EQ(PolicyNamed(p, "eq").rule_guards[0].kind, ir::Guard::Kind::kEquals);
  EXPECT_EQ(p.constants[PolicyNamed(p, "eq").rule_guards[0].values[0]].kind, ir::Constant::Kind::kString);
  EXPECT_EQ(p.constants[PolicyNamed(p, "eq").rule_guards[1].values[0]].kind, ir::Constant::Kind::kInt);
  EXPECT_EQ(PolicyNamed(p, "eq").scope_function, ir::kNone);  // no scope: cannot fail
  ASSERT_EQ(PolicyNamed(p, "lists").rule_guards.size(), 2u);
  EXPECT_EQ(PolicyNamed(p, "lists").rule_guards[0].kind, ir::Guard::Kind::kIn);
  const ir::Policy& prefixes = PolicyNamed(p, "prefixes");
  ASSERT_EQ(prefixes.rule_guards.size(), 4u);
  EXPECT_EQ(p.constants[prefixes.rule_guards[0].values[0]].text, "/tmp/");
  // A glob guards by both literal ends, the longer first: "bin/java" (the leading '/' may
  // belong to `**/`), then "/opt/".
  EXPECT_EQ(prefixes.rule_guards[1].kind, ir::Guard::Kind::kSuffix);
  EXPECT_EQ(p.constants[prefixes.rule_guards[1].values[0]].text, "bin/java");
  EXPECT_EQ(prefixes.rule_guards[2].kind, ir::Guard::Kind::kPrefix);
  EXPECT_EQ(p.constants[prefixes.rule_guards[2].values[0]].text, "/opt/");
  EXPECT_EQ(prefixes.rule_guards[2].rule, 1u);
  EXPECT_EQ(p.constants[prefixes.rule_guards[3].values[0]].text, "/usr/");
  EXPECT_NE(prefixes.scope_function, ir::kNone);
  EXPECT_TRUE(prefixes.scope_guards.empty());
  const ir::Policy& label = PolicyNamed(p, "label_scope");
  ASSERT_EQ(label.scope_guards.size(), 1u);
  ASSERT_EQ(label.scope_guards[0].path.size(), 2u);
  EXPECT_EQ(p.strings[label.scope_guards[0].path[1]], "app");
  EXPECT_TRUE(label.rule_guards.empty());
  EXPECT_EQ(PolicyNamed(p, "eq").rule_guards[2].rule, 1u);
  // Every guarded operand of a rule is kept, the narrowest first: the rule can fire only
  // when all of them accept.
  const ir::Policy& two = PolicyNamed(p, "two_guards");
  ASSERT_EQ(two.rule_guards.size(), 2u);
  EXPECT_EQ(two.rule_guards[0].kind, ir::Guard::Kind::kEquals);
  EXPECT_EQ(two.rule_guards[1].kind, ir::Guard::Kind::kIn);
  EXPECT_EQ(two.rule_guards[0].rule, 0u);
  EXPECT_EQ(two.rule_guards[1].rule, 0u);
  EXPECT_TRUE(PolicyNamed(p, "not_guarded").rule_guards.empty());
  EXPECT_TRUE(PolicyNamed(p, "with_default").rule_guards.empty());
  EXPECT_TRUE(PolicyNamed(p, "one_rule_unguarded").rule_guards.empty());
  // `matches` with a literal pattern guards (method and function forms), after every other
  // kind: a regex set costs more than a table probe.
  const ir::Policy& regexes = PolicyNamed(p, "regexes");
  ASSERT_EQ(regexes.rule_guards.size(), 4u);
  EXPECT_EQ(regexes.rule_guards[0].kind, ir::Guard::Kind::kEquals);  // proc.uid == 0, before...
  EXPECT_EQ(regexes.rule_guards[1].kind, ir::Guard::Kind::kMatches);  // ...its rule's regex
  EXPECT_EQ(p.constants[regexes.rule_guards[1].values[0]].text, "^/usr/s?bin/");
  EXPECT_EQ(regexes.rule_guards[2].kind, ir::Guard::Kind::kEquals);  // parent.name == "java"
  EXPECT_EQ(regexes.rule_guards[3].kind, ir::Guard::Kind::kMatches);
  EXPECT_EQ(regexes.rule_guards[3].rule, 1u);
}

// Names are read through: a `let` stands for its expression, a helper call for the
// helper's body with its parameters bound to the arguments (in another package too).
TEST(GuardFinder, GuardsThroughLetsAndHelpers) {
  testing::CompiledProgram c = testing::CompileSources({{"lib.rp", R"(package lib
const shells = ["sh", "bash"]
def shell(p: Process): bool = p.name in shells
def named(p: Process, n: string): bool = p.name == n
def from_tmp(p: Process): bool = p.exe.startsWith("/tmp/") && p.uid >= 0
def deep1(p: Process): bool = deep2(p)
def deep2(p: Process): bool = deep3(p)
def deep3(p: Process): bool = deep4(p)
def deep4(p: Process): bool = deep5(p)
def deep5(p: Process): bool = p.name == "deep"
)"},
                                                       {"main.rp", R"(package g
import lib
runtime policy lets { on exec
  let p = parent
  let n = p.name
  let suspicious = proc.exe.endsWith(".sh") && container.id != ""
  alert a if n == "java"
  alert b if suspicious }
runtime policy helpers { on exec
  alert a if lib.shell(proc)
  alert b if lib.named(parent, "node") && lib.from_tmp(proc) }
runtime policy too_deep { on exec
  alert if lib.deep1(proc) }
runtime policy four_deep { on exec
  alert if lib.deep2(proc) }
)"}});
  ASSERT_NE(c.program, nullptr);
  const ir::Program& p = *c.program;
  auto path = [&](const ir::Guard& g) {
    std::string out = p.inputs[g.input];
    for (uint32_t s : g.path) out += "." + p.strings[s];
    return out;
  };
  const ir::Policy& lets = PolicyNamed(p, "lets");
  ASSERT_EQ(lets.rule_guards.size(), 2u);
  EXPECT_EQ(path(lets.rule_guards[0]), "parent.name");
  EXPECT_EQ(p.constants[lets.rule_guards[0].values[0]].text, "java");
  EXPECT_EQ(lets.rule_guards[1].kind, ir::Guard::Kind::kSuffix);
  EXPECT_EQ(path(lets.rule_guards[1]), "proc.exe");
  EXPECT_EQ(lets.rule_guards[1].rule, 1u);
  const ir::Policy& helpers = PolicyNamed(p, "helpers");
  ASSERT_EQ(helpers.rule_guards.size(), 3u);
  EXPECT_EQ(helpers.rule_guards[0].kind, ir::Guard::Kind::kIn);  // lib.shells, from another file
  EXPECT_EQ(path(helpers.rule_guards[0]), "proc.name");
  EXPECT_EQ(helpers.rule_guards[1].kind, ir::Guard::Kind::kEquals);  // the argument "node"
  EXPECT_EQ(path(helpers.rule_guards[1]), "parent.name");
  EXPECT_EQ(p.constants[helpers.rule_guards[1].values[0]].text, "node");
  EXPECT_EQ(helpers.rule_guards[2].kind, ir::Guard::Kind::kPrefix);
  EXPECT_EQ(helpers.rule_guards[2].rule, 1u);
  // Calls are followed kMaxHelperDepth (4) deep: deep2 → deep5's body is reached, deep1's
  // chain is one call too long.
  EXPECT_TRUE(PolicyNamed(p, "too_deep").rule_guards.empty());
  ASSERT_EQ(PolicyNamed(p, "four_deep").rule_guards.size(), 1u);
}

TEST(GuardFinder, PoliciesWithTheSameScopeShareOneScopeFunction) {
  testing::CompiledProgram c = testing::CompileSource(R"(package g
runtime policy a { on exec
  when container.id != ""
  alert if proc.name == "nc" }
runtime policy b { on exec
  when container.id != ""
  alert if proc.name == "curl" }
runtime policy other { on exec
  when container.id != "x"
  alert if proc.name == "curl" }
)");
  ASSERT_NE(c.program, nullptr);
  const ir::Program& p = *c.program;
  EXPECT_EQ(PolicyNamed(p, "a").scope_function, PolicyNamed(p, "b").scope_function);
  EXPECT_NE(PolicyNamed(p, "a").scope_function, PolicyNamed(p, "other").scope_function);
}

// Scope prechecks (runtime/eval/scope_precheck.h): which scopes can be shown unable to fail
// from the fields they read, and when those fields show it.
TEST(ScopePrecheck, FieldComparisonsAreCheckedByShapeOthersRun) {
  testing::CompiledProgram c = testing::CompileSource(R"(package g
const system = ["kube-system"]
runtime policy plain { on exec
  when container.id != "" && !(workload.namespace in system) && has(workload.labels)
  alert if proc.name == "nc" }
runtime policy indexed { on exec
  when proc.args[2] != "x"
  alert if proc.name == "nc" }
runtime policy label { on exec
  when workload.labels["app"] != "web"
  alert if proc.name == "nc" }
)");
  ASSERT_NE(c.program, nullptr);
  const ir::Program& p = *c.program;
  auto global_ok = [&](uint32_t g, ValueKind kind) {
    Value v = c.interpreter->Call(p.globals[g].function, Value::Map({}));
    return !v.is(ValueKind::kError) && (kind != ValueKind::kList || v.is(kind));
  };
  auto plain = ScopePrecheck(p, PolicyNamed(p, "plain").scope_function, global_ok);
  ASSERT_TRUE(plain.has_value());
  // Indexing a list or a map can fail whatever the shape: those scopes are run.
  EXPECT_FALSE(ScopePrecheck(p, PolicyNamed(p, "indexed").scope_function, global_ok).has_value());
  EXPECT_FALSE(ScopePrecheck(p, PolicyNamed(p, "label").scope_function, global_ok).has_value());
  auto map = [](std::vector<std::pair<std::string, Value>> entries) {
    ValueMap m;
    for (auto& [k, v] : entries) m.emplace_back(Value::String(k), std::move(v));
    return Value::Map(std::move(m));
  };
  const Value good = map({{"container", map({{"id", Value::String("3f2a")}})},
                          {"workload", map({{"namespace", Value::String("shop")}})}});
  EXPECT_TRUE(ExpectationsHold(*plain, good));
  EXPECT_FALSE(ExpectationsHold(*plain, map({{"container", map({})}, {"workload", map({{"namespace", Value::String("shop")}})}})));
  EXPECT_FALSE(ExpectationsHold(*plain, map({{"container", map({{"id", Value::Int(3)}})},
                                             {"workload", map({{"namespace", Value::String("shop")}})}})));
}

// ------------------------------------------------------------------ the differential

const char* const kNames[] = {"sh", "bash", "nc", "curl", "java", "node", "python3", "", "é文", "nginx"};
const char* const kExes[] = {"/bin/sh", "/tmp/x", "/tmp/.cache/y", "/opt/java/bin/java", "/opt/a/b/bin/java",
                             "/usr/bin/curl", "/usr/local/bin/node", "/dev/shm/z", "", "/tmp"};
const char* const kApps[] = {"web", "api", "db", "", "Web"};

template <typename T, size_t N>
const T& Pick(std::mt19937& rng, const T (&pool)[N]) {
  return pool[rng() % N];
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// `lets`: whether the policy's lets are visible (rules; not scopes).
std::string Atom(std::mt19937& rng, bool lets = true) {
  switch (rng() % 17) {
    case 0: return "proc.name == " + Quote(Pick(rng, kNames));
    case 1: return Quote(Pick(rng, kNames)) + " == parent.name";
    case 2: return "proc.name in [" + Quote(Pick(rng, kNames)) + ", " + Quote(Pick(rng, kNames)) + "]";
    case 3: return "parent.name in names";
    case 4: return "proc.exe.startsWith(" + Quote(std::string(Pick(rng, kExes)).substr(0, 1 + rng() % 6)) + ")";
    case 5: {
      if (rng() % 2) return "proc.exe.glob(\"/opt/*/bin/java\")";
      std::string exe = Pick(rng, kExes);
      return "proc.exe.endsWith(" + Quote(exe.substr(exe.size() / 2)) + ")";  // "" included
    }
    case 6: return rng() % 2 ? "glob(proc.exe, \"/tmp/**\")" : "proc.exe.glob(\"/opt/**/bin/java\")";
    case 7: return "workload.labels[\"app\"] == " + Quote(Pick(rng, kApps));
    case 8: return rng() % 2 ? "proc.uid == 0" : "0 == proc.uid";
    // Not guardable, and several can fail:
    case 9: return "proc.args[1] == \"-c\"";
    case 10: return "proc.name != \"sh\"";
    case 11: return "!(proc.name in names)";
    case 12: return "proc.args.exists(a, a == \"-e\")";
    case 13: return "int(proc.name) > 2";
    case 14: {
      // Guards through the index's regex set: anchored and not, alternations, classes,
      // case-insensitive and multi-byte patterns (the checker rejects literal patterns RE2
      // cannot compile).
      static const char* const kPatterns[] = {"^/usr/", "bin/(ba|z)?sh$", "java", "^/opt/[a-z]+/bin/", "(?i)NGINX",
                                              "\\.sh$", "é", "^$", "tmp|shm"};
      const std::string pattern = Pick(rng, kPatterns);
      std::string quoted;
      for (char ch : pattern) quoted += ch == '\\' ? std::string("\\\\") : std::string(1, ch);
      if (rng() % 3 == 0) return "matches(proc.name, \"" + quoted + "\")";
      return (rng() % 2 ? "proc.exe" : "parent.exe") + std::string(".matches(\"") + quoted + "\")";
    }
    case 15: {
      // Through a policy's lets and through helpers (defined in DifferentialHeader), some
      // with operands that fail.
      switch (lets ? rng() % 6 : 2 + rng() % 3) {
        case 0: return "n == " + Quote(Pick(rng, kNames));
        case 1: return "pp.name in names";
        case 2: return "is_named(parent, " + Quote(Pick(rng, kNames)) + ")";
        case 3: return "exe_under(proc, " + Quote(std::string(Pick(rng, kExes)).substr(0, 1 + rng() % 6)) + ")";
        case 4: return "named_with_arg(proc, " + Quote(Pick(rng, kNames)) + ", " + std::to_string(rng() % 3) + ")";
        default: return "launched";
      }
    }
    default: return "(proc.name == \"nc\" || parent.name == \"java\")";
  }
}

// The package header of the differential's sets: the helpers case 15 calls.
std::string DifferentialHeader() {
  return "package diff\nconst names = [\"java\", \"node\", \"sh\"]\n"
         "def is_named(p: Process, n: string): bool = p.name == n\n"
         "def exe_under(p: Process, prefix: string): bool = p.exe.startsWith(prefix)\n"
         "def named_with_arg(p: Process, n: string, i: int): bool = p.args[i] == \"-c\" && is_named(p, n)\n";
}

std::string Condition(std::mt19937& rng, bool lets = true) {
  std::string out = Atom(rng, lets);
  for (int n = rng() % 3; n > 0; --n) out += " && " + Atom(rng, lets);
  return out;
}

std::string RuntimePolicy(std::mt19937& rng, int i) {
  std::ostringstream s;
  s << "runtime policy r" << i << " {\n  on exec\n";
  if (rng() % 4 == 0) s << "  mode monitor\n";
  if (rng() % 5 == 0) s << "  on error skip\n";
  switch (rng() % 5) {
    case 0: s << "  when container.id != \"\"\n"; break;
    case 1: s << "  when workload.namespace == \"shop\" && container.id != \"\"\n"; break;
    case 2: s << "  when proc.args[2] != \"x\"\n"; break;  // fails on short argument lists
    case 3: s << "  when " << Condition(rng, false) << "\n"; break;
    default: break;
  }
  // Every policy has the lets case 15 reads: `launched` fails on short argument lists.
  s << "  let n = proc.name\n  let pp = parent\n  let launched = proc.args[1] == \"-e\" && proc.exe.endsWith(\"sh\")\n";
  for (int r = 1 + rng() % 3; r > 0; --r) {
    s << "  " << (rng() % 2 ? "block" : "alert") << " if " << Condition(rng);
    if (rng() % 2) s << "\n    message proc.exe + \" under \" + parent.name";
    s << "\n";
  }
  if (rng() % 6 == 0) s << "  allow if proc.name == \"nginx\"\n  default block\n";
  s << "}\n";
  return s.str();
}

std::string NetworkPolicy(std::mt19937& rng, int i) {
  std::ostringstream s;
  s << "network policy n" << i << " {\n  select workload.labels[\"app\"] == " << Quote(Pick(rng, kApps)) << "\n";
  s << "  ingress allow from labels(app: " << Quote(Pick(rng, kApps)) << ") port 8080/tcp\n";
  if (rng() % 2) s << "  default deny\n";
  s << "}\n";
  return s.str();
}

Value Str(std::mt19937& rng, const char* text) {
  switch (rng() % 12) {
    case 0: return Value::Int(3);  // the wrong kind
    case 1: return Value::Null();
    default: return Value::String(text);
  }
}

Value Event(std::mt19937& rng) {
  ValueMap proc, parent, container, workload, labels;
  if (rng() % 10) proc.emplace_back(Value::String("name"), Str(rng, Pick(rng, kNames)));
  if (rng() % 10) proc.emplace_back(Value::String("exe"), Str(rng, Pick(rng, kExes)));
  // uid of every kind: an integer guard concludes on ints only (0.0 == 0 in CEL).
  switch (rng() % 9) {
    case 0: break;
    case 1: proc.emplace_back(Value::String("uid"), Value::Double(0.0)); break;
    case 2: proc.emplace_back(Value::String("uid"), Value::Uint(0)); break;
    case 3: proc.emplace_back(Value::String("uid"), Value::String("0")); break;
    default: proc.emplace_back(Value::String("uid"), Value::Int(rng() % 2 ? 0 : 1000)); break;
  }
  ValueList args;
  for (int n = rng() % 4; n > 0; --n) args.push_back(Value::String(rng() % 2 ? "-c" : "-e"));
  if (rng() % 8) proc.emplace_back(Value::String("args"), Value::List(std::move(args)));
  if (rng() % 10) parent.emplace_back(Value::String("name"), Str(rng, Pick(rng, kNames)));
  if (rng() % 8) container.emplace_back(Value::String("id"), Value::String(rng() % 4 ? "3f2a" : ""));
  if (rng() % 8) workload.emplace_back(Value::String("namespace"), Value::String(rng() % 2 ? "shop" : "db"));
  if (rng() % 6) labels.emplace_back(Value::String("app"), Str(rng, Pick(rng, kApps)));
  if (rng() % 8) workload.emplace_back(Value::String("labels"), Value::Map(std::move(labels)));
  ValueMap event;
  if (rng() % 20) event.emplace_back(Value::String("proc"), Value::Map(std::move(proc)));
  if (rng() % 12) event.emplace_back(Value::String("parent"), Value::Map(std::move(parent)));
  event.emplace_back(Value::String("container"), Value::Map(std::move(container)));
  event.emplace_back(Value::String("workload"), Value::Map(std::move(workload)));
  return Value::Map(std::move(event));
}

Value Flow(std::mt19937& rng) {
  ValueMap workload, labels, peer, peer_labels;
  if (rng() % 6) labels.emplace_back(Value::String("app"), Str(rng, Pick(rng, kApps)));
  if (rng() % 10) workload.emplace_back(Value::String("labels"), Value::Map(std::move(labels)));
  workload.emplace_back(Value::String("namespace"), Value::String("shop"));
  peer_labels.emplace_back(Value::String("app"), Value::String(Pick(rng, kApps)));
  peer.emplace_back(Value::String("labels"), Value::Map(std::move(peer_labels)));
  peer.emplace_back(Value::String("namespace"), Value::String("shop"));
  ValueMap flow;
  flow.emplace_back(Value::String("workload"), Value::Map(std::move(workload)));
  flow.emplace_back(Value::String("peer"), Value::Map(std::move(peer)));
  flow.emplace_back(Value::String("peer_ip"), Value::String("10.0.0.7"));
  flow.emplace_back(Value::String("port"), Value::Int(rng() % 2 ? 8080 : 443));
  flow.emplace_back(Value::String("protocol"), Value::String("tcp"));
  flow.emplace_back(Value::String("direction"), Value::String(rng() % 2 ? "ingress" : "egress"));
  return Value::Map(std::move(flow));
}

std::string Describe(const ir::Program& p, const Decision& d) {
  std::string out = "verdict " + d.verdict + "\n";
  for (const DecisionHit& h : d.hits) {
    out += "hit " + p.policies[h.policy].name + " rule " + std::to_string(h.rule) + " " + h.action + " \"" +
           h.message + "\"";
    for (const auto& [what, value] : h.observed) out += " " + what + "=" + ToCelValueJson(value);
    out += "\n";
  }
  for (const std::string& e : d.errors) out += "error " + e + "\n";
  return out;
}

// The tries behind prefix and suffix guards: every added affix an input starts (ends) with,
// shortest first, whatever the bytes — against a brute-force check on random strings.
TEST(AffixTrie, FindsEveryAffixAsABruteForceCheckDoes) {
  std::mt19937 rng(7);
  const std::string alphabet = std::string("ab/.") + "\xc3\xa9" + std::string(1, '\0');
  auto random_string = [&](size_t max) {
    std::string s;
    for (size_t n = rng() % (max + 1); n > 0; --n) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (bool reversed : {false, true}) {
    AffixTrie trie(reversed);
    std::vector<std::string> affixes;
    for (int i = 0; i < 60; ++i) {
      std::string a = random_string(5);
      uint32_t id = trie.Add(a);
      if (id == affixes.size()) affixes.push_back(a);
      ASSERT_EQ(affixes[id], a);  // the same affix keeps its id
    }
    for (int i = 0; i < 2000; ++i) {
      std::string s = random_string(8);
      std::vector<uint32_t> found;
      trie.Match(s, [&](uint32_t id) { found.push_back(id); });
      std::vector<uint32_t> want;
      for (uint32_t id = 0; id < affixes.size(); ++id) {
        const std::string& a = affixes[id];
        bool hit = a.size() <= s.size() && (reversed ? s.compare(s.size() - a.size(), a.size(), a) == 0
                                                    : s.compare(0, a.size(), a) == 0);
        if (hit) want.push_back(id);
      }
      std::sort(want.begin(), want.end(), [&](uint32_t x, uint32_t y) { return affixes[x].size() < affixes[y].size(); });
      ASSERT_EQ(found, want) << (reversed ? "suffixes of " : "prefixes of ") << s;
    }
  }
}

TEST(GuardIndex, DecidesExactlyAsWithoutIt) {
  const int sets = 12, policies_per_set = 50, inputs_per_set = 120;
  size_t evaluated = 0, skipped = 0, decisions = 0;
  for (int set = 0; set < sets; ++set) {
    const unsigned seed = 9100 + set;
    std::mt19937 rng(seed);
    std::string source = DifferentialHeader();
    for (int i = 0; i < policies_per_set; ++i) source += RuntimePolicy(rng, i);
    for (int i = 0; i < 8; ++i) source += NetworkPolicy(rng, i);
    testing::CompiledProgram c = testing::CompileSource(source);
    ASSERT_NE(c.program, nullptr) << source;
    const ir::Program& p = *c.program;
    std::string error;
    std::unique_ptr<JitEngine> jit = JitEngine::Create(p, JitOptions{}, &error);
    ASSERT_NE(jit, nullptr) << error;
    const std::vector<uint32_t> all = All(p);
    const PolicyIndex plain(p, all);
    const PolicyIndex guarded(*c.interpreter, all);
    ASSERT_NE(guarded.Guards("exec"), nullptr) << "seed " << seed << ": no guarded policy";
    for (int n = 0; n < inputs_per_set; ++n) {
      const bool flow = n % 5 == 4;
      const std::string kind = flow ? "flow" : "exec";
      const Value input = flow ? Flow(rng) : Event(rng);
      const std::string want = Describe(p, Decide(*c.interpreter, plain, kind, input));
      ASSERT_EQ(Describe(p, Decide(*c.interpreter, guarded, kind, input)), want)
          << "seed " << seed << ", input " << n << ": " << ToCelValueJson(input) << "\n" << source;
      ASSERT_EQ(Describe(p, Decide(*jit, guarded, kind, input)), want)
          << "seed " << seed << ", input " << n << " (JIT): " << ToCelValueJson(input) << "\n" << source;
      if (const GuardIndex* g = guarded.Guards(kind)) {
        std::vector<uint32_t> positions;
        g->Select(*c.interpreter, input, nullptr, &positions);
        evaluated += positions.size();
        skipped += plain.For(kind).size() - positions.size();
      }
      ++decisions;
    }
  }
  std::printf("%zu decisions: %zu policy evaluations run, %zu skipped by guards\n", decisions, evaluated, skipped);
  // The generator guards about half of its policies; most guards reject most inputs.
  EXPECT_GT(skipped, evaluated / 4) << "the index skipped almost nothing: the differential proves little";
}

// The evaluator API's concurrency (issue 4): engines, indexes and their per-thread scratch
// (interpreter frames, guard-index and decision scratch) under DecideBatch on four threads
// must give exactly the decisions of one thread, on both engines.
TEST(ConcurrentDecisions, BatchOnFourThreadsDecidesAsOneThread) {
  for (int set = 0; set < 3; ++set) {
    std::mt19937 rng(7700 + set);
    std::string source = DifferentialHeader();
    for (int i = 0; i < 40; ++i) source += RuntimePolicy(rng, i);
    testing::CompiledProgram c = testing::CompileSource(source);
    ASSERT_NE(c.program, nullptr);
    std::string error;
    std::unique_ptr<JitEngine> jit = JitEngine::Create(*c.program, JitOptions{}, &error);
    ASSERT_NE(jit, nullptr) << error;
    const std::vector<uint32_t> all = All(*c.program);
    const PolicyIndex index(*c.interpreter, all);
    std::vector<Value> inputs;
    for (int n = 0; n < 400; ++n) inputs.push_back(Event(rng));
    for (const Engine* engine : {static_cast<const Engine*>(c.interpreter.get()), static_cast<const Engine*>(jit.get())}) {
      std::vector<Decision> one = DecideBatch(*engine, index, "exec", inputs, 1);
      std::vector<Decision> four = DecideBatch(*engine, index, "exec", inputs, 4);
      ASSERT_EQ(one.size(), inputs.size());
      ASSERT_EQ(four.size(), inputs.size());
      size_t fired = 0;
      for (size_t i = 0; i < inputs.size(); ++i) {
        ASSERT_EQ(Describe(*c.program, four[i]), Describe(*c.program, one[i]))
            << engine->name() << ", set " << set << ", input " << i;
        fired += one[i].hits.size();
      }
      EXPECT_GT(fired, 0u) << "no rule fired: the comparison proves little";
    }
  }
}

}  // namespace
}  // namespace rampart::runtime
