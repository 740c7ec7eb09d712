// Usage: generate_policies COUNT [rich|compact] > file.rp
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/policy_generator.h"

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 1000;
  auto style = argc > 2 && std::string(argv[2]) == "compact" ? rampart::bench::PolicyStyle::kCompact
                                                               : rampart::bench::PolicyStyle::kRich;
  std::fputs(rampart::bench::GeneratePolicies(count, 42, style).c_str(), stdout);
  return 0;
}
