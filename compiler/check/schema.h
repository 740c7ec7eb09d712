#pragma once
// The input schemas and the builtin function table, loaded from the data files in
// compiler/check/schemas/ (embedded into the binary at build time). Nothing about what an
// input contains, or which functions exist, is written in checker code.
//
// A Schema is immutable after Load and safe to share between threads.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/check/type.h"

namespace rampart::check {

struct FieldDecl {
  std::string name;
  Type type;
  std::string doc;
};

struct MessageDecl {
  std::string name;
  std::string doc;
  std::vector<FieldDecl> fields;
  const FieldDecl* Find(const std::string& field) const;
};

// The variables an expression may read for one input kind: `object` in admission, `proc` in
// exec events, `port` in flows.
struct InputDecl {
  std::string plane;  // "admission", "runtime", "network"
  std::string kind;   // "admission", "exec", "open", ..., "flow"
  std::string doc;
  std::vector<FieldDecl> variables;
  const FieldDecl* Find(const std::string& name) const;
};

// One overload of a builtin function or operator.
struct Overload {
  std::string id;        // stable identifier for the IR and the runtime ("add_int64")
  std::string function;  // "_+_", "size", "startsWith"
  bool receiver = false; // called as target.function(args); params[0] is the receiver
  std::vector<Type> params;
  Type result;
  std::string doc;
};

class Schema {
 public:
  // The schema shipped with rampart (the embedded data files). Built once; never fails
  // (the data files are checked by the test suite).
  static const Schema& Builtin();

  // Loads schema text in the format of compiler/check/schemas/README.md. Returns null and
  // sets `error` ("name:line: message") on malformed input.
  static std::unique_ptr<Schema> Load(const std::vector<std::pair<std::string, std::string>>& files,
                                      std::string* error);

  const MessageDecl* FindMessage(const std::string& name) const;
  bool IsOpaque(const std::string& name) const;
  // Input kinds of a plane, in declaration order.
  std::vector<const InputDecl*> InputsOf(const std::string& plane) const;
  const InputDecl* FindInput(const std::string& kind) const;
  const std::vector<InputDecl>& inputs() const { return inputs_; }
  const std::map<std::string, MessageDecl>& messages() const { return messages_; }
  // All overloads of a function name, globals and receivers together.
  const std::vector<Overload>* FindFunction(const std::string& name) const;
  const std::map<std::string, std::vector<Overload>>& functions() const { return functions_; }

 private:
  friend class SchemaLoader;
  std::map<std::string, MessageDecl> messages_;
  std::vector<std::string> opaque_;
  std::vector<InputDecl> inputs_;
  std::map<std::string, std::vector<Overload>> functions_;
};

}  // namespace rampart::check
