#include "runtime/exec/ops.h"

#include "runtime/builtins/registry.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime::ops {
namespace {

// The first error among `args`, if any: CEL functions propagate argument errors.
const Value* FirstError(const Value* const* args, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i) {
    if (args[i]->is(ValueKind::kError)) return args[i];
  }
  return nullptr;
}

}  // namespace

Value ConstantValue(const ir::Constant& k) {
  switch (k.kind) {
    case ir::Constant::Kind::kNull: return Value::Null();
    case ir::Constant::Kind::kBool: return Value::Bool(k.bool_value);
    case ir::Constant::Kind::kInt: return Value::Int(k.int_value);
    case ir::Constant::Kind::kUint: return Value::Uint(k.uint_value);
    case ir::Constant::Kind::kDouble: return Value::Double(k.double_value);
    case ir::Constant::Kind::kString: return Value::String(k.text);
    case ir::Constant::Kind::kBytes: return Value::Bytes(k.text);
    case ir::Constant::Kind::kType: return Value::Type(k.text);
  }
  return Value::Null();
}

const Value* Evaluation::FindInput(uint32_t i) {
  const bool cached = i < kInputCache;
  if (cached && (inputs_found_ >> i & 1) != 0) return input_values_[i];
  const Value* v = inputs->is(ValueKind::kMap) ? FindStringKey(inputs->map(), program->inputs[i]) : nullptr;
  if (cached) {
    input_values_[i] = v;
    inputs_found_ |= uint64_t{1} << i;
  }
  return v;
}

void Input(Evaluation& e, Value* dst, uint32_t input) {
  const Value* v = e.FindInput(input);
  *dst = v != nullptr ? *v : Value::Error("no such key: " + e.program->inputs[input]);
}

void MakeList(Value* dst, const Value* const* elements, uint32_t count) {
  if (const Value* err = FirstError(elements, count)) {
    *dst = *err;
    return;
  }
  ValueList list;
  list.reserve(count);
  for (uint32_t i = 0; i < count; ++i) list.push_back(*elements[i]);
  *dst = Value::List(std::move(list));
}

void MakeMap(Value* dst, const Value* const* keys_and_values, uint32_t entries) {
  if (const Value* err = FirstError(keys_and_values, entries * 2)) {
    *dst = *err;
    return;
  }
  ValueMap map;
  for (uint32_t i = 0; i < entries; ++i) {
    const Value& key = *keys_and_values[2 * i];
    if (MapFind(map, key) != nullptr) {
      *dst = Value::Error("Failed with repeated key");
      return;
    }
    map.emplace_back(key, *keys_and_values[2 * i + 1]);
  }
  *dst = Value::Map(std::move(map));
}

void Select(Evaluation& e, Value* dst, const Value& operand, uint32_t field, bool presence) {
  const std::string& name = e.program->strings[field];
  if (operand.is(ValueKind::kError)) {
    *dst = operand;
  } else if (!operand.is(ValueKind::kMap)) {
    *dst = Value::Error(std::string("no such field '") + name + "' on " + ValueKindName(operand.kind()));
  } else {
    const Value* v = FindStringKey(operand.map(), name);
    if (presence) *dst = Value::Bool(v != nullptr);
    else *dst = v != nullptr ? *v : Value::Error("no such key: " + name);
  }
}

bool ProgramTables::Resolve(const ir::Program& program, std::string* error) {
  for (const std::string& id : program.overloads) {
    const BuiltinEntry* entry = FindBuiltinEntry(id);
    if (entry == nullptr) {
      *error = "no builtin implements overload '" + id + "'";
      return false;
    }
    overloads.push_back(entry);
    fast_calls.push_back(FastCallFor(id));
  }
  for (const ir::Constant& k : program.constants) constants.push_back(ConstantValue(k));
  globals.resize(program.globals.size());
  return true;
}

