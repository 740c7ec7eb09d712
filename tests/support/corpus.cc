#include "tests/support/corpus.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rampart::testing {

namespace fs = std::filesystem;

std::string SourceDir() { return RAMPART_SOURCE_DIR; }

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string p = fs::relative(entry.path(), dir).string();
    if (p.size() >= suffix.size() && p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool UpdatingGoldens() {
  const char* v = std::getenv("RAMPART_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

std::string CompareGolden(const std::string& golden_path, const std::string& actual) {
  if (UpdatingGoldens()) {
    WriteFile(golden_path, actual);
    return "";
  }
  if (!fs::exists(golden_path)) {
    return "missing golden file " + golden_path + " (run with RAMPART_UPDATE_GOLDEN=1)\nactual:\n" + actual;
  }
  std::string expected = ReadFileOrDie(golden_path);
  if (expected == actual) return "";
  std::istringstream e(expected), a(actual);
  std::string le, la, out = golden_path + " differs (RAMPART_UPDATE_GOLDEN=1 rewrites it):\n";
  int line = 0, shown = 0;
  while (shown < 12) {
    bool he = static_cast<bool>(std::getline(e, le));
    bool ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) break;
    ++line;
    if (he && ha && le == la) continue;
    out += "line " + std::to_string(line) + ":\n  - " + (he ? le : "<eof>") + "\n  + " + (ha ? la : "<eof>") + "\n";
    ++shown;
  }
  return out;
}

}  // namespace rampart::testing
