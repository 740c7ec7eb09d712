#pragma once
// Prints diagnostics the way clang does:
//
//   policies/a.rp:7:12: error: unknown field 'imgae' on Container; did you mean 'image'? [unknown-field]
//       deny if c.imgae == ""
//                 ^~~~~
//
// and as JSON for machines. Pure functions of the diagnostics and the sources.

#include <string>
#include <vector>

#include "compiler/source/diagnostic.h"
#include "compiler/source/quoting.h"
#include "compiler/source/source_manager.h"

namespace rampart::source {

struct RenderOptions {
  bool color = false;
};

// One diagnostic with its source line and caret, plus its notes; ends with a newline.
std::string RenderText(const Diagnostic& d, const SourceManager& sources,
                       const RenderOptions& options = {});
// All diagnostics, then a summary line such as "2 errors, 1 warning generated." when any.
std::string RenderTextAll(const std::vector<Diagnostic>& ds, const SourceManager& sources,
                          const RenderOptions& options = {});
// A JSON array: [{"file","line","column","endLine","endColumn","severity","code","message",
// "notes":[...]}].
std::string RenderJson(const std::vector<Diagnostic>& ds, const SourceManager& sources);

// "file:line:col" for a range, or "<builtin>" when it has no file.
std::string FormatLocation(const SourceRange& range, const SourceManager& sources);


}  // namespace rampart::source
