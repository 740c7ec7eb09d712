#include "learner/mine/network_miner.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "compiler/source/dns_names.h"
#include "compiler/source/quoting.h"
#include "learner/identity/workload_identity.h"
#include "learner/keywords.h"
#include "learner/report/reports.h"

namespace rampart::learner {
namespace {

using source::QuoteCelString;

// The first port of the usual ephemeral ranges (Linux 32768-60999, IANA 49152-65535).
constexpr long long kFirstEphemeralPort = 32768;
// Distinct ephemeral ports of one peer that mark them as client-side ports.
constexpr size_t kEphemeralPorts = 3;
// Consecutive ports of one peer that become a range.
constexpr size_t kRangePorts = 3;
// DNS names under one parent domain, differing only in their first label, that become one
// `*.parent` pattern.
constexpr size_t kDnsSiblings = 4;


// Labels stored as "k=v,k2=v2"; entries without '=' are identities such as Cilium's
// "reserved:world" and come back in `reserved`.
void ParseLabels(const std::string& text, std::vector<std::pair<std::string, std::string>>* labels,
                 std::vector<std::string>* reserved) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    size_t eq = item.find('=');
    if (eq == std::string::npos) {
      if (!item.empty()) reserved->push_back(item);
    } else {
      labels->emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    start = end + 1;
  }
  std::sort(labels->begin(), labels->end());
  std::sort(reserved->begin(), reserved->end());
}

struct Peer {
  std::string peer, condition, note;
  std::string dns_name;  // canonical, when `peer` is dns("NAME")
  std::set<std::string> injected;  // "k=v" labels left out of a labels(...) selector
};

// A DNS name the source gave that can be written as a dns(...) peer: valid as a name (a
// pattern character in observed data would widen the rule) — else the peer stays an address
// with the name in its note.
bool UsableDnsName(const std::string& name) {
  return !name.empty() && name.find('*') == std::string::npos &&
         source::DnsPatternProblem(name).empty();
}

std::string DnsPeer(const std::string& pattern) { return "dns(" + QuoteCelString(pattern) + ")"; }

// The labels of a canonical DNS name.
std::vector<std::string> DnsLabels(const std::string& name) {
  std::vector<std::string> labels;
  size_t start = 0;
  for (size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1) {
    labels.push_back(name.substr(start, dot - start));
  }
  labels.push_back(name.substr(start));
  return labels;
}

// The domain `*.` may stand under: two labels or more, three under a two-letter
// country-code top-level domain, so no pattern sits directly under a public suffix (*.com,
// *.co.uk).
bool PatternParentAllowed(const std::string& parent) {
  std::vector<std::string> labels = DnsLabels(parent);
  size_t needed = labels.back().size() == 2 ? 3 : 2;
  return labels.size() >= needed;
}

// DNS names of one direction that differ only in their first label, kDnsSiblings or more
// under one parent domain, become `*.PARENT`: name -> (pattern, what was merged). The result
// depends only on the set of names.
std::map<std::string, std::pair<std::string, std::string>> GeneraliseDnsNames(
    const std::set<std::string>& names) {
  std::map<std::string, std::set<std::string>> by_parent;
  for (const std::string& name : names) {
    size_t dot = name.find('.');
    if (dot == std::string::npos) continue;
    std::string parent = name.substr(dot + 1);
    if (PatternParentAllowed(parent)) by_parent[parent].insert(name);
  }
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& [parent, children] : by_parent) {
    if (children.size() < kDnsSiblings) continue;
    std::string pattern = "*." + parent;
    std::string why = std::to_string(children.size()) + " DNS names as " + pattern +
                      " (names that differ only in their first label)";
    for (const std::string& name : children) out[name] = {pattern, why};
  }
  return out;
}

