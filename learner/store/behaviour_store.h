#pragma once
// The behaviour store: aggregated observations per workload version, plus what is known about
// each ingested source (how far it was read, bad lines, reported losses). Backends implement
// BehaviourStore; SqliteStore (one file, WAL) is the default, a PostgreSQL backend for fleets
// can follow behind the same interface. Nothing here names SQLite.
//
// Writers hand over one BatchDelta per transaction: everything an ingester learned from a
// run of documents together with the source's new resume point, so a crash loses either the
// whole batch or nothing, and the resume point always matches what is stored.
//
// Errors: every call returns false and sets `*error` to a sentence naming the database.
// A store object is not thread-safe; use one per thread (SQLite serialises writers).

#include <cstdint>
#include <string>
#include <vector>

#include "learner/identity/workload_identity.h"
#include "learner/plane.h"

namespace rampart::learner {

// A source file or stream as the store remembers it. Identified by the hash of its first
// `fingerprint_len` bytes; `content_hash` covers bytes [0, offset) so that a file which only
// shares a prefix is not mistaken for one already read.
struct SourceRecord {
  int64_t id = 0;
  std::string name;         // path as last given (or "-")
  std::string fingerprint;  // hex
  int64_t fingerprint_len = 0;
  bool compressed = false;
  int64_t offset = 0;        // bytes of (decompressed) input fully processed and committed
  std::string content_hash;  // hex hash of bytes [0, offset)
  int64_t lines = 0;         // lines in [0, offset)
  int64_t events = 0;        // documents that produced at least one observation
  int64_t bad_lines = 0;
  int64_t ignored = 0;      // well-formed documents that carry no behaviour (process_exit, ...)
  int64_t lost_events = 0;  // losses the source itself reported
  long long first_event = kNoTime;
  long long last_event = kNoTime;
};

struct WorkloadDelta {
  WorkloadRef ref;
  int64_t events = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
};

struct ReplicaDelta {
  size_t workload = 0;  // index into BatchDelta::workloads
  std::string pod;
  std::string node;
  int64_t events = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
};

// An observation's structured columns; empty text / -1 means "does not apply" (NULL).
struct ObservationColumns {
  std::string exe, parent_exe, path, access, direction, protocol;
  long long port = -1;
  std::string peer_namespace, peer_workload, peer_labels, peer_service, peer_dns, peer_ip;
  std::string syscall;
  long long syscall_nr = -1;
};

struct ObservationDelta {
  size_t workload = 0;  // index into BatchDelta::workloads
  Plane plane = Plane::kExec;
  std::string key;
  ObservationColumns columns;
  int64_t count = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
  std::vector<size_t> replicas;  // indexes into BatchDelta::replicas
};

struct BadLine {
  int64_t line = 0;
  int64_t offset = 0;
  std::string reason;
};

struct Loss {
  long long time = kNoTime;
  std::string node;
  int64_t lost = 0;
  std::string detail;  // e.g. "tetragon rate_limit_info", "hubble PERF_EVENT_RING_BUFFER"
};

// A pod seen holding an address: what resolves a peer the sources knew only by IP
// (learner/mine/address_book.h). The workload is the pod's owner as workload identity names
// it; `labels` are its stable labels as "k=v,k=v" (the form of a network observation's
// peer_labels). One row per address and pod; times widen, `sightings` add up.
struct AddressHolding {
  std::string ip;
  std::string namespace_name, kind, name, pod;
  std::string labels;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
  int64_t sightings = 0;
};

// What one transaction adds. Counters in `source` are the new totals, not increments.
struct BatchDelta {
  SourceRecord source;
  std::vector<WorkloadDelta> workloads;
  std::vector<ReplicaDelta> replicas;
  std::vector<ObservationDelta> observations;
  std::vector<BadLine> bad_lines;  // the store keeps the first kMaxBadLinesKept per source
  std::vector<Loss> losses;
  std::vector<AddressHolding> addresses;  // sightings of this batch, one per address and pod
};

inline constexpr int64_t kMaxBadLinesKept = 100;

// One row of `rampart learn status`.
struct WorkloadSummary {
  int64_t id = 0;
  WorkloadRef ref;
  int64_t events = 0;
  int64_t replicas = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
  int64_t distinct[4] = {0, 0, 0, 0};  // distinct behaviours per Plane
  int64_t observed[4] = {0, 0, 0, 0};  // observation counts per Plane
  // Set by learner/mine/pod_flow_join.h, never by the store: flows of this pod-level version
  // went to container versions of the same pods (the counts and span above include them).
  int64_t flows_joined_away = 0;
};

// One stored observation as read back for mining and emission.
struct StoredObservation {
  Plane plane = Plane::kExec;
  std::string key;
  ObservationColumns columns;
  int64_t count = 0;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
  int64_t replicas = 0;  // distinct replicas (pods) that showed it
  // Which replicas (the store's ids), sorted, when the store read them: entries that merge
  // several observations count their union.
  std::vector<int64_t> replica_ids;
  // A pod-level flow (Hubble's) joined into a container version by pod
  // (learner/mine/pod_flow_join.h); never set by the store itself.
  bool joined_from_pods = false;
};

// When one stored behaviour was first seen (novelty curves, learner/convergence).
struct FirstSeenRow {
  int64_t workload_id = 0;
  Plane plane = Plane::kExec;
  long long first_seen = kNoTime;
};

// A pod a workload version ran in (a row of the replicas table), and when it was seen there.
struct ReplicaPod {
  int64_t id = 0;  // as in StoredObservation::replica_ids
  int64_t workload_id = 0;
  std::string pod;
  long long first_seen = kNoTime;
  long long last_seen = kNoTime;
};

// A node a replica of a workload version ran on.
struct ReplicaNode {
  int64_t workload_id = 0;
  std::string node;
};

class BehaviourStore {
 public:
  virtual ~BehaviourStore() = default;

