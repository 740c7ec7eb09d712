#pragma once
// Aggregates decoded documents in memory into one BatchDelta: repeated behaviours of a batch
// become one upsert with a count, first/last seen and the set of replicas that showed them.
// Not thread-safe.
//
// Per event it does no text key and no allocation once the pods and behaviours are known:
// - an origin's raw facts (namespace, pod, container, image, owner) are resolved to a
//   workload version once and remembered across batches;
// - each distinct behaviour of a workload version gets a dense id, its key text and columns
//   made once, found again by a hash of its fields (HashIndex) and compared field by field;
// - the batch is then indexed by those ids.
// Replicas of one workload version share one observation per behaviour in the batch (the
// store would merge them anyway: one row update instead of one per replica). Workload and
// replica deltas stay one per origin, as before, so what the store makes of their labels,
// images and nodes does not change.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/hash_index.h"
#include "learner/ingest/parts_key.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

class BatchBuilder {
 public:
  // Adds a decoded document's behaviours (the caller counts the document itself).
  void Add(const DecodedDocument& doc);
  // Documents added since the last Take().
  int64_t documents() const { return documents_; }
  // Moves the aggregated batch out (with `source` as its source totals) and starts anew.
  BatchDelta Take(const SourceRecord& source);

 private:
  // Raw facts as a source gave them, resolved to a workload version once (the facts
  // themselves are in origin_keys_).
  struct Origin {
    WorkloadRef ref;
    uint32_t version = 0;  // index into versions_: origins of one workload version share it
  };
  // A behaviour of one workload version (its version, plane and fields are in its record).
  struct Known {
    uint32_t version = 0;
    Plane plane = Plane::kExec;
    std::string key;  // Behaviour::AppendKey
    ObservationColumns columns;
  };

  // A known behaviour's observation in this batch (count 0: not in it), kept by known id so
  // that finding it costs no lookup beyond the behaviour's own: small, so the batch's hot
  // data stays in cache; its key text and columns are copied from Known when the batch is
  // taken.
  struct Tally {
    static constexpr uint32_t kInline = 3;
    int64_t count = 0;
    long long first_seen = kNoTime;
    long long last_seen = kNoTime;
    uint32_t n_replicas = 0;
    uint32_t replicas[kInline];  // batch replica indexes, the first kInline
    uint32_t more = 0;           // index + 1 into more_replicas_ of the rest, in the order seen
  };
  void AddReplica(Tally* t, uint32_t r);

  // A known behaviour's tally followed by its joined key (its version and the parts of
  // ForEachPart), back to back in one arena: finding a behaviour reads its key, and the tally
  // it then updates is on the same cache lines (each event looks one up at random among
  // thousands; the lookups are cache misses, and this is one miss fewer).
  struct KnownRecord {
    Tally tally;
    uint32_t key_size = 0;
    std::string_view key() const {
      return std::string_view(reinterpret_cast<const char*>(this + 1), key_size);
    }
  };
  KnownRecord* Record(uint32_t known) {
    return reinterpret_cast<KnownRecord*>(arena_.data() + record_at_[known]);
  }

  uint32_t OriginOf(const EventOrigin& origin);
  uint32_t VersionOf(const WorkloadRef& ref);
  uint32_t KnownOf(uint32_t version, const Behaviour& b);
  size_t WorkloadSlot(uint32_t origin, const EventOrigin& facts);  // index into batch_.workloads
  size_t ReplicaSlot(uint32_t origin, size_t workload, const EventOrigin& facts, long long time);
  void AddAddress(std::string_view ip, std::string_view namespace_name, std::string_view kind,
                  std::string_view name, std::string_view pod, std::string_view labels,
                  long long time);
  // Forgets what is known (bounded memory); only between batches.
  void Forget();

  std::vector<Origin> origins_;
  JoinedKeys origin_keys_;
  HashIndex origin_index_;
  std::vector<std::string> versions_;  // namespace, kind, name, container, version joined
  HashIndex version_index_;
  std::vector<Known> known_;
  HashIndex known_index_;
  std::vector<uint64_t> arena_;     // KnownRecords, 8-byte aligned
  std::vector<size_t> record_at_;   // by known id: where its record starts in arena_

  // This batch, by the ids above: index + 1 into batch_'s vectors, 0 when not in it.
  std::vector<uint32_t> origin_workload_, origin_replica_, version_workload_;
  std::vector<uint32_t> touched_origins_, touched_versions_;
  std::vector<uint32_t> batch_knowns_;               // known ids in this batch, first seen first
  std::vector<std::vector<uint32_t>> more_replicas_;  // Tally::more

  std::unordered_map<std::string, size_t> address_index_;
  BatchDelta batch_;
  int64_t documents_ = 0;
  std::string scratch_;
  Labels labels_;
};

}  // namespace rampart::learner
