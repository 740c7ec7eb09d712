// The hand-written FastLexer against the ANTLR lexer generated from the same grammar, on the
// 10,000-policy rich file (about a million tokens). Run: build/bench/lexer_bench.

#include <benchmark/benchmark.h>

#include "bench/policy_generator.h"
#include "compiler/parse/fast_lexer.h"
#include "grammar/RampartLexer.h"

namespace {

const std::string& Text() {
  static const std::string text = rampart::bench::GeneratePolicies(10000);
  return text;
}

void BM_LexFast(benchmark::State& state) {
  for (auto _ : state) {
    antlr4::ANTLRInputStream input(Text());
    rampart::parse::FastLexer lexer(Text(), &input);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    state.counters["tokens"] = static_cast<double>(tokens.size());
  }
}

void BM_LexAntlr(benchmark::State& state) {
  for (auto _ : state) {
    antlr4::ANTLRInputStream input(Text());
    rampart::grammar::RampartLexer lexer(&input);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    state.counters["tokens"] = static_cast<double>(tokens.size());
  }
}

BENCHMARK(BM_LexFast)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LexAntlr)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
