#pragma once
// The file plane's generalisation: stored file observations (path, access, executable) in,
// FileEntry rules out. Paths are grouped by path (access modes collapsed), put into a trie
// of path segments, and generalised directory by directory, deepest first:
//
//  - generated names (PIDs under /proc, random-looking temp names, hashes) become one `*`
//    child when a directory has enough of them (path_names.h RuleFor: per-prefix thresholds),
//    keeping a common literal prefix or extension ("tmp_*", "*.sock"); what was under them is
//    merged, so /proc/12/stat and /proc/345/stat give /proc/*/stat;
//  - version numbers in names are normalised ("app-1.4.2.jar" -> "app-1.*.jar");
//  - a directory holding many distinct files becomes `DIR/*` (all in it) or `DIR/**` (spread
//    over subdirectories);
//  - a literal path that a glob covers is merged into it;
//  - paths under sensitive prefixes (/etc/shadow, /root/.ssh, token directories, ...) stay
//    literal, and no glob is made that would match one of them.
//
// Deterministic: the result depends only on the set of observations, not their order.

#include <vector>

#include "learner/mine/mined_baseline.h"

namespace rampart::learner {

// File entries for `observations` (file plane only), sorted by pattern. Pointers in the
// entries' evidence refer to `observations`' elements.
std::vector<FileEntry> MineFiles(const std::vector<const StoredObservation*>& observations);

}  // namespace rampart::learner
