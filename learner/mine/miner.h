#pragma once
// Mining: one workload version's stored observations in, its baseline entries out (see
// mined_baseline.h). Exec: one entry per executable and parent, literally (an unexpected
// program is what a baseline exists to catch, so executables are never globbed). File:
// path_trie.h. Network: network_miner.h. Syscall: the set of calls made, by name (by number
// when the source gave no name). Deterministic: the same observations in any order give the
// same entries.

#include <vector>

#include "learner/mine/address_book.h"
#include "learner/mine/mined_baseline.h"

namespace rampart::learner {

// `observations` must outlive the result (entries point into it). Observations a plane
// cannot use (an exec without an executable, a flow without a direction) are reported in
// `left_out`. `addresses` (LoadAddressBook) resolves network peers known only by address;
// without it they stay addresses.
MinedBaseline Mine(const std::vector<StoredObservation>& observations,
                   const AddressBook* addresses = nullptr);

}  // namespace rampart::learner
