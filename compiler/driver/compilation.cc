#include "compiler/driver/compilation.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rampart::driver {

namespace fs = std::filesystem;

std::vector<const ast::File*> Compilation::file_pointers() const {
  std::vector<const ast::File*> out;
  for (const auto& f : files) out.push_back(f.get());
  return out;
}

std::vector<std::string> CollectPolicyFiles(const std::vector<std::string>& paths,
                                            source::DiagnosticBag& diags) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      diags.Error("no-such-file", {}, "'" + p + "' does not exist");
      continue;
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
           !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".rp") {
          found.push_back(it->path().string());
        }
      }
      if (ec) diags.Error("io-error", {}, "cannot read directory '" + p + "': " + ec.message());
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

bool ReadFile(const std::string& path, std::string* out, std::string* error, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return false;
  }
  // Read at most one byte past the limit: `/dev/zero` or a 1 GB file must not be slurped
  // just to be refused.
  out->clear();
  char buf[1 << 16];
  while (in && out->size() <= max_bytes) {
    in.read(buf, sizeof buf);
    out->append(buf, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    *error = "read error";
    return false;
  }
  if (out->size() > max_bytes) {
    *error = "file is larger than " + std::to_string(max_bytes) +
             " bytes, the limit for policy files: split it into several files of one package";
    out->clear();
    return false;
  }
  return true;
}

namespace {

// A declaration with a syntax error was only partly read; what the checker would say about
// it is noise. Its diagnostics are dropped, the syntax errors stay.
void SilenceBrokenDeclarations(Compilation& c, size_t parse_end) {
  std::vector<source::SourceRange> broken;
  const auto& items = c.diags.unsorted();
  for (const auto& file : c.files) {
    if (!file->has_syntax_errors) continue;
    for (size_t k = 0; k < file->decls.size(); ++k) {
      const ast::Declaration& d = file->decls[k];
      // An error at the end of the file (a block left open) belongs to the last declaration.
      source::SourceRange span = d.range;
      if (k + 1 == file->decls.size()) {
        span.end = static_cast<uint32_t>(c.sources.file(file->file_id)->text().size());
      }
      for (size_t i = 0; i < parse_end && i < items.size(); ++i) {
        const source::SourceRange& r = items[i].range;
        // Errors that leave a well-formed tree (a bad literal, a bad port) do not silence
        // the checker: only those after which the parser had to guess.
        const std::string& code = items[i].code;
        bool guessed = code == "syntax" || code == "nesting-too-deep" ||
                       code == "expression-too-deep" || code == "unknown-policy-kind";
        if (guessed && items[i].severity == source::Severity::kError && r.file == file->file_id &&
            r.begin >= span.begin && r.begin <= span.end) {
          broken.push_back(span);
          break;
        }
      }
    }
  }
  if (broken.empty()) return;
  c.diags.RemoveFrom(parse_end, [&](const source::Diagnostic& d) {
    for (const source::SourceRange& b : broken) {
      if (d.range.file == b.file && d.range.begin >= b.begin && d.range.begin <= b.end) return true;
    }
    return false;
  });
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::unique_ptr<Compilation> Run(std::unique_ptr<Compilation> c, const CompileOptions& options) {
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < c->sources.file_count(); ++i) {
    const source::SourceFile* f = c->sources.file(static_cast<source::FileId>(i));
    c->files.push_back(parse::ParseFile(*f, c->diags, options.limits));
  }
  c->times.parse_ms = MillisecondsSince(start);
  size_t parse_end = c->diags.size();
  if (options.run_checker) {
    start = std::chrono::steady_clock::now();
    c->program = check::Check(c->file_pointers(), c->sources, check::Schema::Builtin(), c->diags,
                              options.check);
    SilenceBrokenDeclarations(*c, parse_end);
    c->times.check_ms = MillisecondsSince(start);
  }
  return c;
}

}  // namespace

std::unique_ptr<Compilation> Compile(const std::vector<std::string>& files,
                                     const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  auto start = std::chrono::steady_clock::now();
  for (const std::string& path : files) {
    std::string text, error;
    if (!ReadFile(path, &text, &error, options.limits.max_file_bytes)) {
      bool too_large = error.rfind("file is larger", 0) == 0;
      c->diags.Error(too_large ? "file-too-large" : "io-error", {},
                     (too_large ? "'" + path + "': " : "cannot read '" + path + "': ") + error);
      continue;
    }
    c->sources.AddFile(path, std::move(text));
  }
  c->times.read_ms = MillisecondsSince(start);
  return Run(std::move(c), options);
}

std::unique_ptr<Compilation> CompileSources(
    const std::vector<std::pair<std::string, std::string>>& sources,
    const CompileOptions& options) {
  auto c = std::make_unique<Compilation>();
  for (const auto& [path, text] : sources) c->sources.AddFile(path, text);
  return Run(std::move(c), options);
}

}  // namespace rampart::driver
