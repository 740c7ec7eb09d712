#include "runtime/eval/guard_index.h"

#include <re2/re2.h>
#include <re2/set.h>

#include "runtime/builtins/regex_options.h"

#include <algorithm>
#include <optional>

#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

// The value at `input.path...`, following string keys only; null when any step is absent
// or not a map (then the guard concludes nothing).
const Value* Read(const Value* root, const std::vector<std::string>& path) {
  const Value* v = root;
  for (const std::string& key : path) {
    if (v == nullptr || !v->is(ValueKind::kMap)) return nullptr;
    v = FindStringKey(v->map(), key);
  }
  return v;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Per-thread scratch, so a decision allocates nothing here once warm.
struct Scratch {
  std::vector<const Value*> roots;                      // per input variable: its value, or null
  std::vector<const Value*> values;                     // per field: its value, or null (absent)
  std::vector<std::pair<uint32_t, uint32_t>> hits;      // position, slot whose first guard accepted
  std::vector<std::pair<uint32_t, bool>> scope_errors;  // scope function, is an error
};

}  // namespace

// The first `matches` guards of slots reading one field: their patterns in one RE2::Set,
// compiled when the index is complete. A pattern RE2 rejects makes `matches` an error, never
// false: its owners are undecided on every input, like a set whose match fails (out of
// memory for its DFA).
struct GuardIndex::RegexTable {
  std::vector<std::string> patterns;           // by id
  std::vector<std::vector<Owner>> owners;      // by id
  std::vector<Owner> undecided;                // owners of patterns that do not compile
  std::unique_ptr<RE2::Set> set;               // set index -> `ids`
  std::vector<uint32_t> ids;

  uint32_t Add(const std::string& pattern) {
    auto it = std::find(patterns.begin(), patterns.end(), pattern);
    if (it != patterns.end()) return static_cast<uint32_t>(it - patterns.begin());
    patterns.push_back(pattern);
    owners.emplace_back();
    return static_cast<uint32_t>(patterns.size() - 1);
  }
  void Compile() {
    set = std::make_unique<RE2::Set>(MatchesRegexOptions(), RE2::UNANCHORED);
    for (uint32_t id = 0; id < patterns.size(); ++id) {
      // Each pattern alone first: the set's own parse accepts what RE2 (and so `matches`) does.
      if (!RE2(patterns[id], MatchesRegexOptions()).ok() || set->Add(patterns[id], nullptr) < 0) {
        undecided.insert(undecided.end(), owners[id].begin(), owners[id].end());
        continue;
      }
      ids.push_back(id);
    }
    if (ids.empty() || !set->Compile()) {
      for (uint32_t id : ids) undecided.insert(undecided.end(), owners[id].begin(), owners[id].end());
      ids.clear();
      set.reset();
    }
  }
  // Calls `hit` with the owners of every pattern `s` matches somewhere (unanchored, as
  // RE2::PartialMatch), and of every pattern that cannot be decided.
  template <class Hit>
  void Match(std::string_view s, Hit&& hit) const {
    hit(undecided);
    if (set == nullptr) return;
    thread_local std::vector<int> matched;
    matched.clear();
    RE2::Set::ErrorInfo info;
    const bool any = set->Match(s, &matched, &info);
    if (!any && info.kind != RE2::Set::kNoError) {
      for (uint32_t id : ids) hit(owners[id]);
      return;
    }
    for (int m : matched) hit(owners[ids[m]]);
  }
};

GuardIndex::~GuardIndex() = default;

bool GuardIndex::Check::Accepts(const Value& v) const {
  if (integer) return !v.is(ValueKind::kInt) || ints.count(v.int_value()) > 0;
  if (!v.is(ValueKind::kString)) return true;
  std::string_view value = v.text();
  switch (kind) {
    case ir::Guard::Kind::kEquals:
    case ir::Guard::Kind::kIn:
      return equals.Find(value) != StringTable::kAbsent;
    case ir::Guard::Kind::kPrefix:
      return std::any_of(affixes.begin(), affixes.end(), [&](std::string_view p) { return StartsWith(value, p); });
    case ir::Guard::Kind::kSuffix:
      return std::any_of(affixes.begin(), affixes.end(), [&](std::string_view p) { return EndsWith(value, p); });
    case ir::Guard::Kind::kMatches:
      return regex == nullptr || RE2::PartialMatch(value, *regex);
  }
  return true;
}

