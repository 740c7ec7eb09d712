#include "compiler/check/type.h"

#include <cctype>

namespace rampart::check {

Type Type::List(Type elem) {
  Type t(Kind::kList);
  t.params_ = std::make_shared<const std::vector<Type>>(std::vector<Type>{std::move(elem)});
  return t;
}

Type Type::Map(Type key, Type value) {
  Type t(Kind::kMap);
  t.params_ =
      std::make_shared<const std::vector<Type>>(std::vector<Type>{std::move(key), std::move(value)});
  return t;
}

Type Type::Message(std::string name) {
  Type t(Kind::kMessage);
  t.name_ = std::move(name);
  return t;
}

Type Type::Opaque(std::string name) {
  Type t(Kind::kOpaque);
  t.name_ = std::move(name);
  return t;
}

Type Type::TypeOf(Type inner) {
  Type t(Kind::kType);
  t.params_ = std::make_shared<const std::vector<Type>>(std::vector<Type>{std::move(inner)});
  return t;
}

Type Type::Param(std::string name) {
  Type t(Kind::kParam);
  t.name_ = std::move(name);
  return t;
}

const std::vector<Type>& Type::params() const {
  static const std::vector<Type> kEmpty;
  return params_ ? *params_ : kEmpty;
}

std::string Type::ToString() const {
  switch (kind_) {
    case Kind::kDyn: return "dyn";
    case Kind::kError: return "<error>";
    case Kind::kNull: return "null_type";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kUint: return "uint";
    case Kind::kDouble: return "double";
    case Kind::kString: return "string";
    case Kind::kBytes: return "bytes";
    case Kind::kTimestamp: return "google.protobuf.Timestamp";
    case Kind::kDuration: return "google.protobuf.Duration";
    case Kind::kList: return "list(" + elem().ToString() + ")";
    case Kind::kMap: return "map(" + key().ToString() + ", " + value().ToString() + ")";
    case Kind::kMessage:
    case Kind::kOpaque:
    case Kind::kParam: return name_;
    case Kind::kType: return params_ ? "type(" + elem().ToString() + ")" : "type";
  }
  return "?";
}

bool operator==(const Type& a, const Type& b) {
  if (a.kind_ != b.kind_ || a.name_ != b.name_) return false;
  return a.params() == b.params();
}

bool PrimitiveType(const std::string& name, Type* out) {
  if (name == "int") *out = Type::Int();
  else if (name == "uint") *out = Type::Uint();
  else if (name == "double") *out = Type::Double();
  else if (name == "bool") *out = Type::Bool();
  else if (name == "string") *out = Type::String();
  else if (name == "bytes") *out = Type::Bytes();
  else if (name == "null_type") *out = Type::Null();
  else if (name == "dyn") *out = Type::Dyn();
  else if (name == "timestamp" || name == "google.protobuf.Timestamp") *out = Type::Timestamp();
  else if (name == "duration" || name == "google.protobuf.Duration") *out = Type::Duration();
  else return false;
  return true;
}

namespace {

class TypeNameParser {
 public:
  TypeNameParser(const std::string& text, const TypeNameResolver& resolver)
      : text_(text), resolver_(resolver) {}

  bool Parse(Type* out, std::string* error) {
    if (!ParseType(out)) {
      *error = error_.empty() ? "malformed type '" + text_ + "'" : error_;
      return false;
    }
    SkipSpace();
    if (pos_ != text_.size()) {
      *error = "unexpected text after type in '" + text_ + "'";
      return false;
    }
    return true;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string Name() {
    SkipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
            text_[pos_] == '.')) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  bool ParseType(Type* out) {
    std::string name = Name();
    if (name.empty()) return false;
    if (name == "list" || name == "map" || name == "type") {
      if (!Eat('(')) {
        if (name == "type") {
          *out = Type::TypeOf(Type::Dyn());
          return true;
        }
        error_ = name + " needs type parameters, as in " +
                 (name == "list" ? "list(string)" : "map(string, int)");
        return false;
      }
      Type a, b;
      if (!ParseType(&a)) return false;
      if (name == "map") {
        if (!Eat(',') || !ParseType(&b)) return false;
      }
      if (!Eat(')')) return false;
      *out = name == "list" ? Type::List(a) : name == "map" ? Type::Map(a, b) : Type::TypeOf(a);
      return true;
    }
    if (PrimitiveType(name, out)) return true;
    if (name.size() == 1 && std::isupper(static_cast<unsigned char>(name[0]))) {
      *out = Type::Param(name);  // overload type parameter: A, B, K, V
      return true;
    }
    if (resolver_.Resolve(name, out)) return true;
    error_ = "unknown type '" + name + "'";
    return false;
  }

  const std::string& text_;
  const TypeNameResolver& resolver_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

bool ParseTypeName(const std::string& text, const TypeNameResolver& resolver, Type* out,
                   std::string* error) {
  return TypeNameParser(text, resolver).Parse(out, error);
}

}  // namespace rampart::check
