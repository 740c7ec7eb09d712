#include "runtime/eval/guard_index.h"

#include <algorithm>
#include <memory>
#include <optional>

#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

// The value at `input.path...`, following string keys only; null when any step is absent
// or not a map (then the guard concludes nothing).
const Value* Read(const Value& inputs, const std::string& input, const std::vector<std::string>& path) {
  if (!inputs.is(ValueKind::kMap)) return nullptr;
  const Value* v = FindStringKey(inputs.map(), input);
  for (const std::string& key : path) {
    if (v == nullptr || !v->is(ValueKind::kMap)) return nullptr;
    v = FindStringKey(v->map(), key);
  }
  return v;
}

// Per-thread scratch, so a decision allocates nothing here once warm.
struct Scratch {
  std::vector<std::pair<uint32_t, uint32_t>> hits;      // position, slot of a guard that accepted
  std::vector<std::pair<uint32_t, bool>> scope_errors;  // scope function, is an error
};

}  // namespace

GuardIndex::GuardIndex(const Engine& engine, const std::vector<uint32_t>& policies) {
  const ir::Program& program = engine.program();
  // The string lists `in` guards name, evaluated once (nullopt: not a list of strings).
  std::unordered_map<uint32_t, std::optional<std::vector<std::string>>> lists;
  auto usable = [&](const ir::Guard& g) {
    if (g.kind != ir::Guard::Kind::kIn) return true;
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
    return it->second.has_value();
  };
  std::unordered_map<uint32_t, std::vector<uint32_t>> unscoped;
  std::vector<uint32_t> unscoped_order;
  for (uint32_t pos = 0; pos < policies.size(); ++pos) {
    const ir::Policy& p = program.policies[policies[pos]];
    // A guard whose list is not strings is dropped: the others still must all accept.
    std::vector<const ir::Guard*> scope, rules;
    for (const ir::Guard& g : p.scope_guards) {
      if (usable(g)) scope.push_back(&g);
    }
    std::vector<uint32_t> per_rule(p.rules.size(), 0);
    for (const ir::Guard& g : p.rule_guards) {
      if (g.rule < per_rule.size() && usable(g)) {
        rules.push_back(&g);
        ++per_rule[g.rule];
      }
    }
    bool rules_ok = !p.rule_guards.empty() && !p.rules.empty() &&
                    std::find(per_rule.begin(), per_rule.end(), 0u) == per_rule.end();
    if (scope.empty() && !rules_ok) {
      always_.push_back(pos);
      continue;
    }
    Guarded& g = guarded_[pos];
    g.scope_guards = static_cast<uint32_t>(scope.size());
    if (rules_ok) {
      g.rule_guards = per_rule;
      g.scope_function = p.scope_function;
    }
    ++guarded_count_;
    auto add = [&](const ir::Guard& guard, uint32_t slot) {
      const std::vector<std::string>* list = nullptr;
      if (guard.kind == ir::Guard::Kind::kIn) list = &*lists.at(guard.list);
      Add(program, guard, {pos, slot}, list);
    };
    for (const ir::Guard* s : scope) add(*s, 0);
    if (rules_ok) {
      for (const ir::Guard* r : rules) add(*r, r->rule + 1);
      if (scope.empty() && p.scope_function != ir::kNone) {
        if (unscoped.find(p.scope_function) == unscoped.end()) unscoped_order.push_back(p.scope_function);
        unscoped[p.scope_function].push_back(pos);
      }
    }
  }
  for (uint32_t f : unscoped_order) unscoped_by_function_.push_back({f, std::move(unscoped[f])});
}

