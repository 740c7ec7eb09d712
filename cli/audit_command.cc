// `rampart audit`: every object of a cluster snapshot (`kubectl get ... -A -o json` lists or
// manifests) evaluated as if it were being admitted, reporting which workloads violate which
// policy regardless of the policies' modes — the answer to "which running workloads does this
// CVE or this rule affect". Formats: a table, JSON lines, or a wg-policy PolicyReport.

#include <cstdio>
#include <map>

#include "cli/commands.h"
#include "cli/program_loader.h"
#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/projection.h"
#include "runtime/decode/trivy.h"
#include "runtime/eval/decision.h"
#include "runtime/value/value_ops.h"

namespace rampart::cli {
namespace {

using runtime::Value;

std::string Field(const Value& v, std::initializer_list<const char*> path) {
  const Value* node = &v;
  for (const char* step : path) {
    node = node->is(runtime::ValueKind::kMap) ? runtime::MapFind(node->map(), Value::String(step)) : nullptr;
    if (node == nullptr) return "";
  }
  return node->is(runtime::ValueKind::kString) ? node->text() : "";
}

std::string Yaml(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

struct Finding {
  std::string api_version, kind, ns, name;
  std::string policy, rule, action, message, severity;
  bool error = false;
};

}  // namespace

int RunAudit(const AuditArgs& args) {
  LoadedProgram loaded;
  if (int status = LoadProgram(args.policy_paths, args.data, &loaded, args.engine); status != 0) return status;
  const ir::Program* program = loaded.program.get();
  const runtime::Engine* interp = loaded.engine.get();
  const runtime::BuiltinContext& context = loaded.context;
  const runtime::PolicyIndex index(*loaded.engine, loaded.all_policies);
  std::vector<Finding> findings;
  size_t resources = 0, violating = 0, passing = 0;
  // A snapshot of a cluster is large; keep only what the policies (and this report) read.
  ir::FieldNode need = runtime::ManifestNeeds(loaded.usage);
  for (const std::string& path : args.resources) {
    std::string text, read_error;
    if (!driver::ReadFile(path, &text, &read_error)) {
      std::fprintf(stderr, "rampart: cannot read '%s': %s\n", path.c_str(), read_error.c_str());
      return kExitUsage;
    }
    std::vector<runtime::AdmissionInput> objects;
    runtime::DecodeError err;
    if (!runtime::DecodeManifests(text, path, &objects, &err, &need)) {
      std::fprintf(stderr, "rampart: %s\n", err.message.c_str());
      return 1;
    }
    for (const runtime::AdmissionInput& in : objects) {
      ++resources;
      const Value* object = runtime::MapFind(in.variables.map(), Value::String("object"));
      runtime::Decision d = runtime::Decide(*interp, index, "admission", in.variables, &context);
      bool any = false;
      for (const runtime::DecisionHit& h : d.hits) {
        const ir::Policy& p = program->policies[h.policy];
        Finding f{Field(*object, {"apiVersion"}), Field(*object, {"kind"}),
                  Field(*object, {"metadata", "namespace"}), Field(*object, {"metadata", "name"}),
                  (p.package.empty() ? "" : p.package + ".") + p.name,
                  h.rule != ir::kNone ? p.rules[h.rule].name : "", h.action, h.message, p.severity,
                  h.message.rfind("evaluation error", 0) == 0};
        findings.push_back(std::move(f));
        any = true;
      }
      any ? ++violating : ++passing;
    }
  }
  if (args.format == "json") {
    for (const Finding& f : findings) {
      std::printf("{\"resource\":{\"apiVersion\":%s,\"kind\":%s,\"namespace\":%s,\"name\":%s},"
                  "\"policy\":%s,\"rule\":%s,\"action\":%s,\"severity\":%s,\"message\":%s}\n",
                  Yaml(f.api_version).c_str(), Yaml(f.kind).c_str(), Yaml(f.ns).c_str(), Yaml(f.name).c_str(),
                  Yaml(f.policy).c_str(), Yaml(f.rule).c_str(), Yaml(f.action).c_str(),
                  Yaml(f.severity).c_str(), Yaml(f.message).c_str());
    }
  } else if (args.format == "policyreport") {
    size_t errors = 0;
    for (const Finding& f : findings) errors += f.error;
    std::printf("apiVersion: wgpolicyk8s.io/v1alpha2\nkind: ClusterPolicyReport\nmetadata:\n  name: rampart-audit\n");
    std::printf("summary:\n  pass: %zu\n  fail: %zu\n  warn: 0\n  error: %zu\n  skip: 0\nresults:\n", passing,
                findings.size() - errors, errors);
    for (const Finding& f : findings) {
      std::printf("- source: rampart\n  policy: %s\n  rule: %s\n  result: %s\n  message: %s\n",
                  Yaml(f.policy).c_str(), Yaml(f.rule).c_str(), f.error ? "error" : "fail", Yaml(f.message).c_str());
      if (!f.severity.empty()) std::printf("  severity: %s\n", f.severity.c_str());
      std::printf("  properties:\n    action: %s\n  resources:\n  - apiVersion: %s\n    kind: %s\n    name: %s\n",
                  f.action.c_str(), Yaml(f.api_version).c_str(), Yaml(f.kind).c_str(), Yaml(f.name).c_str());
      if (!f.ns.empty()) std::printf("    namespace: %s\n", Yaml(f.ns).c_str());
    }
  } else {
    std::printf("%-40s %-44s %-7s %s\n", "RESOURCE", "POLICY.RULE", "ACTION", "MESSAGE");
    std::map<std::string, size_t> per_policy;
    for (const Finding& f : findings) {
      std::string resource = f.kind + " " + (f.ns.empty() ? "" : f.ns + "/") + f.name;
      std::string rule = f.policy + (f.rule.empty() ? "" : "." + f.rule);
      std::printf("%-40s %-44s %-7s %s\n", resource.c_str(), rule.c_str(), f.action.c_str(), f.message.c_str());
      ++per_policy[f.policy];
    }
    std::printf("\n%zu resources: %zu violate a policy, %zu pass\n", resources, violating, passing);
    for (const auto& [policy, n] : per_policy) std::printf("  %4zu findings  %s\n", n, policy.c_str());
  }
  (void)loaded.compilation.release();
  return 0;
}

}  // namespace rampart::cli
