#pragma once
// YAML text → CEL values, one per document. Plain scalars are resolved with the YAML 1.2 core
// schema (true/false, null/~, integers, floats; `on`/`yes` stay strings), quoted scalars are
// always strings. Aliases are expanded, with a bound on the expanded size so that a
// "billion laughs" document is an error, not an out-of-memory. yaml-cpp stays in yaml.cc.

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

// Node budget for one call (documents together), counting expanded aliases.
inline constexpr size_t kMaxYamlNodes = 2'000'000;

// Parses every document of a YAML stream (empty documents are skipped). False with `error`
// on malformed input or when the expanded documents exceed kMaxYamlNodes.
bool ParseYamlDocuments(std::string_view text, std::vector<Value>* out, YamlError* error);

}  // namespace rampart::runtime
