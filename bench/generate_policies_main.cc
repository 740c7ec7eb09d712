// Usage: generate_policies COUNT > file.rp
#include <cstdio>
#include <cstdlib>

#include "bench/policy_generator.h"

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  std::fputs(rampart::bench::GeneratePolicies(count).c_str(), stdout);
  return 0;
}
