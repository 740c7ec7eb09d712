#include "cli/program_loader.h"

#include "runtime/interp/interpreter.h"
#include "runtime/jit/jit_engine.h"

#include <cstdio>

#include "cli/commands.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"

namespace rampart::cli {
namespace {

const runtime::Value* FindVulns(const void* data, const std::string& image) {
  return static_cast<const runtime::VulnerabilityData*>(data)->Find(image);
}

}  // namespace

int LoadProgram(const std::vector<std::string>& policy_paths, const std::vector<std::string>& data,
                LoadedProgram* out, const std::string& engine) {
  source::DiagnosticBag path_diags;
  std::vector<std::string> files = driver::CollectPolicyFiles(policy_paths, path_diags);
  if (path_diags.has_errors()) {
    source::SourceManager none;
    std::fputs(source::RenderTextAll(path_diags.Sorted(), none).c_str(), stderr);
    return kExitUsage;
  }
  out->compilation = driver::Compile(files);
  if (out->compilation->diags.has_errors()) {
    std::fputs(source::RenderTextAll(out->compilation->diags.Sorted(), out->compilation->sources).c_str(),
               stderr);
    return 1;
  }
  out->program = lower::Lower(out->compilation->file_pointers(), out->compilation->program,
                              out->compilation->sources);
  std::vector<std::string> problems = ir::Verify(*out->program);
  if (!problems.empty()) {
    std::fprintf(stderr, "rampart: internal error: invalid IR: %s\n", problems[0].c_str());
    return kExitUsage;
  }
  std::string error;
  if (engine == "jit") {
    out->engine = runtime::JitEngine::Create(*out->program, runtime::JitOptions{}, &error);
    if (out->engine == nullptr) {
      std::fprintf(stderr, "rampart: warning: cannot compile the policies to native code (%s); using the interpreter\n",
                   error.c_str());
    }
  }
  if (out->engine == nullptr) {
    out->engine = runtime::Interpreter::Create(*out->program, &error);
    if (out->engine == nullptr) {
      std::fprintf(stderr, "rampart: internal error: %s\n", error.c_str());
      return kExitUsage;
    }
  }
  for (uint32_t i = 0; i < out->program->policies.size(); ++i) out->all_policies.push_back(i);
  out->usage = ir::AnalyzeFieldUsage(*out->program);
  for (const std::string& path : data) {
    std::string text, read_error;
    if (!driver::ReadFile(path, &text, &read_error)) {
      std::fprintf(stderr, "rampart: cannot read '%s': %s\n", path.c_str(), read_error.c_str());
      return kExitUsage;
    }
    runtime::DecodeError err;
    if (!out->vulnerabilities.AddTrivyReport(text, path, &err)) {
      std::fprintf(stderr, "rampart: %s\n", err.message.c_str());
      return 1;
    }
    out->context.find_image_vulns = FindVulns;
    out->context.vulnerability_data = &out->vulnerabilities;
  }
  return 0;
}

}  // namespace rampart::cli
