#include "learner/ingest/batch_builder.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <new>

#include "learner/ingest/parts_key.h"

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

void Append(std::string* out, std::string_view part) { JoinPart(out, part); }

std::string_view Bytes(const long long& v) {
  return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

// Calls part(text) for each part of what identifies a behaviour of a workload version: its
// plane and the fields of its key (Behaviour::AppendKey), integers as their bytes.
template <typename F>
void ForEachPart(const Behaviour& b, F part) {
  char plane = char(b.plane);
  part(std::string_view(&plane, 1));
  switch (b.plane) {
    case Plane::kExec:
      part(b.exe);
      part(b.parent_exe);
      break;
    case Plane::kFile:
      part(b.path);
      part(b.access);
      part(b.exe);
      break;
    case Plane::kNetwork:
      part(Bytes(b.port));
      for (std::string_view p : {b.direction, b.protocol, b.peer_namespace, b.peer_workload,
                                 b.peer_labels, b.peer_service, b.peer_dns, b.peer_ip, b.exe})
        part(p);
      break;
    case Plane::kSyscall:
      part(Bytes(b.syscall_nr));
      part(b.syscall);
      break;
  }
}

// Calls part(text) for each raw fact of an origin: what resolves it to a workload version.
template <typename F>
void ForEachPart(const PodFacts& f, F part) {
  for (std::string_view p :
       {f.namespace_name, f.pod, f.container, f.image, f.image_id, f.owner_kind, f.owner_name})
    part(p);
}

uint64_t Hash(const std::string& s) { return XXH3_64bits(s.data(), s.size()); }

// Index + 1 slots, grown as ids are added.
uint32_t& SlotOf(std::vector<uint32_t>* slots, uint32_t id) {
  if (id >= slots->size()) slots->resize(size_t(id) + 1, 0);
  return (*slots)[id];
}

}  // namespace

uint32_t BatchBuilder::VersionOf(const WorkloadRef& ref) {
  scratch_.clear();
  for (const std::string* part : {&ref.namespace_name, &ref.kind, &ref.name, &ref.container,
                                  &ref.version})
    Append(&scratch_, *part);
  uint64_t hash = Hash(scratch_);
  uint32_t id = version_index_.Find(hash, [&](uint32_t v) { return versions_[v] == scratch_; });
  if (id == HashIndex::kNone) {
    id = uint32_t(versions_.size());
    versions_.push_back(scratch_);
    version_index_.Insert(hash, id);
  }
  return id;
}

uint32_t BatchBuilder::OriginOf(const EventOrigin& origin) {
  const PodFacts& f = origin.facts;
  // Hashed by what tells pods apart (the rest is compared): hashing every fact cost more
  // than the rare probe past a pod whose image or owner text differs.
  PartsHash hash;
  for (std::string_view p : {f.namespace_name, f.pod, f.container, f.image_id}) hash.Add(p);
  uint32_t id = origin_index_.Find(hash.value(), [&](uint32_t o) {
    JoinedPartsMatcher m(origin_keys_.Get(o));
    ForEachPart(f, [&](std::string_view p) { m.Next(p); });
    return m.Same();
  });
  if (id != HashIndex::kNone) return id;
  id = uint32_t(origins_.size());
  origin_index_.Insert(hash.value(), id);
  ForEachPart(f, [&](std::string_view p) { origin_keys_.Part(p); });
  origin_keys_.End();
  Origin o;
  ReadLabels(origin, &labels_);
  PodFacts with_labels = f;
  with_labels.labels = &labels_;
  o.ref = ResolveWorkload(with_labels);
  o.version = VersionOf(o.ref);
  origins_.push_back(std::move(o));
  return id;
}

uint32_t BatchBuilder::KnownOf(uint32_t version, const Behaviour& b) {
  std::string_view version_bytes(reinterpret_cast<const char*>(&version), sizeof version);
  PartsHash hash;
  hash.Add(version_bytes);
  ForEachPart(b, [&](std::string_view p) { hash.Add(p); });
  uint32_t id = known_index_.Find(hash.value(), [&](uint32_t k) {
    JoinedPartsMatcher m(Record(k)->key());
    m.Next(version_bytes);
    ForEachPart(b, [&](std::string_view p) { m.Next(p); });
    return m.Same();
  });
  if (id != HashIndex::kNone) return id;
  id = uint32_t(known_.size());
  known_index_.Insert(hash.value(), id);
  scratch_.clear();
  JoinPart(&scratch_, version_bytes);
  ForEachPart(b, [&](std::string_view p) { JoinPart(&scratch_, p); });
  size_t at = arena_.size();
  arena_.resize(at + (sizeof(KnownRecord) + scratch_.size() + 7) / 8);
  KnownRecord* record = new (arena_.data() + at) KnownRecord();
  record->key_size = uint32_t(scratch_.size());
  std::memcpy(record + 1, scratch_.data(), scratch_.size());
  record_at_.push_back(at);
  Known k;
  k.version = version;
  k.plane = b.plane;
  b.AppendKey(&k.key);
  k.columns = Columns(b);
  known_.push_back(std::move(k));
  return id;
}

void BatchBuilder::AddReplica(Tally* t, uint32_t r) {
  uint32_t n = t->n_replicas < Tally::kInline ? t->n_replicas : Tally::kInline;
  for (uint32_t i = 0; i < n; ++i)
    if (t->replicas[i] == r) return;
  if (t->n_replicas < Tally::kInline) {
    t->replicas[t->n_replicas++] = r;
    return;
  }
  if (t->more == 0) {
    more_replicas_.emplace_back();
    t->more = uint32_t(more_replicas_.size());
  }
  std::vector<uint32_t>& more = more_replicas_[t->more - 1];
  for (uint32_t m : more)
    if (m == r) return;
  more.push_back(r);
  ++t->n_replicas;
}

