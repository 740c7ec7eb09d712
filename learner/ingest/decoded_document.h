#pragma once
// What an importer makes of one document (internal to learner/ingest): up to two origins
// (where behaviour happened: a pod's container, or the host) and the behaviours seen there,
// or the losses the source reported, or why the document carries no behaviour. Text views
// point into the parsed document or into `Own()` storage; all of it is valid until Clear().

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learner/identity/workload_identity.h"
#include "learner/ingest/behaviour.h"
#include "learner/store/behaviour_store.h"
#include "simdjson.h"

namespace rampart::learner {

// How an origin's labels are written in the document; read only when the workload cache
// misses (most events come from pods seen before).
enum class LabelsShape {
  kNone,
  kObject,      // {"app": "x", ...}
  kCiliumList,  // ["k8s:app=x", "reserved:world", ...]
  kFalcoText,   // "app:x, tier:web" (Falco's k8s.pod.labels), or an object
  kPairs,       // (key, text) pairs already read (EventOrigin::label_pairs)
};

using TextPairs = std::vector<std::pair<std::string_view, std::string_view>>;

struct EventOrigin {
  PodFacts facts;  // `labels` is filled in by ReadLabels when needed
  std::string_view node;
  LabelsShape labels_shape = LabelsShape::kNone;
  simdjson::dom::element labels_json;
  TextPairs label_pairs;  // kPairs

  // Empties it for the next document, keeping label_pairs' storage.
  void Reset() {
    facts = PodFacts();
    node = {};
    labels_shape = LabelsShape::kNone;
    labels_json = simdjson::dom::element();
    label_pairs.clear();
  }
};

// Reads an origin's labels (keys sorted). Cilium lists keep only pod labels ("k8s:" source,
// without Cilium's own io.cilium.* and io.kubernetes.pod.namespace entries).
void ReadLabels(const EventOrigin& origin, Labels* out);

// An address a pod was seen with (the store's address table). Either an origin's own address
// (its workload as the batch resolves it, the origin's pod) or a peer's, as the source named
// it: namespace, "Kind/name" or "name", pod and labels text as FillPeer makes them.
struct AddressSeen {
  std::string_view ip;
  int origin = -1;  // >= 0: held by that origin; -1: by the peer below
  std::string_view namespace_name, workload, pod, labels;
};

struct DecodedDocument {
  std::string_view format;  // rampart, tetragon, falco, hubble
  long long time = kNoTime;
  EventOrigin origins[2];
  int n_origins = 0;
  struct Item {
    int origin = 0;
    Behaviour behaviour;
    // The peer was resolved from its address by `learn replay --db`
    // (learner/replay/replay_addresses.h), not named by the source.
    bool peer_resolved = false;
  };
  std::vector<Item> items;
  std::vector<Loss> losses;
  std::vector<AddressSeen> addresses;
  std::string_view ignored;  // why a well-formed document carries no behaviour

  std::string_view Own(std::string s) {
    owned_.push_back(std::move(s));
    return owned_.back();
  }
  EventOrigin& AddOrigin() {
    origins[n_origins].Reset();
    return origins[n_origins++];
  }
  void Clear() {
    format = {};
    time = kNoTime;
    n_origins = 0;
    items.clear();
    losses.clear();
    addresses.clear();
    ignored = {};
    owned_.clear();
  }

 private:
  std::deque<std::string> owned_;
};

// The other side of a connection, as a source describes it.
struct PeerFacts {
  std::string_view namespace_name, owner_kind, owner_name, pod, service, dns, ip;
  Labels labels;
};

// Sets the peer fields of a network behaviour: the peer's workload ("Kind/name", derived from
// its pod name and labels when the source does not name it), its stable labels, its Service
// ("namespace/name") and DNS name; the IP only when nothing else identifies the peer.
void FillPeer(const PeerFacts& peer, DecodedDocument* doc, Behaviour* b);

// A peer's address when the source names the pod behind it: an address sighting of that pod
// (`b` as FillPeer filled it). Not when a Service is named: the address may then be the
// Service's virtual IP rather than the pod's.
void AddPeerAddress(const PeerFacts& peer, const Behaviour& b, DecodedDocument* doc);

// Whether `ip` can be a pod's own address and so worth an address sighting: a valid IPv4 or
// IPv6 address that is not loopback (127.0.0.0/8, ::1, and their IPv4-mapped forms),
// unspecified (0.0.0.0, ::), link-local (169.254.0.0/16, fe80::/10) or multicast. A socket's
// local address can be any of these (a connection to localhost, a socket not bound yet), and
// none of them names one pod.
bool IsPodAddress(std::string_view ip);

// The local end of a connection as the event's own origin (0) saw it: an address sighting of
// that origin's pod. The batch drops it when the origin is not a pod or !IsPodAddress.
void AddOwnAddress(std::string_view ip, DecodedDocument* doc);

// Labels as a network observation's peer_labels: "k=v,k=v" without the per-replica ones of
// an owner of `kind`; Cilium's reserved identities without "=".
std::string PeerLabelsText(const Labels& labels, std::string_view kind);

// "read", "write" or "readwrite" from open(2) flags written as text (O_WRONLY|O_CREAT, ...).
std::string_view AccessFromFlags(std::string_view flags);

// Importers. Each reads one parsed document of its format into `out` (already cleared) and
// returns "" or the reason the document is bad.
std::string DecodeRampart(simdjson::dom::object doc, DecodedDocument* out);
std::string DecodeTetragon(simdjson::dom::object doc, DecodedDocument* out);
std::string DecodeFalco(simdjson::dom::object doc, DecodedDocument* out);
std::string DecodeHubble(simdjson::dom::object doc, DecodedDocument* out);

// RFC 3339 text ("2022-05-24T10:11:17.915398390Z", offsets allowed) → ns since the epoch.
// False for malformed text and for times outside 64-bit nanoseconds (years 1677–2262).
bool ParseRfc3339(std::string_view text, long long* out);

}  // namespace rampart::learner
