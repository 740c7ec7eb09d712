#include "cli/learn_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "compiler/ast/printer.h"
#include "compiler/driver/compilation.h"
#include "compiler/source/diagnostic_renderer.h"
#include "compiler/source/quoting.h"
#include "learner/emit/baseline_emitter.h"
#include "learner/ingest/ingester.h"
#include "learner/report/reports.h"
#include "learner/store/sqlite_store.h"

namespace rampart::cli {
namespace {

std::string Human(double v) {
  char buf[32];
  if (v >= 1e9)
    std::snprintf(buf, sizeof buf, "%.1fG", v / 1e9);
  else if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  else if (v >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

int RunLearnIngest(const LearnIngestArgs& args) {
  if (!learner::IsInputFormat(args.input_format)) {
    std::fprintf(stderr, "rampart learn ingest: unknown --input-format '%s'\n",
                 args.input_format.c_str());
    return kExitUsage;
  }
  std::string error;
  auto store = learner::SqliteStore::Open(args.db, {}, &error);
  if (store == nullptr) {
    std::fprintf(stderr, "rampart learn ingest: %s\n", error.c_str());
    return kExitUsage;
  }
  learner::IngestOptions options;
  if (args.batch > 0) options.batch_documents = args.batch;
  options.input_format = args.input_format;
  // A progress line only for a person watching a terminal, never in logs or pipes.
  bool terminal = isatty(STDERR_FILENO) == 1;
  auto started = std::chrono::steady_clock::now();
  if (terminal) {
    options.progress = [&](const learner::FileReport& r, int64_t raw, int64_t size) {
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::string pct =
          size > 0 ? std::to_string(int(100.0 * double(raw) / double(size))) + "% " : "";
      std::fprintf(stderr, "\r\033[K%s: %s%sB read, %s documents, %s/s", r.name.c_str(),
                   pct.c_str(), Human(double(raw)).c_str(), Human(double(r.documents)).c_str(),
                   Human(secs > 0 ? double(r.documents) / secs : 0).c_str());
      std::fflush(stderr);
    };
  }
  learner::Ingester ingester(store.get(), options);
  std::vector<learner::FileReport> reports;
  bool failed = false, bad = false;
  for (const std::string& input : args.inputs) {
    started = std::chrono::steady_clock::now();
    learner::FileReport report;
    if (!ingester.IngestFile(input, &report)) failed = true;
    if (report.bad_lines > 0) bad = true;
    if (terminal) std::fprintf(stderr, "\r\033[K");
    reports.push_back(std::move(report));
  }
  std::string out = args.format == "json" ? learner::IngestReportJson(args.db, reports)
                                          : learner::IngestReportText(reports);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return failed ? kExitUsage : bad ? 1 : 0;
}

int RunLearnEmit(const LearnEmitArgs& args) {
  std::string error;
  learner::SqliteStore::Options store_options;
  store_options.create = false;
  auto store = learner::SqliteStore::Open(args.db, store_options, &error);
  std::vector<learner::EmittedFile> files;
  learner::EmitOptions options;
  options.workload = args.workload;
  if (!learner::ParseDuration(args.quiet_window, &options.convergence.quiet_window, &error)) {
    std::fprintf(stderr, "rampart learn emit: %s\n", error.c_str());
    return kExitUsage;
  }
  if (store == nullptr || !learner::EmitBaselines(store.get(), options, &files, &error)) {
    std::fprintf(stderr, "rampart learn emit: %s\n", error.c_str());
    return kExitUsage;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.output_dir, ec);
  if (ec) {
    std::fprintf(stderr, "rampart learn emit: cannot create %s: %s\n", args.output_dir.c_str(),
                 ec.message().c_str());
    return kExitUsage;
  }
  // Each file goes through the checker and the printer: what is written passes
  // `rampart check` and is already in `rampart fmt` layout.
  driver::CompileOptions compile;
  for (learner::EmittedFile& f : files) {
    std::filesystem::path path = std::filesystem::path(args.output_dir) / f.name;
    std::unique_ptr<driver::Compilation> c =
        driver::CompileSources({{path.string(), f.text}}, compile);
    if (c->diags.has_errors() || c->files.empty()) {
      std::fputs(source::RenderTextAll(c->diags.Sorted(), c->sources).c_str(), stderr);
      std::fprintf(stderr,
                   "rampart learn emit: internal error: the baseline for %s does not check\n",
                   f.name.c_str());
      return kExitUsage;
    }
    ast::FormatOptions fo;
    fo.source_text = c->sources.file(0)->text();
    f.text = ast::PrintFile(*c->files[0], fo);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << f.text;
    if (!out) {
      std::fprintf(stderr, "rampart learn emit: cannot write %s\n", path.string().c_str());
      return kExitUsage;
    }
  }
  std::string out;
  if (args.format == "json") {
    out = "{\"output\":\"" + source::JsonEscape(args.output_dir) + "\",\"files\":[";
    for (size_t i = 0; i < files.size(); ++i) {
      const learner::EmittedFile& f = files[i];
      out += std::string(i > 0 ? "," : "") + "{\"file\":\"" + source::JsonEscape(f.name) +
             "\",\"namespace\":\"" + source::JsonEscape(f.workload.namespace_name) +
             "\",\"kind\":\"" + source::JsonEscape(f.workload.kind) + "\",\"name\":\"" +
             source::JsonEscape(f.workload.name) + "\",\"container\":\"" +
             source::JsonEscape(f.workload.container) + "\",\"version\":\"" +
             source::JsonEscape(f.workload.version) + "\",\"rules\":" + std::to_string(f.rules) +
             "}";
    }
    out += "]}\n";
  } else {
    for (const learner::EmittedFile& f : files) {
      out += (std::filesystem::path(args.output_dir) / f.name).string() + ": " +
             std::to_string(f.rules) + (f.rules == 1 ? " rule\n" : " rules\n");
    }
    out += std::to_string(files.size()) + (files.size() == 1 ? " baseline" : " baselines") +
           " written (mode monitor; generalisations are explained in each file)\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (files.empty()) {
    std::fprintf(stderr,
                 "rampart learn emit: no workload version with behaviour to emit%s\n",
                 args.workload.empty() ? "" : (" matches " + args.workload).c_str());
    return 1;
  }
  return 0;
}

}  // namespace rampart::cli