Peer PeerOf(const ObservationColumns& c) {
  Peer r;
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::string> reserved;
  ParseLabels(c.peer_labels, &labels, &reserved);
  // A selector names the workload, not what a mesh or release added to its pods
  // (IsInjectedLabel): peers seen with and without them are one peer. Kept when nothing
  // else is left to select by.
  std::vector<std::pair<std::string, std::string>> identity;
  for (const auto& kv : labels) {
    if (IsInjectedLabel(kv.first)) r.injected.insert(kv.first + "=" + kv.second);
    else identity.push_back(kv);
  }
  if (identity.empty()) r.injected.clear();
  else labels = std::move(identity);
  std::string reserved_text;
  for (const std::string& x : reserved) reserved_text += (reserved_text.empty() ? "" : ", ") + x;
  std::vector<std::string> conditions;
  if (!c.peer_service.empty()) {
    size_t slash = c.peer_service.find('/');
    if (slash == std::string::npos) {
      r.peer = "service(" + QuoteCelString(c.peer_service) + ")";
    } else {
      r.peer = "service(" + QuoteCelString(c.peer_service.substr(slash + 1)) +
               ", namespace: " + QuoteCelString(c.peer_service.substr(0, slash)) + ")";
    }
  } else if (!labels.empty()) {
    r.peer = "labels(";
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) r.peer += ", ";
      r.peer +=
          (IsPlainIdentifier(labels[i].first) ? labels[i].first : QuoteCelString(labels[i].first)) +
          ": " + QuoteCelString(labels[i].second);
    }
    r.peer += ")";
    if (!c.peer_namespace.empty()) {
      // Guarded: a flow whose source gave labels but no namespace is not this peer, rather
      // than an error in the rule (tests/learner/replay.cmake).
      conditions.push_back("has(peer.namespace) && peer.namespace == " +
                           QuoteCelString(c.peer_namespace));
    }
  } else if (!c.peer_namespace.empty()) {
    r.peer = "namespace(" + QuoteCelString(c.peer_namespace) + ")";
    if (!c.peer_workload.empty()) {
      size_t slash = c.peer_workload.find('/');
      std::string name =
          slash == std::string::npos ? c.peer_workload : c.peer_workload.substr(slash + 1);
      conditions.push_back("has(peer.name) && peer.name == " + QuoteCelString(name));
    }
    if (!reserved_text.empty()) r.note = "the source labelled this peer only " + reserved_text;
  } else if (UsableDnsName(c.peer_dns)) {
    r.peer = DnsPeer(source::CanonicalDnsName(c.peer_dns));
    r.dns_name = source::CanonicalDnsName(c.peer_dns);
    r.note = "a DNS name, not a workload: the source named no workload for it";
    if (!reserved_text.empty()) r.note += " (" + reserved_text + ")";
    r.note += "; matched by name at any address";
  } else if (!c.peer_ip.empty()) {
    bool v6 = c.peer_ip.find(':') != std::string::npos;
    r.peer = "cidr(" + QuoteCelString(c.peer_ip + (v6 ? "/128" : "/32")) + ")";
    r.note = "an address, not a workload: the source named no workload for it";
    if (!reserved_text.empty()) r.note += " (" + reserved_text + ")";
  } else {
    r.peer = "any";
    r.note = "the source named neither a workload nor an address for this peer";
  }
  if (!c.peer_dns.empty() && r.dns_name.empty()) {
    std::string dns = "seen as DNS name " + c.peer_dns;
    r.note = r.note.empty() ? dns : r.note + "; " + dns;
  }
  for (const std::string& x : conditions) r.condition += (r.condition.empty() ? "" : " && ") + x;
  return r;
}

std::string Protocol(const std::string& p) {
  std::string proto = p;
  std::transform(proto.begin(), proto.end(), proto.begin(),
                 [](unsigned char ch) { return char(std::tolower(ch)); });
  return proto == "tcp" || proto == "udp" || proto == "sctp" ? proto : "any";
}

std::string Ports(long long lo, long long hi, const std::string& proto) {
  return (lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi)) + "/" +
         proto;
}

struct Group {
  Peer peer;
  std::string dns_generalisation;  // "5 DNS names as *.example.com (...)", or ""
  std::set<std::string> injected;  // labels its observations had that the selector leaves out
  std::vector<PeerLookup> lookups;
  // protocol -> port -> observations; port -1: the source gave none.
  std::map<std::string, std::map<long long, std::vector<const StoredObservation*>>> ports;
};

void AddAll(Evidence* e, const std::vector<const StoredObservation*>& obs) {
  for (const StoredObservation* o : obs) e->Add(*o);
}

