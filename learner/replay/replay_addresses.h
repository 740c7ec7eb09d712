#pragma once
// `rampart learn replay --db`: a held-out event's peer that the source named only by address
// is resolved through the store's address table at the event's time, exactly as mining
// resolved the peers of the baseline (learner/mine/address_book.h: the one workload whose pods
// held the address then). A baseline names such a peer by its workload's labels; without
// this, a replayed flow to the same workload by address would be flagged although nothing new
// happened. Ambiguous and unknown addresses stay addresses, as in the baseline.

#include <map>
#include <string>

#include "learner/ingest/decoded_document.h"
#include "learner/mine/address_book.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

class ReplayAddresses {
 public:
  explicit ReplayAddresses(BehaviourStore* store) : store_(store) {}

  // Resolves the peers of `doc`'s network behaviours that mining would look up, writing the
  // workload into the behaviour (namespace, "Kind/name", labels) and marking the item
  // `peer_resolved`; `*resolved` counts them. False when the store cannot be read.
  bool Resolve(DecodedDocument* doc, int64_t* resolved, std::string* error);

 private:
  BehaviourStore* store_;
  std::map<std::string, AddressBook> books_;  // by address: each read from the store once
};

}  // namespace rampart::learner
