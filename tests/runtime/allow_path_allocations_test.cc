// Issue 4: "no per-decision heap allocation on the allow path". A decision that allows
// (every policy's guards reject the input, or the policies run and nothing fires) must not
// touch the heap once the engine and index are built and each thread's scratch has grown
// to its working size: counted by replacing the global allocation functions of this test
// binary, on both engines, for runtime events and flows.

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "runtime/eval/decision.h"
#include "runtime/jit/jit_engine.h"
#include "tests/support/compiled_program.h"

namespace {
std::atomic<long> g_allocations{0};
thread_local bool t_counting = false;
}  // namespace

void* operator new(std::size_t n) {
  if (t_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace rampart::runtime {
namespace {

// Heap allocations made by `decide` on this thread, after `warm` runs of it.
template <typename F>
long AllocationsOf(F decide, int warm = 3, int runs = 50) {
  for (int i = 0; i < warm; ++i) decide();
  g_allocations = 0;
  t_counting = true;
  for (int i = 0; i < runs; ++i) decide();
  t_counting = false;
  return g_allocations.load();
}

Value Map(std::initializer_list<std::pair<const char*, Value>> members) {
  ValueMap m;
  for (const auto& [k, v] : members) m.emplace_back(Value::String(k), v);
  return Value::Map(std::move(m));
}

std::string PolicySet() {
  std::ostringstream s;
  s << "package alloc\nconst shells = [\"sh\", \"bash\", \"zsh\"]\n";
  const char* names[] = {"nc", "ncat", "socat", "nmap", "tcpdump", "strace", "gdb", "xmrig"};
  for (int i = 0; i < 40; ++i) {
    s << "runtime policy p" << i << " {\n  on exec\n  when container.id != \"\"\n";
    s << "  alert a if proc.name == \"" << names[i % 8] << i << "\" && proc.uid == 0\n";
    s << "  block b if proc.exe.startsWith(\"/tmp/x" << i << "\")\n";
    s << "  alert c if proc.name in shells && proc.args.size() > " << 5 + i << "\n}\n";
  }
  // Unguarded policies that run on every event and allow it.
  s << "runtime policy runs { on exec\n  alert if proc.args.exists(a, a == \"--inject\") }\n";
  s << "network policy web { select workload.labels[\"app\"] == \"web\"\n"
       "  ingress allow from labels(app: \"api\") port 8080/tcp\n  default deny\n}\n";
  s << "network policy db { select workload.labels[\"app\"] == \"db\"\n"
       "  ingress allow from labels(app: \"web\") port 5432/tcp\n  default deny\n}\n";
  return s.str();
}

TEST(AllowPath, DecidesWithoutHeapAllocation) {
  testing::CompiledProgram c = testing::CompileSource(PolicySet());
  ASSERT_NE(c.program, nullptr);
  std::string error;
  std::unique_ptr<JitEngine> jit = JitEngine::Create(*c.program, JitOptions{}, &error);
  ASSERT_NE(jit, nullptr) << error;
  std::vector<uint32_t> all;
  for (uint32_t i = 0; i < c.program->policies.size(); ++i) all.push_back(i);
  const PolicyIndex interp_index(*c.interpreter, all);
  const PolicyIndex jit_index(*jit, all);

  const Value exec = Map({{"proc", Map({{"name", Value::String("nginx")},
                                        {"exe", Value::String("/usr/sbin/nginx")},
                                        {"uid", Value::Int(101)},
                                        {"args", Value::List({Value::String("-g"), Value::String("daemon off;")})}})},
                          {"parent", Map({{"name", Value::String("tini")}, {"exe", Value::String("/sbin/tini")}})},
                          {"container", Map({{"id", Value::String("3f2a9c")}})},
                          {"workload", Map({{"namespace", Value::String("shop")}})}});
  // A flow into a workload labelled `app` from an `api` pod.
  auto flow_to = [](const char* app) {
    return Map({{"workload", Map({{"namespace", Value::String("shop")},
                                  {"labels", Map({{"app", Value::String(app)}})}})},
                {"peer", Map({{"namespace", Value::String("shop")},
                              {"labels", Map({{"app", Value::String("api")}})}})},
                {"peer_ip", Value::String("10.0.0.7")},
                {"port", Value::Int(8080)},
                {"protocol", Value::String("tcp")},
                {"direction", Value::String("ingress")}});
  };
  const Value flow = flow_to("cache");  // no policy selects it
  // A shell: every policy's `proc.name in shells` guard accepts it, so all 40 run their
  // rules (reading fields, comparing, iterating) and none fires.
  ValueMap shell_proc = exec.map()[0].second.map();
  shell_proc[0].second = Value::String("sh");
  ValueMap shell_members = exec.map();
  shell_members[0].second = Value::Map(std::move(shell_proc));
  const Value shell = Value::Map(std::move(shell_members));
  const std::string exec_kind = "exec", flow_kind = "flow";
  // What each event runs: the unguarded policy only, or every policy.
  std::vector<uint32_t> runs;
  jit_index.Guards(exec_kind)->Select(*jit, exec, nullptr, &runs);
  EXPECT_EQ(runs.size(), 1u);
  jit_index.Guards(exec_kind)->Select(*jit, shell, nullptr, &runs);
  EXPECT_EQ(runs.size(), 41u);
  struct Case {
    const char* what;
    const Engine& engine;
    const PolicyIndex& index;
    const std::string& kind;
    const Value& input;
  };
  for (const Case& k : {Case{"interpreter, exec", *c.interpreter, interp_index, exec_kind, exec},
                        Case{"JIT, exec", *jit, jit_index, exec_kind, exec},
                        Case{"interpreter, exec run by every policy", *c.interpreter, interp_index, exec_kind, shell},
                        Case{"JIT, exec run by every policy", *jit, jit_index, exec_kind, shell},
                        Case{"interpreter, flow", *c.interpreter, interp_index, flow_kind, flow},
                        Case{"JIT, flow", *jit, jit_index, flow_kind, flow}}) {
    Decision d = Decide(k.engine, k.index, k.kind, k.input);
    ASSERT_EQ(d.verdict, "allow") << k.what;
    ASSERT_TRUE(d.hits.empty() && d.errors.empty()) << k.what;
    EXPECT_EQ(AllocationsOf([&] {
                Decision x = Decide(k.engine, k.index, k.kind, k.input);
                volatile size_t sink = x.verdict.size();
                (void)sink;
              }),
              0)
        << k.what << ": heap allocations in 50 allowed decisions";
  }
  // A flow an allow rule admits is a hit (the decision names the rule): deciding into one
  // reused Decision, as a node agent does flow after flow, allocates nothing either.
  const Value admitted = flow_to("web");  // policy `web` admits it
  for (const Case& k : {Case{"interpreter, admitted flow", *c.interpreter, interp_index, flow_kind, admitted},
                        Case{"JIT, admitted flow", *jit, jit_index, flow_kind, admitted}}) {
    Decision reused;
    Decide(k.engine, k.index, k.kind, k.input, &reused);
    ASSERT_EQ(reused.verdict, "allow") << k.what;
    ASSERT_EQ(reused.hits.size(), 1u) << k.what;
    EXPECT_EQ(reused.hits[0].action, "allow") << k.what;
    EXPECT_TRUE(reused.errors.empty()) << k.what;
    EXPECT_EQ(AllocationsOf([&] { Decide(k.engine, k.index, k.kind, k.input, &reused); }), 0)
        << k.what << ": heap allocations in 50 decisions into one Decision";
    EXPECT_EQ(reused.hits.size(), 1u) << k.what;  // cleared, not appended to
  }
}

}  // namespace
}  // namespace rampart::runtime