// Holdings for a note: up to four, then how many more.
std::string Holdings(const std::vector<const AddressHolding*>& holdings, bool pods_only) {
  std::string s;
  size_t shown = std::min<size_t>(holdings.size(), 4);
  for (size_t i = 0; i < shown; ++i) {
    const AddressHolding& h = *holdings[i];
    if (i > 0) s += pods_only ? "; " : ", ";
    if (pods_only) {
      s += "pod " + h.pod + ", seen " +
           (h.first_seen == kNoTime ? std::string("at unknown times")
                                    : TimeText(h.first_seen) + " .. " + TimeText(h.last_seen));
    } else {
      s += HoldingText(h);
    }
  }
  if (holdings.size() > shown) s += " (+" + std::to_string(holdings.size() - shown) + " more)";
  return s;
}

std::string LookupNote(const std::string& ip, const AddressResolution& r) {
  switch (r.outcome) {
    case AddressResolution::Outcome::kResolved:
      return "resolved from " + ip + " (" + Holdings(r.holdings, true) + ")";
    case AddressResolution::Outcome::kAmbiguous:
      return "not resolved: " + ip + " was held by several workloads while this peer was seen: " +
             Holdings(r.holdings, false);
    case AddressResolution::Outcome::kOtherTimes:
      return "not resolved: no pod was seen with " + ip +
             " while this peer was seen; at other times: " + Holdings(r.holdings, false);
    case AddressResolution::Outcome::kUnknown:
      break;
  }
  return "";
}

// The lookups of the observations `e` merged.
void AttachLookups(const std::vector<PeerLookup>& lookups, NetworkEntry* e) {
  for (const PeerLookup& l : lookups) {
    if (std::find(e->evidence.merged.begin(), e->evidence.merged.end(), l.observation) !=
        e->evidence.merged.end()) {
      e->lookups.push_back(l);
    }
  }
}

}  // namespace

