// The rampart command line. Only argument parsing lives here; each subcommand is a function
// in cli/commands.h.

#include <cstdio>

#include "CLI/CLI.hpp"
#include "cli/commands.h"
#include "cli/eval_command.h"
#include "cli/learn_replay_command.h"
#include "cli/learn_command.h"
#include "cli/learn_diff_command.h"
#include "cli/test_runner.h"

namespace rampart::cli {

std::string VersionString() { return "rampart 0.1.0 (policy language 1)"; }

}  // namespace rampart::cli

namespace {

// --engine for every command that evaluates policies.
void AddEngineOption(CLI::App* command, std::string* engine) {
  command
      ->add_option("--engine", *engine,
                   "jit (default: native code, falling back to the interpreter if it cannot be\n"
                   "generated) or interp (the reference interpreter)")
      ->check(CLI::IsMember({"jit", "interp"}));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rampart::cli;
  CLI::App app{"rampart: policy-as-code compiler for admission, runtime and network policies.\n"
               "Write policies in .rp files; `rampart check` finds their mistakes, `rampart fmt` lays "
               "them out."};
  app.require_subcommand(1);
  app.set_version_flag("--version", VersionString());

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Parse and type-check policy files; report every problem, clang style.\n"
               "Exit status: 0 no errors, 1 errors found, 2 usage error.");
  check_cmd->add_option("paths", check.paths, "Policy files or directories (searched for *.rp)")
      ->required();
  std::string format = "text", color = "auto";
  check_cmd->add_option("--format", format, "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--color", color, "Color diagnostics: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_flag("--Werror", check.warnings_as_errors, "Treat warnings as errors");

  FmtArgs fmt;
  CLI::App* fmt_cmd = app.add_subcommand(
      "fmt", "Print policy files in rampart's canonical layout (comments kept).\n"
             "Without flags the formatted text goes to standard output.");
  fmt_cmd->add_option("paths", fmt.paths, "Policy files or directories (searched for *.rp)")
      ->required();
  auto* check_flag = fmt_cmd->add_flag("--check", fmt.check,
                                       "List files whose layout differs; exit 1 if any (for CI)");
  fmt_cmd->add_flag("--write,-w", fmt.write, "Rewrite files in place")->excludes(check_flag);

  TestArgs test;
  CLI::App* test_cmd = app.add_subcommand(
      "test", "Run the test blocks of policy files.\n"
              "A test sees its own package's policies and those of the packages its file imports.\n"
              "Exit status: 0 all passed, 1 a test failed or the files have errors, 2 usage error.");
  test_cmd->add_option("paths", test.paths, "Policy files or directories (searched for *.rp)")->required();
  test_cmd->add_option("--junit", test.junit_path, "Also write a JUnit XML report to this file");
  test_cmd->add_flag("-v,--verbose", test.verbose, "List passing tests too");
  AddEngineOption(test_cmd, &test.engine);

  EvalArgs eval;
  std::string eval_format = "text";
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Decide inputs with a policy set: Kubernetes manifests or AdmissionReviews (YAML/JSON,\n"
              "lists), or JSON-lines runtime events and flows (docs/formats.md). One decision per\n"
              "object or event, with every rule that fired and every evaluation error.");
  eval_cmd->add_option("--policy,-p", eval.policy_paths, "Policy files or directories")->required();
  eval_cmd->add_option("--input,-i", eval.inputs, "Input files")->required();
  eval_cmd->add_option("--data", eval.data, "Trivy JSON reports, for image_vulns()");
  eval_cmd->add_flag("--brief", [&](int64_t) { eval.explain = false; },
                     "Text: leave out each hit's explanation (rule location, values seen)");
  eval_cmd->add_flag("--fields", eval.show_fields,
                     "First print, per input variable, the fields the policies read (what the\n"
                     "decoders keep): `*` a whole value, `[...]` every entry of a list or map");
  eval_cmd->add_flag("--full-inputs", [&](int64_t) { eval.project = false; },
                     "Decode inputs whole instead of only the fields the policies read\n"
                     "(the decisions are the same; explanations may show more)");
  eval_cmd->add_option("--format", eval_format, "text (default) or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  AddEngineOption(eval_cmd, &eval.engine);

  std::string expr_text, expr_bindings;
  CLI::App* expr_cmd = app.add_subcommand(
      "expr", "Evaluate one CEL expression (a CEL calculator); prints a cel.expr.Value in proto3\n"
              "JSON, e.g. {\"int64Value\":\"3\"}, or {\"error\": ...}. Exit 1 on a parse or type error.");
  expr_cmd->add_option("expression", expr_text, "The expression, e.g. '[1, 2].map(x, x * 2)'")->required();
  expr_cmd->add_option("--bindings", expr_bindings,
                       "Variables as JSON: {\"x\": {\"int64Value\": \"3\"}}");

  AuditArgs audit;
  CLI::App* audit_cmd = app.add_subcommand(
      "audit", "Evaluate every object of a cluster snapshot (kubectl get ... -A -o json lists or\n"
               "manifests) as if it were being admitted and list which violate which policy,\n"
               "whatever the policies' modes.");
  audit_cmd->add_option("--policy,-p", audit.policy_paths, "Policy files or directories")->required();
  audit_cmd->add_option("--resources,-r", audit.resources, "Snapshot files")->required();
  audit_cmd->add_option("--data", audit.data, "Trivy JSON reports, for image_vulns()");
  audit_cmd->add_option("--format", audit.format, "table (default), json or policyreport")
      ->check(CLI::IsMember({"table", "json", "policyreport"}));
  AddEngineOption(audit_cmd, &audit.engine);

  CLI::App* learn_cmd = app.add_subcommand(
      "learn", "The baseline learner: ingest observed behaviour into a store (SQLite), show what it learned.");
  learn_cmd->require_subcommand(1);
  LearnIngestArgs learn_ingest;
  CLI::App* ingest_cmd = learn_cmd->add_subcommand(
      "ingest", "Read events into the store: rampart JSON lines, Tetragon JSON export, Falco JSON\n"
                "alerts, Hubble flows (`hubble observe -o json`); gzip accepted. A file already read\n"
                "continues where it stopped. Exit status: 0 done, 1 some lines were bad, 2 failure.");
  ingest_cmd->add_option("inputs", learn_ingest.inputs, "Files, or - for standard input")->required();
  ingest_cmd->add_option("--db", learn_ingest.db, "Store file (default rampart-learn.db)");
  ingest_cmd->add_option("--format", learn_ingest.format, "Summary: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  ingest_cmd->add_option("--input-format", learn_ingest.input_format,
                         "auto (default: per document), rampart, tetragon, falco or hubble")
      ->check(CLI::IsMember({"auto", "rampart", "tetragon", "falco", "hubble"}));
  ingest_cmd->add_option("--batch", learn_ingest.batch, "Documents per transaction (default 200000)");
  LearnStatusArgs learn_status;
  CLI::App* status_cmd = learn_cmd->add_subcommand(
      "status", "Workload versions in the store: events, time span, distinct behaviours per plane, and\n"
                "whether each baseline is ready (nothing new for the quiet window, no events lost).");
  status_cmd->add_option("--db", learn_status.db, "Store file (default rampart-learn.db)");
  status_cmd->add_option("--format", learn_status.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  status_cmd->add_option("--quiet-window", learn_status.quiet_window,
                         "Ready after nothing new for this long before the last event (default 24h)");
  status_cmd->add_option("--novelty-window", learn_status.novelty_window,
                         "Width of the windows new behaviours are counted in, in JSON (default 1h)");
  status_cmd->add_option("--count", learn_status.count,
                         "What is a behaviour: generalised (default: baseline entries as mining makes "
                         "them) or observed (stored observations, faster)")
      ->check(CLI::IsMember({"generalised", "observed"}));
  status_cmd->add_option("--picture", learn_status.picture,
                         "Write the cumulative distinct behaviours over time as SVG to this file");
  LearnEmitArgs learn_emit;
  CLI::App* emit_cmd = learn_cmd->add_subcommand(
      "emit", "Write one .rp baseline per workload version (runtime policies for execs, file opens and\n"
              "syscalls, and a network policy; mode monitor; evidence and generalisations in\n"
              "comments). The same history gives the same bytes.");
  emit_cmd->add_option("-o,--output", learn_emit.output_dir, "Directory to write into (created)")->required();
  emit_cmd->add_option("--workload", learn_emit.workload, "Only NAME, NAMESPACE/NAME or NAMESPACE/KIND/NAME");
  emit_cmd->add_option("--db", learn_emit.db, "Store file (default rampart-learn.db)");
  emit_cmd->add_option("--quiet-window", learn_emit.quiet_window,
                       "Each file's header says whether its baseline is ready, as learn status does "
                       "(default 24h)");
  emit_cmd->add_option("--format", learn_emit.format, "Summary: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));

  LearnDiffArgs learn_diff;
  CLI::App* diff_cmd = learn_cmd->add_subcommand(
      "diff", "Compare a reviewed baseline (.rp from learn emit, possibly edited) with what the store\n"
              "now shows for the same workload: entries added, removed and widened per plane.\n"
              "Exit status: 0 no differences, 1 differences, 2 failure.");
  diff_cmd->add_option("baseline", learn_diff.baseline, "The baseline file")->required();
  diff_cmd->add_option("--db", learn_diff.db, "Store file (default rampart-learn.db)");
  diff_cmd->add_option("--format", learn_diff.format, "text (default) or json (docs/learner.md)")
      ->check(CLI::IsMember({"text", "json"}));
  diff_cmd->add_option("--version", learn_diff.version,
                       "Store version to compare with: newest (default), baseline (the version\n"
                       "the file names), or a version or unique prefix of it (sha256:3f2a...)");

  LearnReplayArgs learn_replay;
  CLI::App* replay_cmd = learn_cmd->add_subcommand(
      "replay", "Replay held-out events against candidate baselines: per workload and rule, how many\n"
                "events they would flag, and block once promoted to mode enforce.");
  replay_cmd->add_option("--policy,-p", learn_replay.policy_paths, "Baseline (policy) files or directories")
      ->required();
  replay_cmd->add_option("--events,-e", learn_replay.event_files,
                         "History: rampart JSON lines, Tetragon, Falco or Hubble JSON; gzip accepted")
      ->required();
  replay_cmd->add_option("--input-format", learn_replay.input_format,
                         "auto (default: per document), rampart, tetragon, falco or hubble")
      ->check(CLI::IsMember({"auto", "rampart", "tetragon", "falco", "hubble"}));
  replay_cmd->add_option("--format", learn_replay.format, "text (default) or json (docs/learner.md)")
      ->check(CLI::IsMember({"text", "json"}));
  replay_cmd->add_option("--db", learn_replay.db,
                         "Store resolving peers known only by address (default rampart-learn.db, when it exists)");
  AddEngineOption(replay_cmd, &learn_replay.engine);

  app.add_subcommand("version", "Print the rampart version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }

  if (app.got_subcommand("check")) {
    check.format = format == "json" ? OutputFormat::kJson : OutputFormat::kText;
    check.color = color == "always" ? ColorMode::kAlways
                  : color == "never" ? ColorMode::kNever
                                     : ColorMode::kAuto;
    return RunCheck(check);
  }
  if (app.got_subcommand("fmt")) return RunFmt(fmt);
  if (app.got_subcommand("test")) return RunTests(test);
  if (app.got_subcommand("expr")) return RunExpr(expr_text, expr_bindings);
  if (app.got_subcommand("audit")) return RunAudit(audit);
  if (app.got_subcommand("eval")) {
    eval.json = eval_format == "json";
    return RunEval(eval);
  }
  if (ingest_cmd->parsed()) return RunLearnIngest(learn_ingest);
  if (status_cmd->parsed()) return RunLearnStatus(learn_status);
  if (emit_cmd->parsed()) return RunLearnEmit(learn_emit);
  if (diff_cmd->parsed()) return RunLearnDiff(learn_diff);
  if (replay_cmd->parsed()) {
    learn_replay.db_given = replay_cmd->count("--db") > 0;
    return RunLearnReplay(learn_replay);
  }
  if (app.got_subcommand("version")) {
    std::printf("%s\n", VersionString().c_str());
    return 0;
  }
  return kExitUsage;
}
