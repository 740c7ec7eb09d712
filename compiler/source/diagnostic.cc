#include "compiler/source/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace rampart::source {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

void DiagnosticBag::Report(Diagnostic d) {
  if (d.severity == Severity::kError) {
    size_t slot = d.range.valid() ? d.range.file : 0;
    if (slot >= errors_per_file_.size()) {
      errors_per_file_.resize(slot + 1, 0);
      truncated_.resize(slot + 1, false);
    }
    if (errors_per_file_[slot] >= kMaxErrorsPerFile) {
      if (!truncated_[slot]) {
        truncated_[slot] = true;
        Diagnostic cut;
        cut.severity = Severity::kNote;
        cut.code = "too-many-errors";
        cut.range = d.range;
        cut.message = "too many errors in this file; stopping after " +
                      std::to_string(kMaxErrorsPerFile);
        items_.push_back(std::move(cut));
      }
      return;
    }
    ++errors_per_file_[slot];
    ++error_count_;
  }
  items_.push_back(std::move(d));
}

Diagnostic& DiagnosticBag::Error(std::string code, SourceRange range, std::string message) {
  size_t before = items_.size();
  Report({Severity::kError, std::move(code), range, std::move(message), {}});
  if (items_.size() == before) return dropped_;
  return items_.back();
}

Diagnostic& DiagnosticBag::Warning(std::string code, SourceRange range, std::string message) {
  Report({Severity::kWarning, std::move(code), range, std::move(message), {}});
  return items_.back();
}

size_t DiagnosticBag::warning_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

size_t DiagnosticBag::ErrorsIn(FileId file) const {
  return file < errors_per_file_.size() ? errors_per_file_[file] : 0;
}

void DiagnosticBag::Append(const DiagnosticBag& other) {
  for (const Diagnostic& d : other.items_) Report(d);
}

std::vector<Diagnostic> DiagnosticBag::Sorted() const {
  std::vector<Diagnostic> out = items_;
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.range.file, d.range.begin, static_cast<int>(d.severity), d.code,
                           d.message, d.range.end);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace rampart::source
