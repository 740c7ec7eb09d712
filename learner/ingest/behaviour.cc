#include "learner/ingest/behaviour.h"

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

// True when `s` can be written in a JSON string as is (the common case: paths, names).
bool PlainJson(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') return false;
  }
  return true;
}

void AddText(std::string* out, std::string_view s) {
  if (out->back() != '[') *out += ',';
  *out += '"';
  // Escaping allocates a string; keys are built for every event, and most need none.
  if (PlainJson(s))
    out->append(s.data(), s.size());
  else
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
