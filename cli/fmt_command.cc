#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "compiler/ast/printer.h"
#include "compiler/driver/compilation.h"
#include "compiler/source/diagnostic_renderer.h"

namespace rampart::cli {

int RunFmt(const FmtArgs& args) {
  source::DiagnosticBag path_diags;
  std::vector<std::string> files = driver::CollectPolicyFiles(args.paths, path_diags);
  int status = path_diags.has_errors() ? kExitUsage : 0;
  source::SourceManager none;
  if (path_diags.has_errors()) {
    std::fputs(source::RenderTextAll(path_diags.Sorted(), none).c_str(), stderr);
  }
  driver::CompileOptions options;
  options.run_checker = false;  // fmt needs only a clean parse
  for (const std::string& path : files) {
    std::unique_ptr<driver::Compilation> c = driver::Compile({path}, options);
    if (c->diags.has_errors() || c->files.empty()) {
      std::fputs(source::RenderTextAll(c->diags.Sorted(), c->sources).c_str(), stderr);
      std::fprintf(stderr, "rampart fmt: %s not formatted: fix the syntax errors first\n", path.c_str());
      status = 1;
      continue;
    }
    const std::string& original = c->sources.file(0)->text();
    ast::FormatOptions fo;
    fo.source_text = original;
    std::string formatted = ast::PrintFile(*c->files[0], fo);
    if (args.check) {
      if (formatted != original) {
        std::printf("%s\n", path.c_str());
        status = status == 0 ? 1 : status;
      }
    } else if (args.write) {
      if (formatted != original) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << formatted;
        if (!out) {
          std::fprintf(stderr, "rampart fmt: cannot write %s\n", path.c_str());
          status = kExitUsage;
        }
      }
    } else {
      std::fputs(formatted.c_str(), stdout);
    }
  }
  return status;
}

}  // namespace rampart::cli
