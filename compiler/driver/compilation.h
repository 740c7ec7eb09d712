#pragma once
// The front-end pipeline in one call: find policy files, read, parse and check them. Used
// by the CLI, the tests and the benchmarks so all three run exactly the same passes.

#include <memory>
#include <string>
#include <vector>

#include "compiler/ast/file.h"
#include "compiler/check/checker.h"
#include "compiler/parse/parser.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/source_manager.h"

namespace rampart::driver {

// Policy files under `paths`: files as given, directories searched recursively for `*.rp`,
// in sorted order. A path that does not exist is reported into `diags` (as a diagnostic
// without a location).
std::vector<std::string> CollectPolicyFiles(const std::vector<std::string>& paths,
                                            source::DiagnosticBag& diags);

// Wall-clock time spent in each pass, for `rampart check --time` and the benchmarks.
struct PassTimes {
  double read_ms = 0;
  double parse_ms = 0;
  double check_ms = 0;
};

struct Compilation {
  PassTimes times;
  source::SourceManager sources;
  std::vector<std::unique_ptr<ast::File>> files;
  source::DiagnosticBag diags;
  check::CheckedProgram program;

  std::vector<const ast::File*> file_pointers() const;
};

struct CompileOptions {
  parse::ParseLimits limits;
  check::CheckOptions check;
  bool run_checker = true;
};

// Reads and parses every file, then checks them together. Never throws; every problem is
// in `diags` of the result.
std::unique_ptr<Compilation> Compile(const std::vector<std::string>& files,
                                     const CompileOptions& options = {});

// Same, for sources already in memory: (path, text) pairs.
std::unique_ptr<Compilation> CompileSources(
    const std::vector<std::pair<std::string, std::string>>& sources,
    const CompileOptions& options = {});

// Reads a whole file of at most `max_bytes`; false with `error` set on failure or when the
// file is larger.
bool ReadFile(const std::string& path, std::string* out, std::string* error,
              size_t max_bytes = size_t{1} << 30);

}  // namespace rampart::driver
