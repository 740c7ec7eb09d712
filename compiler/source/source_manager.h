#pragma once
// Owns the text of every policy file of one compilation and maps byte offsets to
// line/column. Not thread-safe for AddFile; lookups on a fully loaded manager may run
// concurrently.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_range.h"

namespace rampart::source {

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  LineColumn Position(uint32_t offset) const;
  // The text of 1-based line `line` without its line terminator.
  std::string_view LineText(uint32_t line) const;
  // Byte offset of the start of 1-based `line`.
  uint32_t LineStart(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

class SourceManager {
 public:
  // Takes a copy of `text`. Returns the new file's id.
  FileId AddFile(std::string path, std::string text);
  // Null for kNoFile or an unknown id.
  const SourceFile* file(FileId id) const;
  size_t file_count() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace rampart::source
