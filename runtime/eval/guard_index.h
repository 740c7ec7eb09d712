#pragma once
// Decision structures over the compiler's guards (ir::Guard, compiler/lower/guard_finder.h):
// for one input kind, the policies whose guards reject an input are skipped without running
// them, so a decision's cost follows the policies that can match, not the size of the set.
//
// Per guarded field (such as `proc.name` or `workload.labels["app"]`) the index holds a hash
// table from value to the guards that accept it (`==`, `in` constant lists), one from prefix
// to guards (`startsWith`, glob prefixes) and one from suffix to guards (`endsWith`, glob
// suffixes), byte tries walked once per input (affix_trie.h), and an RE2::Set of the
// patterns of `matches` guards (one pass over the input for all of them). Only the most selective guard
// of each rule (and of each scope) is in the tables; its other guards are tested directly
// when that one accepts. A decision reads each field once:
//   - a string: only the guards the tables name accept it;
//   - absent or not a string: every guard on that field is undecided (accepts).
// A policy runs when none of its scope guards rejected and either it has no rule guards, some
// rule has no rejecting guard, or its scope (computed alone, once per distinct scope code,
// and only when needed — or shown unable to fail from the fields it reads) is an error —
// then the policy itself reports that error.
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
#include <unordered_set>
#include <vector>

#include "compiler/ir/ir.h"
#include "runtime/eval/affix_trie.h"
#include "runtime/eval/scope_precheck.h"
#include "runtime/eval/string_table.h"
#include "runtime/exec/engine.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace rampart::runtime {

class GuardIndex {
 public:
  // `policies` in decision order (all of one input kind). Guards whose constant lists are not
  // lists of strings are dropped (their policies always run).
  GuardIndex(const Engine& engine, const std::vector<uint32_t>& policies);
  ~GuardIndex();

  // Positions in `policies` to evaluate for `inputs`, ascending.
  void Select(const Engine& engine, const Value& inputs, const BuiltinContext* context,
              std::vector<uint32_t>* positions) const;

  size_t guarded() const { return guarded_count_; }

 private:
  struct RegexTable;  // guard_index.cc
  // Who a guard belongs to: a position and a slot, 0 for the scope, r + 1 for rule r.
  struct Owner {
    uint32_t position;
    uint32_t slot;
  };
  // The first (most selective) guard of every slot reading one field, in tables.
  struct Field {
    std::string input;
    uint32_t root = 0;  // index of `input` in roots_
    std::vector<std::string> path;
    StringTable equals;                           // value -> id into equal_owners
    std::vector<std::vector<Owner>> equal_owners;
    AffixTrie prefixes{false};                    // prefix -> id into prefix_owners
    std::vector<std::vector<Owner>> prefix_owners;
    AffixTrie suffixes{true};                     // suffix -> id into suffix_owners
    std::vector<std::vector<Owner>> suffix_owners;
    std::unique_ptr<RegexTable> regexes;          // `matches` guards: one RE2::Set
    std::vector<Owner> owners;           // all string guards (undecided when the field is not a string)
    std::unordered_map<int64_t, std::vector<Owner>> ints;  // integer equality
    std::vector<Owner> int_owners;       // all integer guards (undecided when the field is not an int)
  };
  // A further guard of a slot, tested directly once the slot's first guard accepted: a
  // slot's cost is paid only when its most selective guard lets the input through, so
  // a common value accepted by a loose guard (`proc.name in shells`) costs nothing when
  // the tighter one (`parent.name in apps`) rejects.
  struct Check {
    uint32_t field = 0;  // index into fields_
    ir::Guard::Kind kind = ir::Guard::Kind::kEquals;
    std::vector<std::string_view> affixes;        // kPrefix, kSuffix
    StringTable equals;                           // kEquals, kIn over strings
    bool integer = false;                         // kEquals over integers:
    std::unordered_set<int64_t> ints;
    std::shared_ptr<const re2::RE2> regex;        // kMatches (null: the pattern did not compile)
    // False only when `value` is of the guard's kind and rejected.
    bool Accepts(const Value& value) const;
  };
  // A guarded policy.
  struct Guarded {
    bool scope_guarded = false;
    std::vector<Check> scope_checks;
    bool rules_guarded = false;
    std::vector<std::vector<Check>> rule_checks;  // per rule
    uint32_t scope_function = ir::kNone;          // with rule guards: its scope alone
  };

  uint32_t FieldOf(const ir::Program& program, const ir::Guard& guard);
  uint32_t FieldOf(std::string input, std::vector<std::string> path);
  // A guard's constants: strings, or (integer equality) integers.
  struct Constants {
    std::vector<std::string> texts;
    std::vector<int64_t> ints;
    bool integer = false;
  };
  void Index(const ir::Program& program, const ir::Guard& guard, Owner owner, const Constants& constants);
  Check MakeCheck(const ir::Program& program, const ir::Guard& guard, const Constants& constants);

  std::vector<uint32_t> always_;                  // unguarded positions, ascending
  std::vector<Guarded> guarded_;      // the guarded policies
  std::vector<uint32_t> guarded_at_;  // by position: index into guarded_, or kNone
  size_t guarded_count_ = 0;
  std::vector<std::unique_ptr<Field>> fields_;
  std::vector<std::string> roots_;  // the input variables the fields are under, each once
  std::deque<std::string> check_texts_;  // what the checks' views point into
  // Per scope function: the fields whose presence and kinds show it cannot fail
  // (scope_precheck.h), when that can be shown; then it is run only when they do not hold.
  // The fields are fields_ (read once per decision, as the guards' are), with their kinds.
  std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, ValueKind>>> prechecks_;
  // Rule-guarded policies without a scope guard: their scopes must be checked for errors
  // on every decision (one evaluation per distinct scope function).
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> unscoped_by_function_;
};

}  // namespace rampart::runtime
