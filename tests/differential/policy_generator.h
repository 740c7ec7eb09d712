#pragma once
// Seeded generator of well-typed random admission policies and random Pods for differential
// testing: the interpreter defines the answer; the JIT (at every optimisation level) and
// projected decoding must give exactly the same evaluations. The policies mix typed and
// `dyn` paths, errors (absent fields, division by zero, overflow, wrong kinds in input),
// every macro form, modes and `on error`; the Pods have missing fields, empty lists, unicode,
// extreme integers and values of the wrong kind.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "runtime/value/value.h"

namespace rampart::testing {

struct GeneratedPolicy {
  std::string name;
  std::string source;  // one admission policy, without the package line
};

struct GeneratedSet {
  std::vector<GeneratedPolicy> policies;
  std::string Source() const;  // a whole file: package line and every policy
};

class PolicyGenerator {
 public:
  explicit PolicyGenerator(uint64_t seed) : rng_(seed) {}
  GeneratedSet Policies(int count);
  // Admission variables ({"object": Pod, "operation": ..., ...}) of a random Pod.
  runtime::Value Input();

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Pick(100) < percent; }
  template <class T>
  const T& OneOf(const std::vector<T>& v) { return v[Pick(static_cast<int>(v.size()))]; }

  std::string Bool(int depth, bool in_container);   // a bool expression
  std::string Int(int depth, bool in_container);    // an int expression
  std::string Str(int depth, bool in_container);    // a string expression
  std::string Policy(const std::string& name);
  runtime::Value Container();

  std::mt19937_64 rng_;
  int rule_counter_ = 0;
  std::string container_var_ = "c";  // the `each` variable in scope: typed `c` or dyn `d`
};

}  // namespace rampart::testing
