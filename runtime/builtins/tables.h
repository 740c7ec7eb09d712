#pragma once
// Internal to runtime/builtins: the per-area tables registry.cc gathers, and small helpers
// the areas share. Not part of the public interface.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/builtins/builtin.h"

namespace rampart::runtime::builtins_internal {

struct Table {
  const BuiltinEntry* entries;
  size_t size;
};

Table ArithmeticTable();
Table ComparisonTable();
Table StringsTable();
Table ConversionsTable();
Table CollectionsTable();
Table TimeTable();
Table TimeFieldsTable();
Table NetworkTable();
Table SemverTable();
Table KubernetesTable();
Table GlobTable();

// Decodes UTF-8 into code points (invalid bytes become U+FFFD, one per byte).
std::u32string DecodeUtf8(std::string_view s);
std::string EncodeUtf8(std::u32string_view s);
// Number of code points in valid UTF-8 (counts lead bytes).
int64_t CodePointCount(std::string_view s);

// "index out of range: N".
Value IndexOutOfRange(int64_t index);

}  // namespace rampart::runtime::builtins_internal

// Declares a table from a braced list of BuiltinEntry rows.
#define RAMPART_BUILTIN_TABLE(name, ...)                                       \
  ::rampart::runtime::builtins_internal::Table name() {                        \
    static const ::rampart::runtime::BuiltinEntry kEntries[] = {__VA_ARGS__};  \
    return {kEntries, sizeof(kEntries) / sizeof(kEntries[0])};                 \
  }
