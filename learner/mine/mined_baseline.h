#pragma once
// What mining makes of one workload version's observations: the entries of its baseline per
// plane, each with the evidence behind it and the generalisation that produced it. Emission
// (learner/emit) prints these as rules with `//` evidence; diff (learner/diff) compares them.
//
// Every entry keeps pointers to the stored observations it merged, so a reviewer can be told
// exactly which behaviours a glob, a port range or a grouped rule stands for. The pointers
// refer to the observation vector given to Mine(), which must outlive the MinedBaseline.

#include <cstdint>
#include <string>
#include <vector>

#include "learner/store/behaviour_store.h"

namespace rampart::learner {

// Count, time span and replicas of the observations behind one entry.
struct Evidence {
  int64_t count = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
  // Distinct replicas that showed the merged observations: the union of their replica links
  // when every one came with them (StoredObservation::replica_ids, as the store reads them;
  // `replicas_exact`), else the most any one of them had (a lower bound).
  int64_t replicas = 0;
  bool replicas_exact = true;
  std::vector<int64_t> replica_ids;  // the union so far, sorted
  std::vector<const StoredObservation*> merged;  // in a deterministic order (by key per part)

  void Add(const StoredObservation& o);
};

// Exec plane: an executable and the parent that started it ("" when the source did not say).
struct ExecEntry {
  std::string exe;
  std::string parent_exe;
  Evidence evidence;
};

// File plane: a literal path or a glob over several, and the access modes allowed.
struct FileEntry {
  std::string pattern;  // the literal path, or a glob (docs/schemas/functions.md) when is_glob
  bool is_glob = false;
  // Sorted subset of {"read", "readwrite", "write"}; empty: any access (a source that does
  // not say, or both reads and writes seen, which makes read-write opens normal too).
  std::vector<std::string> access;
  // "" for a literal path; else what was generalised, for the evidence comment:
  // "12 paths under /tmp/* (random names)", "version numbers normalised", ...
  std::string generalisation;
  bool sensitive = false;  // under a prefix kept literal on purpose (/etc/shadow, ...)
  Evidence evidence;
};

// A peer the source knew only by address, looked up in the address book
// (learner/mine/address_book.h) for one merged observation.
struct PeerLookup {
  const StoredObservation* observation = nullptr;
  std::string workload;  // "Kind/name" it was resolved to; "" when it was not
  // "resolved from 10.0.3.7 (pod db-0, seen T1 .. T2)", or why it was not resolved.
  std::string note;
};

// Network plane: one rule of a network policy.
struct NetworkEntry {
  std::string direction;           // ingress or egress
  std::string peer;  // labels(...), service(...), namespace(...), dns(...), cidr(...) or any
  std::vector<std::string> ports;  // "9080/tcp", "9990-9992/tcp"; empty: any port
  std::string condition;           // extra condition on the peer, or ""
  std::string note;                // what the reader should know about the peer, or ""
  std::string generalisation;      // DNS names as a pattern, a port range, ... or ""
  Evidence evidence;
  std::vector<PeerLookup> lookups;  // merged observations whose address was looked up
  // The lookup of `o`, or null.
  const PeerLookup* LookupOf(const StoredObservation* o) const {
    for (const PeerLookup& l : lookups) {
      if (l.observation == o) return &l;
    }
    return nullptr;
  }
};

// Syscall plane: one call, by name (or by number when the source gave only that).
struct SyscallEntry {
  std::string name;
  long long nr = -1;
  Evidence evidence;
};

// Observations mining chose not to turn into entries, with the reason (said in the header).
struct LeftOut {
  Plane plane = Plane::kExec;
  std::string reason;
  Evidence evidence;
};

struct MinedBaseline {
  std::vector<ExecEntry> exec;         // by parent, then exe
  std::vector<FileEntry> files;        // by pattern
  std::vector<NetworkEntry> network;   // by direction, peer, ports
  std::vector<SyscallEntry> syscalls;  // by name, then number
  std::vector<LeftOut> left_out;
};

}  // namespace rampart::learner
