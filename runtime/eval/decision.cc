#include "runtime/eval/decision.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

// Severity order of verdicts within a plane.
int Rank(const std::string& v) {
  if (v == "deny" || v == "block") return 3;
  if (v == "warn" || v == "alert") return 2;
  if (v == "audit") return 1;
  return 0;
}


// The action a fired rule has once the policy's mode applies.
std::string Effective(const ir::Policy& p, const std::string& action) {
  if (p.kind == "admission") {
    if (p.mode == "warn" && action == "deny") return "warn";
    if (p.mode == "audit" && (action == "deny" || action == "warn")) return "audit";
  }
  if ((p.kind == "runtime" || p.kind == "network") && p.mode == "monitor") {
    if (action == "block") return "alert";
    if (action == "deny" && p.kind == "network") return "alert";
  }
  return action;
}

// What a failing rule (or scope) counts as under `on error fail`.
std::string FailClosedAction(const ir::Policy& p, uint32_t rule) {
  if (rule != ir::kNone && rule < p.rules.size()) {
    const std::string& a = p.rules[rule].action;
    if (a == "deny" || a == "block" || a == "warn" || a == "alert" || a == "audit") return a;
  }
  return p.kind == "runtime" ? "block" : "deny";
}

std::string_view FlowDirection(const Value& inputs) {
  const Value* d = inputs.is(ValueKind::kMap) ? FindStringKey(inputs.map(), "direction") : nullptr;
  return d != nullptr && d->is(ValueKind::kString) ? std::string_view(d->text()) : std::string_view();
}

const std::string kAllow = "allow";

}  // namespace

PolicyIndex::PolicyIndex(const ir::Program& program, const std::vector<uint32_t>& policies) {
  facts_.resize(program.policies.size());
  for (uint32_t index : policies) {
    const ir::Policy& p = program.policies[index];
    Facts& f = facts_[index];
    f.qualified = (p.package.empty() ? "" : p.package + ".") + p.name;
    for (uint32_t r = 0; r <= p.rules.size(); ++r) {
      const uint32_t rule = r < p.rules.size() ? r : ir::kNone;
      if (rule != ir::kNone) {
        f.effective.push_back(Effective(p, p.rules[r].action));
        f.rank.push_back(Rank(f.effective.back()));
        f.allows.push_back(f.effective.back() == "allow");
      }
      f.fail_closed.push_back(Effective(p, FailClosedAction(p, rule)));
    }
    f.skip_errors = p.on_error == "skip";
    for (const auto& [dir, action] : p.defaults) {
      if (action == "deny") f.deny_directions.push_back(dir);
      if (action != "allow") f.runtime_defaults.push_back(Effective(p, action));
    }
    f.network_isolation = Effective(p, "deny");
    if (p.kind == "admission") KindNamed("admission").policies.push_back(index);
    if (p.kind == "network") KindNamed("flow").policies.push_back(index);
    if (p.kind == "runtime") {
      for (const std::string& kind : p.event_kinds) KindNamed(kind).policies.push_back(index);
    }
  }
}

PolicyIndex::PolicyIndex(const Engine& engine, const std::vector<uint32_t>& policies)
    : PolicyIndex(engine.program(), policies) {
  for (Kind& kind : kinds_) {
    auto guards = std::make_unique<GuardIndex>(engine, kind.policies);
    if (guards->guarded() > 0) kind.guards = std::move(guards);
  }
}

PolicyIndex::Kind& PolicyIndex::KindNamed(const std::string& name) {
  for (Kind& k : kinds_) {
    if (k.name == name) return k;
  }
  // Sorted by name, as the std::map this was: callers iterate in that order.
  auto at = std::lower_bound(kinds_.begin(), kinds_.end(), name,
                             [](const Kind& k, const std::string& n) { return k.name < n; });
  return *kinds_.insert(at, Kind{name, {}, nullptr});
}

const PolicyIndex::Kind* PolicyIndex::Find(const std::string& input_kind) const {
  // A handful of kinds: a scan by length and bytes beats a tree of string compares.
  for (const Kind& k : kinds_) {
    if (k.name.size() == input_kind.size() && k.name == input_kind) return &k;
  }
  return nullptr;
}

const GuardIndex* PolicyIndex::Guards(const std::string& input_kind) const {
  const Kind* k = Find(input_kind);
  return k == nullptr ? nullptr : k->guards.get();
}

const std::vector<uint32_t>& PolicyIndex::For(const std::string& input_kind) const {
  static const std::vector<uint32_t> kNone;
  const Kind* k = Find(input_kind);
  return k == nullptr ? kNone : k->policies;
}

Decision Decide(const Engine& engine, const std::vector<uint32_t>& policies,
                const std::string& input_kind, const Value& inputs, const BuiltinContext* context) {
  return Decide(engine, PolicyIndex(engine.program(), policies), input_kind, inputs, context);
}

