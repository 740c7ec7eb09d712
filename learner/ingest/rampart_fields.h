#pragma once
// The members of a rampart event that the importer reads (internal to learner/ingest), captured
// by either parser: the DOM reader (rampart_format.cc, for replay and for lines the fast path
// hands back) or the On-Demand reader (rampart_ondemand.h, ingest's fast path). One decoder
// (DecodeRampartFields) turns them into behaviours, so both paths decode alike by construction.
//
// Each member is its first occurrence in its object (a repeated member counts the first time,
// like simdjson's DOM lookups); a member of another type than expected reads as empty, as
// json_fields.h reads DOM elements.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "learner/ingest/decoded_document.h"

namespace rampart::learner {

// One JSON value as the importers read it: text, a number, or just its type.
struct JsonValue {
  enum class Type : unsigned char { kAbsent, kNull, kString, kInt, kUint, kDouble, kBool, kOther };
  Type type = Type::kAbsent;
  std::string_view text;  // kString (unescaped)
  long long i = 0;        // kInt
  unsigned long long u = 0;  // kUint: above INT64_MAX
  double d = 0;              // kDouble

  bool Present() const { return type != Type::kAbsent; }
};

namespace json {
// The readers of json_fields.h over a captured value: the same answers for the same JSON.
std::string_view Str(const JsonValue& v);
bool Int(const JsonValue& v, long long* out);
inline bool Has(const JsonValue& v) {
  return v.type != JsonValue::Type::kAbsent && v.type != JsonValue::Type::kNull;
}
}  // namespace json

struct RampartFields {
  JsonValue kind, time, node;
  JsonValue path, access, protocol, remote_ip, remote_port, local_ip, local_port, dns_name;
  JsonValue direction, port, peer_ip;
  JsonValue proc_exe, proc_name, parent_exe, parent_name;
  JsonValue syscall_name, syscall_nr;
  JsonValue container_name, container_image, container_digest;
  JsonValue workload_namespace, workload_pod, workload_kind, workload_name;
  JsonValue peer_namespace, peer_kind, peer_name, peer_pod, peer_service;
  // Top-level arrays of text: each element's text ("" for non-text), when the member's first
  // occurrence is an array.
  struct TextArray {
    bool seen = false;     // the member occurred (later occurrences are ignored)
    bool present = false;  // ... and was an array
    std::vector<std::string_view> items;
  };
  TextArray flags;           // "flags" of open events
  TextArray peer_dns_names;  // "peer_dns_names" of flows
  // "peer"."labels" as (key, text) pairs in document order, when it is an object.
  bool peer_labels_object = false;
  TextPairs peer_labels;
  // "workload"."labels", when it is an object: a DOM element (read only when the batch's
  // workload cache misses) or (key, text) pairs.
  LabelsShape workload_labels_shape = LabelsShape::kNone;
  simdjson::dom::element workload_labels_json;
  TextPairs workload_labels;

  void Clear();

  // The objects whose members the importer reads (each its first occurrence in the event).
  enum class Object { kNone, kProc, kParent, kSyscall, kContainer, kWorkload, kPeer };
  static constexpr int kObjects = 7;
  static Object ObjectNamed(std::string_view name);
  // Where a scalar member of the event (object kNone) or of one of those objects is captured;
  // null for members the importer does not read, and for arrays and "labels" (read apart).
  JsonValue* Member(Object object, std::string_view name);
  // The top-level array member `name` is captured in; null for other members.
  TextArray* Array(std::string_view name);
};

// The rampart importer proper: behaviours, origin and addresses from the captured members
// into `out` (already cleared). "" or why the event is bad. Moves `fields->workload_labels`
// into `out` (the origin's labels point there).
std::string DecodeRampartFields(RampartFields* fields, DecodedDocument* out);

}  // namespace rampart::learner
