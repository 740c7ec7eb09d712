#pragma once
// Lookup of runtime builtins by overload id (the ids of compiler/check/schemas/functions.schema).
// The table is built once, on first use, and is immutable and thread-safe afterwards.

#include <cstddef>
#include <string_view>
#include <vector>

#include "runtime/builtins/builtin.h"

namespace rampart::runtime {

// The builtin for `overload_id`, or null when there is none.
const BuiltinFn* FindBuiltin(std::string_view overload_id);
const BuiltinEntry* FindBuiltinEntry(std::string_view overload_id);

// Every builtin, sorted by id.
const std::vector<BuiltinEntry>& AllBuiltins();

// True when `args` have the count and kinds `entry.params` declares.
bool ArgumentsMatch(const BuiltinEntry& entry, BuiltinArgs args, size_t argc);

// Calls `entry` after checking the argument count and kinds against entry.params; a mismatch
// yields Value::Error("no such overload"), an error argument is returned as is. For dyn calls.
Value CallBuiltin(const BuiltinEntry& entry, const Value* args, size_t argc,
                  const BuiltinContext* ctx);

}  // namespace rampart::runtime
