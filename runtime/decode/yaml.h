#pragma once
// YAML text → CEL values, one per document. Plain scalars are resolved with the YAML 1.2 core
// schema (true/false, null/~, integers, floats; `on`/`yes` stay strings), quoted scalars are
// always strings. An alias stands for its anchored node (sharing its value), with bounds on
// the expanded size so that a "billion laughs" document is an error, not an out-of-memory.
// yaml-cpp stays in yaml.cc.

#include <string>
#include <string_view>
#include <vector>

#include "runtime/value/value.h"

namespace rampart::runtime {

struct YamlError {
  std::string message;
  int line = 0;    // 1-based, 0 when unknown
  int column = 0;  // 1-based
};

// Budgets for one call (documents together), counting the documents with aliases expanded:
// nodes (list elements, map values, document roots; map keys count only their content) and
// the bytes of scalar text (keys included). An alias shares its anchored node's value, so
// memory follows the length of the text; the budgets bound what a consumer walking the
// expanded documents sees.
inline constexpr size_t kMaxYamlNodes = 2'000'000;
inline constexpr size_t kMaxYamlText = 64u << 20;  // 64 MiB
// Nesting, the root being level 1. yaml-cpp refuses 500 levels itself, with the message
// "bad file"; this limit stays well below that so the error says what is wrong.
inline constexpr int kMaxYamlDepth = 256;

// Parses every document of a YAML stream (empty documents are skipped). False with `error`
// (and its position) on malformed input, when the expanded documents exceed kMaxYamlNodes
// or kMaxYamlText or nest deeper than kMaxYamlDepth, or when an alias refers to a node that
// contains it.
bool ParseYamlDocuments(std::string_view text, std::vector<Value>* out, YamlError* error);

}  // namespace rampart::runtime
