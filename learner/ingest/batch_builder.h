#pragma once
// Aggregates decoded documents in memory into one BatchDelta: repeated behaviours of a batch
// become one upsert with a count, first/last seen and the set of replicas that showed them.
// Workload identities are resolved once per distinct (namespace, pod, container, image,
// owner) and cached across batches. Not thread-safe.

#include <string>
#include <unordered_map>
#include <vector>

#include "learner/ingest/decoded_document.h"
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
  size_t WorkloadOf(const EventOrigin& origin);  // index into batch_.workloads
  size_t ReplicaOf(size_t workload, const EventOrigin& origin, long long time);
  void AddAddress(std::string_view ip, std::string_view namespace_name, std::string_view kind,
                  std::string_view name, std::string_view pod, std::string_view labels,
                  long long time);

  std::unordered_map<std::string, size_t> resolved_;  // raw facts → index into known_
  std::vector<WorkloadRef> known_;
  std::unordered_map<size_t, size_t> batch_workload_;  // known_ index → batch index
  std::unordered_map<std::string, size_t> replica_index_;
  std::unordered_map<std::string, size_t> observation_index_;
  std::unordered_map<std::string, size_t> address_index_;
  BatchDelta batch_;
  int64_t documents_ = 0;
  std::string scratch_;
  Labels labels_;
};

}  // namespace rampart::learner