size_t BatchBuilder::WorkloadSlot(uint32_t origin, const EventOrigin& facts) {
  uint32_t& slot = SlotOf(&origin_workload_, origin);
  if (slot == 0) {
    WorkloadDelta w;
    w.ref = origins_[origin].ref;
    batch_.workloads.push_back(std::move(w));
    slot = uint32_t(batch_.workloads.size());
    touched_origins_.push_back(origin);
    // The version's observations hang on its first workload delta of the batch (they all
    // name the same store row).
    uint32_t& version = SlotOf(&version_workload_, origins_[origin].version);
    if (version == 0) {
      version = slot;
      touched_versions_.push_back(origins_[origin].version);
    }
  }
  return slot - 1;
}

size_t BatchBuilder::ReplicaSlot(uint32_t origin, size_t workload, const EventOrigin& facts,
                                 long long time) {
  // An origin's facts name its pod: one replica per origin.
  uint32_t& slot = SlotOf(&origin_replica_, origin);
  if (slot == 0) {
    ReplicaDelta r;
    r.workload = workload;
    r.pod = std::string(facts.facts.pod);
    r.node = std::string(facts.node);
    batch_.replicas.push_back(std::move(r));
    slot = uint32_t(batch_.replicas.size());
  }
  ReplicaDelta& r = batch_.replicas[slot - 1];
  Widen(time, &r.first_seen, &r.last_seen);
  return slot - 1;
}

void BatchBuilder::AddAddress(std::string_view ip, std::string_view namespace_name,
                              std::string_view kind, std::string_view name, std::string_view pod,
                              std::string_view labels, long long time) {
  scratch_.clear();
  for (std::string_view part : {ip, namespace_name, kind, name, pod}) Append(&scratch_, part);
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
  uint32_t origin_of[2] = {0, 0};
  size_t workload_of[2] = {0, 0};
  long long replica_of[2] = {-1, -1};
  for (int i = 0; i < doc.n_origins; ++i) {
    const EventOrigin& origin = doc.origins[i];
    origin_of[i] = OriginOf(origin);
    workload_of[i] = WorkloadSlot(origin_of[i], origin);
    // Both ends of a flow inside one workload count as one event of it.
    if (i == 0 || workload_of[i] != workload_of[0]) {
      WorkloadDelta& w = batch_.workloads[workload_of[i]];
      ++w.events;
      Widen(doc.time, &w.first_seen, &w.last_seen);
    }
    if (!origin.facts.pod.empty()) {
      size_t r = ReplicaSlot(origin_of[i], workload_of[i], origin, doc.time);
      if (i == 0 || replica_of[0] != long(r)) ++batch_.replicas[r].events;
      replica_of[i] = long(r);
    }
  }
  for (const DecodedDocument::Item& item : doc.items) {
    uint32_t known = KnownOf(origins_[origin_of[item.origin]].version, item.behaviour);
    Tally& t = Record(known)->tally;
    if (t.count++ == 0) batch_knowns_.push_back(known);
    Widen(doc.time, &t.first_seen, &t.last_seen);
    long long r = replica_of[item.origin];
    if (r >= 0) AddReplica(&t, uint32_t(r));
  }
  for (const Loss& loss : doc.losses) batch_.losses.push_back(loss);
  for (const AddressSeen& a : doc.addresses) {
    if (!IsPodAddress(a.ip)) continue;  // localhost, unbound sockets: no pod's address
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
  // The observations, in the order they first appeared, with their key text and columns.
  batch_.observations.reserve(batch_knowns_.size());
  for (uint32_t known : batch_knowns_) {
    const Known& k = known_[known];
    Tally& t = Record(known)->tally;
    ObservationDelta o;
    o.workload = version_workload_[k.version] - 1;
    o.plane = k.plane;
    o.key = k.key;
    o.columns = k.columns;
    o.count = t.count;
    o.first_seen = t.first_seen;
    o.last_seen = t.last_seen;
    o.replicas.assign(t.replicas, t.replicas + std::min<size_t>(t.n_replicas, Tally::kInline));
    if (t.more != 0) {
      const std::vector<uint32_t>& more = more_replicas_[t.more - 1];
      o.replicas.insert(o.replicas.end(), more.begin(), more.end());
    }
    batch_.observations.push_back(std::move(o));
    t = Tally();
  }
  batch_knowns_.clear();
  more_replicas_.clear();
  BatchDelta out = std::move(batch_);
  out.source = source;
  batch_ = BatchDelta();
  for (uint32_t o : touched_origins_) {
    origin_workload_[o] = 0;
    if (o < origin_replica_.size()) origin_replica_[o] = 0;
  }
  for (uint32_t v : touched_versions_) version_workload_[v] = 0;
  touched_origins_.clear();
  touched_versions_.clear();
  address_index_.clear();
  documents_ = 0;
  // Bounded memory: resolving and keying again gives the same identities and keys.
  if (origins_.size() > 200000 || known_.size() > 1000000) Forget();
  return out;
}

void BatchBuilder::Forget() {
  origins_.clear();
  origin_keys_.Clear();
  origin_index_.Clear();
  versions_.clear();
  version_index_.Clear();
  known_.clear();
  known_index_.Clear();
  arena_.clear();
  record_at_.clear();
  origin_workload_.clear();
  origin_replica_.clear();
  version_workload_.clear();
}

}  // namespace rampart::learner
