// Indexing and size (cel-spec langdef.md "Lists and maps", "size"). List indexes may be int,
// uint or an integral double (heterogeneous numeric indexing); string size counts code points.

#include <cmath>

#include "runtime/builtins/tables.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime::builtins_internal {
namespace {

Value At(const ValueList& list, int64_t i) {
  if (i < 0 || i >= static_cast<int64_t>(list.size())) return IndexOutOfRange(i);
  return list[static_cast<size_t>(i)];
}

Value IndexList(BuiltinArgs a, size_t, const BuiltinContext*) {
  return At(a[0].list(), a[1].int_value());
}
Value IndexListUint(BuiltinArgs a, size_t, const BuiltinContext*) {
  uint64_t i = a[1].uint_value();
  if (i >= a[0].list().size()) return Value::Error("index out of range: " + std::to_string(i));
  return a[0].list()[static_cast<size_t>(i)];
}
Value IndexListDouble(BuiltinArgs a, size_t, const BuiltinContext*) {
  double d = a[1].double_value();
  if (!std::isfinite(d) || d != std::trunc(d)) {
    return Value::Error("unsupported index value: " + a[1].DebugString());
  }
  if (d < 0 || d >= static_cast<double>(a[0].list().size())) {
    return Value::Error("index out of range: " + a[1].DebugString());
  }
  return a[0].list()[static_cast<size_t>(d)];
}
Value IndexMap(BuiltinArgs a, size_t, const BuiltinContext*) {
  if (const Value* v = MapFind(a[0].map(), a[1])) return *v;
  const Value& key = a[1];
  return Value::Error("no such key: " + (key.is(ValueKind::kString) ? key.text() : key.DebugString()));
}

Value SizeString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(CodePointCount(a[0].text()));
}
Value SizeBytes(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(static_cast<int64_t>(a[0].text().size()));
}
Value SizeList(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(static_cast<int64_t>(a[0].list().size()));
}
Value SizeMap(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Int(static_cast<int64_t>(a[0].map().size()));
}

}  // namespace

RAMPART_BUILTIN_TABLE(CollectionsTable,
  {"index_list", "li", IndexList},
  {"index_list_uint", "lu", IndexListUint},
  {"index_list_double", "ld", IndexListDouble},
  {"index_map", "m*", IndexMap},
  {"size_string", "s", SizeString},
  {"size_bytes", "y", SizeBytes},
  {"size_list", "l", SizeList},
  {"size_map", "m", SizeMap},
  {"string_size", "s", SizeString},
  {"bytes_size", "y", SizeBytes},
  {"list_size", "l", SizeList},
  {"map_size", "m", SizeMap})

}  // namespace rampart::runtime::builtins_internal
