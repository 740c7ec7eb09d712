// Front-end throughput: parsing and parsing + checking generated policy files of 100 to
// 10,000 policies (about 300 bytes each). Run: build/bench/frontend_bench
// (add --benchmark_format=json for machine output). Figures: docs/performance.md.

#include <benchmark/benchmark.h>

#include "bench/policy_generator.h"
#include "compiler/driver/compilation.h"

namespace {

using namespace rampart;

void BM_Parse(benchmark::State& state) {
  std::string text = bench::GeneratePolicies(static_cast<int>(state.range(0)));
  driver::CompileOptions options;
  options.run_checker = false;
  for (auto _ : state) {
    auto c = driver::CompileSources({{"gen.rp", text}}, options);
    if (c->diags.has_errors()) state.SkipWithError("generated file has errors");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["policies"] = static_cast<double>(state.range(0));
}

void BM_ParseAndCheck(benchmark::State& state) {
  std::string text = bench::GeneratePolicies(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto c = driver::CompileSources({{"gen.rp", text}});
    if (c->diags.has_errors()) state.SkipWithError("generated file has errors");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["policies"] = static_cast<double>(state.range(0));
}

BENCHMARK(BM_Parse)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAndCheck)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
