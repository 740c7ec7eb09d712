// rampart's own event format, read from simdjson's DOM: learn replay's reader, and ingest's
// lines that the On-Demand fast path (rampart_ondemand.h) hands back. Captures the members
// the importer reads (rampart_fields.h) and decodes them there.

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"
#include "learner/ingest/rampart_fields.h"

namespace rampart::learner {
namespace {

JsonValue Capture(simdjson::dom::element e) {
  JsonValue v;
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      v.type = JsonValue::Type::kNull;
      break;
    case simdjson::dom::element_type::STRING:
      v.type = JsonValue::Type::kString;
      v.text = e.get_string().value_unsafe();
      break;
    case simdjson::dom::element_type::INT64:
      v.type = JsonValue::Type::kInt;
      v.i = e.get_int64().value_unsafe();
      break;
    case simdjson::dom::element_type::UINT64:
      v.type = JsonValue::Type::kUint;
      v.u = e.get_uint64().value_unsafe();
      break;
    case simdjson::dom::element_type::DOUBLE:
      v.type = JsonValue::Type::kDouble;
      v.d = e.get_double().value_unsafe();
      break;
    case simdjson::dom::element_type::BOOL:
      v.type = JsonValue::Type::kBool;
      break;
    default:
      v.type = JsonValue::Type::kOther;
      break;
  }
  return v;
}

void CaptureInto(simdjson::dom::element e, JsonValue* slot) {
  if (!slot->Present()) *slot = Capture(e);
}

}  // namespace

// One pass over the members, each captured at its first occurrence (as a DOM lookup finds
// it).
std::string DecodeRampart(simdjson::dom::object doc, DecodedDocument* out) {
  using Object = RampartFields::Object;
  RampartFields f;
  bool seen[RampartFields::kObjects] = {};
  for (auto [key, value] : doc) {
    if (JsonValue* slot = f.Member(Object::kNone, key)) {
      CaptureInto(value, slot);
      continue;
    }
    if (RampartFields::TextArray* a = f.Array(key)) {
      simdjson::dom::array items;
      if (!a->seen && value.get(items) == simdjson::SUCCESS) {
        a->present = true;
        for (auto item : items) a->items.push_back(json::Str(item));
      }
      a->seen = true;
      continue;
    }
    Object object = RampartFields::ObjectNamed(key);
    if (object == Object::kNone || seen[int(object)]) continue;
    seen[int(object)] = true;
    simdjson::dom::object members;
    if (value.get(members) != simdjson::SUCCESS) continue;
    bool labels_seen = false;
    for (auto [name, member] : members) {
      if (JsonValue* slot = f.Member(object, name)) {
        CaptureInto(member, slot);
      } else if (name == "labels" && !labels_seen) {
        labels_seen = true;
        simdjson::dom::object labels;
        if (member.get(labels) != simdjson::SUCCESS) continue;
        if (object == Object::kWorkload) {
          // Read only when the batch's workload cache misses (most events come from pods
          // seen before).
          f.workload_labels_shape = LabelsShape::kObject;
          f.workload_labels_json = member;
        } else if (object == Object::kPeer) {
          f.peer_labels_object = true;
          for (auto [k, v] : labels) f.peer_labels.emplace_back(k, json::Str(v));
        }
      }
    }
  }
  return DecodeRampartFields(&f, out);
}

}  // namespace rampart::learner