  // Sources whose first `fingerprint_len` bytes hash to `fingerprint`.
  virtual bool FindSources(const std::string& fingerprint, int64_t fingerprint_len,
                           std::vector<SourceRecord>* out, std::string* error) = 0;
  // The distinct fingerprint lengths in use (a file shorter than the usual prefix when it was
  // first read is found again by the length it had).
  virtual bool FingerprintLengths(std::vector<int64_t>* out, std::string* error) = 0;
  // Creates a source row (offset 0) and sets `record->id`.
  virtual bool CreateSource(SourceRecord* record, std::string* error) = 0;
  // Applies one batch atomically: observations, replicas, workloads and the source's totals.
  virtual bool Commit(const BatchDelta& batch, std::string* error) = 0;
  // Every workload version with its counts, ordered by namespace, kind, name, container,
  // version.
  virtual bool Summaries(std::vector<WorkloadSummary>* out, std::string* error) = 0;
  // Every source, in creation order.
  virtual bool Sources(std::vector<SourceRecord>* out, std::string* error) = 0;
  // Every observation of one workload version (WorkloadSummary::id), ordered by plane and
  // key.
  virtual bool Observations(int64_t workload_id, std::vector<StoredObservation>* out,
                            std::string* error) = 0;
  // (workload, plane, first_seen) of every observation, ordered by workload, plane and
  // first_seen.
  virtual bool FirstSeenTimes(std::vector<FirstSeenRow>* out, std::string* error) = 0;
  // Every loss the sources reported, in the order they were recorded.
  virtual bool Losses(std::vector<Loss>* out, std::string* error) = 0;
  // The distinct non-empty nodes each workload version's replicas ran on, ordered.
  virtual bool ReplicaNodes(std::vector<ReplicaNode>* out, std::string* error) = 0;
  // Every replica of every workload version, ordered by workload version and pod.
  virtual bool ReplicaPods(std::vector<ReplicaPod>* out, std::string* error) = 0;
  // The pods seen holding each of `ips`, ordered by address, first_seen (unknown first),
  // namespace, kind, name and pod.
  virtual bool AddressHolders(const std::vector<std::string>& ips, std::vector<AddressHolding>* out,
                              std::string* error) = 0;
  // Bad lines kept for a source, by line number.
  virtual bool BadLines(int64_t source_id, std::vector<BadLine>* out, std::string* error) = 0;
};

}  // namespace rampart::learner
