#pragma once
// User-facing problems. Every pass reports into a DiagnosticBag and carries on; nothing in
// the compiler prints. The renderer (diagnostic_renderer.h) turns a bag into text or JSON.

#include <string>
#include <vector>

#include "compiler/source/source_range.h"

namespace rampart::source {

enum class Severity { kError, kWarning, kNote };

const char* SeverityName(Severity s);

// A secondary location: "note: first declared here".
struct DiagnosticNote {
  SourceRange range;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  // Stable kebab-case identifier, printed as `[code]` and used by tests and --format json.
  std::string code;
  SourceRange range;
  std::string message;
  std::vector<DiagnosticNote> notes;
};

// Collects diagnostics from any number of passes. Not thread-safe.
class DiagnosticBag {
 public:
  // Stops recording errors past this many per file (a binary file would otherwise yield
  // millions); one "too many errors" diagnostic marks the cut.
  static constexpr size_t kMaxErrorsPerFile = 100;

  void Report(Diagnostic d);
  // Convenience for the common case without notes.
  Diagnostic& Error(std::string code, SourceRange range, std::string message);
  Diagnostic& Warning(std::string code, SourceRange range, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  size_t warning_count() const;
  // Number of errors recorded for one file so far.
  size_t ErrorsIn(FileId file) const;

  // Sorted by file, position, severity and message, with exact duplicates removed.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& unsorted() const { return items_; }
  size_t size() const { return items_.size(); }
  // Drops the diagnostics at index >= `from` for which `drop` returns true (used to silence
  // follow-on errors in code that already has a syntax error).
  template <typename Pred>
  void RemoveFrom(size_t from, Pred drop) {
    std::vector<Diagnostic> kept(items_.begin(), items_.begin() + from);
    for (size_t i = from; i < items_.size(); ++i) {
      if (!drop(items_[i])) {
        kept.push_back(std::move(items_[i]));
      } else if (items_[i].severity == Severity::kError) {
        --error_count_;
      }
    }
    items_ = std::move(kept);
  }
  void Append(const DiagnosticBag& other);

 private:
  std::vector<Diagnostic> items_;
  std::vector<size_t> errors_per_file_;
  std::vector<bool> truncated_;
  size_t error_count_ = 0;
  Diagnostic dropped_;
};

}  // namespace rampart::source
