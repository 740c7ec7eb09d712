#include "learner/mine/address_book.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "learner/report/reports.h"

namespace rampart::learner {
namespace {

bool Overlaps(const AddressHolding& h, long long first_seen, long long last_seen) {
  if (first_seen == kNoTime || h.first_seen == kNoTime) return true;
  return h.first_seen <= last_seen && h.last_seen >= first_seen;
}

std::tuple<std::string, std::string, std::string> WorkloadOf(const AddressHolding& h) {
  return {h.namespace_name, h.kind, h.name};
}

}  // namespace

std::string AddressResolution::Workload() const { return kind.empty() ? name : kind + "/" + name; }

AddressBook::AddressBook(std::vector<AddressHolding> holdings) : holdings_(std::move(holdings)) {
  // The store's order, whatever order the rows came in: by address, first seen (unknown
  // first), then names.
  auto key = [](const AddressHolding& h) {
    return std::make_tuple(std::cref(h.ip), h.first_seen != kNoTime, h.first_seen,
                           std::cref(h.namespace_name), std::cref(h.kind), std::cref(h.name),
                           std::cref(h.pod));
  };
  std::sort(holdings_.begin(), holdings_.end(),
            [&](const AddressHolding& a, const AddressHolding& b) { return key(a) < key(b); });
  for (size_t i = 0; i < holdings_.size(); ++i) by_ip_[holdings_[i].ip].push_back(i);
}

AddressResolution AddressBook::Resolve(const std::string& ip, long long first_seen,
                                       long long last_seen) const {
  AddressResolution r;
  auto it = by_ip_.find(ip);
  if (it == by_ip_.end()) return r;
  std::vector<const AddressHolding*> during;
  std::set<std::tuple<std::string, std::string, std::string>> workloads;
  for (size_t i : it->second) {
    const AddressHolding& h = holdings_[i];
    if (!Overlaps(h, first_seen, last_seen)) continue;
    during.push_back(&h);
    workloads.insert(WorkloadOf(h));
  }
  if (during.empty()) {
    r.outcome = AddressResolution::Outcome::kOtherTimes;
    for (size_t i : it->second) r.holdings.push_back(&holdings_[i]);
    return r;
  }
  r.holdings = during;
  if (workloads.size() > 1) {
    r.outcome = AddressResolution::Outcome::kAmbiguous;
    return r;
  }
  r.outcome = AddressResolution::Outcome::kResolved;
  const AddressHolding& first = *during.front();  // the earliest holding in the span
  r.namespace_name = first.namespace_name;
  r.kind = first.kind;
  r.name = first.name;
  r.labels = first.labels;
  return r;
}

std::string HoldingText(const AddressHolding& h) {
  std::string s = h.namespace_name + "/" + (h.kind.empty() ? "" : h.kind + "/") + h.name;
  s += " (pod " + h.pod + ", seen ";
  s += h.first_seen == kNoTime ? std::string("at unknown times")
                               : TimeText(h.first_seen) + " .. " + TimeText(h.last_seen);
  return s + ")";
}

bool ShouldResolvePeer(const ObservationColumns& c) {
  if (c.peer_ip.empty() || !c.peer_service.empty() || !c.peer_namespace.empty() ||
      !c.peer_workload.empty()) {
    return false;
  }
  size_t start = 0;
  const std::string& labels = c.peer_labels;
  while (start < labels.size()) {
    size_t end = labels.find(',', start);
    if (end == std::string::npos) end = labels.size();
    std::string item = labels.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    if (item.find('=') != std::string::npos) return false;  // a label: written as labels(...)
    // Reserved identities: only those that do not say "a node" are resolved.
    if (item != "reserved:world" && item != "reserved:unmanaged") return false;
  }
  return true;
}

bool LoadAddressBook(BehaviourStore* store, const std::vector<StoredObservation>& observations,
                     AddressBook* out, std::string* error) {
  std::vector<std::string> ips;
  for (const StoredObservation& o : observations) {
    if (o.plane == Plane::kNetwork && ShouldResolvePeer(o.columns))
      ips.push_back(o.columns.peer_ip);
  }
  *out = AddressBook();
  if (ips.empty()) return true;
  std::vector<AddressHolding> holdings;
  if (!store->AddressHolders(ips, &holdings, error)) return false;
  *out = AddressBook(std::move(holdings));
  return true;
}

}  // namespace rampart::learner
