#pragma once
// The inputs a policy set decides for one imported document, written as rampart's own event
// JSON lines (docs/formats.md), so the evaluator reads Tetragon, Falco and Hubble history
// the same way as rampart's: `learn replay` runs candidate baselines over any format ingest
// reads. The learner does not depend on the runtime; the CLI parses these lines.
//
// Each behaviour the importer found becomes the input of its plane, with the workload as the
// learner identified it (namespace, owner kind and name, pod, labels; container name, image
// and digest), so what was learned from a history is exactly what its replay sees:
//   exec → `exec` (proc.exe/name, parent.exe/name); file → `open` (path, access);
//   syscall → `syscall` (name, nr);
//   network → a `flow` from the workload's side (direction, protocol, port, peer, peer_ip,
//   peer_dns_names: the DNS name the importer kept, proc): the input network policies decide. A Tetragon or Falco connection (a process
//   saw it) is also the runtime event `connect` (egress) or `accept` (ingress). Hubble flows
//   are flows only.
// A rampart document is replayed as written (every field it has), plus, for `connect` and
// `accept`, the flow they opened (so network baselines see them too). A peer that `learn
// replay --db` resolved from its address (replay_addresses.h) is written in front of the
// document's own members, so it is the one the evaluator reads.
//
// Not carried from imported formats (the importers do not keep them): process ids,
// arguments, cwd, uid/gid, ancestors, open flags, the peer's port of an accepted connection.

#include <string>
#include <string_view>
#include <vector>

#include "learner/ingest/decoded_document.h"

namespace rampart::learner {

struct ReplayInput {
  int origin = 0;    // which origin of the document (a Hubble flow has two workloads)
  std::string kind;  // exec, open, connect, accept, syscall, flow
  std::string json;  // one event line in rampart's format, without a newline, with "kind"
};

// Appends the inputs of `doc` (decoded by an importer) to `out`. For rampart's format,
// `original` is the document's text (replayed as is) and `rampart_kind` its "kind".
void AppendReplayInputs(const DecodedDocument& doc, std::string_view original,
                        std::string_view rampart_kind, std::vector<ReplayInput>* out);

}  // namespace rampart::learner
