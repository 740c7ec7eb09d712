#pragma once
// One hundred custom admission policies, as a multi-tenant platform team writes them next to
// the Pod Security Standards: issue 4 (b) decides "the PSS restricted pack plus 100 custom
// admission policies" on one Pod. interp_bench compiles Source() with the PSS files and
// checks the same rules by hand (CheckCustom) in its hand-written column.
//
//   - 90 tenant policies, one per namespace (team-00 .. team-88, and payments, the bench
//     Pod's): images come from the team's own repository or the shared Envoy sidecar, and
//     pods carry app.kubernetes.io/part-of=NAMESPACE. Scoped by `request.namespace`, so the
//     guard index runs only the Pod's own namespace's policy;
//   - 4 policies for every Pod: pinned image tags, memory limits, the app.kubernetes.io/name
//     label, nothing in the default namespace;
//   - 6 policies for other kinds (Deployment, StatefulSet, DaemonSet, Job, CronJob, Service:
//     an owner label), which a Pod never reaches.

#include <string>

#include "bench/pss_handwritten.h"

namespace rampart::bench::custom {

inline constexpr int kTenants = 90;

// The policies as rampart source (package bench.custom).
std::string Source();

// The same checks in plain code over the review PSS's hand-written decoder filled; hits are
// named as FromDecision names them (bench.custom.POLICY, rule).
void CheckCustom(const pss::Review& review, pss::Result* out);

}  // namespace rampart::bench::custom