std::vector<NetworkEntry> MineNetwork(const std::vector<const StoredObservation*>& observations,
                                      std::vector<LeftOut>* left_out,
                                      const AddressBook* addresses) {
  // Each observation's peer (resolved through the address book when it can be), then DNS
  // names generalised per direction, then groups of the same rendered peer.
  struct Rendered {
    const StoredObservation* o;
    Peer peer;
    PeerLookup lookup;
  };
  std::vector<Rendered> rendered;
  std::map<std::string, std::set<std::string>> dns_names;  // direction -> names
  for (const StoredObservation* o : observations) {
    const ObservationColumns* columns = &o->columns;
    ObservationColumns resolved;
    PeerLookup lookup;
    if (addresses != nullptr && !addresses->empty() && ShouldResolvePeer(o->columns)) {
      AddressResolution r = addresses->Resolve(o->columns.peer_ip, o->first_seen, o->last_seen);
      lookup.observation = o;
      lookup.note = LookupNote(o->columns.peer_ip, r);
      if (r.outcome == AddressResolution::Outcome::kResolved) {
        // Written like a peer the source named: its labels and namespace, else namespace and
        // name (PeerOf). The DNS name seen for the address stays.
        resolved = o->columns;
        resolved.peer_namespace = r.namespace_name;
        resolved.peer_workload = r.Workload();
        resolved.peer_labels = r.labels;
        resolved.peer_ip.clear();
        columns = &resolved;
        lookup.workload = r.Workload();
      }
    }
    Peer p = PeerOf(*columns);
    if (!p.dns_name.empty()) dns_names[o->columns.direction].insert(p.dns_name);
    rendered.push_back({o, std::move(p), std::move(lookup)});
  }
  std::map<std::string, std::map<std::string, std::pair<std::string, std::string>>> patterns;
  for (const auto& [direction, names] : dns_names) patterns[direction] = GeneraliseDnsNames(names);
  // (direction, peer, condition) -> group
  std::map<std::tuple<std::string, std::string, std::string>, Group> groups;
  for (Rendered& r : rendered) {
    const StoredObservation* o = r.o;
    Peer& p = r.peer;
    std::string generalisation;
    if (!p.dns_name.empty()) {
      const auto& by_name = patterns[o->columns.direction];
      if (auto it = by_name.find(p.dns_name); it != by_name.end()) {
        p.peer = DnsPeer(it->second.first);
        generalisation = it->second.second;
      }
    }
    Group& g = groups[{o->columns.direction, p.peer, p.condition}];
    if (!r.lookup.note.empty()) g.lookups.push_back(r.lookup);
    if (g.peer.peer.empty() || p.note < g.peer.note) g.peer = p;
    if (!generalisation.empty()) g.dns_generalisation = generalisation;
    g.injected.insert(p.injected.begin(), p.injected.end());
    g.ports[o->columns.port < 0 ? std::string() : Protocol(o->columns.protocol)][o->columns.port]
        .push_back(o);
  }
  std::vector<NetworkEntry> out;
  for (auto& [key, g] : groups) {
    const std::string& direction = std::get<0>(key);
    // Entries of this group: one for the ports, one per protocol without a port.
    NetworkEntry ported;
    ported.direction = direction;
    ported.peer = g.peer.peer;
    ported.condition = g.peer.condition;
    ported.note = g.peer.note;
    std::vector<std::string> generalised;
    if (!g.dns_generalisation.empty()) generalised.push_back(g.dns_generalisation);
    if (!g.injected.empty()) {
      std::string left;
      for (const std::string& kv : g.injected) left += (left.empty() ? "" : ", ") + kv;
      generalised.push_back("mesh and release labels left out of the selector: " + left);
    }
    std::vector<const StoredObservation*> evidence;
    for (auto& [proto, by_port] : g.ports) {
      if (proto.empty()) {
        // No port known: the rule says only the protocol, when there is one.
        for (auto& [port, obs] : by_port) {
          (void)port;
          std::map<std::string, std::vector<const StoredObservation*>> by_protocol;
          for (const StoredObservation* o : obs) by_protocol[o->columns.protocol].push_back(o);
          for (auto& [protocol, list] : by_protocol) {
            NetworkEntry e;
            e.direction = direction;
            e.peer = g.peer.peer;
            e.note = g.peer.note;
            e.condition = g.peer.condition;
            for (const std::string& x : generalised) {
              e.generalisation += (e.generalisation.empty() ? "" : "; ") + x;
            }
            if (!protocol.empty()) {
              e.condition += (e.condition.empty() ? "" : " && ") + std::string("protocol == ") +
                             QuoteCelString(protocol);
            }
            AddAll(&e.evidence, list);
            AttachLookups(g.lookups, &e);
            out.push_back(std::move(e));
          }
        }
        continue;
      }
      std::vector<long long> ports, ephemeral;
      for (const auto& [port, obs] : by_port) {
        (port >= kFirstEphemeralPort ? ephemeral : ports).push_back(port);
      }
      if (ephemeral.size() >= kEphemeralPorts) {
        LeftOut l;
        l.plane = Plane::kNetwork;
        l.reason = std::to_string(ephemeral.size()) + " ephemeral " + proto + " ports (" +
                   std::to_string(ephemeral.front()) + ".." + std::to_string(ephemeral.back()) +
                   ") " + (direction == "ingress" ? "from " : "to ") + g.peer.peer +
                   ": client-side ports, not services";
        for (long long p : ephemeral) AddAll(&l.evidence, by_port[p]);
        left_out->push_back(std::move(l));
      } else {
        ports.insert(ports.end(), ephemeral.begin(), ephemeral.end());
      }
      for (size_t i = 0; i < ports.size();) {
        size_t j = i + 1;
        while (j < ports.size() && ports[j] == ports[j - 1] + 1) ++j;
        if (j - i >= kRangePorts) {
          ported.ports.push_back(Ports(ports[i], ports[j - 1], proto));
          generalised.push_back(std::to_string(j - i) + " consecutive ports as " +
                                ported.ports.back());
        } else {
          for (size_t k = i; k < j; ++k) ported.ports.push_back(Ports(ports[k], ports[k], proto));
        }
        for (size_t k = i; k < j; ++k) {
          evidence.insert(evidence.end(), by_port[ports[k]].begin(), by_port[ports[k]].end());
        }
        i = j;
      }
    }
    if (!ported.ports.empty()) {
      for (const std::string& s : generalised) {
        ported.generalisation += (ported.generalisation.empty() ? "" : "; ") + s;
      }
      AddAll(&ported.evidence, evidence);
      AttachLookups(g.lookups, &ported);
      out.push_back(std::move(ported));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const NetworkEntry& a, const NetworkEntry& b) {
    return std::tie(a.direction, a.peer, a.condition) < std::tie(b.direction, b.peer, b.condition);
  });
  return out;
}

}  // namespace rampart::learner
