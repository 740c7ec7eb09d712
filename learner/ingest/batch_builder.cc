#include "learner/ingest/batch_builder.h"

#include <algorithm>

namespace rampart::learner {
namespace {

void Widen(long long t, long long* first, long long* last) {
  if (t == kNoTime) return;
  if (*first == kNoTime || t < *first) *first = t;
  if (*last == kNoTime || t > *last) *last = t;
}

// The columns of the fields in the plane's key (Behaviour::AppendKey); others stay NULL, so a
// column never shows a value from one arbitrary event of many.
ObservationColumns Columns(const Behaviour& b) {
  ObservationColumns c;
  switch (b.plane) {
    case Plane::kExec:
      c.exe = std::string(b.exe);
      c.parent_exe = std::string(b.parent_exe);
      break;
    case Plane::kFile:
      c.exe = std::string(b.exe);
      c.path = std::string(b.path);
      c.access = std::string(b.access);
      break;
    case Plane::kNetwork:
      c.exe = std::string(b.exe);
      c.direction = std::string(b.direction);
      c.protocol = std::string(b.protocol);
      c.port = b.port;
      c.peer_namespace = std::string(b.peer_namespace);
      c.peer_workload = std::string(b.peer_workload);
      c.peer_labels = std::string(b.peer_labels);
      c.peer_service = std::string(b.peer_service);
      c.peer_dns = std::string(b.peer_dns);
      c.peer_ip = std::string(b.peer_ip);
      break;
    case Plane::kSyscall:
      c.syscall = std::string(b.syscall);
      c.syscall_nr = b.syscall_nr;
      break;
  }
  return c;
}

}  // namespace

size_t BatchBuilder::WorkloadOf(const EventOrigin& origin) {
  const PodFacts& f = origin.facts;
  scratch_.clear();
  for (std::string_view part :
       {f.namespace_name, f.pod, f.container, f.image, f.image_id, f.owner_kind, f.owner_name}) {
    scratch_.append(part.data(), part.size());
    scratch_ += '\x1f';
  }
  auto it = resolved_.find(scratch_);
  size_t known;
  if (it != resolved_.end()) {
    known = it->second;
  } else {
    // The cache only bounds memory; resolving again gives the same identity.
    if (resolved_.size() > 200000) resolved_.clear();
    ReadLabels(origin, &labels_);
    PodFacts with_labels = f;
    with_labels.labels = &labels_;
    known = known_.size();
    known_.push_back(ResolveWorkload(with_labels));
    resolved_.emplace(scratch_, known);
  }
  auto [pos, added] = batch_workload_.try_emplace(known, batch_.workloads.size());
  if (added) {
    WorkloadDelta w;
    w.ref = known_[known];
    batch_.workloads.push_back(std::move(w));
  }
  return pos->second;
}

size_t BatchBuilder::ReplicaOf(size_t workload, const EventOrigin& origin, long long time) {
  scratch_ = std::to_string(workload);
  scratch_ += '\x1f';
  scratch_.append(origin.facts.pod.data(), origin.facts.pod.size());
  // try_emplace: no node is built when the key is there (the common case).
  auto [pos, added] = replica_index_.try_emplace(scratch_, batch_.replicas.size());
  if (added) {
    ReplicaDelta r;
    r.workload = workload;
    r.pod = std::string(origin.facts.pod);
    r.node = std::string(origin.node);
    batch_.replicas.push_back(std::move(r));
  }
  ReplicaDelta& r = batch_.replicas[pos->second];
  Widen(time, &r.first_seen, &r.last_seen);
  return pos->second;
}

void BatchBuilder::AddAddress(std::string_view ip, std::string_view namespace_name,
                              std::string_view kind, std::string_view name, std::string_view pod,
                              std::string_view labels, long long time) {
  scratch_.clear();
  for (std::string_view part : {ip, namespace_name, kind, name, pod}) {
    scratch_.append(part.data(), part.size());
    scratch_ += '\x1f';
  }
  auto [pos, added] = address_index_.try_emplace(scratch_, batch_.addresses.size());
  if (added) {
    AddressHolding a;
    a.ip = std::string(ip);
    a.namespace_name = std::string(namespace_name);
    a.kind = std::string(kind);
    a.name = std::string(name);
    a.pod = std::string(pod);
    a.labels = std::string(labels);
    batch_.addresses.push_back(std::move(a));
  }
  AddressHolding& a = batch_.addresses[pos->second];
  // The labels of the earliest sighting (unknown times last, then the smaller text), as the
  // store keeps them: the same whatever order documents come in.
  if (!added && a.labels != labels) {
    bool earlier = time != kNoTime && (a.first_seen == kNoTime || time < a.first_seen);
    bool same_time = time == a.first_seen;
    if (earlier || (same_time && labels < std::string_view(a.labels)))
      a.labels = std::string(labels);
  }
  ++a.sightings;
  Widen(time, &a.first_seen, &a.last_seen);
}

void BatchBuilder::Add(const DecodedDocument& doc) {
  ++documents_;
  size_t workload_of[2] = {0, 0};
  long long replica_of[2] = {-1, -1};
  for (int i = 0; i < doc.n_origins; ++i) {
    const EventOrigin& origin = doc.origins[i];
    workload_of[i] = WorkloadOf(origin);
    // Both ends of a flow inside one workload count as one event of it.
    if (i == 0 || workload_of[i] != workload_of[0]) {
      WorkloadDelta& w = batch_.workloads[workload_of[i]];
      ++w.events;
      Widen(doc.time, &w.first_seen, &w.last_seen);
    }
    if (!origin.facts.pod.empty()) {
      size_t r = ReplicaOf(workload_of[i], origin, doc.time);
      if (i == 0 || replica_of[0] != long(r)) ++batch_.replicas[r].events;
      replica_of[i] = long(r);
    }
  }
  for (const DecodedDocument::Item& item : doc.items) {
    size_t workload = workload_of[item.origin];
    scratch_ = std::to_string(workload);
    scratch_ += PlaneName(item.behaviour.plane);
    size_t key_start = scratch_.size();
    item.behaviour.AppendKey(&scratch_);
    auto [pos, added] = observation_index_.try_emplace(scratch_, batch_.observations.size());
    if (added) {
      ObservationDelta o;
      o.workload = workload;
      o.plane = item.behaviour.plane;
      o.key = scratch_.substr(key_start);
      o.columns = Columns(item.behaviour);
      batch_.observations.push_back(std::move(o));
    }
    ObservationDelta& o = batch_.observations[pos->second];
    ++o.count;
    Widen(doc.time, &o.first_seen, &o.last_seen);
    long long r = replica_of[item.origin];
    if (r >= 0 && std::find(o.replicas.begin(), o.replicas.end(), size_t(r)) == o.replicas.end()) {
      o.replicas.push_back(size_t(r));
    }
  }
  for (const Loss& loss : doc.losses) batch_.losses.push_back(loss);
  for (const AddressSeen& a : doc.addresses) {
    if (a.ip.empty()) continue;
    if (a.origin >= 0) {
      // An origin's own address: only a pod's (a host's address is the node's).
      if (a.origin >= doc.n_origins) continue;
      const EventOrigin& origin = doc.origins[a.origin];
      if (origin.facts.pod.empty()) continue;
      const WorkloadRef& w = batch_.workloads[workload_of[a.origin]].ref;
      if (w.namespace_name.empty()) continue;
      AddAddress(a.ip, w.namespace_name, w.kind, w.name, origin.facts.pod,
                 PeerLabelsText(w.labels, w.kind), doc.time);
    } else {
      std::string_view workload = a.workload, kind, name = workload;
      size_t slash = workload.find('/');
      if (slash != std::string_view::npos) {
        kind = workload.substr(0, slash);
        name = workload.substr(slash + 1);
      }
      if (name.empty()) continue;
      AddAddress(a.ip, a.namespace_name, kind, name, a.pod, a.labels, doc.time);
    }
  }
}

BatchDelta BatchBuilder::Take(const SourceRecord& source) {
  BatchDelta out = std::move(batch_);
  out.source = source;
  batch_ = BatchDelta();
  batch_workload_.clear();
  replica_index_.clear();
  observation_index_.clear();
  address_index_.clear();
  documents_ = 0;
  return out;
}

}  // namespace rampart::learner
