#pragma once
// One observed behaviour of a workload, normalised across sources: what the store
// aggregates. Fields that do not apply to the plane stay empty (port/syscall_nr: -1).
// Views point into the decoded document or into DecodedDocument::Own storage and are valid
// until the next document is decoded.

#include <string>
#include <string_view>

#include "learner/plane.h"

namespace rampart::learner {

struct Behaviour {
  Plane plane = Plane::kExec;
  std::string_view exe;         // the acting process (exec: the new program)
  std::string_view parent_exe;  // exec: the process that ran it
  std::string_view path;        // file
  std::string_view access;      // file: read, write, readwrite, or "" when the source does not say
  std::string_view direction;   // network: egress or ingress, relative to the workload
  std::string_view protocol;    // network: tcp, udp, sctp, ...
  long long port = -1;          // network: the server's port (remote for egress, local for ingress)
  std::string_view peer_namespace;
  std::string_view peer_workload;  // "Kind/name" of the peer when it is a pod
  std::string_view peer_labels;    // canonical "k=v,k=v" of the peer's stable labels
  std::string_view peer_service;   // "namespace/name" of a Service, when the source names one
  std::string_view peer_dns;       // a DNS name of the peer, when the source knows one
  std::string_view peer_ip;        // kept only when the peer is not a known workload
  // The peer's address as the source gave it, known workload or not. Not part of the key and
  // not stored (pods change addresses); replay writes it into the input (learner/replay).
  std::string_view peer_address;
  std::string_view syscall;        // syscall name
  long long syscall_nr = -1;

  // The normalised text key that identifies this behaviour within its workload and plane:
  // a compact JSON array of the identifying fields in a fixed order (docs/learner.md).
  void AppendKey(std::string* out) const;
};

}  // namespace rampart::learner