StringSets BuildStringSets(const ir::Program& program, const std::vector<Value>& globals) {
  StringSets out;
  for (const Value& g : globals) {
    if (!g.is(ValueKind::kList) || g.list().size() < kMinSetSize) continue;
    std::unordered_set<std::string_view> set;
    bool strings = true;
    for (const Value& x : g.list()) {
      if (!x.is(ValueKind::kString)) {
        strings = false;
        break;
      }
      set.insert(x.text());
    }
    if (strings) out.sets.emplace(&g.list(), std::move(set));
  }
  return out;
}

const Value kTrueValue = Value::Bool(true);
const Value kFalseValue = Value::Bool(false);

FastCall FastCallFor(const std::string& id) {
  static const std::unordered_map<std::string, FastCall> kFast = {
      {"equals", FastCall::kEquals},
      {"not_equals", FastCall::kNotEquals},
      {"in_list", FastCall::kInList},
      {"in_map", FastCall::kInMap},
      {"index_map", FastCall::kIndexMap},
      {"less_int64", FastCall::kLessInt},
      {"less_equals_int64", FastCall::kLessEqualsInt},
      {"greater_int64", FastCall::kGreaterInt},
      {"greater_equals_int64", FastCall::kGreaterEqualsInt},
      {"starts_with_string", FastCall::kStartsWith},
      {"ends_with_string", FastCall::kEndsWith},
  };
  auto it = kFast.find(id);
  return it == kFast.end() ? FastCall::kNone : it->second;
}

namespace {

// The fast path of CallRef: the answer for the kinds it knows, else null (take the table).
// Each case is what the builtin computes for those kinds: CEL string equality is byte
// equality, a string key matches only the string key of the same text, and so on.
const Value* FastAnswer(const Evaluation& e, Value* owned, FastCall fast, const Value& a, const Value& b,
                        bool first_stable) {
  const ValueKind ka = a.kind();
  const ValueKind kb = b.kind();
  switch (fast) {
    case FastCall::kNone: return nullptr;
    case FastCall::kEquals:
    case FastCall::kNotEquals: {
      if (ka != kb) return nullptr;
      const bool want = fast == FastCall::kEquals;
      if (ka == ValueKind::kString) return BoolRef((a.text() == b.text()) == want);
      if (ka == ValueKind::kInt) return BoolRef((a.int_value() == b.int_value()) == want);
      if (ka == ValueKind::kBool) return BoolRef((a.bool_value() == b.bool_value()) == want);
      return nullptr;
    }
    case FastCall::kInList: {
      // A string `in` a constant list of strings: set membership gives exactly the scan's answer.
      if (ka != ValueKind::kString || kb != ValueKind::kList) return nullptr;
      const auto& sets = e.tables->string_sets.sets;
      auto it = sets.find(&b.list());
      if (it == sets.end()) return nullptr;
      return BoolRef(it->second.count(a.text()) > 0);
    }
    case FastCall::kInMap:
      if (ka != ValueKind::kString || kb != ValueKind::kMap) return nullptr;
      return BoolRef(FindStringKey(b.map(), a.text()) != nullptr);
    case FastCall::kIndexMap: {
      if (ka != ValueKind::kMap || kb != ValueKind::kString) return nullptr;
      const Value* v = FindStringKey(a.map(), b.text());
      if (v == nullptr) return nullptr;  // the builtin words the error
      if (first_stable) return v;
      Value copy = *v;  // `owned` may hold the map
      *owned = std::move(copy);
      return owned;
    }
    case FastCall::kLessInt:
    case FastCall::kLessEqualsInt:
    case FastCall::kGreaterInt:
    case FastCall::kGreaterEqualsInt: {
      if (ka != ValueKind::kInt || kb != ValueKind::kInt) return nullptr;
      const int64_t x = a.int_value();
      const int64_t y = b.int_value();
      switch (fast) {
        case FastCall::kLessInt: return BoolRef(x < y);
        case FastCall::kLessEqualsInt: return BoolRef(x <= y);
        case FastCall::kGreaterInt: return BoolRef(x > y);
        default: return BoolRef(x >= y);
      }
    }
    case FastCall::kStartsWith:
    case FastCall::kEndsWith: {
      if (ka != ValueKind::kString || kb != ValueKind::kString) return nullptr;
      const std::string& s = a.text();
      const std::string& t = b.text();
      if (s.size() < t.size()) return &kFalseValue;
      const size_t at = fast == FastCall::kStartsWith ? 0 : s.size() - t.size();
      return BoolRef(s.compare(at, t.size(), t) == 0);
    }
  }
  return nullptr;
}

}  // namespace

