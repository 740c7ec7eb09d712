#include "runtime/value/cel_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "compiler/source/quoting.h"
#include "runtime/value/time_values.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

const Value* Get(const Value& v, const char* key) { return Member(v, key); }

std::string Base64Decode(const std::string& in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  // Unsigned: consumed bits shift out of the top. A signed int overflowed (undefined behaviour)
  // from the sixth character on; the decoder fuzzer found it.
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = val(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string Base64Encode(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;  // unsigned, as in Base64Decode
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += k[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += k[(buffer << (6 - bits)) & 0x3F];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

std::string Escape(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

constexpr const char* kTimestampUrl = "type.googleapis.com/google.protobuf.Timestamp";
constexpr const char* kDurationUrl = "type.googleapis.com/google.protobuf.Duration";

// An objectValue is a protobuf Any in proto3 JSON. Of the message types only the two that
// are CEL values without messages are known: {"@type": ".../google.protobuf.Timestamp",
// "value": "2009-02-13T23:31:30Z"} and {"@type": ".../google.protobuf.Duration", "value":
// "1.5s"} (a well-known type's Any carries its JSON form under "value").
Value FromObjectValue(const Value& any) {
  std::string type = StringMember(any, "@type");
  const Value* text = Get(any, "value");
  bool is_timestamp = type == kTimestampUrl;
  if ((is_timestamp || type == kDurationUrl) && text != nullptr && text->is(ValueKind::kString)) {
    return is_timestamp ? ParseTimestamp(text->text()) : ParseDuration(text->text());
  }
  return Value::Error("unsupported cel.expr.Value: objectValue of type " +
                      (type.empty() ? std::string("(none)") : type));
}

std::string ToObjectValue(const char* type_url, const std::string& text) {
  return std::string("{\"objectValue\":{\"@type\":\"") + type_url + "\",\"value\":" + Escape(text) + "}}";
}

}  // namespace

Value FromCelValueJson(const Value& json) {
  if (const Value* v = Get(json, "int64Value")) {
    if (v->is(ValueKind::kString)) return Value::Int(std::strtoll(v->text().c_str(), nullptr, 10));
    if (v->is(ValueKind::kInt)) return *v;
    if (v->is(ValueKind::kUint)) return Value::Int(static_cast<int64_t>(v->uint_value()));
  }
  if (const Value* v = Get(json, "uint64Value")) {
    if (v->is(ValueKind::kString)) return Value::Uint(std::strtoull(v->text().c_str(), nullptr, 10));
    if (v->is(ValueKind::kInt)) return Value::Uint(static_cast<uint64_t>(v->int_value()));
    if (v->is(ValueKind::kUint)) return *v;
  }
  if (const Value* v = Get(json, "doubleValue")) {
    if (v->is(ValueKind::kDouble)) return *v;
    if (v->is(ValueKind::kInt)) return Value::Double(static_cast<double>(v->int_value()));
    if (v->is(ValueKind::kUint)) return Value::Double(static_cast<double>(v->uint_value()));
    if (v->is(ValueKind::kString)) {
      const std::string& s = v->text();
      if (s == "NaN") return Value::Double(NAN);
      if (s == "Infinity") return Value::Double(INFINITY);
      if (s == "-Infinity") return Value::Double(-INFINITY);
      return Value::Double(std::strtod(s.c_str(), nullptr));
    }
  }
  if (const Value* v = Get(json, "stringValue")) return Value::String(v->is(ValueKind::kString) ? v->text() : "");
  if (const Value* v = Get(json, "bytesValue")) return Value::Bytes(Base64Decode(v->is(ValueKind::kString) ? v->text() : ""));
  if (const Value* v = Get(json, "boolValue")) return Value::Bool(v->is(ValueKind::kBool) && v->bool_value());
  if (Get(json, "nullValue") != nullptr) return Value::Null();
  if (const Value* v = Get(json, "typeValue")) return Value::Type(v->is(ValueKind::kString) ? v->text() : "");
  if (const Value* v = Get(json, "objectValue")) return FromObjectValue(*v);
  if (const Value* v = Get(json, "listValue")) {
    ValueList out;
    if (const Value* values = Get(*v, "values"); values && values->is(ValueKind::kList)) {
      for (const Value& x : values->list()) out.push_back(FromCelValueJson(x));
    }
    return Value::List(std::move(out));
  }
  if (const Value* v = Get(json, "mapValue")) {
    ValueMap out;
    if (const Value* entries = Get(*v, "entries"); entries && entries->is(ValueKind::kList)) {
      for (const Value& e : entries->list()) {
        const Value* k = Get(e, "key");
        const Value* val = Get(e, "value");
        if (k && val) out.emplace_back(FromCelValueJson(*k), FromCelValueJson(*val));
      }
    }
    return Value::Map(std::move(out));
  }
  return Value::Error("unsupported cel.expr.Value: " + json.DebugString());
}

std::string ToCelValueJson(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull: return "{\"nullValue\":null}";
    case ValueKind::kBool: return std::string("{\"boolValue\":") + (v.bool_value() ? "true" : "false") + "}";
    case ValueKind::kInt: return "{\"int64Value\":\"" + std::to_string(v.int_value()) + "\"}";
    case ValueKind::kUint: return "{\"uint64Value\":\"" + std::to_string(v.uint_value()) + "\"}";
    case ValueKind::kDouble: {
      double d = v.double_value();
      if (std::isnan(d)) return "{\"doubleValue\":\"NaN\"}";
      if (std::isinf(d)) return d > 0 ? "{\"doubleValue\":\"Infinity\"}" : "{\"doubleValue\":\"-Infinity\"}";
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      return "{\"doubleValue\":" + std::string(buf, r.ptr) + "}";
    }
    case ValueKind::kString: return "{\"stringValue\":" + Escape(v.text()) + "}";
    case ValueKind::kBytes: return "{\"bytesValue\":\"" + Base64Encode(v.text()) + "\"}";
    case ValueKind::kTimestamp: return ToObjectValue(kTimestampUrl, FormatTimestamp(v));
    case ValueKind::kDuration: return ToObjectValue(kDurationUrl, FormatDuration(v));
    case ValueKind::kType: return "{\"typeValue\":" + Escape(v.text()) + "}";
    case ValueKind::kError: return "{\"error\":" + Escape(v.text()) + "}";
    case ValueKind::kList: {
      std::string out = "{\"listValue\":{\"values\":[";
      for (size_t i = 0; i < v.list().size(); ++i) out += (i ? "," : "") + ToCelValueJson(v.list()[i]);
      return out + "]}}";
    }
    case ValueKind::kMap: {
      std::string out = "{\"mapValue\":{\"entries\":[";
      for (size_t i = 0; i < v.map().size(); ++i) {
        out += std::string(i ? "," : "") + "{\"key\":" + ToCelValueJson(v.map()[i].first) +
               ",\"value\":" + ToCelValueJson(v.map()[i].second) + "}";
      }
      return out + "]}}";
    }
  }
  return "{}";
}

}  // namespace rampart::runtime
