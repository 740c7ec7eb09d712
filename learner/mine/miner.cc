#include "learner/mine/miner.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

#include "learner/mine/network_miner.h"
#include "learner/mine/path_trie.h"

namespace rampart::learner {

void Evidence::Add(const StoredObservation& o) {
  count += o.count;
  if (o.first_seen != kNoTime && (first_seen == kNoTime || o.first_seen < first_seen)) {
    first_seen = o.first_seen;
  }
  if (o.last_seen != kNoTime && (last_seen == kNoTime || o.last_seen > last_seen)) {
    last_seen = o.last_seen;
  }
  // Links are complete when there is one per replica the observation counts.
  replicas_exact = replicas_exact && int64_t(o.replica_ids.size()) == o.replicas;
  if (replicas_exact) {
    std::vector<int64_t> both;
    std::set_union(replica_ids.begin(), replica_ids.end(), o.replica_ids.begin(), o.replica_ids.end(),
                   std::back_inserter(both));
    replica_ids = std::move(both);
    replicas = int64_t(replica_ids.size());
  } else {
    replica_ids.clear();
    replicas = std::max(replicas, o.replicas);
    for (const StoredObservation* m : merged) replicas = std::max(replicas, m->replicas);
  }
  merged.push_back(&o);
}

MinedBaseline Mine(const std::vector<StoredObservation>& observations,
                   const AddressBook* addresses) {
  MinedBaseline b;
  std::vector<const StoredObservation*> files, network;
  std::map<std::pair<std::string, std::string>, ExecEntry> exec;
  std::map<std::pair<std::string, long long>, SyscallEntry> syscalls;
  LeftOut unusable[4];
  for (const StoredObservation& o : observations) {
    const ObservationColumns& c = o.columns;
    switch (o.plane) {
      case Plane::kExec:
        if (c.exe.empty()) {
          unusable[0].evidence.Add(o);
          break;
        }
        {
          ExecEntry& e = exec[{c.parent_exe, c.exe}];
          e.exe = c.exe;
          e.parent_exe = c.parent_exe;
          e.evidence.Add(o);
        }
        break;
      case Plane::kFile:
        if (c.path.empty()) {
          unusable[1].evidence.Add(o);
        } else {
          files.push_back(&o);
        }
        break;
      case Plane::kNetwork:
        if (c.direction != "ingress" && c.direction != "egress") {
          unusable[2].evidence.Add(o);
        } else {
          network.push_back(&o);
        }
        break;
      case Plane::kSyscall: {
        if (c.syscall.empty() && c.syscall_nr < 0) {
          unusable[3].evidence.Add(o);
          break;
        }
        // A name decides; the number only when the source gave no name.
        SyscallEntry& e = syscalls[{c.syscall, c.syscall.empty() ? c.syscall_nr : -1}];
        e.name = c.syscall;
        e.nr = c.syscall.empty() ? c.syscall_nr : -1;
        e.evidence.Add(o);
        break;
      }
    }
  }
  for (auto& [key, e] : exec) b.exec.push_back(std::move(e));
  for (auto& [key, e] : syscalls) b.syscalls.push_back(std::move(e));
  b.files = MineFiles(files);
  b.network = MineNetwork(network, &b.left_out, addresses);
  static const char* const kWhy[4] = {
      "exec observations without an executable", "file observations without a path",
      "network observations without a direction", "syscall observations without a name or number"};
  for (int p = 0; p < 4; ++p) {
    if (unusable[p].evidence.merged.empty()) continue;
    unusable[p].plane = Plane(p);
    unusable[p].reason = kWhy[p];
    b.left_out.push_back(std::move(unusable[p]));
  }
  return b;
}

}  // namespace rampart::learner