const Value* CallRef(Evaluation& e, Value* owned, uint32_t overload, const Value* const* args, uint32_t count,
                     bool first_stable) {
  if (count == 2) {
    const FastCall fast = e.tables->fast_calls[overload];
    if (fast != FastCall::kNone) {
      if (const Value* answer = FastAnswer(e, owned, fast, *args[0], *args[1], first_stable)) return answer;
    }
  }
  if (const Value* err = FirstError(args, count)) {
    if (err != owned) *owned = *err;
    return owned;
  }
  const BuiltinEntry& entry = *e.tables->overloads[overload];
  const BuiltinArgs vals(args);
  if (!ArgumentsMatch(entry, vals, count)) {
    // A `dyn` argument of another kind than the overload the checker chose.
    *owned = Value::Error("no matching overload for '" + e.program->overloads[overload] + "'");
    return owned;
  }
  *owned = entry.fn(vals, count, e.context);
  return owned;
}

void Call(Evaluation& e, Value* dst, uint32_t overload, const Value* const* args, uint32_t count) {
  const Value* result = CallRef(e, dst, overload, args, count, false);
  if (result != dst) *dst = *result;
}

void Concat(Value* dst, const Value* const* parts, uint32_t count) {
  size_t size = 0;
  bool strings = true;
  for (uint32_t i = 0; i < count; ++i) {
    if (!parts[i]->is(ValueKind::kString)) {
      strings = false;
      break;
    }
    size += parts[i]->text().size();
  }
  if (!strings) {
    // As ((p0 + p1) + p2) + ... through ops::Call: an error on the left stays; else an
    // error operand replaces it; else a non-string operand gives add_string's mismatch.
    const Value* error = nullptr;
    Value mismatch;
    for (uint32_t i = 0; i < count && error == nullptr; ++i) {
      if (parts[i]->is(ValueKind::kError)) {
        error = parts[i];
      } else if (!parts[i]->is(ValueKind::kString)) {
        // Only the next operand can still win: if it is an error, that error; else the mismatch.
        const Value* next = i + 1 < count ? parts[i + 1] : nullptr;
        if (i == 0 && next != nullptr && next->is(ValueKind::kError)) {
          error = next;
        } else {
          mismatch = Value::Error("no matching overload for 'add_string'");
          error = &mismatch;
        }
      }
    }
    *dst = *error;
    return;
  }
  std::string text;
  text.reserve(size);
  for (uint32_t i = 0; i < count; ++i) text += parts[i]->text();
  *dst = Value::String(std::move(text));
}

void Dispatch(Evaluation& e, Value* dst, uint32_t candidates, const Value* const* args, uint32_t count) {
  if (const Value* err = FirstError(args, count)) {
    *dst = *err;
    return;
  }
  const BuiltinArgs vals(args);
  for (uint32_t o : e.program->candidate_sets[candidates]) {
    const BuiltinEntry& entry = *e.tables->overloads[o];
    if (ArgumentsMatch(entry, vals, count)) {
      *dst = entry.fn(vals, count, e.context);
      return;
    }
  }
  *dst = Value::Error("no matching overload");
}

void Not(Value* dst, const Value& v) {
  *dst = v.is(ValueKind::kBool) ? Value::Bool(!v.bool_value())
         : v.is(ValueKind::kError) ? v
                                   : Value::Error("no matching overload for '!'");
}

