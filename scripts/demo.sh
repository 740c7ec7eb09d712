#!/bin/sh
# `make demo`: what rampart does today, on the files shipped with it.
set -u
BUILD_DIR=${1:-build}
RAMPART="$BUILD_DIR/cli/rampart"
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
run() { printf '$ rampart %s\n' "$*"; "$RAMPART" "$@"; }

step "1. Type-check the shipped policy library (policies/): admission, runtime and network policies and their tests"
run check policies || exit 1
printf '\nThe files and what they declare:\n'
for f in $(find policies -name '*.rp' | sort); do
  printf '  %-48s %s policies, %s tests\n' "$f" \
    "$(grep -cE '^(admission|runtime|network) policy ' "$f")" "$(grep -cE '^test ' "$f")"
done

step "2. Every shipped file is in canonical layout (rampart fmt --check prints the files that are not)"
run fmt --check policies && echo "all formatted"

step "3. A file with five mistakes: every one reported in one run, clang style"
run check --color never examples/mistakes.rp
echo "(exit status $?: 1 means errors were found)"

step "4. The same diagnostics for machines"
"$RAMPART" check --format json examples/mistakes.rp | head -12
echo "  ..."

step "5. Run every test block of the library, compiled to native code (148 of them are Kubernetes' own Pod Security Standards fixtures)"
run test policies | tail -1

step "6. Decide a Kubernetes manifest: every rule that fired, where it is written, and the values it saw"
run eval --policy policies/pss --policy policies/kubernetes --input policies/kubernetes/testdata/privileged-pod.yaml
printf '\nThe decoders keep only what these policies read (rampart eval --fields):\n'
"$RAMPART" eval --fields --policy policies/pss --policy policies/kubernetes \
  --input policies/kubernetes/testdata/privileged-pod.yaml | grep '^reads' | cut -c1-160

step "7. An AdmissionReview with a Trivy report as external data, runtime events and flows"
run eval --policy policies/log4shell --input tests/runtime/testdata/admission-review-pod.json \
  --input tests/runtime/testdata/events.jsonl --data tests/runtime/testdata/trivy-log4j.json
printf '\n'
run eval --brief --policy policies/runtime --input examples/node-events.jsonl
printf '\n'
run eval --brief --policy policies/network --input examples/shop-flows.jsonl
printf '\nThe same decisions as JSON lines for tools:\n'
"$RAMPART" eval --policy policies --input tests/runtime/testdata/admission-review-pod.json --format json | cut -c1-300
echo "  ..."

step "8. Audit a cluster snapshot: which running workloads does Log4Shell (or the Pod Security baseline) affect?"
run audit --policy policies/log4shell --policy policies/pss/baseline.rp --resources examples/cluster-snapshot.json \
  --data policies/log4shell/testdata/trivy-billing-1.4.2.json --data policies/log4shell/testdata/trivy-search-2.0.1.json

step "9. CEL as a calculator: one expression, the result as the CEL conformance suite writes values"
run expr "timestamp('2021-12-10T00:00:00Z') + duration('72h') > timestamp('2021-12-12T00:00:00Z')"
run expr "{'app': 'web', 'team': 'shop'}.transformMap(k, v, k + '=' + v)"

step "10. Learning: real Tetragon and Hubble output into the behaviour store, readiness, baselines emitted, held-out history replayed, a reviewed baseline diffed"
LEARN_DB=$(mktemp -d)/demo-learn.db
printf '$ rampart learn ingest --db demo-learn.db tests/learner/data/tetragon/*.json tests/learner/data/hubble/*.json\n'
"$RAMPART" learn ingest --db "$LEARN_DB" tests/learner/data/tetragon/*.json tests/learner/data/hubble/*.json |
  grep -E 'documents|behaviours' | head -6
echo "  ..."
printf '$ rampart learn status --db demo-learn.db --picture novelty.svg\n'
"$RAMPART" learn status --db "$LEARN_DB" --picture "$(dirname "$LEARN_DB")/novelty.svg" | head -8
printf '\nBaselines as policy source to review (mode monitor, evidence and generalisation on every rule):\n'
"$RAMPART" learn ingest --db "$LEARN_DB" tests/learner/data/rampart/events.jsonl tests/learner/data/rampart/emit_events.jsonl >/dev/null
printf '$ rampart learn emit --db demo-learn.db -o baselines/\n'
"$RAMPART" learn emit --db "$LEARN_DB" -o "$(dirname "$LEARN_DB")/baselines" | tail -1
sed -n '1,30p' "$(dirname "$LEARN_DB")/baselines/shop.deployment.api.api.0123456789ab.rp"
echo "  ..."
printf '\nHeld-out history with one executable the baseline never saw, replayed before promotion:\n'
printf '$ rampart learn replay --policy baselines/ --events tests/learner/data/rampart/heldout_events.jsonl\n'
"$RAMPART" learn replay --policy "$(dirname "$LEARN_DB")/baselines" --events tests/learner/data/rampart/heldout_events.jsonl
printf '\nThe same history ingested, the reviewed baseline compared with what the store now shows:\n'
printf '$ rampart learn ingest --db demo-learn.db tests/learner/data/rampart/heldout_events.jsonl\n'
"$RAMPART" learn ingest --db "$LEARN_DB" tests/learner/data/rampart/heldout_events.jsonl >/dev/null
printf '$ rampart learn diff --db demo-learn.db baselines/shop.deployment.api.api.0123456789ab.rp\n'
"$RAMPART" learn diff --db "$LEARN_DB" "$(dirname "$LEARN_DB")/baselines/shop.deployment.api.api.0123456789ab.rp" || true
rm -rf "$(dirname "$LEARN_DB")"

step "11. Not in this build yet"
cat <<'NOTE'
Decision structures skip the policies an input cannot match (docs/performance.md), but each
policy that runs still costs microseconds: typed native code and input frames are next, with
bundles, the webhook and the node agent (see the open issues).
NOTE