Decision Decide(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
                const Value& inputs, const BuiltinContext* context) {
  Decision d;
  Decide(engine, index, input_kind, inputs, &d, context);
  return d;
}

void Decide(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
            const Value& inputs, Decision* out, const BuiltinContext* context) {
  const PolicyIndex::Kind* kind = index.Find(input_kind);
  static const std::vector<uint32_t> kNone;
  const std::vector<uint32_t>& kind_policies = kind == nullptr ? kNone : kind->policies;
  auto index_facts = [&index](uint32_t policy) -> const PolicyIndex::Facts& { return index.FactsOf(policy); };
  // The policies to run: all of the kind, or those the guard index does not rule out.
  thread_local std::vector<uint32_t> selected;
  const std::vector<uint32_t>* run = &kind_policies;
  if (const GuardIndex* guards = kind == nullptr ? nullptr : kind->guards.get()) {
    thread_local std::vector<uint32_t> positions;
    guards->Select(engine, inputs, context, &positions);
    selected.clear();
    for (uint32_t pos : positions) selected.push_back(kind_policies[pos]);
    run = &selected;
  }
  const std::vector<uint32_t>& policies = *run;
  const ir::Program& program = engine.program();
  const bool network = input_kind == "flow";
  const bool runtime = !network && input_kind != "admission";
  Decision& d = *out;
  d.hits.clear();
  d.errors.clear();
  int best = 0;
  const std::string* best_verdict = &kAllow;  // actions live in the index's facts
  auto record = [&](uint32_t policy, uint32_t rule, const std::string& action, int rank, std::string message,
                    std::vector<std::pair<std::string, Value>> observed = {}) {
    d.hits.push_back({policy, rule, action, std::move(message), std::move(observed)});
    if (rank > best) {  // "allow" ranks 0: it never becomes the verdict here
      best = rank;
      best_verdict = &action;
    }
  };
  // Network: the union of allows across every policy selecting the workload (Kubernetes
  // NetworkPolicy semantics): a covered direction is denied only if no selecting policy
  // allows the flow. Explicit deny rules win over allows.
  thread_local std::vector<uint32_t> covering;  // policies whose default denies this flow's direction
  covering.clear();
  bool network_allowed = false;
  const std::string_view direction = network ? FlowDirection(inputs) : std::string_view();
  for (uint32_t index : policies) {
    const ir::Policy& p = program.policies[index];
    const PolicyIndex::Facts& facts = index_facts(index);
    thread_local PolicyEvaluation e;  // reused: its vectors keep their capacity
    engine.EvaluateInto(index, inputs, context, &e);
    bool allowed_by_rule = false;
    for (RuleFiring& f : e.fired) {
      const std::string& action = facts.effective[f.rule];
      if (facts.allows[f.rule]) allowed_by_rule = true;
      record(index, f.rule, action, facts.rank[f.rule], f.message.value_or(""), std::move(f.observed));
    }
    for (const EvaluationError& err : e.errors) {
      std::string where = facts.qualified + (err.rule != ir::kNone ? "." + p.rules[err.rule].name : "");
      d.errors.push_back(where + ": " + err.message);
      if (!facts.skip_errors && !err.message_only) {
        const std::string& action = facts.fail_closed[err.rule < p.rules.size() ? err.rule : p.rules.size()];
        record(index, err.rule, action, Rank(action), "evaluation error: " + err.message);
      }
    }
    if (network && e.in_scope) {
      network_allowed = network_allowed || allowed_by_rule;
      for (const std::string& dir : facts.deny_directions) {
        if (dir.empty() || dir == direction) {
          covering.push_back(index);
          break;
        }
      }
    }
    // Runtime defaults (baselines): an event in scope that no allow rule matched.
    if (runtime && e.in_scope && !allowed_by_rule) {
      for (const std::string& action : facts.runtime_defaults) {
        record(index, ir::kNone, action, Rank(action), "not in the allowed behaviour of " + facts.qualified);
      }
    }
  }
  if (network && !covering.empty() && !network_allowed) {
    for (uint32_t index : covering) {
      const PolicyIndex::Facts& facts = index_facts(index);
      record(index, ir::kNone, facts.network_isolation, Rank(facts.network_isolation),
             "the workload is isolated by " + facts.qualified + " and no policy allows this " +
                 (direction.empty() ? std::string("flow") : std::string(direction) + " flow"));
    }
  }
  d.verdict = *best_verdict;
}

std::vector<Decision> DecideBatch(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
                                  const std::vector<Value>& inputs, unsigned threads,
                                  const BuiltinContext* context) {
  std::vector<Decision> out(inputs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) out[i] = Decide(engine, index, input_kind, inputs[i], context);
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads && t < inputs.size(); ++t) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();
  return out;
}

}  // namespace rampart::runtime