GuardIndex::GuardIndex(const Engine& engine, const std::vector<uint32_t>& policies) {
  const ir::Program& program = engine.program();
  // The strings a guard accepts (its constants, or its constant list evaluated once);
  // nullopt when the list is not a list of strings (the guard is dropped).
  std::unordered_map<uint32_t, std::optional<std::vector<std::string>>> lists;
  auto texts_of = [&](const ir::Guard& g) -> std::optional<Constants> {
    Constants out;
    std::vector<std::string>& texts = out.texts;
    if (g.kind != ir::Guard::Kind::kIn) {
      for (uint32_t v : g.values) {
        const ir::Constant& k = program.constants[v];
        if (k.kind == ir::Constant::Kind::kInt) {
          out.integer = true;
          out.ints.push_back(k.int_value);
        } else {
          texts.push_back(k.text);
        }
      }
      if (out.integer && !texts.empty()) return std::nullopt;  // mixed: not a guard the compiler makes
    } else {
      auto it = lists.find(g.list);
      if (it == lists.end()) {
        std::optional<std::vector<std::string>> strings;
        Value v = engine.Call(program.globals[g.list].function, Value::Map({}));
        if (v.is(ValueKind::kList)) {
          strings.emplace();
          for (const Value& x : v.list()) {
            if (!x.is(ValueKind::kString)) {
              strings.reset();
              break;
            }
            strings->push_back(x.text());
          }
        }
        it = lists.emplace(g.list, std::move(strings)).first;
      }
      if (!it->second) return std::nullopt;
      texts = *it->second;
    }
    std::sort(texts.begin(), texts.end());
    texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
    return out;
  };
  // Guards in the compiler's order (most selective first) with their strings, unusable
  // ones dropped: the rest still must all accept.
  using Usable = std::vector<std::pair<const ir::Guard*, Constants>>;
  std::unordered_map<uint32_t, std::vector<uint32_t>> unscoped;
  std::vector<uint32_t> unscoped_order;
  for (uint32_t pos = 0; pos < policies.size(); ++pos) {
    const ir::Policy& p = program.policies[policies[pos]];
    Usable scope;
    std::vector<Usable> rules(p.rules.size());
    for (const ir::Guard& g : p.scope_guards) {
      if (auto texts = texts_of(g)) scope.push_back({&g, std::move(*texts)});
    }
    for (const ir::Guard& g : p.rule_guards) {
      if (g.rule >= rules.size()) continue;
      if (auto texts = texts_of(g)) rules[g.rule].push_back({&g, std::move(*texts)});
    }
    bool rules_ok = !p.rule_guards.empty() && !rules.empty() &&
                    std::none_of(rules.begin(), rules.end(), [](const Usable& u) { return u.empty(); });
    if (scope.empty() && !rules_ok) {
      always_.push_back(pos);
      continue;
    }
    if (guarded_at_.size() < policies.size()) guarded_at_.assign(policies.size(), ir::kNone);
    guarded_at_[pos] = static_cast<uint32_t>(guarded_.size());
    Guarded& g = guarded_.emplace_back();
    ++guarded_count_;
    // The first guard of a slot goes in the tables, the others become checks.
    auto place = [&](const Usable& guards, uint32_t slot, std::vector<Check>* checks) {
      Index(program, *guards[0].first, {pos, slot}, guards[0].second);
      for (size_t i = 1; i < guards.size(); ++i) checks->push_back(MakeCheck(program, *guards[i].first, guards[i].second));
    };
    if (!scope.empty()) {
      g.scope_guarded = true;
      place(scope, 0, &g.scope_checks);
    }
    if (rules_ok) {
      g.rules_guarded = true;
      g.scope_function = p.scope_function;
      g.rule_checks.resize(rules.size());
      for (uint32_t r = 0; r < rules.size(); ++r) place(rules[r], r + 1, &g.rule_checks[r]);
      if (scope.empty() && p.scope_function != ir::kNone) {
        if (unscoped.find(p.scope_function) == unscoped.end()) unscoped_order.push_back(p.scope_function);
        unscoped[p.scope_function].push_back(pos);
      }
    }
  }
  for (uint32_t f : unscoped_order) unscoped_by_function_.push_back({f, std::move(unscoped[f])});
  for (auto& field : fields_) {
    if (field->regexes != nullptr) field->regexes->Compile();
  }
  // Scopes that can be shown not to fail from the input's shape.
  auto global_ok = [&](uint32_t g, ValueKind kind) {
    Value v = engine.Call(program.globals[g].function, Value::Map({}));
    if (v.is(ValueKind::kError)) return false;
    return (kind != ValueKind::kList && kind != ValueKind::kMap) || v.is(kind);
  };
  for (const Guarded& g : guarded_) {
    if (g.scope_function == ir::kNone || prechecks_.count(g.scope_function)) continue;
    if (auto expectations = ScopePrecheck(program, g.scope_function, global_ok)) {
      // Fields of the index: a decision reads each once, for guards and prechecks alike.
      std::vector<std::pair<uint32_t, ValueKind>> fields;
      for (FieldExpectation& e : *expectations) fields.push_back({FieldOf(e.input, std::move(e.path)), e.kind});
      prechecks_[g.scope_function] = std::move(fields);
    }
  }
}

