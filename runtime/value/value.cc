#include "runtime/value/value.h"

#include "compiler/source/quoting.h"
#include "runtime/value/time_values.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rampart::runtime {

const char* ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kNull: return "null_type";
    case ValueKind::kBool: return "bool";
    case ValueKind::kInt: return "int";
    case ValueKind::kUint: return "uint";
    case ValueKind::kDouble: return "double";
    case ValueKind::kString: return "string";
    case ValueKind::kBytes: return "bytes";
    case ValueKind::kList: return "list";
    case ValueKind::kMap: return "map";
    case ValueKind::kTimestamp: return "google.protobuf.Timestamp";
    case ValueKind::kDuration: return "google.protobuf.Duration";
    case ValueKind::kType: return "type";
    case ValueKind::kError: return "error";
  }
  return "?";
}

Value Value::String(std::string s) {
  return Value(Rep(StringRep{std::make_shared<const std::string>(std::move(s))}));
}
Value Value::Bytes(std::string s) {
  return Value(Rep(BytesRep{std::make_shared<const std::string>(std::move(s))}));
}
Value Value::List(ValueList elements) {
  return Value(Rep(ListRep{std::make_shared<const ValueList>(std::move(elements))}));
}
Value Value::Map(ValueMap entries) {
  return Value(Rep(MapRep{std::make_shared<const ValueMap>(std::move(entries))}));
}

// Values are immutable to everyone who can see them; a sole owner may grow its own storage.
void Value::Append(Value element) {
  auto* rep = std::get_if<ListRep>(&rep_);
  if (rep == nullptr) {
    *this = List({std::move(element)});
  } else if (rep->elements.use_count() == 1) {
    const_cast<ValueList&>(*rep->elements).push_back(std::move(element));
  } else {
    ValueList copy = *rep->elements;
    copy.push_back(std::move(element));
    *this = List(std::move(copy));
  }
}

void Value::Insert(Value key, Value value) {
  auto* rep = std::get_if<MapRep>(&rep_);
  if (rep == nullptr) {
    *this = Map({{std::move(key), std::move(value)}});
  } else if (rep->entries.use_count() == 1) {
    const_cast<ValueMap&>(*rep->entries).emplace_back(std::move(key), std::move(value));
  } else {
    ValueMap copy = *rep->entries;
    copy.emplace_back(std::move(key), std::move(value));
    *this = Map(std::move(copy));
  }
}
namespace {
// Carries `nanos` into `seconds` so that 0 <= nanos < 1e9.
void Normalize(int64_t* seconds, int64_t* nanos) {
  *seconds += *nanos / 1000000000;
  *nanos %= 1000000000;
  if (*nanos < 0) {
    *nanos += 1000000000;
    --*seconds;
  }
}
}  // namespace

Value Value::Timestamp(int64_t seconds, int64_t nanos) {
  Normalize(&seconds, &nanos);
  return Value(Rep(TimestampRep{seconds, static_cast<int32_t>(nanos)}));
}
Value Value::Duration(int64_t seconds, int64_t nanos) {
  Normalize(&seconds, &nanos);
  return Value(Rep(DurationRep{seconds, static_cast<int32_t>(nanos)}));
}
Value Value::Type(std::string name) {
  return Value(Rep(TypeRep{std::make_shared<const std::string>(std::move(name))}));
}
Value Value::Error(std::string message) {
  return Value(Rep(ErrorRep{std::make_shared<const std::string>(std::move(message))}));
}

const std::string& Value::OtherText() const {
  if (auto* b = std::get_if<BytesRep>(&rep_)) return *b->text;
  if (auto* t = std::get_if<TypeRep>(&rep_)) return *t->name;
  return *std::get<ErrorRep>(rep_).message;
}

int64_t Value::seconds() const {
  if (auto* t = std::get_if<TimestampRep>(&rep_)) return t->seconds;
  return std::get<DurationRep>(rep_).seconds;
}
int32_t Value::nanos() const {
  if (auto* t = std::get_if<TimestampRep>(&rep_)) return t->nanos;
  return std::get<DurationRep>(rep_).nanos;
}

std::string Value::DebugString() const {
  switch (kind()) {
    case ValueKind::kNull: return "null";
    case ValueKind::kBool: return bool_value() ? "true" : "false";
    case ValueKind::kInt: return std::to_string(int_value());
    case ValueKind::kUint: return std::to_string(uint_value()) + "u";
    case ValueKind::kDouble: {
      double d = double_value();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "+Infinity" : "-Infinity";
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, d);
      std::string s(buf, r.ptr);
      if (s.find_first_of(".e") == std::string::npos) s += ".0";
      return s;
    }
    case ValueKind::kString: return source::QuoteCelString(text());
    case ValueKind::kBytes: return source::QuoteCelBytes(text());
    case ValueKind::kTimestamp: return "timestamp(\"" + FormatTimestamp(*this) + "\")";
    case ValueKind::kDuration: return "duration(\"" + FormatDuration(*this) + "\")";
    case ValueKind::kType: return text();
    case ValueKind::kError: return "error(" + text() + ")";
    case ValueKind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < list().size(); ++i) out += (i ? ", " : "") + list()[i].DebugString();
      return out + "]";
    }
    case ValueKind::kMap: {
      std::string out = "{";
      for (size_t i = 0; i < map().size(); ++i) {
        out += (i ? ", " : "") + map()[i].first.DebugString() + ": " + map()[i].second.DebugString();
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace rampart::runtime