void AndOr(Value* dst, const Value& x, const Value& y, bool is_or) {
  // The absorbing value (false for &&, true for ||) wins over errors from either side; then
  // errors; then the other value.
  auto is = [](const Value& v, bool b) { return v.is(ValueKind::kBool) && v.bool_value() == b; };
  if (is(x, is_or) || is(y, is_or)) {
    *dst = Value::Bool(is_or);
  } else if (x.is(ValueKind::kError)) {
    *dst = x;
  } else if (y.is(ValueKind::kError)) {
    *dst = y;
  } else if (!x.is(ValueKind::kBool) || !y.is(ValueKind::kBool)) {
    *dst = Value::Error(std::string("no matching overload for '") + (is_or ? "||" : "&&") + "'");
  } else {
    *dst = Value::Bool(!is_or);
  }
}

const Value* NotRef(Value* owned, const Value& v) {
  if (v.is(ValueKind::kBool)) return BoolRef(!v.bool_value());
  Not(owned, v);
  return owned;
}

const Value* AndOrRef(Value* owned, const Value& x, const Value& y, bool is_or) {
  auto is = [](const Value& v, bool b) { return v.is(ValueKind::kBool) && v.bool_value() == b; };
  if (is(x, is_or) || is(y, is_or)) return BoolRef(is_or);
  if (x.is(ValueKind::kBool) && y.is(ValueKind::kBool)) return BoolRef(!is_or);
  AndOr(owned, x, y, is_or);
  return owned;
}

const Value* HasRef(Evaluation& e, Value* owned, const Value& operand, uint32_t field) {
  if (operand.is(ValueKind::kMap)) return BoolRef(FindStringKey(operand.map(), e.program->strings[field]) != nullptr);
  Select(e, owned, operand, field, true);
  return owned;
}

void AssertBool(Value* dst, const Value& v) {
  *dst = v.is(ValueKind::kBool) || v.is(ValueKind::kError)
             ? v
             : Value::Error(std::string("expected bool, found ") + ValueKindName(v.kind()));
}

void IterInit(Iterator* it, Value* dst, const Value& container) {
  if (container.is(ValueKind::kList) || container.is(ValueKind::kMap)) {
    *it = {container, 0, container.is(ValueKind::kMap)};
    *dst = Value::Null();
  } else {
    *dst = container.is(ValueKind::kError)
               ? container
               : Value::Error(std::string("cannot iterate over ") + ValueKindName(container.kind()));
  }
}

bool IterNext(Iterator* it, Value* dst, Value* value) {
  size_t n = it->is_map ? it->container.map().size() : it->container.list().size();
  if (it->next >= n) return false;
  if (value == nullptr) {
    *dst = it->is_map ? it->container.map()[it->next].first : it->container.list()[it->next];
    ++it->next;
  } else if (it->is_map) {
    const auto& entry = it->container.map()[it->next++];
    *dst = entry.first;
    *value = entry.second;
  } else {
    *dst = Value::Int(static_cast<int64_t>(it->next));
    *value = it->container.list()[it->next++];
  }
  return true;
}

void Observe(Evaluation& e, const Value& v, uint32_t text) {
  e.observed.push_back({e.program->strings[text], v});
}

void Fire(Evaluation& e, uint32_t rule, const Value* message, uint32_t source) {
  RuleFiring firing;
  firing.rule = rule;
  firing.observed = std::move(e.observed);
  e.observed.clear();
  if (message != nullptr) {
    if (message->is(ValueKind::kString)) {
      firing.message = message->text();
    } else {
      // The rule fired; only its message failed. Keep both facts.
      e.out->errors.push_back(
          {rule, "message: " + (message->is(ValueKind::kError) ? message->text() : message->DebugString()), source,
           true});
    }
  }
  e.out->fired.push_back(std::move(firing));
}

void Fail(Evaluation& e, uint32_t rule, const Value& error, uint32_t source) {
  e.out->errors.push_back({rule, error.is(ValueKind::kError) ? error.text() : error.DebugString(), source});
}

}  // namespace rampart::runtime::ops
