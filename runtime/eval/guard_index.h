#pragma once
// Decision structures over the compiler's guards (ir::Guard, compiler/lower/guard_finder.h):
// for one input kind, the policies whose guards reject an input are skipped without running
// them, so a decision's cost follows the policies that can match, not the size of the set.
//
// Per guarded field (such as `proc.name` or `workload.labels["app"]`) the index holds a hash
// table from value to the guards that accept it (`==`, `in` constant lists), one from prefix
// to guards (`startsWith`, glob prefixes) and one from suffix to guards (`endsWith`, glob
// suffixes), probed once per distinct prefix or suffix length. A
// decision reads each field once:
//   - a string: only the guards the tables name accept it;
//   - absent or not a string: every guard on that field is undecided, so its policies run.
// A policy runs when none of its scope guards rejected and either it has no rule guards, some
// rule has no rejecting guard, or its scope (computed alone, once per distinct scope code,
// and only when needed) is an error — then the policy itself reports that error.
// What a policy would have done when it is skipped: nothing (no firing, no error, not in
// scope); `tests/runtime/guard_index_test.cc` checks decisions with and without the index.
//
// Immutable after construction; Select may run concurrently.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/exec/engine.h"

namespace rampart::runtime {

class GuardIndex {
 public:
  // `policies` in decision order (all of one input kind). Guards whose constant lists are not
  // lists of strings are dropped (their policies always run).
  GuardIndex(const Engine& engine, const std::vector<uint32_t>& policies);

  // Positions in `policies` to evaluate for `inputs`, ascending.
  void Select(const Engine& engine, const Value& inputs, const BuiltinContext* context,
              std::vector<uint32_t>* positions) const;

  size_t guarded() const { return guarded_count_; }

 private:
  // Who a guard belongs to: a position and a slot, 0 for the scope, r + 1 for rule r.
  struct Owner {
    uint32_t position;
    uint32_t slot;
  };
  // Every guard reading one field. The tables' keys view strings in `keys` (a deque: they
  // never move), so a probe with a prefix of the input needs no copy.
  struct Field {
    std::string input;
    std::vector<std::string> path;
    std::deque<std::string> keys;
    std::unordered_map<std::string_view, std::vector<Owner>> equals;
    std::unordered_map<std::string_view, std::vector<Owner>> prefixes;
    std::vector<size_t> prefix_lengths;  // distinct, ascending
    std::unordered_map<std::string_view, std::vector<Owner>> suffixes;
    std::vector<size_t> suffix_lengths;  // distinct, ascending
    std::vector<Owner> owners;           // all of them (the field is not a string)
  };
  // A guarded policy: how many guards each slot has (all must accept for the scope to
  // hold or the rule to fire).
  struct Guarded {
    uint32_t scope_guards = 0;
    std::vector<uint32_t> rule_guards;    // per rule; empty: the rules are not guarded
    uint32_t scope_function = ir::kNone;  // with rule guards: its scope alone
  };

  void Add(const ir::Program& program, const ir::Guard& guard, Owner owner,
           const std::vector<std::string>* list);

  std::vector<uint32_t> always_;                  // unguarded positions, ascending
  std::unordered_map<uint32_t, Guarded> guarded_;  // by position
  size_t guarded_count_ = 0;
  std::vector<std::unique_ptr<Field>> fields_;
  // Rule-guarded policies without a scope guard: their scopes must be checked for errors
  // on every decision (one evaluation per distinct scope function).
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> unscoped_by_function_;
};

}  // namespace rampart::runtime
