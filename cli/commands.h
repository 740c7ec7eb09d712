#pragma once
// The subcommands of the `rampart` CLI. main.cc parses the command line with CLI11 (kept to
// that one translation unit because CLI11 compiles slowly) and calls these. Each returns
// the process exit code: 0 success, 1 the input has problems, 2 usage or I/O failure.

#include <string>
#include <vector>

namespace rampart::cli {

enum class OutputFormat { kText, kJson };
enum class ColorMode { kAuto, kAlways, kNever };

struct CheckArgs {
  std::vector<std::string> paths;
  OutputFormat format = OutputFormat::kText;
  ColorMode color = ColorMode::kAuto;
  bool warnings_as_errors = false;
};
int RunCheck(const CheckArgs& args);

struct FmtArgs {
  std::vector<std::string> paths;
  bool check = false;  // list files that are not formatted; exit 1 if any
  bool write = false;  // rewrite files in place
};
int RunFmt(const FmtArgs& args);

// Exit code of a failed run, distinct from "policies have errors".
inline constexpr int kExitUsage = 2;

struct AuditArgs {
  std::vector<std::string> policy_paths;
  std::vector<std::string> resources;
  std::vector<std::string> data;
  std::string format = "table";  // table, json, policyreport
  std::string engine = "jit";
};
int RunAudit(const AuditArgs& args);

// Evaluates one CEL expression; `bindings_json` maps names to cel.expr.Value JSON.
int RunExpr(const std::string& expression, const std::string& bindings_json);

std::string VersionString();

}  // namespace rampart::cli
