#include "compiler/source/diagnostic_renderer.h"

#include <algorithm>
#include <cstdio>

namespace rampart::source {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kRed = "\033[1;31m";
constexpr const char* kMagenta = "\033[1;35m";
constexpr const char* kCyan = "\033[1;36m";
constexpr const char* kGreen = "\033[1;32m";
constexpr const char* kReset = "\033[0m";

// Longest source line echoed; longer lines are cut around the caret.
constexpr size_t kMaxEchoedLine = 200;

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Appends the source line and the caret line for `range`.
void AppendSnippet(std::string& out, const SourceRange& range, const SourceFile& file,
                   const RenderOptions& options) {
  LineColumn begin = file.Position(range.begin);
  std::string_view line = file.LineText(begin.line);
  uint32_t line_start = file.LineStart(begin.line);
  uint32_t caret_begin = range.begin - line_start;
  uint32_t caret_end = std::max<uint32_t>(caret_begin + 1, range.end - line_start);
  if (caret_end > line.size()) caret_end = std::max<uint32_t>(caret_begin + 1, line.size());

  // Cut very long lines (minified input) to a window around the caret.
  size_t window_begin = 0;
  if (line.size() > kMaxEchoedLine) {
    window_begin = caret_begin > kMaxEchoedLine / 2 ? caret_begin - kMaxEchoedLine / 2 : 0;
    while (window_begin > 0 && IsContinuation(line[window_begin])) --window_begin;
    size_t window_end = std::min(line.size(), window_begin + kMaxEchoedLine);
    while (window_end < line.size() && IsContinuation(line[window_end])) ++window_end;
    line = line.substr(window_begin, window_end - window_begin);
    caret_begin -= window_begin;
    caret_end = std::min<uint32_t>(caret_end - window_begin, line.size() + 1);
  }

  // Replace control characters and invalid UTF-8 so the echoed line cannot corrupt a
  // terminal and the output stays valid UTF-8.
  std::string shown;
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      shown += (c < 0x20 && c != '\t') || c == 0x7f ? '?' : char(c);
      ++i;
      continue;
    }
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = n != 0 && i + n <= line.size();
    for (size_t k = 1; valid && k < n; ++k) valid = IsContinuation(line[i + k]);
    if (valid) {
      shown.append(line.substr(i, n));
      i += n;
    } else {
      shown += '?';
      ++i;
    }
  }
  out += "    " + shown + "\n    ";
  std::string caret;
  for (uint32_t i = 0; i < caret_begin && i < line.size(); ++i) {
    if (IsContinuation(line[i])) continue;
    caret += line[i] == '\t' ? '\t' : ' ';
  }
  if (options.color) caret += kGreen;
  caret += '^';
  for (uint32_t i = caret_begin + 1; i < caret_end && i < line.size(); ++i) {
    if (!IsContinuation(line[i])) caret += '~';
  }
  if (options.color) caret += kReset;
  out += caret + "\n";
}

void AppendOne(std::string& out, Severity severity, const std::string& code,
               const SourceRange& range, const std::string& message,
               const SourceManager& sources, const RenderOptions& options) {
  const SourceFile* file = sources.file(range.file);
  if (options.color) out += kBold;
  out += FormatLocation(range, sources);
  out += ": ";
  if (options.color) {
    out += severity == Severity::kError ? kRed : severity == Severity::kWarning ? kMagenta : kCyan;
  }
  out += SeverityName(severity);
  out += ": ";
  if (options.color) out += std::string(kReset) + kBold;
  out += message;
  if (!code.empty()) out += " [" + code + "]";
  if (options.color) out += kReset;
  out += "\n";
  if (file != nullptr) AppendSnippet(out, range, *file, options);
}

}  // namespace

std::string FormatLocation(const SourceRange& range, const SourceManager& sources) {
  const SourceFile* file = sources.file(range.file);
  if (file == nullptr) return "rampart";
  LineColumn lc = file->Position(range.begin);
  return file->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

std::string RenderText(const Diagnostic& d, const SourceManager& sources,
                       const RenderOptions& options) {
  std::string out;
  AppendOne(out, d.severity, d.code, d.range, d.message, sources, options);
  for (const DiagnosticNote& n : d.notes) {
    AppendOne(out, Severity::kNote, "", n.range, n.message, sources, options);
  }
  return out;
}

std::string RenderTextAll(const std::vector<Diagnostic>& ds, const SourceManager& sources,
                          const RenderOptions& options) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : ds) {
    out += RenderText(d, sources, options);
    if (d.severity == Severity::kError) ++errors;
    if (d.severity == Severity::kWarning) ++warnings;
  }
  if (errors + warnings > 0) {
    std::string summary;
    if (warnings > 0) summary += std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings");
    if (warnings > 0 && errors > 0) summary += " and ";
    if (errors > 0) summary += std::to_string(errors) + (errors == 1 ? " error" : " errors");
    out += summary + " generated.\n";
  }
  return out;
}

namespace {
void AppendJsonLocation(std::string& out, const SourceRange& range, const SourceManager& sources) {
  const SourceFile* file = sources.file(range.file);
  if (file == nullptr) {
    out += "\"file\":null";
    return;
  }
  LineColumn b = file->Position(range.begin);
  LineColumn e = file->Position(range.end);
  out += "\"file\":\"" + JsonEscape(file->path()) + "\",\"line\":" + std::to_string(b.line) +
         ",\"column\":" + std::to_string(b.column) + ",\"endLine\":" + std::to_string(e.line) +
         ",\"endColumn\":" + std::to_string(e.column);
}
}  // namespace

std::string RenderJson(const std::vector<Diagnostic>& ds, const SourceManager& sources) {
  std::string out = "[";
  for (size_t i = 0; i < ds.size(); ++i) {
    const Diagnostic& d = ds[i];
    if (i > 0) out += ",";
    out += "\n  {";
    AppendJsonLocation(out, d.range, sources);
    out += ",\"severity\":\"" + std::string(SeverityName(d.severity)) + "\",\"code\":\"" +
           JsonEscape(d.code) + "\",\"message\":\"" + JsonEscape(d.message) + "\",\"notes\":[";
    for (size_t j = 0; j < d.notes.size(); ++j) {
      if (j > 0) out += ",";
      out += "{";
      AppendJsonLocation(out, d.notes[j].range, sources);
      out += ",\"message\":\"" + JsonEscape(d.notes[j].message) + "\"}";
    }
    out += "]}";
  }
  out += ds.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace rampart::source
