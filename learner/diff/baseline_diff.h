#pragma once
// `rampart learn diff`: a reviewed baseline (its entries, baseline_entries.h) against what the
// store now shows for the same workload (the entries a fresh emit would write), per plane:
//
//  - added: a store entry the baseline does not allow and that widens none of its entries;
//  - removed: a baseline entry the store no longer shows, in any form, and that allows
//    nothing the store shows;
//  - widened: a store entry that covers baseline entries it replaces (a literal path now
//    under a glob, a glob now `**`, a port now in a range, an executable's parent dropped);
//  - unchanged: in both; store entries a baseline entry already covers are not differences.
//
// Pure functions over entry sets; the CLI reads the files and the store.

#include <string>
#include <vector>

#include "learner/diff/baseline_entries.h"

namespace rampart::learner {

struct PlaneDiff {
  std::vector<const BaselineEntry*> added, removed;
  struct Widening {
    std::vector<const BaselineEntry*> before;  // baseline entries the new one covers
    const BaselineEntry* after = nullptr;
  };
  std::vector<Widening> widened;
  int unchanged = 0;
  int covered = 0;  // store entries the baseline already allows through a wider entry
  bool empty() const { return added.empty() && removed.empty() && widened.empty(); }
};

struct BaselineDiff {
  PlaneDiff planes[4];
  bool empty() const;
};

// Pointers refer to the entries of `baseline` and `store`, which must outlive the result.
BaselineDiff DiffBaselines(const BaselineEntries& baseline, const BaselineEntries& store);

// What the header of the report says about the two sides.
struct DiffSides {
  std::string baseline_file;
  BaselineWorkload workload;  // as the file names it
  std::string db;
  std::string store_version;  // the workload version compared with ("" for flows only)
  int store_versions = 0;     // versions of this workload in the store
  bool chosen = false;        // store_version was picked by --version, not the newest
};

// The report as text (one section per plane, `+` added, `-` removed, `~` widened) and as one
// JSON object (docs/learner.md "Diff").
std::string DiffText(const DiffSides& sides, const BaselineDiff& diff);
std::string DiffJson(const DiffSides& sides, const BaselineDiff& diff);

}  // namespace rampart::learner
