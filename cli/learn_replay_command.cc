#include "cli/learn_replay_command.h"

#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/program_loader.h"
#include "compiler/source/quoting.h"
#include "learner/identity/workload_identity.h"
#include "learner/ingest/ingester.h"
#include "learner/replay/replay_addresses.h"
#include "learner/replay/replay_reader.h"
#include "learner/store/sqlite_store.h"
#include "runtime/decode/events.h"
#include "runtime/eval/decision.h"
#include "runtime/value/value_ops.h"

namespace rampart::cli {
namespace {

using runtime::Value;
using runtime::ValueKind;

std::string Text(const Value* v) {
  return v != nullptr && v->is(ValueKind::kString) ? v->text() : "";
}

// The event with `workload.kind` and `workload.name` filled in from the pod name and labels
// when the source did not send them.
Value WithOwner(const Value& variables) {
  const Value* workload = runtime::Member(variables, "workload");
  if (workload == nullptr || !workload->is(ValueKind::kMap)) return variables;
  if (!Text(runtime::Member(*workload, "kind")).empty() &&
      !Text(runtime::Member(*workload, "name")).empty()) {
    return variables;
  }
  learner::Labels labels;
  if (const Value* l = runtime::Member(*workload, "labels");
      l != nullptr && l->is(ValueKind::kMap)) {
    for (const auto& [k, v] : l->map()) {
      if (k.is(ValueKind::kString) && v.is(ValueKind::kString))
        labels.emplace_back(k.text(), v.text());
    }
  }
  std::string kind, name, rule;
  learner::DeriveOwner(Text(runtime::Member(*workload, "pod")), &labels, &kind, &name, &rule);
  runtime::ValueMap w = workload->map();
  auto set = [&w](const char* key, const std::string& value) {
    if (value.empty() || !Text(runtime::FindStringKey(w, key)).empty()) return;
    for (auto& [k, v] : w) {
      if (k.is(ValueKind::kString) && k.text() == key) {
        v = Value::String(value);
        return;
      }
    }
    w.emplace_back(Value::String(key), Value::String(value));
  };
  set("kind", kind);
  set("name", name);
  runtime::ValueMap out = variables.map();
  for (auto& [k, v] : out) {
    if (k.is(ValueKind::kString) && k.text() == "workload") v = Value::Map(std::move(w));
  }
  return Value::Map(std::move(out));
}

struct WorkloadTally {
  long events = 0, flagged = 0, would_block = 0;
};
struct RuleTally {
  std::string action;    // effective (after the policy's mode)
  std::string declared;  // as written: what enforce mode would do
  long events = 0;
};

std::string Json(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

}  // namespace

int RunLearnReplay(const LearnReplayArgs& args) {
  if (!learner::IsInputFormat(args.input_format)) {
    std::fprintf(stderr, "rampart learn replay: unknown --input-format '%s'\n",
                 args.input_format.c_str());
    return kExitUsage;
  }
  LoadedProgram loaded;
  if (int status = LoadProgram(args.policy_paths, {}, &loaded, args.engine); status != 0)
    return status;
  const ir::Program& program = loaded.engine->program();
  const runtime::PolicyIndex index(*loaded.engine, loaded.all_policies);
  // The store resolves peers known only by address; without one they stay addresses.
  std::unique_ptr<learner::SqliteStore> store;
  std::unique_ptr<learner::ReplayAddresses> addresses;
  struct stat st;
  if (args.db_given || stat(args.db.c_str(), &st) == 0) {
    std::string error;
    learner::SqliteStore::Options options;
    options.create = false;
    store = learner::SqliteStore::Open(args.db, options, &error);
    if (store == nullptr) {
      std::fprintf(stderr, "rampart learn replay: %s\n", error.c_str());
      return kExitUsage;
    }
    addresses = std::make_unique<learner::ReplayAddresses>(store.get());
  }
  learner::ReplayRewrite resolve;
  if (addresses != nullptr) {
    resolve = [&addresses](learner::DecodedDocument* doc, int64_t* changed, std::string* error) {
      return addresses->Resolve(doc, changed, error);
    };
  }
  long resolved = 0;
  std::map<std::string, WorkloadTally> workloads;
  std::map<std::string, RuleTally> rules;
  long events = 0, ignored = 0;
  for (const std::string& path : args.event_files) {
    std::string error;
    std::unique_ptr<learner::ReplayReader> reader =
        learner::ReplayReader::Open(path, args.input_format, &error, resolve);
    if (reader == nullptr) {
      std::fprintf(stderr, "rampart learn replay: %s\n", error.c_str());
      return kExitUsage;
    }
    learner::ReplayDocument doc;
    for (;;) {
      learner::ReplayReader::Next next = reader->Read(&doc, &error);
      if (next == learner::ReplayReader::Next::kError) {
        std::fprintf(stderr, "rampart learn replay: %s\n", error.c_str());
        return kExitUsage;
      }
      if (next == learner::ReplayReader::Next::kEnd) break;
      if (!doc.bad.empty()) {
        std::fprintf(
            stderr,
            "rampart learn replay: %s: %s (`rampart learn ingest` counts and skips bad lines)\n",
            doc.where.c_str(), doc.bad.c_str());
        return 1;
      }
      if (doc.inputs.empty()) {
        ++ignored;
        continue;
      }
      resolved += long(doc.resolved_peers);
      ++events;
      // One document is one event of each workload it concerns (a Hubble flow: client and
      // server), flagged when any of its inputs (a connect and its flow) was.
      struct Outcome {
        bool flagged = false, blocks = false;
      };
      std::map<std::string, Outcome> outcomes;
      std::set<std::string> rules_hit;
      for (const learner::ReplayInput& input : doc.inputs) {
        runtime::EventInput e;
        runtime::DecodeError err;
        if (!runtime::DecodeEvent(input.json, doc.where, &e, &err)) {
          std::fprintf(stderr, "rampart learn replay: %s\n", err.message.c_str());
          return 1;
        }
        Value vars = WithOwner(e.variables);
        const Value* w = runtime::Member(vars, "workload");
        std::string key = w == nullptr ? "(no workload)"
                                       : Text(runtime::Member(*w, "namespace")) + "/" +
                                             Text(runtime::Member(*w, "kind")) + "/" +
                                             Text(runtime::Member(*w, "name"));
        runtime::Decision d = runtime::Decide(*loaded.engine, index, e.kind, vars, &loaded.context);
        Outcome& o = outcomes[key];
        for (const runtime::DecisionHit& h : d.hits) {
          if (h.action == "allow") continue;
          const ir::Policy& p = program.policies[h.policy];
          std::string declared = h.rule != ir::kNone ? p.rules[h.rule].action : h.action;
          if (h.rule == ir::kNone) {
            for (const auto& [direction, action] : p.defaults) {
              if (action != "allow") declared = action;
            }
          }
          o.flagged = true;
          o.blocks = o.blocks || declared == "block" || declared == "deny";
          std::string name = (p.package.empty() ? "" : p.package + ".") + p.name + "." +
                             (h.rule != ir::kNone ? p.rules[h.rule].name : "(default)");
          RuleTally& r = rules[name];
          r.action = h.action;
          r.declared = declared;
          if (rules_hit.insert(name).second) ++r.events;
        }
      }
      for (const auto& [key, o] : outcomes) {
        WorkloadTally& t = workloads[key];
        ++t.events;
        t.flagged += o.flagged;
        t.would_block += o.blocks;
      }
    }
  }
  auto rate = [](long part, long whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; };
  if (args.format == "json") {
    std::string out = "{\"events\":" + std::to_string(events) +
                      ",\"ignored\":" + std::to_string(ignored) +
                      ",\"resolved_peers\":" + std::to_string(resolved) + ",\"workloads\":[";
    bool first = true;
    for (const auto& [key, t] : workloads) {
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.2f", rate(t.flagged, t.events));
      out +=
          std::string(first ? "" : ",") + "{\"workload\":" + Json(key) +
          ",\"events\":" + std::to_string(t.events) + ",\"flagged\":" + std::to_string(t.flagged) +
          ",\"would_block\":" + std::to_string(t.would_block) + ",\"flagged_percent\":" + pct + "}";
      first = false;
    }
    out += "],\"rules\":[";
    first = true;
    for (const auto& [name, r] : rules) {
      out += std::string(first ? "" : ",") + "{\"rule\":" + Json(name) +
             ",\"action\":" + Json(r.action) + ",\"enforced_action\":" + Json(r.declared) +
             ",\"events\":" + std::to_string(r.events) + "}";
      first = false;
    }
    std::printf("%s]}\n", out.c_str());
    return 0;
  }
  std::printf("replayed %ld events against %zu policies", events, program.policies.size());
  if (ignored > 0) std::printf(" (%ld documents without behaviour skipped)", ignored);
  if (resolved > 0) std::printf(" (%ld peers known only by address resolved through the store)", resolved);
  std::printf("\n\n");
  std::printf("%-44s %8s %8s %12s %8s\n", "WORKLOAD", "EVENTS", "FLAGGED", "WOULD BLOCK", "RATE");
  for (const auto& [key, t] : workloads) {
    std::printf("%-44s %8ld %8ld %12ld %7.1f%%\n", key.c_str(), t.events, t.flagged, t.would_block,
                rate(t.flagged, t.events));
  }
  if (!rules.empty()) {
    std::printf("\n%-64s %-8s %-8s %8s\n", "RULE", "ACTION", "ENFORCED", "EVENTS");
    for (const auto& [name, r] : rules) {
      std::printf("%-64s %-8s %-8s %8ld\n", name.c_str(), r.action.c_str(), r.declared.c_str(),
                  r.events);
    }
  }
  return 0;
}

}  // namespace rampart::cli
