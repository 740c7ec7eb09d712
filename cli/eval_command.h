#pragma once
// `rampart eval`: decisions of a policy set on real inputs — Kubernetes manifests or
// AdmissionReviews (YAML/JSON), or rampart's JSON-lines runtime events and flows — with
// Trivy reports as external data. Uses the reference interpreter.

#include <string>
#include <vector>

namespace rampart::cli {

struct EvalArgs {
  std::vector<std::string> policy_paths;
  std::vector<std::string> inputs;
  std::vector<std::string> data;  // Trivy JSON reports
  bool json = false;
  bool explain = true;  // text: each hit's rule location and the values its condition read
  bool project = true;       // decode only the fields the policies read (runtime/decode/projection.h)
  bool show_fields = false;  // print the fields the policies read first
  std::string engine = "jit";
};

// Exit status: 0 decisions printed, 1 policy or input errors, 2 usage/I/O.
int RunEval(const EvalArgs& args);

}  // namespace rampart::cli
