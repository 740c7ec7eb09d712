#pragma once
// Generates realistic policy files of a given size for benchmarks: a mix of admission,
// runtime and network policies in the style of the shipped ones (Falco-like process lists,
// path prefixes, Kubernetes hardening checks, label-selected network rules).

#include <string>

namespace rampart::bench {

std::string GeneratePolicies(int count, unsigned seed = 42);

}  // namespace rampart::bench
