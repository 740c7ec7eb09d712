#include "cli/eval_command.h"

#include "cli/program_loader.h"

#include <cstdio>

#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/projection.h"
#include "runtime/decode/trivy.h"
#include "runtime/eval/decision.h"
#include "runtime/value/json.h"
#include "runtime/value/value_ops.h"

namespace rampart::cli {
namespace {

using runtime::Value;

struct Input {
  std::string source;
  std::string kind;
  Value variables;
};

bool IsEventKind(const std::string& k) {
  return k == "exec" || k == "open" || k == "connect" || k == "accept" || k == "syscall" || k == "flow";
}

// JSON lines whose first object has an event kind are events; anything else is Kubernetes
// objects (manifests, lists, AdmissionReviews).
bool LooksLikeEvents(const std::string& text) {
  size_t end = text.find('\n');
  std::string first = text.substr(0, end);
  Value v;
  runtime::JsonError err;
  if (!runtime::ParseJson(first, &v, &err) || !v.is(runtime::ValueKind::kMap)) return false;
  const Value* kind = runtime::MapFind(v.map(), Value::String("kind"));
  return kind != nullptr && kind->is(runtime::ValueKind::kString) && IsEventKind(kind->text());
}

// What the decoders keep of each kind of document (runtime/decode/projection.h); null
// members keep everything.
struct Needs {
  const ir::FieldNode* review = nullptr;
  const ir::FieldNode* manifest = nullptr;
  const ir::FieldNode* event = nullptr;
};

bool LoadInputs(const std::string& path, const Needs& needs, std::vector<Input>* out, std::string* error) {
  std::string text, read_error;
  if (!driver::ReadFile(path, &text, &read_error)) {
    *error = "cannot read '" + path + "': " + read_error;
    return false;
  }
  runtime::DecodeError err;
  if (LooksLikeEvents(text)) {
    std::vector<runtime::EventInput> events;
    if (!runtime::DecodeEventLines(text, path, &events, &err, needs.event)) {
      *error = err.message;
      return false;
    }
    for (auto& e : events) out->push_back({e.source, e.kind, e.variables});
    return true;
  }
  if (text.find("\"AdmissionReview\"") != std::string::npos && text.find_first_not_of(" \t\r\n") != std::string::npos &&
      text[text.find_first_not_of(" \t\r\n")] == '{') {
    runtime::AdmissionInput in;
    if (!runtime::DecodeAdmissionReview(text, path, &in, &err, needs.review)) {
      *error = err.message;
      return false;
    }
    out->push_back({in.source, "admission", in.variables});
    return true;
  }
  std::vector<runtime::AdmissionInput> objects;
  if (!runtime::DecodeManifests(text, path, &objects, &err, needs.manifest)) {
    *error = err.message;
    return false;
  }
  for (auto& o : objects) out->push_back({o.source, "admission", o.variables});
  return true;
}

std::string Json(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

// "file:line:col" of a rule, or "" for defaults and scope errors.
std::string RuleLocation(const ir::Program& program, const runtime::DecisionHit& h) {
  if (h.rule == ir::kNone) return "";
  uint32_t src = program.policies[h.policy].rules[h.rule].source;
  if (src >= program.source_map.size()) return "";
  const ir::SourceLocation& l = program.source_map[src];
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

// A value as CEL source, shortened: explanations are for reading, not for round trips.
std::string Shown(const Value& v) {
  constexpr size_t kMax = 160;
  if (v.is(runtime::ValueKind::kError)) {
    return v.text().rfind("no such key", 0) == 0 ? "(absent)" : "(error: " + v.text() + ")";
  }
  std::string s = v.DebugString();
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

}  // namespace

int RunEval(const EvalArgs& args) {
  LoadedProgram loaded;
  if (int status = LoadProgram(args.policy_paths, args.data, &loaded, args.engine); status != 0) return status;
  const ir::Program* program = loaded.program.get();
  const runtime::Engine* interp = loaded.engine.get();
  const runtime::BuiltinContext& context = loaded.context;
  const runtime::PolicyIndex index(*loaded.engine, loaded.all_policies);
  std::string error;
  int status = 0;
  ir::FieldNode review = runtime::AdmissionReviewNeeds(loaded.usage);
  ir::FieldNode manifest = runtime::ManifestNeeds(loaded.usage);
  ir::FieldNode event = runtime::EventNeeds(loaded.usage);
  Needs needs;
  if (args.project) needs = {&review, &manifest, &event};
  if (args.show_fields) {
    // One line per input variable: what of it the policies read (`*` whole, `[...]` entries).
    for (const auto& [variable, node] : loaded.usage.fields) {
      std::printf("reads %s%s\n", variable.c_str(), ir::FieldNodeText(*node).c_str());
    }
  }
  for (const std::string& path : args.inputs) {
    std::vector<Input> inputs;
    if (!LoadInputs(path, needs, &inputs, &error)) {
      std::fprintf(stderr, "rampart: %s\n", error.c_str());
      status = 1;
      continue;
    }
    for (const Input& in : inputs) {
      runtime::Decision d = runtime::Decide(*interp, index, in.kind, in.variables, &context);
      if (args.json) {
        std::string line = "{\"input\":" + Json(in.source) + ",\"kind\":" + Json(in.kind) +
                           ",\"verdict\":" + Json(d.verdict) + ",\"results\":[";
        for (size_t i = 0; i < d.hits.size(); ++i) {
          const auto& h = d.hits[i];
          const ir::Policy& p = program->policies[h.policy];
          line += std::string(i ? "," : "") + "{\"policy\":" + Json((p.package.empty() ? "" : p.package + ".") + p.name) +
                  ",\"rule\":" + Json(h.rule != ir::kNone ? p.rules[h.rule].name : "") +
                  ",\"action\":" + Json(h.action) + ",\"message\":" + Json(h.message);
          if (std::string at = RuleLocation(*program, h); !at.empty()) line += ",\"location\":" + Json(at);
          if (!h.observed.empty()) {
            line += ",\"observed\":[";
            for (size_t k = 0; k < h.observed.size(); ++k) {
              line += std::string(k ? "," : "") + "{\"expr\":" + Json(h.observed[k].first) +
                      ",\"value\":" + Json(Shown(h.observed[k].second)) + "}";
            }
            line += "]";
          }
          line += "}";
        }
        line += "],\"errors\":[";
        for (size_t i = 0; i < d.errors.size(); ++i) line += std::string(i ? "," : "") + Json(d.errors[i]);
        std::printf("%s]}\n", line.c_str());
      } else {
        std::printf("%s (%s): %s\n", in.source.c_str(), in.kind.c_str(), d.verdict.c_str());
        for (const auto& h : d.hits) {
          const ir::Policy& p = program->policies[h.policy];
          std::printf("  %s by %s%s%s%s\n", h.action.c_str(), (p.package.empty() ? "" : p.package + ".").c_str(),
                      p.name.c_str(), h.rule != ir::kNone ? ("." + p.rules[h.rule].name).c_str() : "",
                      h.message.empty() ? "" : (": " + h.message).c_str());
          if (args.explain) {
            if (std::string at = RuleLocation(*program, h); !at.empty()) std::printf("    at %s\n", at.c_str());
            for (const auto& [expr, value] : h.observed) {
              std::printf("    saw %s = %s\n", expr.c_str(), Shown(value).c_str());
            }
          }
        }
        for (const std::string& e : d.errors) std::printf("  error: %s\n", e.c_str());
      }
    }
  }
  (void)loaded.compilation.release();
  return status;
}

}  // namespace rampart::cli
