#pragma once
// IP -> workload resolution for network peers a source knew only by address. The store keeps
// which pods were seen holding which address, and when (AddressHolding: Hubble endpoints,
// rampart's local_ip and a named peer's remote_ip/peer_ip); a peer seen by address between
// first_seen and last_seen is attributed to the workload whose pod held that address during
// that span:
//
//  - one workload held it while the peer was seen (one pod, or several pods of the same
//    workload one after the other): resolved, and written like any other workload peer;
//  - several workloads held it within the span (the address was reused, or sources disagree):
//    not resolved, the candidates are named. Nothing is guessed;
//  - only other pods at other times: not resolved (a pod's address is reused after it goes
//    away), the holders are named.
//
// A holding or an observation without times overlaps every span: times that cannot be
// compared never separate candidates. Pure: the book is built from the store's rows by
// LoadAddressBook and consulted by mining (learner/mine/network_miner.h).

#include <map>
#include <string>
#include <vector>

#include "learner/store/behaviour_store.h"

namespace rampart::learner {

struct AddressResolution {
  enum class Outcome {
    kUnknown,     // no pod was seen with the address
    kResolved,    // one workload held it while the peer was seen
    kAmbiguous,   // several workloads held it within the peer's span
    kOtherTimes,  // pods held it, but none while the peer was seen
  };
  Outcome outcome = Outcome::kUnknown;
  // kResolved: the workload (labels of its earliest holding in the span, "k=v,k=v").
  std::string namespace_name, kind, name, labels;
  // kResolved: that workload's holdings in the span; kAmbiguous: every holding in the span;
  // kOtherTimes: every holding. In the store's order (first_seen, then names).
  std::vector<const AddressHolding*> holdings;

  // "Kind/name" of the resolved workload, or its name when the kind is unknown.
  std::string Workload() const;
};

class AddressBook {
 public:
  AddressBook() = default;
  explicit AddressBook(std::vector<AddressHolding> holdings);

  bool empty() const { return holdings_.empty(); }
  // Who held `ip` between `first_seen` and `last_seen` (kNoTime: unknown).
  AddressResolution Resolve(const std::string& ip, long long first_seen, long long last_seen) const;

 private:
  std::vector<AddressHolding> holdings_;
  std::map<std::string, std::vector<size_t>> by_ip_;  // indexes into holdings_, in order
};

// "ns/Kind/name (pod p, seen T1 .. T2)" for notes and evidence comments.
std::string HoldingText(const AddressHolding& h);

// Whether mining should look `c` up in the address book: a network peer that would be
// written as an address (no Service, no labels, no namespace, an IP), and that the source did
// not label as a node (Cilium's reserved:host or reserved:remote-node: the address is a
// node's, which a host-network pod shares). Peers labelled reserved:world are looked up:
// Cilium uses it for any address it could not map to an identity.
bool ShouldResolvePeer(const ObservationColumns& c);

// The book for one workload version: the holders of the addresses of its peers that
// ShouldResolvePeer selects (nothing is read when there are none).
bool LoadAddressBook(BehaviourStore* store, const std::vector<StoredObservation>& observations,
                     AddressBook* out, std::string* error);

}  // namespace rampart::learner
