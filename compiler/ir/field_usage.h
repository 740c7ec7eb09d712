#pragma once
// Which parts of its inputs a compiled policy set can read: a tree of field names per input
// variable, computed from the IR. Decoders use it to keep only those fields (projection:
// docs/design/ir.md "Field usage"), so an AdmissionReview of a few kilobytes becomes the
// handful of values the policies look at.
//
// The analysis is an over-approximation: whatever the IR might read is in the tree. A value
// handed to a builtin that is not modelled here is needed whole.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace rampart::ir {

struct FieldNode {
  bool whole = false;    // the value is needed as it is, with everything below it
  bool entries = false;  // every entry (map keys, list elements) is needed; contents: element
  std::map<std::string, std::unique_ptr<FieldNode>, std::less<>> fields;  // map members read by name
  std::unique_ptr<FieldNode> element;  // what is read of each list element or map value

  FieldNode* Field(const std::string& name);
  FieldNode* Element();
  // Adds everything `other` needs to this node.
  void Merge(const FieldNode& other);
  // True when nothing below this node is needed beyond its presence.
  bool empty() const { return !whole && !entries && fields.empty() && element == nullptr; }
};

// Compact text for tests and `--debug`: `object{kind*,spec{containers[{image*}]}}` — `*` marks
// whole values, `[...]` every entry with what is read of each.
std::string FieldNodeText(const FieldNode& node);

// The fields of each input variable (children of the returned root, by variable name) that
// the policies `policies` of `program` (all of them when empty) and the functions they call
// can read.
FieldNode AnalyzeFieldUsage(const Program& program, const std::vector<uint32_t>& policies = {});

}  // namespace rampart::ir
