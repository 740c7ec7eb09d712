#pragma once
// Runtime `exec` rule sets in the style of Falco's default rules, for bench/interp_bench.cc:
// a rule table, the rampart source it stands for (one runtime policy per rule, as one Falco
// rule), a fixed mix of exec events (mostly allowed, a few matching), and the same rules
// written by hand in C++ over a plain struct (the "practical limit" column).
//
// Rule shapes (cycled by rule index, parameters drawn from a seeded generator):
//   shell_from_app        a shell whose parent is one of a few application binaries
//                         (Falco "Terminal shell in container"), outside system namespaces
//   exec_under_prefix     a binary run from below a path prefix (/tmp/, /dev/shm/, ...) by a
//                         parent outside an allowed list (Falco "Drop and execute new binary")
//   root_tool             an executable matching a glob /opt/VENDOR/**/bin/TOOL run as root
//   netcat_exec           a network tool with an -e/-c style argument (Falco "Netcat Remote
//                         Code Execution in Container")
//   tool_outside_parents  a package manager or debugging tool not started by an allowed
//                         parent, unless the workload is labelled rampart.io/mutable (Falco
//                         "Launch Package Management Process in Container")
//   recon_under_app       a discovery command with an application binary among its ancestors
// Every scope is container-only (`container.id != ""`, Falco's `container` macro).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rampart::bench::exec {

struct Process {
  int64_t pid = 0;
  std::string exe, name;
  std::vector<std::string> args;
  std::string cwd;
  int64_t uid = 0, gid = 0;
};

// An exec event with every variable of the exec schema (compiler/check/schemas/runtime.schema).
struct Event {
  Process proc, parent;
  std::vector<Process> ancestors;  // parent first
  std::string container_id, container_name, image, image_digest;
  std::string ns, workload_kind, workload_name, pod, service_account;
  std::vector<std::pair<std::string, std::string>> labels;
  std::string node;
};

enum class Kind { kShellFromApp, kExecUnderPrefix, kRootTool, kNetcatExec, kToolOutsideParents, kReconUnderApp };

struct Rule {
  Kind kind;
  std::string policy;  // rt_N
  const char* rule;    // the rule's name in the source
  bool block;          // block, else alert
  std::vector<std::string> names;    // proc.name in ...
  std::vector<std::string> parents;  // parent.name / ancestor names in ...
  std::string prefix;                // exec_under_prefix: path prefix; root_tool: glob directory
  std::string tool;                  // root_tool: the glob's last segment
};

struct RuleSet {
  std::vector<Rule> rules;
  std::string source;  // package bench.exec
};

constexpr const char* kPackage = "bench.exec";

RuleSet GenerateRules(int count, unsigned seed = 42);

struct MixEvent {
  Event event;
  int target_rule;  // the rule the event was built to match, or -1: no rule may match
};

// 16 events: 13 that no rule matches (application processes, entrypoint shells, health checks,
// a system namespace), and 3 built to match rules 0, 3 and 4 (which every rule set of at least
// 5 rules has). In larger sets the matching events may match further rules.
std::vector<MixEvent> EventMix(const RuleSet& rules);

// `count` random events drawn from the same pools as the rules (names, parents, paths below
// the prefixes and glob directories, root or not, system namespaces, the mutable label, a
// host process without container id): for checking the hand-written code against the
// interpreter on far more inputs than the mix (interp_bench --verify_exec).
std::vector<Event> RandomEvents(int count, unsigned seed);

// The event as one line of rampart's JSON-lines format (docs/formats.md).
std::string ToJsonLine(const Event& e);

// ------------------------------------------------------------------ hand-written evaluation

enum class Verdict { kAllow, kAlert, kBlock };

struct Hit {
  uint32_t rule;  // index into RuleSet::rules
  std::string message;
};

struct Result {
  Verdict verdict = Verdict::kAllow;
  std::vector<Hit> hits;
};

// The generated rules over `e`, as plain C++: the same scopes, conditions and messages.
void Decide(const RuleSet& rules, const Event& e, Result* out);

}  // namespace rampart::bench::exec