void GuardIndex::Add(const ir::Program& program, const ir::Guard& guard, Owner owner,
                     const std::vector<std::string>* list) {
  std::string input = program.inputs[guard.input];
  std::vector<std::string> path;
  for (uint32_t s : guard.path) path.push_back(program.strings[s]);
  Field* field = nullptr;
  for (const std::unique_ptr<Field>& f : fields_) {
    if (f->input == input && f->path == path) field = f.get();
  }
  if (field == nullptr) {
    fields_.push_back(std::make_unique<Field>());
    field = fields_.back().get();
    field->input = input;
    field->path = path;
  }
  field->owners.push_back(owner);
  auto key = [&](const std::string& text) {
    field->keys.push_back(text);
    return std::string_view(field->keys.back());
  };
  if (guard.kind == ir::Guard::Kind::kPrefix || guard.kind == ir::Guard::Kind::kSuffix) {
    const bool prefix = guard.kind == ir::Guard::Kind::kPrefix;
    auto& table = prefix ? field->prefixes : field->suffixes;
    auto& lengths = prefix ? field->prefix_lengths : field->suffix_lengths;
    std::vector<std::string> texts;
    for (uint32_t v : guard.values) texts.push_back(program.constants[v].text);
    std::sort(texts.begin(), texts.end());
    texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
    for (const std::string& text : texts) {
      auto it = table.find(text);
      if (it == table.end()) it = table.emplace(key(text), std::vector<Owner>{}).first;
      it->second.push_back(owner);
      if (std::find(lengths.begin(), lengths.end(), text.size()) == lengths.end()) {
        lengths.push_back(text.size());
        std::sort(lengths.begin(), lengths.end());
      }
    }
    return;
  }
  std::vector<std::string> values;
  if (guard.kind == ir::Guard::Kind::kIn) {
    values = *list;
  } else {
    for (uint32_t v : guard.values) values.push_back(program.constants[v].text);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (const std::string& text : values) {
    auto it = field->equals.find(text);
    if (it == field->equals.end()) it = field->equals.emplace(key(text), std::vector<Owner>{}).first;
    it->second.push_back(owner);
  }
}

void GuardIndex::Select(const Engine& engine, const Value& inputs, const BuiltinContext* context,
                        std::vector<uint32_t>* positions) const {
  thread_local Scratch scratch;
  auto& hits = scratch.hits;
  auto& memo = scratch.scope_errors;
  hits.clear();
  memo.clear();
  auto hit = [&](const std::vector<Owner>& owners) {
    for (const Owner& o : owners) hits.push_back({o.position, o.slot});
  };
  for (const std::unique_ptr<Field>& f : fields_) {
    const Value* v = Read(inputs, f->input, f->path);
    if (v == nullptr || !v->is(ValueKind::kString)) {
      hit(f->owners);
      continue;
    }
    std::string_view s = v->text();
    if (!f->equals.empty()) {
      auto it = f->equals.find(s);
      if (it != f->equals.end()) hit(it->second);
    }
    for (size_t len : f->prefix_lengths) {
      if (len > s.size()) break;
      auto it = f->prefixes.find(s.substr(0, len));
      if (it != f->prefixes.end()) hit(it->second);
    }
    for (size_t len : f->suffix_lengths) {
      if (len > s.size()) break;
      auto it = f->suffixes.find(s.substr(s.size() - len));
      if (it != f->suffixes.end()) hit(it->second);
    }
  }
  // Whether a scope fails (then its policies run and report it), once per scope function.
  auto scope_fails = [&](uint32_t function) {
    if (function == ir::kNone) return false;
    for (const auto& [f, error] : memo) {
      if (f == function) return error;
    }
    bool error = engine.Call(function, inputs, context).is(ValueKind::kError);
    memo.push_back({function, error});
    return error;
  };
  positions->assign(always_.begin(), always_.end());
  std::sort(hits.begin(), hits.end());
  for (size_t i = 0; i < hits.size();) {
    const uint32_t pos = hits[i].first;
    const Guarded& g = guarded_.at(pos);
    uint32_t scope_accepted = 0;
    bool rule_may_fire = false;
    while (i < hits.size() && hits[i].first == pos) {
      const uint32_t slot = hits[i].second;
      uint32_t accepted = 0;
      for (; i < hits.size() && hits[i].first == pos && hits[i].second == slot; ++i) ++accepted;
      if (slot == 0) scope_accepted = accepted;
      else if (accepted == g.rule_guards[slot - 1]) rule_may_fire = true;
    }
    if (scope_accepted < g.scope_guards) continue;  // out of scope
    if (g.rule_guards.empty() || rule_may_fire || scope_fails(g.scope_function)) positions->push_back(pos);
  }
  for (const auto& [function, members] : unscoped_by_function_) {
    if (scope_fails(function)) positions->insert(positions->end(), members.begin(), members.end());
  }
  std::sort(positions->begin(), positions->end());
  positions->erase(std::unique(positions->begin(), positions->end()), positions->end());
}

}  // namespace rampart::runtime
