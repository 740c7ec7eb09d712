#pragma once
// Issue 4 (c): flows against label-selected network policies, for bench/interp_bench.cc — a
// cluster of workloads, a policy set in the style of Kubernetes NetworkPolicy (each policy
// selects one application by its `app` label, allows a few peers by label and port, and is
// default-deny for the workload), the rampart source it stands for, a fixed mix of flows,
// and the same policies decided by hand in C++ (the "practical limit" column).
//
// Decision semantics are rampart's (and Kubernetes'): a flow is allowed when any policy
// selecting the workload allows it; a selected workload is denied what no selecting policy
// allows; an unselected workload is not isolated.

#include <string>
#include <unordered_map>
#include <vector>

namespace rampart::bench::flow {

constexpr const char* kPackage = "bench.net";

struct Workload {
  std::string ns, app, tier;
};

struct Allow {
  bool ingress;  // else egress
  int peer;      // workload index: labels(app: workloads[peer].app)
  int port;      // tcp
};

struct Policy {
  std::string name;  // nK
  int workload;      // selects workloads[workload].app
  std::vector<Allow> allows;
  bool default_deny;
};

struct PolicySet {
  std::vector<Workload> workloads;
  std::vector<Policy> policies;
  std::string source;  // package bench.net
  // The hand-written check's index: app label → selecting policies, in source order.
  std::unordered_map<std::string, std::vector<int>> by_app;
};

PolicySet Generate(int policies, int workloads, unsigned seed = 42);

struct Flow {
  int workload, peer, port;
  bool ingress;
  int expect;  // 1 allowed by a rule, 0 denied by isolation, -1 unselected (allowed, no hit)
};

// 64 flows: 24 a policy allows, 16 to isolated workloads that no rule allows, 24 of workloads
// no policy selects.
std::vector<Flow> FlowMix(const PolicySet& set, unsigned seed = 7);

// The flow as one line of rampart's JSON-lines format (docs/formats.md).
std::string ToJsonLine(const PolicySet& set, const Flow& f);

struct Hit {
  int policy;
  int rule;  // index among the policy's allows; -1: the isolation default
  std::string message;
};

struct Result {
  bool deny = false;
  std::vector<Hit> hits;
};

void Decide(const PolicySet& set, const Flow& f, Result* out);

}  // namespace rampart::bench::flow
