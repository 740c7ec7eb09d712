#pragma once
// Helpers shared by the tests: where the repository is, reading files, listing corpora, and
// golden-file comparison with RAMPART_UPDATE_GOLDEN=1 to rewrite expectations for review.

#include <string>
#include <vector>

namespace rampart::testing {

// The repository root (compiled in by CMake).
std::string SourceDir();
std::string ReadFileOrDie(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
// Files under `dir` (recursive) whose name ends with `suffix`, sorted, as paths relative to
// `dir`.
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix);
// Compares `actual` with the golden file; with RAMPART_UPDATE_GOLDEN=1 rewrites it instead.
// Returns "" when equal, else a description with a unified-style diff of the first lines
// that differ.
std::string CompareGolden(const std::string& golden_path, const std::string& actual);
bool UpdatingGoldens();

}  // namespace rampart::testing
