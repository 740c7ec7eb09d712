// Issue 4 (d): compile + JIT time for 10, 100 and 1,000 generated policies
// (bench/policy_generator.h, rich style: admission, runtime and network policies in the
// shipped packs' style), split into front end (parse + check), lowering, and code generation
// + optimisation + loading at -O0 and -O2; and the memory a loaded policy set holds
// (resident set growth while 20 sets are held, divided by 20).
//
//   build/bench/jit_compile_bench            # Google Benchmark, one row per (count, level)
//   build/bench/jit_compile_bench --memory   # resident memory per loaded set

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "bench/policy_generator.h"
#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "runtime/jit/jit_engine.h"

namespace {

using namespace rampart;

struct Lowered {
  std::unique_ptr<driver::Compilation> compilation;
  std::unique_ptr<ir::Program> program;
};

Lowered Build(int count) {
  Lowered l;
  l.compilation = driver::CompileSources({{"bench.rp", bench::GeneratePolicies(count, 42, bench::PolicyStyle::kRich)}});
  if (l.compilation->diags.has_errors()) {
    std::fprintf(stderr, "generated policies do not check\n");
    std::exit(1);
  }
  l.program = lower::Lower(l.compilation->file_pointers(), l.compilation->program, l.compilation->sources);
  if (!ir::Verify(*l.program).empty()) {
    std::fprintf(stderr, "invalid IR\n");
    std::exit(1);
  }
  return l;
}

void BM_FrontEndAndLowering(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Build(static_cast<int>(state.range(0))));
  state.counters["policies"] = static_cast<double>(state.range(0));
}

void BM_Jit(benchmark::State& state) {
  Lowered l = Build(static_cast<int>(state.range(0)));
  runtime::JitOptions options;
  options.opt_level = static_cast<int>(state.range(1));
  size_t instructions = 0;
  for (const ir::Function& f : l.program->functions) instructions += f.code.size();
  for (auto _ : state) {
    std::string error;
    auto engine = runtime::JitEngine::Create(*l.program, options, &error);
    if (engine == nullptr) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  state.counters["policies"] = static_cast<double>(state.range(0));
  state.counters["ir_instructions"] = static_cast<double>(instructions);
}

BENCHMARK(BM_FrontEndAndLowering)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Jit)
    ->ArgsProduct({{10, 100, 1000}, {0, 2}})
    ->ArgNames({"policies", "O"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

int Memory() {
  for (int count : {10, 100, 1000}) {
    Lowered l = Build(count);
    std::vector<std::unique_ptr<runtime::JitEngine>> held;
    std::string error;
    held.push_back(runtime::JitEngine::Create(*l.program, {}, &error));  // warm the JIT itself
    long before = ResidentKb();
    for (int i = 0; i < 20; ++i) held.push_back(runtime::JitEngine::Create(*l.program, {}, &error));
    long after = ResidentKb();
    std::printf("%5d policies: %ld KB resident per loaded set (-O2)\n", count, (after - before) / 20);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--memory") == 0) return Memory();
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
