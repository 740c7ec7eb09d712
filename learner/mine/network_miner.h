#pragma once
// The network plane's mining: stored network observations in, the rules of a network policy
// out. Peers are written as the store knows them, best identity first: a Service, the peer
// workload's labels (with its namespace), its namespace and name; for endpoints outside the
// known workloads (unless the address book resolves the address to the workload that held
// it) the DNS name the source gave (`dns("api.example.com")`, the addresses in the evidence),
// else an address block (`cidr("IP/32")`, with a note). Observations that render to the same
// peer share one rule with their ports:
//
//  - 4 or more DNS names of one direction that differ only in their first label, under a
//    parent domain of 2 labels or more (3 under a two-letter country code: never *.com or
//    *.co.uk), become one `dns("*.parent")` rule; the entry's generalisation says so;
//
//  - ephemeral ports (32768 and up) seen for 3 or more distinct ports of one peer are source
//    ports of replies or client connections, not services: they never become rules and are
//    reported as left out;
//  - 3 or more consecutive ports of one peer and protocol become a range ("9990-9992/tcp").

#include <vector>

#include "learner/mine/address_book.h"
#include "learner/mine/mined_baseline.h"

namespace rampart::learner {

// Network entries for `observations` (network plane, ingress or egress only), sorted by
// direction, peer and condition; ports left out go to `left_out`. With `addresses`, a peer
// known only by its address is looked up (address_book.h): resolved, it is written as the
// workload that held the address while the peer was seen and joins that workload's rule;
// otherwise it stays an address. Either way the entry's `lookups` say what was found.
std::vector<NetworkEntry> MineNetwork(const std::vector<const StoredObservation*>& observations,
                                      std::vector<LeftOut>* left_out,
                                      const AddressBook* addresses = nullptr);

}  // namespace rampart::learner
