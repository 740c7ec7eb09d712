#!/bin/sh
# Whole-program figures for docs/performance.md: `rampart check` on generated files of 10,000
# policies (rich and compact style), five runs each, median wall time and peak memory.
# Usage: bench/run_frontend.sh [build-dir]
set -eu
BUILD=${1:-build}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for style in compact rich; do
  "$BUILD/bench/generate_policies" 10000 "$style" > "$TMP/$style.rp"
  bytes=$(wc -c < "$TMP/$style.rp")
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" "$BUILD/cli/rampart" check "$TMP/$style.rp" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 3p | {
    read -r seconds kb
    echo "10000 policies, $style style ($bytes bytes): median ${seconds} s, peak ${kb} KB"
  }
done
