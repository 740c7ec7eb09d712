#include "learner/replay/replay_addresses.h"

#include <vector>

namespace rampart::learner {
namespace {

// The peer columns mining would see for this behaviour (ShouldResolvePeer decides on them).
ObservationColumns PeerColumns(const Behaviour& b) {
  ObservationColumns c;
  c.peer_namespace = std::string(b.peer_namespace);
  c.peer_workload = std::string(b.peer_workload);
  c.peer_labels = std::string(b.peer_labels);
  c.peer_service = std::string(b.peer_service);
  c.peer_ip = std::string(b.peer_ip);
  return c;
}

}  // namespace

bool ReplayAddresses::Resolve(DecodedDocument* doc, int64_t* resolved, std::string* error) {
  for (DecodedDocument::Item& item : doc->items) {
    Behaviour& b = item.behaviour;
    if (b.plane != Plane::kNetwork || !ShouldResolvePeer(PeerColumns(b))) continue;
    std::string ip(b.peer_ip);
    auto book = books_.find(ip);
    if (book == books_.end()) {
      std::vector<AddressHolding> holdings;
      if (!store_->AddressHolders({ip}, &holdings, error)) return false;
      book = books_.emplace(ip, AddressBook(std::move(holdings))).first;
    }
    // One event: its time is the span (unknown overlaps every holding, as in mining).
    AddressResolution r = book->second.Resolve(ip, doc->time, doc->time);
    if (r.outcome != AddressResolution::Outcome::kResolved) continue;
    b.peer_namespace = doc->Own(r.namespace_name);
    b.peer_workload = doc->Own(r.Workload());
    b.peer_labels = doc->Own(r.labels);
    b.peer_ip = {};  // known now: an address only when nothing else identifies the peer
    item.peer_resolved = true;
    ++*resolved;
  }
  return true;
}

}  // namespace rampart::learner
