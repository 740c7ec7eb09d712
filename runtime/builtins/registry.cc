#include "runtime/builtins/registry.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/builtins/tables.h"

namespace rampart::runtime {
namespace {

using builtins_internal::Table;

std::vector<BuiltinEntry> BuildTable() {
  std::vector<BuiltinEntry> all;
  for (Table t : {builtins_internal::ArithmeticTable(), builtins_internal::ComparisonTable(),
                  builtins_internal::StringsTable(), builtins_internal::ConversionsTable(),
                  builtins_internal::CollectionsTable(), builtins_internal::TimeTable(),
                  builtins_internal::TimeFieldsTable(),
                  builtins_internal::NetworkTable(), builtins_internal::SemverTable(),
                  builtins_internal::KubernetesTable(), builtins_internal::GlobTable()}) {
    all.insert(all.end(), t.entries, t.entries + t.size);
  }
  std::sort(all.begin(), all.end(), [](const BuiltinEntry& a, const BuiltinEntry& b) {
    return std::strcmp(a.id, b.id) < 0;
  });
  return all;
}

bool KindMatches(char param, const Value& v) {
  switch (param) {
    case 'B': return v.is(ValueKind::kBool);
    case 'i': return v.is(ValueKind::kInt);
    case 'u': return v.is(ValueKind::kUint);
    case 'd': return v.is(ValueKind::kDouble);
    case 's': return v.is(ValueKind::kString);
    case 'y': return v.is(ValueKind::kBytes);
    case 'l': return v.is(ValueKind::kList);
    case 'm': return v.is(ValueKind::kMap);
    case 't': return v.is(ValueKind::kTimestamp);
    case 'D': return v.is(ValueKind::kDuration);
    default: return true;
  }
}

}  // namespace

bool ArgumentsMatch(const BuiltinEntry& entry, BuiltinArgs args, size_t argc) {
  // On every call: one pass over `params`, no strlen.
  size_t i = 0;
  for (; entry.params[i] != '\0'; ++i) {
    if (i >= argc || !KindMatches(entry.params[i], args[i])) return false;
  }
  return i == argc;
}

const std::vector<BuiltinEntry>& AllBuiltins() {
  static const std::vector<BuiltinEntry> kAll = BuildTable();
  return kAll;
}

const BuiltinEntry* FindBuiltinEntry(std::string_view overload_id) {
  const std::vector<BuiltinEntry>& all = AllBuiltins();
  auto it = std::lower_bound(all.begin(), all.end(), overload_id,
                             [](const BuiltinEntry& e, std::string_view id) { return e.id < id; });
  if (it == all.end() || it->id != overload_id) return nullptr;
  return &*it;
}

const BuiltinFn* FindBuiltin(std::string_view overload_id) {
  const BuiltinEntry* e = FindBuiltinEntry(overload_id);
  return e ? &e->fn : nullptr;
}

Value CallBuiltin(const BuiltinEntry& entry, const Value* args, size_t argc,
                  const BuiltinContext* ctx) {
  if (std::strlen(entry.params) != argc) return Value::Error("no such overload");
  std::vector<const Value*> pointers;
  for (size_t i = 0; i < argc; ++i) {
    if (args[i].is(ValueKind::kError)) return args[i];
    if (!KindMatches(entry.params[i], args[i])) return Value::Error("no such overload");
    pointers.push_back(&args[i]);
  }
  return entry.fn(BuiltinArgs(pointers.data()), argc, ctx);
}

}  // namespace rampart::runtime
