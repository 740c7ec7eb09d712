#pragma once
// `rampart test`: runs the `test` blocks of policy files with the reference interpreter and
// compares each decision with the test's expectations. A test sees the policies of its own
// package and of the packages that package imports (in any of its files).

#include <string>
#include <vector>

namespace rampart::cli {

struct TestArgs {
  std::vector<std::string> paths;
  std::string junit_path;  // "" : no JUnit XML report
  bool verbose = false;    // print passing tests too
  std::string engine = "jit";
};

// Exit status: 0 all passed, 1 a test failed or the files have errors, 2 usage/I/O.
int RunTests(const TestArgs& args);

}  // namespace rampart::cli
