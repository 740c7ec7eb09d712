#pragma once
// Positions in policy source. Ranges are byte offsets into one file; line and column are
// computed on demand by SourceManager, so AST nodes stay small.

#include <cstdint>

namespace rampart::source {

// Index of a file inside a SourceManager. kNoFile marks ranges not tied to any file
// (built-in declarations, synthesized nodes).
using FileId = uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

// A half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  // The smallest range covering both; either may be invalid.
  static SourceRange Join(const SourceRange& a, const SourceRange& b) {
    if (!a.valid()) return b;
    if (!b.valid() || a.file != b.file) return a;
    return {a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
  friend bool operator==(const SourceRange& a, const SourceRange& b) {
    return a.file == b.file && a.begin == b.begin && a.end == b.end;
  }
  friend bool operator!=(const SourceRange& a, const SourceRange& b) { return !(a == b); }
};

// A human position: 1-based line, 1-based column counted in Unicode code points.
struct LineColumn {
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace rampart::source
