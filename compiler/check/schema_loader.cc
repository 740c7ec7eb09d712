// Reader of the schema data files (format: compiler/check/schemas/README.md). Line based:
//
//   message Container {          # doc
//     name: string               # doc
//   }
//   group process_event { proc: Process }
//   input runtime exec { use process_event; path: string }
//   opaque net.IP
//   function size(string): int = size_string
//   method string.startsWith(string): bool = starts_with_string
//   operator _+_(int, int): int = add_int64

#include <sstream>

#include "compiler/check/schema.h"

namespace rampart::check {

const FieldDecl* MessageDecl::Find(const std::string& field) const {
  for (const FieldDecl& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

const FieldDecl* InputDecl::Find(const std::string& name) const {
  for (const FieldDecl& f : variables) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const MessageDecl* Schema::FindMessage(const std::string& name) const {
  auto it = messages_.find(name);
  return it == messages_.end() ? nullptr : &it->second;
}

bool Schema::IsOpaque(const std::string& name) const {
  for (const std::string& o : opaque_) {
    if (o == name) return true;
  }
  return false;
}

std::vector<const InputDecl*> Schema::InputsOf(const std::string& plane) const {
  std::vector<const InputDecl*> out;
  for (const InputDecl& in : inputs_) {
    if (in.plane == plane) out.push_back(&in);
  }
  return out;
}

const InputDecl* Schema::FindInput(const std::string& kind) const {
  for (const InputDecl& in : inputs_) {
    if (in.kind == kind) return &in;
  }
  return nullptr;
}

const std::vector<Overload>* Schema::FindFunction(const std::string& name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Resolves message names declared anywhere in the files (two passes: names first).
class Resolver : public TypeNameResolver {
 public:
  Resolver(const std::map<std::string, MessageDecl>& messages,
           const std::vector<std::string>& opaque)
      : messages_(messages), opaque_(opaque) {}
  bool Resolve(const std::string& name, Type* out) const override {
    if (messages_.count(name)) {
      *out = Type::Message(name);
      return true;
    }
    for (const std::string& o : opaque_) {
      if (o == name) {
        *out = Type::Opaque(name);
        return true;
      }
    }
    return false;
  }

 private:
  const std::map<std::string, MessageDecl>& messages_;
  const std::vector<std::string>& opaque_;
};

}  // namespace

class SchemaLoader {
 public:
  explicit SchemaLoader(Schema& schema) : schema_(schema) {}

  bool Load(const std::vector<std::pair<std::string, std::string>>& files, std::string* error) {
    // Pass 1: message and opaque names, so fields may refer to types declared later.
    for (const auto& [name, text] : files) {
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        std::string t = Trim(StripComment(line, nullptr));
        if (t.rfind("message ", 0) == 0) {
          std::string msg = Trim(t.substr(8));
          if (!msg.empty() && msg.back() == '{') msg = Trim(msg.substr(0, msg.size() - 1));
          schema_.messages_[msg].name = msg;
        } else if (t.rfind("opaque ", 0) == 0) {
          schema_.opaque_.push_back(Trim(t.substr(7)));
        }
      }
    }
    for (const auto& [name, text] : files) {
      if (!LoadFile(name, text, error)) return false;
    }
    return true;
  }

 private:
  static std::string StripComment(const std::string& line, std::string* doc) {
    size_t hash = line.find('#');
    if (hash == std::string::npos) return line;
    if (doc != nullptr) *doc = Trim(line.substr(hash + 1));
    return line.substr(0, hash);
  }

  bool Fail(const std::string& file, int line, const std::string& msg, std::string* error) {
    *error = file + ":" + std::to_string(line) + ": " + msg;
    return false;
  }

  bool ParseType(const std::string& text, Type* out, std::string* why) {
    Resolver r(schema_.messages_, schema_.opaque_);
    return ParseTypeName(Trim(text), r, out, why);
  }

  bool LoadFile(const std::string& file, const std::string& text, std::string* error) {
    std::istringstream in(text);
    std::string raw;
    int line_no = 0;
    enum class Block { kNone, kMessage, kGroup, kInput } block = Block::kNone;
    std::vector<FieldDecl>* fields = nullptr;
    std::string pending_doc;
    while (std::getline(in, raw)) {
      ++line_no;
      std::string doc;
      std::string t = Trim(StripComment(raw, &doc));
      if (t.empty()) {
        if (Trim(raw).rfind("#", 0) == 0 && block == Block::kNone) pending_doc = doc;
        continue;
      }
      if (block != Block::kNone) {
        if (t == "}") {
          block = Block::kNone;
          fields = nullptr;
          continue;
        }
        if (t.rfind("use ", 0) == 0) {
          std::string group = Trim(t.substr(4));
          auto it = groups_.find(group);
          if (it == groups_.end()) return Fail(file, line_no, "unknown group '" + group + "'", error);
          fields->insert(fields->end(), it->second.begin(), it->second.end());
          continue;
        }
        size_t colon = t.find(':');
        if (colon == std::string::npos) {
          return Fail(file, line_no, "expected 'name: type' or '}'", error);
        }
        FieldDecl f;
        f.name = Trim(t.substr(0, colon));
        f.doc = doc;
        std::string why;
        if (!ParseType(t.substr(colon + 1), &f.type, &why)) return Fail(file, line_no, why, error);
        for (const FieldDecl& existing : *fields) {
          if (existing.name == f.name) {
            return Fail(file, line_no, "duplicate field '" + f.name + "'", error);
          }
        }
        fields->push_back(std::move(f));
        continue;
      }
      std::istringstream words(t);
      std::string keyword;
      words >> keyword;
      if (keyword == "message") {
        std::string name;
        words >> name;
        MessageDecl& m = schema_.messages_[name];
        m.doc = !doc.empty() ? doc : pending_doc;
        fields = &m.fields;
        block = Block::kMessage;
      } else if (keyword == "group") {
        std::string name;
        words >> name;
        fields = &groups_[name];
        block = Block::kGroup;
      } else if (keyword == "input") {
        InputDecl decl;
        words >> decl.plane >> decl.kind;
        decl.doc = !doc.empty() ? doc : pending_doc;
        schema_.inputs_.push_back(std::move(decl));
        fields = &schema_.inputs_.back().variables;
        block = Block::kInput;
      } else if (keyword == "opaque") {
        // names were collected in pass 1
      } else if (keyword == "function" || keyword == "method" || keyword == "operator") {
        Overload o;
        o.doc = doc;
        if (!ParseOverload(keyword, Trim(t.substr(keyword.size())), &o, error, file, line_no)) {
          return false;
        }
        schema_.functions_[o.function].push_back(std::move(o));
      } else {
        return Fail(file, line_no, "unknown schema declaration '" + keyword + "'", error);
      }
      pending_doc.clear();
      if (block != Block::kNone && t.back() != '{') {
        return Fail(file, line_no, "expected '{' at the end of the line", error);
      }
    }
    if (block != Block::kNone) return Fail(file, line_no, "missing '}' at end of file", error);
    return true;
  }

  // `NAME(T, ...): R = id` or, for methods, `RECEIVER.NAME(T, ...): R = id`.
  bool ParseOverload(const std::string& keyword, const std::string& text, Overload* o,
                     std::string* error, const std::string& file, int line_no) {
    size_t eq = text.rfind('=');
    if (eq == std::string::npos || text.find(')') == std::string::npos) {
      return Fail(file, line_no, "expected 'name(types): type = id'", error);
    }
    o->id = Trim(text.substr(eq + 1));
    std::string sig = Trim(text.substr(0, eq));
    // The argument list ends at the first "):" (receivers such as list(A) and results such
    // as type(A) have parentheses of their own).
    size_t close = sig.find("):");
    if (close == std::string::npos) return Fail(file, line_no, "missing ': result'", error);
    size_t colon = close + 1;
    std::string why;
    if (!ParseType(sig.substr(colon + 1), &o->result, &why)) return Fail(file, line_no, why, error);
    // The argument list is the last balanced (...) before the colon.
    int depth = 0;
    size_t open = std::string::npos;
    for (size_t i = close + 1; i-- > 0;) {
      if (sig[i] == ')') ++depth;
      if (sig[i] == '(' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string::npos) return Fail(file, line_no, "unbalanced parentheses", error);
    std::string head = Trim(sig.substr(0, open));
    std::string args = sig.substr(open + 1, close - open - 1);
    if (keyword == "method") {
      size_t dot = head.rfind('.');
      if (dot == std::string::npos) return Fail(file, line_no, "expected RECEIVER.NAME", error);
      Type receiver;
      if (!ParseType(head.substr(0, dot), &receiver, &why)) return Fail(file, line_no, why, error);
      o->receiver = true;
      o->params.push_back(receiver);
      o->function = head.substr(dot + 1);
    } else {
      o->function = head;
    }
    // Split arguments on top-level commas.
    depth = 0;
    std::string current;
    auto flush = [&]() -> bool {
      std::string a = Trim(current);
      current.clear();
      if (a.empty()) return true;
      Type t;
      if (!ParseType(a, &t, &why)) return Fail(file, line_no, why, error);
      o->params.push_back(t);
      return true;
    };
    for (char c : args) {
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c == ',' && depth == 0) {
        if (!flush()) return false;
      } else {
        current += c;
      }
    }
    return flush();
  }

  Schema& schema_;
  std::map<std::string, std::vector<FieldDecl>> groups_;
};

std::unique_ptr<Schema> Schema::Load(
    const std::vector<std::pair<std::string, std::string>>& files, std::string* error) {
  auto schema = std::make_unique<Schema>();
  SchemaLoader loader(*schema);
  if (!loader.Load(files, error)) return nullptr;
  return schema;
}

}  // namespace rampart::check
