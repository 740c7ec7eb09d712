#pragma once
// rampart's intermediate representation: a flat, index-based register machine (design:
// docs/design/ir.md). Produced by compiler/lower from checked ASTs, verified by verifier.h,
// executed by the interpreter and compiled by the JIT. No pointers: every reference is an
// index into a table of the Program or Function, so the IR maps one-to-one onto protobuf
// messages for bundles.

#include <cstdint>
#include <string>
#include <vector>

namespace rampart::ir {

inline constexpr uint32_t kNone = 0xffffffffu;

enum class Op : uint8_t {
  kConst,        // dst = constants[a]
  kInput,        // dst = the input variable inputs[a]
  kGlobal,       // dst = the value of global a (a constant, evaluated once per program)
  kMove,         // dst = r[a]
  kMakeList,     // dst = [r[operands[a]], ... b of them]
  kMakeMap,      // dst = {r[operands[a]]: r[operands[a+1]], ... b entries}
  kSelect,       // dst = r[a].strings[b]; an absent field is an error value
  kHas,          // dst = has(r[a].strings[b])
  kCall,         // dst = overloads[c](operands[a .. a+b))
  kConcat,       // dst = operands[a] + ... + operands[a+b-1], b >= 2 strings: `+` chains of
                 // add_string, built once (errors and kinds as the chain of calls would give)
  kDispatch,     // dst = one of candidate_sets[c] chosen by argument kinds, on operands[a .. a+b)
  kInvoke,       // dst = functions[c](operands[a .. a+b)) — a helper (`def`)
  kNot,          // dst = !r[a]
  kAnd,          // dst = r[a] && r[b], both evaluated: false absorbs errors
  kOr,           // dst = r[a] || r[b], both evaluated: true absorbs errors
  kAssertBool,   // dst = r[a] if it is a bool or an error, else an error
  kJump,         // goto a
  kJumpIfFalse,  // if r[a] is false: goto b
  kJumpIfTrue,   // if r[a] is true: goto b
  kJumpIfError,  // if r[a] is an error: goto b
  kIterInit,     // dst = an iterator over r[a] (list elements or map keys; else an error)
  kIterNext,     // dst = next element of iterator r[a]; when exhausted: goto b. With c (two
                 // variables): dst = the index (list) or key (map), r[c] = the element or value
  kAppend,       // dst = r[dst] + [r[a]]
  kMapInsert,    // dst = r[dst] with the entry r[a]: r[b] added (keys are known to be new)
  kInScope,      // the policy's scope (match/when/select) held: its rules now apply
  kObserve,      // the next kFire's explanation shows r[a] as the value of strings[b] (source text)
  kFire,         // rule a of the policy fired; message r[b] (kNone: no message)
  kFail,         // evaluating rule a (kNone: the policy's scope) gave the error r[b]
  kReturn,       // return r[a] (kNone: nothing)
};

const char* OpName(Op op);

struct Instr {
  Op op;
  uint32_t dst = kNone;
  uint32_t a = kNone;
  uint32_t b = kNone;
  uint32_t c = kNone;
  uint32_t source = kNone;  // index into Program::source_map
};

struct Constant {
  enum class Kind : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kBytes, kType };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double double_value = 0;
  std::string text;  // string, bytes, or type name
};

struct Function {
  std::string name;
  uint32_t param_count = 0;                  // parameters are registers 0 .. param_count-1
  std::vector<std::string> register_types;   // CEL type of each register, as CEL prints it
  std::vector<uint32_t> operands;            // operand lists of calls and literals
  std::vector<Instr> code;
};

struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t begin = 0;  // byte range in the file
  uint32_t end = 0;
};

struct Rule {
  std::string name;     // as written, or "<action>#<n>" in order of appearance
  std::string action;   // deny, warn, audit, allow, alert, block
  std::string direction;  // network rules: ingress or egress; "" otherwise
  uint32_t source = kNone;
};

// A necessary condition of a policy's effect, found by the compiler from one `&&` operand of
// a condition: an input field compared with string constants. When the field holds a string
// that the guard rejects, that operand is false without error, so the condition is false
// whatever its other operands are (CEL's `&&` absorbs errors) — a decision can skip the
// policy without running it (runtime/eval/guard_index.h; docs/design/jit.md). When the field
// is absent or not a string, nothing is concluded and the policy runs.
struct Guard {
  enum class Kind : uint8_t {
    kEquals,  // field == one of `values` (strings, or integers: then the field must be an int)
    kIn,      // field in the list held by global `list` (strings)
    kPrefix,  // field starts with one of `values` (startsWith, or a glob's literal prefix)
    kSuffix,  // field ends with one of `values` (endsWith, or a glob's literal suffix)
    kMatches, // field matches (RE2, unanchored) the regex `values[0]` (matches with a literal)
  };
  Kind kind = Kind::kEquals;
  uint32_t input = kNone;           // inputs[input]
  std::vector<uint32_t> path;       // strings[...]: fields and constant map keys below it
  std::vector<uint32_t> values;     // constants[...]: strings (kEquals also ints), kEquals, kPrefix, kSuffix
  uint32_t list = kNone;            // globals[list], kIn
  uint32_t rule = kNone;            // the rule whose condition it guards; kNone: the scope
};

struct Policy {
  std::string package;
  std::string name;
  std::string kind;      // admission, runtime, network
  std::string mode;      // enforce, warn, audit, monitor
  std::string severity;
  std::string on_error;  // fail or skip
  std::vector<std::string> event_kinds;
  std::vector<Rule> rules;
  // `default ...` clauses: direction ("" for both) and action.
  std::vector<std::pair<std::string, std::string>> defaults;
  uint32_t function = kNone;
  uint32_t source = kNone;
  // Decision structures (docs/design/jit.md). `scope_guards`: guarded `&&` operands of the
  // first scope clause — any rejecting means the policy is out of scope. `rule_guards`, set
  // only when every rule is a top-level rule with at least one guarded operand and the
  // policy has no `default`: each names its rule (Guard::rule), a rule can fire only if
  // none of its guards rejects, and when no rule can, nothing fires — provided the scope
  // does not fail, which `scope_function` (kNone: no scope clause) computes alone. Policies
  // whose scopes compile to the same code share one scope function.
  std::vector<Guard> scope_guards;
  std::vector<Guard> rule_guards;
  uint32_t scope_function = kNone;
};

struct Global {
  std::string name;       // package-qualified constant name
  uint32_t function = kNone;  // zero-parameter function computing it
};

struct Program {
  static constexpr uint32_t kFormatVersion = 1;
  std::vector<Constant> constants;
  std::vector<std::string> strings;            // field names
  std::vector<std::string> inputs;             // input variable names read
  std::vector<std::string> overloads;          // overload ids (compiler/check/schemas/functions.schema)
  std::vector<std::vector<uint32_t>> candidate_sets;  // overload indices, for kDispatch
  std::vector<Global> globals;
  std::vector<Function> functions;
  std::vector<Policy> policies;
  std::vector<SourceLocation> source_map;
};

}  // namespace rampart::ir
