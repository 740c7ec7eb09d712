#pragma once
// A baseline file read back as entry sets, for `rampart learn diff`: which workload version it
// is about (from the `when`/`select` clauses the emitter writes) and, per plane, the entries
// its `allow` rules stand for. The file may have been edited by a person, so entries are read
// from the checked AST, not from the emitter's comments: `proc.exe in [...]` lists give one
// entry per executable, `path.glob(...)`/`startsWith(...)` give patterns, network rules give
// one entry per peer and port. A condition part the reader does not understand is kept as
// text and must match exactly.

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/ast/file.h"
#include "learner/plane.h"

namespace rampart::learner {

// One way a field may match: a literal value or a path glob.
struct FieldPattern {
  std::string text;   // the value, or the glob pattern
  bool glob = false;  // text is a glob (learner/mine/glob_match.h)
  bool operator<(const FieldPattern& o) const {
    return std::tie(glob, text) < std::tie(o.glob, o.text);
  }
  bool operator==(const FieldPattern& o) const { return glob == o.glob && text == o.text; }
};

struct BaselineEntry {
  Plane plane = Plane::kExec;
  // Field ("proc.exe", "parent.exe", "path", "access", "syscall.name", "direction", "peer",
  // "port", "peer.namespace", ...) -> the values it may take (any of them). A field that is
  // not constrained is absent. Conditions not understood are under "condition" as text.
  std::map<std::string, std::vector<FieldPattern>> fields;
  std::string text;  // canonical text: equal entries have equal text
  // A labels(...) peer's `key: value` items, sorted (from the AST): Covers compares them as
  // sets, since a selector with fewer labels selects more pods.
  std::vector<std::string> peer_labels;
  // The `//` lines written just above its rule, without the slashes: the evidence `learn
  // emit` writes (counts, first/last seen, replicas). Not part of the entry's identity.
  std::vector<std::string> comments;
};

// The comment lines of `e` about it: those that start with one of its values followed by ':'
// or ' ' ("/bin/date: 1 exec, ..."), with the indented lines under them ("  generalised:
// ..."), when any do (a rule listing several executables has one line each); else all.
std::vector<std::string> EvidenceOf(const BaselineEntry& e);

// The workload a baseline file is about, as its scope clauses say.
struct BaselineWorkload {
  std::string namespace_name, kind, name, pod, container, image_digest, image;
};

struct BaselineEntries {
  BaselineWorkload workload;
  std::vector<BaselineEntry> entries[4];  // per Plane, sorted by text, unique
  std::vector<std::string> skipped;       // policies or rules not compared, and why
};

// Reads the allow rules of every runtime (`on exec`, `on open`, `on syscall`) and network
// policy of `file`. Never fails: what it cannot read is listed in `skipped`.
BaselineEntries ReadBaselineEntries(const ast::File& file);

// True when everything `narrow` allows, `wide` allows too (same plane): every field of `wide`
// is absent from it or covers `narrow`'s values (globs by matching, port ranges by
// containment).
bool Covers(const BaselineEntry& wide, const BaselineEntry& narrow);

}  // namespace rampart::learner
