#pragma once
// CEL types as the checker sees them. A Type is a small value (kind, name, parameters) that
// is cheap to copy; parameters are shared and immutable.

#include <memory>
#include <string>
#include <vector>

namespace rampart::check {

class Type {
 public:
  enum class Kind {
    kDyn,        // statically unknown; checked at evaluation time
    kError,      // the result of an expression that already has a diagnostic
    kNull,
    kBool,
    kInt,
    kUint,
    kDouble,
    kString,
    kBytes,
    kTimestamp,  // google.protobuf.Timestamp
    kDuration,   // google.protobuf.Duration
    kList,       // params: element
    kMap,        // params: key, value
    kMessage,    // a schema message type, by name
    kOpaque,     // an abstract type of an extension (net.IP, net.CIDR, Semver)
    kType,       // type(T): the type of a type value; params: T
    kParam,      // a type parameter of an overload (A, B, K, V)
  };

  Type() : kind_(Kind::kDyn) {}
  static Type Dyn() { return Type(Kind::kDyn); }
  static Type Error() { return Type(Kind::kError); }
  static Type Null() { return Type(Kind::kNull); }
  static Type Bool() { return Type(Kind::kBool); }
  static Type Int() { return Type(Kind::kInt); }
  static Type Uint() { return Type(Kind::kUint); }
  static Type Double() { return Type(Kind::kDouble); }
  static Type String() { return Type(Kind::kString); }
  static Type Bytes() { return Type(Kind::kBytes); }
  static Type Timestamp() { return Type(Kind::kTimestamp); }
  static Type Duration() { return Type(Kind::kDuration); }
  static Type List(Type elem);
  static Type Map(Type key, Type value);
  static Type Message(std::string name);
  static Type Opaque(std::string name);
  static Type TypeOf(Type t);
  static Type Param(std::string name);

  Kind kind() const { return kind_; }
  bool is(Kind k) const { return kind_ == k; }
  bool IsDynOrError() const { return kind_ == Kind::kDyn || kind_ == Kind::kError; }
  const std::string& name() const { return name_; }
  // List element, map key/value, or type(T) parameter.
  const Type& elem() const { return (*params_)[0]; }
  const Type& key() const { return (*params_)[0]; }
  const Type& value() const { return (*params_)[1]; }
  const std::vector<Type>& params() const;

  // As CEL prints types: "list(string)", "map(string, int)", "Container", "type(int)".
  std::string ToString() const;

  friend bool operator==(const Type& a, const Type& b);
  friend bool operator!=(const Type& a, const Type& b) { return !(a == b); }

 private:
  explicit Type(Kind k) : kind_(k) {}
  Kind kind_;
  std::string name_;
  std::shared_ptr<const std::vector<Type>> params_;
};

// Parses a type name as written in schemas and `def` parameters. `resolve` maps a bare name
// that is not a primitive to a type (message or opaque); it returns false for unknown names.
// Returns false (with `error` set) on malformed or unknown types.
class TypeNameResolver {
 public:
  virtual ~TypeNameResolver() = default;
  virtual bool Resolve(const std::string& name, Type* out) const = 0;
};

bool ParseTypeName(const std::string& text, const TypeNameResolver& resolver, Type* out,
                   std::string* error);
// The primitive and parameterized names: int, uint, double, bool, string, bytes, null_type,
// dyn, timestamp, duration (and their google.protobuf spellings).
bool PrimitiveType(const std::string& name, Type* out);

}  // namespace rampart::check
