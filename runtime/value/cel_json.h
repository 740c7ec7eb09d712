#pragma once
// The proto3 JSON form of `cel.expr.Value` (cel-spec's value.proto), as the CEL conformance
// suite and `rampart expr` use it: {"int64Value": "3"}, {"listValue": {"values": [...]}},
// {"mapValue": {"entries": [{"key": ..., "value": ...}]}}, {"bytesValue": "<base64>"}, and
// timestamps and durations as protobuf Any values: {"objectValue": {"@type":
// "type.googleapis.com/google.protobuf.Timestamp", "value": "2009-02-13T23:31:30Z"}}.

#include <string>

#include "runtime/value/value.h"

namespace rampart::runtime {

// `json` is the document as parsed by ParseJson. Returns an error value for shapes it does not
// know (object values of other message types, enums) and for bad timestamp/duration text.
Value FromCelValueJson(const Value& json);

// One line of JSON; errors print as {"error": "message"}.
std::string ToCelValueJson(const Value& v);

}  // namespace rampart::runtime