uint32_t GuardIndex::FieldOf(const ir::Program& program, const ir::Guard& guard) {
  std::vector<std::string> path;
  for (uint32_t s : guard.path) path.push_back(program.strings[s]);
  return FieldOf(program.inputs[guard.input], std::move(path));
}

uint32_t GuardIndex::FieldOf(std::string input, std::vector<std::string> path) {
  for (uint32_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i]->input == input && fields_[i]->path == path) return i;
  }
  auto root = std::find(roots_.begin(), roots_.end(), input);
  if (root == roots_.end()) root = roots_.insert(roots_.end(), input);
  fields_.push_back(std::make_unique<Field>());
  fields_.back()->input = std::move(input);
  fields_.back()->path = std::move(path);
  fields_.back()->root = static_cast<uint32_t>(root - roots_.begin());
  return static_cast<uint32_t>(fields_.size() - 1);
}

GuardIndex::Check GuardIndex::MakeCheck(const ir::Program& program, const ir::Guard& guard,
                                        const Constants& constants) {
  Check c;
  c.field = FieldOf(program, guard);
  c.kind = guard.kind;
  c.integer = constants.integer;
  c.ints.insert(constants.ints.begin(), constants.ints.end());
  for (const std::string& t : constants.texts) {
    check_texts_.push_back(t);
    std::string_view view = check_texts_.back();
    if (guard.kind == ir::Guard::Kind::kMatches) {
      auto re = std::make_shared<const RE2>(t, MatchesRegexOptions());
      if (re->ok()) c.regex = std::move(re);  // else undecided: `matches` gives an error
    } else if (guard.kind == ir::Guard::Kind::kPrefix || guard.kind == ir::Guard::Kind::kSuffix) {
      c.affixes.push_back(view);
    }
    else c.equals.Add(view);
  }
  return c;
}

void GuardIndex::Index(const ir::Program& program, const ir::Guard& guard, Owner owner,
                       const Constants& constants) {
  Field& field = *fields_[FieldOf(program, guard)];
  if (constants.integer) {
    field.int_owners.push_back(owner);
    for (int64_t v : constants.ints) field.ints[v].push_back(owner);
    return;
  }
  const std::vector<std::string>& texts = constants.texts;
  field.owners.push_back(owner);
  if (guard.kind == ir::Guard::Kind::kMatches) {
    if (field.regexes == nullptr) field.regexes = std::make_unique<RegexTable>();
    for (const std::string& text : texts) field.regexes->owners[field.regexes->Add(text)].push_back(owner);
    return;
  }
  if (guard.kind == ir::Guard::Kind::kPrefix || guard.kind == ir::Guard::Kind::kSuffix) {
    const bool prefix = guard.kind == ir::Guard::Kind::kPrefix;
    AffixTrie& trie = prefix ? field.prefixes : field.suffixes;
    std::vector<std::vector<Owner>>& owners = prefix ? field.prefix_owners : field.suffix_owners;
    for (const std::string& text : texts) {
      const uint32_t id = trie.Add(text);
      if (id >= owners.size()) owners.resize(id + 1);
      owners[id].push_back(owner);
    }
    return;
  }
  for (const std::string& text : texts) {
    const uint32_t id = field.equals.Add(text);
    if (id >= field.equal_owners.size()) field.equal_owners.resize(id + 1);
    field.equal_owners[id].push_back(owner);
  }
}

