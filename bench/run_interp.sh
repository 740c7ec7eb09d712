#!/bin/sh
# Interpreter figures for docs/performance.md ("Interpreter (reference engine)"): builds
# bench/interp_bench and runs every case, each engine side by side (interp, handwritten, and
# any later column), five repetitions. Prints Google Benchmark's console output followed by
# the table of medians (decisions per second and CPU nanoseconds per decision of each engine,
# and each engine's time relative to the hand-written check), and keeps the JSON in OUT.
# Usage: bench/run_interp.sh [build-dir] [json-out] [extra benchmark flags...]
set -eu
BUILD=${1:-build}
OUT=${2:-$BUILD/interp_bench.json}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
ninja -C "$BUILD" -j1 interp_bench >/dev/null
exec "$BUILD/bench/interp_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=console --benchmark_out="$OUT" --benchmark_out_format=json "$@"
