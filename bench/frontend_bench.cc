// Front-end throughput: parsing and parsing + checking generated policy files of 100 to
// 10,000 policies (about 300 bytes each). Run: build/bench/frontend_bench
// (add --benchmark_format=json for machine output). Figures: docs/performance.md.

#include <benchmark/benchmark.h>

#include "bench/policy_generator.h"
#include "compiler/driver/compilation.h"

namespace {

using namespace rampart;

bench::PolicyStyle Style(const benchmark::State& state) {
  return state.range(1) == 0 ? bench::PolicyStyle::kRich : bench::PolicyStyle::kCompact;
}

void BM_Parse(benchmark::State& state) {
  std::string text = bench::GeneratePolicies(static_cast<int>(state.range(0)), 42, Style(state));
  driver::CompileOptions options;
  options.run_checker = false;
  for (auto _ : state) {
    auto c = driver::CompileSources({{"gen.rp", text}}, options);
    if (c->diags.has_errors()) state.SkipWithError("generated file has errors");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
  state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_ParseAndCheck(benchmark::State& state) {
  std::string text = bench::GeneratePolicies(static_cast<int>(state.range(0)), 42, Style(state));
  for (auto _ : state) {
    auto c = driver::CompileSources({{"gen.rp", text}});
    if (c->diags.has_errors()) state.SkipWithError("generated file has errors");
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(state.iterations() * text.size());
}

// Args: policy count, style (0 rich, 1 compact).
BENCHMARK(BM_Parse)
    ->ArgsProduct({{100, 1000, 10000}, {0, 1}})
    ->ArgNames({"policies", "compact"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAndCheck)
    ->ArgsProduct({{100, 1000, 10000}, {0, 1}})
    ->ArgNames({"policies", "compact"})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
