#pragma once
// Generates realistic policy files of a given size for benchmarks: a mix of admission,
// runtime and network policies in the style of the shipped ones (Falco-like process lists,
// path prefixes, Kubernetes hardening checks, label-selected network rules).

#include <string>

namespace rampart::bench {

enum class PolicyStyle {
  kRich,     // several clauses and rules per policy, about 100 tokens each
  kCompact,  // one scope and one rule per policy (Falco-rule sized), about 35 tokens each
};

std::string GeneratePolicies(int count, unsigned seed = 42, PolicyStyle style = PolicyStyle::kRich);

}  // namespace rampart::bench
