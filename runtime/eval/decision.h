#pragma once
// Combining policy evaluations into one decision per input (DESIGN.md "Decisions combine
// predictably"): admission — a deny in an enforce policy denies, warn policies warn, audit
// records; runtime — block beats alert beats allow; network — a deny rule denies, and a
// selected workload is default-deny for the directions its policy's `default` covers unless an
// allow rule matched. An evaluation error counts as the rule firing when the policy says
// `on error fail` (the default: fail closed), and is only reported with `on error skip`.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/eval/guard_index.h"
#include "runtime/exec/engine.h"

namespace rampart::runtime {

struct DecisionHit {
  uint32_t policy = ir::kNone;
  uint32_t rule = ir::kNone;  // kNone: the policy's default, or an error in its scope
  std::string action;         // the effective action after the policy's mode
  std::string message;
  // Why: the values the rule's condition read (source text, value), empty for defaults and
  // errors. The rule's location is program.policies[policy].rules[rule].source.
  std::vector<std::pair<std::string, Value>> observed;
};

struct Decision {
  std::string verdict;  // allow, deny, warn, audit (admission); allow, alert, block (runtime)
  std::vector<DecisionHit> hits;
  std::vector<std::string> errors;  // "package.policy[.rule]: message"
};

// Evaluates `policies` (indices into the interpreter's program) that apply to `input_kind`
// (admission, exec, open, connect, accept, syscall, flow) and combines their results.
// The policies that apply to each input kind (admission, exec, open, connect, accept,
// syscall, flow): built once per policy set, so a decision touches only its own policies.
//
// Built with an engine, it also holds each kind's guard index (runtime/eval/guard_index.h):
// decisions then run only the policies whose guards do not reject the input. Built from the
// program alone, every policy of the kind runs (the reference the guard tests compare with).
class PolicyIndex {
 public:
  PolicyIndex(const ir::Program& program, const std::vector<uint32_t>& policies);
  PolicyIndex(const Engine& engine, const std::vector<uint32_t>& policies);
  const std::vector<uint32_t>& For(const std::string& input_kind) const;
  // Null when built without an engine or when no policy of the kind is guarded.
  const GuardIndex* Guards(const std::string& input_kind) const;

  // What a decision needs of a policy besides running it, worked out once per policy set
  // (a decision compared mode, kind and action strings for every policy it ran).
  struct Facts {
    std::string qualified;                  // package.name, for messages
    std::vector<std::string> effective;     // per rule: its action once the mode applies
    std::vector<int> rank;                  // per rule: the rank of `effective`
    std::vector<bool> allows;               // per rule: `effective` is allow
    std::vector<std::string> fail_closed;   // per rule, then the scope: what an error counts as
    bool skip_errors = false;               // on error skip
    std::vector<std::string> deny_directions;   // network `default deny` directions ("" both)
    std::vector<std::string> runtime_defaults;  // runtime non-allow defaults, effective actions
    std::string network_isolation;          // the effective action of a network default deny
  };
  const Facts& FactsOf(uint32_t policy) const { return facts_[policy]; }

  // One input kind's policies (in decision order) and guard index.
  struct Kind {
    std::string name;
    std::vector<uint32_t> policies;
    std::unique_ptr<GuardIndex> guards;  // null when none of them is guarded
  };
  const Kind* Find(const std::string& input_kind) const;  // null: no policy of the kind

 private:
  Kind& KindNamed(const std::string& name);

  std::vector<Facts> facts_;  // by policy index (only the indexed policies are filled)
  std::vector<Kind> kinds_;   // by name
};

Decision Decide(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
                const Value& inputs, const BuiltinContext* context = nullptr);
// The same into `out` (cleared first), keeping the capacity of its vectors and strings: a
// caller deciding input after input with one Decision allocates nothing for an allowed
// flow or event, even one an allow rule admits (a rule with no explanation to record).
void Decide(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
            const Value& inputs, Decision* out, const BuiltinContext* context = nullptr);

// Decides every input of `inputs` (all of `input_kind`) on `threads` threads (1: this thread
// only); decision i is for inputs[i]. Engines, indexes and contexts are immutable, so
// concurrent decisions need no locks; each thread keeps its own scratch.
std::vector<Decision> DecideBatch(const Engine& engine, const PolicyIndex& index, const std::string& input_kind,
                                  const std::vector<Value>& inputs, unsigned threads,
                                  const BuiltinContext* context = nullptr);

// The same, indexing `policies` on the spot (tests and one-off decisions).
Decision Decide(const Engine& engine, const std::vector<uint32_t>& policies,
                const std::string& input_kind, const Value& inputs,
                const BuiltinContext* context = nullptr);

}  // namespace rampart::runtime
