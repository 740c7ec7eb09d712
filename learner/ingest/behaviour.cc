#include "learner/ingest/behaviour.h"

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

void AddText(std::string* out, std::string_view s) {
  if (out->back() != '[') *out += ',';
  *out += '"';
  *out += source::JsonEscape(s);
  *out += '"';
}

void AddInt(std::string* out, long long v) {
  if (out->back() != '[') *out += ',';
  *out += std::to_string(v);
}

}  // namespace

void Behaviour::AppendKey(std::string* out) const {
  *out += '[';
  switch (plane) {
    case Plane::kExec:
      AddText(out, exe);
      AddText(out, parent_exe);
      break;
    case Plane::kFile:
      AddText(out, path);
      AddText(out, access);
      AddText(out, exe);
      break;
    case Plane::kNetwork:
      AddText(out, direction);
      AddText(out, protocol);
      AddInt(out, port);
      AddText(out, peer_namespace);
      AddText(out, peer_workload);
      AddText(out, peer_labels);
      AddText(out, peer_service);
      AddText(out, peer_dns);
      AddText(out, peer_ip);
      AddText(out, exe);
      break;
    case Plane::kSyscall:
      AddText(out, syscall);
      AddInt(out, syscall_nr);
      break;
  }
  *out += ']';
}

}  // namespace rampart::learner