void GuardIndex::Select(const Engine& engine, const Value& inputs, const BuiltinContext* context,
                        std::vector<uint32_t>* positions) const {
  thread_local Scratch scratch;
  auto& values = scratch.values;
  auto& hits = scratch.hits;
  auto& memo = scratch.scope_errors;
  // Each input variable (`proc`, `workload`...) is found once, not once per field below it.
  auto& roots = scratch.roots;
  roots.assign(roots_.size(), nullptr);
  if (inputs.is(ValueKind::kMap)) {
    for (size_t r = 0; r < roots_.size(); ++r) roots[r] = FindStringKey(inputs.map(), roots_[r]);
  }
  values.assign(fields_.size(), nullptr);
  hits.clear();
  memo.clear();
  auto hit = [&](const std::vector<Owner>& owners) {
    for (const Owner& o : owners) hits.push_back({o.position, o.slot});
  };
  for (size_t i = 0; i < fields_.size(); ++i) {
    const Field& f = *fields_[i];
    const Value* v = Read(roots[f.root], f.path);
    values[i] = v;
    // A guard concludes only on a value of its own kind; on any other, it accepts.
    if (v == nullptr || !v->is(ValueKind::kInt)) {
      hit(f.int_owners);
    } else {
      auto it = f.ints.find(v->int_value());
      if (it != f.ints.end()) hit(it->second);
    }
    if (v == nullptr || !v->is(ValueKind::kString)) {
      hit(f.owners);
      continue;
    }
    std::string_view s = v->text();
    if (!f.equals.empty()) {
      const uint32_t id = f.equals.Find(s);
      if (id != StringTable::kAbsent) hit(f.equal_owners[id]);
    }
    if (!f.prefixes.empty()) f.prefixes.Match(s, [&](uint32_t id) { hit(f.prefix_owners[id]); });
    if (!f.suffixes.empty()) f.suffixes.Match(s, [&](uint32_t id) { hit(f.suffix_owners[id]); });
    if (f.regexes != nullptr) f.regexes->Match(s, hit);
  }
  auto checks_pass = [&](const std::vector<Check>& checks) {
    for (const Check& c : checks) {
      const Value* v = values[c.field];
      if (v != nullptr && !c.Accepts(*v)) return false;
    }
    return true;
  };
  // Whether a scope fails (then its policies run and report it), once per scope function.
  auto scope_fails = [&](uint32_t function) {
    if (function == ir::kNone) return false;
    for (const auto& [f, error] : memo) {
      if (f == function) return error;
    }
    auto precheck = prechecks_.find(function);
    auto holds = [&](const std::vector<std::pair<uint32_t, ValueKind>>& fields) {
      for (const auto& [field, kind] : fields) {
        if (values[field] == nullptr || !values[field]->is(kind)) return false;
      }
      return true;
    };
    bool error = precheck != prechecks_.end() && holds(precheck->second)
                     ? false
                     : engine.Call(function, inputs, context).is(ValueKind::kError);
    memo.push_back({function, error});
    return error;
  };
  positions->assign(always_.begin(), always_.end());
  std::sort(hits.begin(), hits.end());
  for (size_t i = 0; i < hits.size();) {
    const uint32_t pos = hits[i].first;
    const Guarded& g = guarded_[guarded_at_[pos]];
    bool scope_open = !g.scope_guarded;
    bool rule_may_fire = false;
    for (; i < hits.size() && hits[i].first == pos; ++i) {
      if (i > 0 && hits[i] == hits[i - 1]) continue;
      const uint32_t slot = hits[i].second;
      if (slot == 0) scope_open = checks_pass(g.scope_checks);
      else if (!rule_may_fire) rule_may_fire = checks_pass(g.rule_checks[slot - 1]);
    }
    if (!scope_open) continue;
    if (!g.rules_guarded || rule_may_fire || scope_fails(g.scope_function)) positions->push_back(pos);
  }
  for (const auto& [function, members] : unscoped_by_function_) {
    if (scope_fails(function)) positions->insert(positions->end(), members.begin(), members.end());
  }
  std::sort(positions->begin(), positions->end());
  positions->erase(std::unique(positions->begin(), positions->end()), positions->end());
}

}  // namespace rampart::runtime
