#include "tests/learner/decoded_description.h"

#include <sstream>

#include "learner/plane.h"

namespace rampart::learner {

std::string DescribeDecoded(const DecodedDocument& d) {
  std::ostringstream out;
  out << "format=" << d.format << " time=" << d.time << " ignored=" << d.ignored << "\n";
  for (int i = 0; i < d.n_origins; ++i) {
    const EventOrigin& o = d.origins[i];
    const PodFacts& f = o.facts;
    out << "origin " << i << ": " << f.namespace_name << "|" << f.pod << "|" << f.container << "|"
        << f.image << "|" << f.image_id << "|" << f.owner_kind << "|" << f.owner_name
        << " node=" << o.node << " labels=";
    Labels labels;
    ReadLabels(o, &labels);
    for (const auto& [k, v] : labels) out << k << "=" << v << ";";
    out << "\n";
  }
  for (const auto& item : d.items) {
    const Behaviour& b = item.behaviour;
    std::string key;
    b.AppendKey(&key);
    out << "item " << item.origin << " " << PlaneName(b.plane) << " " << key
        << " address=" << b.peer_address << "\n";
  }
  for (const Loss& l : d.losses) out << "loss " << l.time << l.node << l.lost << l.detail << "\n";
  for (const AddressSeen& a : d.addresses) {
    out << "address " << a.ip << " " << a.origin << " " << a.namespace_name << " " << a.workload
        << " " << a.pod << " " << a.labels << "\n";
  }
  return out.str();
}

}  // namespace rampart::learner
