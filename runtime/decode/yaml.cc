#include "runtime/decode/yaml.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <unordered_set>

#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/yaml.h"

namespace rampart::runtime {
namespace {


// A budget exceeded or a cycle, at a position of the text.
struct Refused {
  YAML::Mark mark;
  std::string message;
};

// YAML 1.2 core schema for a plain scalar.
Value ResolvePlain(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value::Null();
  if (s == "true" || s == "True" || s == "TRUE") return Value::Bool(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value::Bool(false);
  const char* begin = s.c_str();
  char* end = nullptr;
  // Integers: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
  bool is_int = true;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) is_int = false;
  for (size_t j = i; j < s.size() && is_int; ++j) is_int = s[j] >= '0' && s[j] <= '9';
  if (is_int) {
    errno = 0;
    long long v = std::strtoll(begin, &end, 10);
    if (errno == 0 && *end == '\0') return Value::Int(v);
    if (s[0] != '-') {
      errno = 0;
      unsigned long long u = std::strtoull(begin, &end, 10);
      if (errno == 0 && *end == '\0') return Value::Uint(u);
    }
    return Value::String(s);  // out of range: keep the text
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    errno = 0;
    long long v = std::strtoll(begin + 2, &end, s[1] == 'x' ? 16 : 8);
    if (errno == 0 && *end == '\0' && end != begin + 2) return Value::Int(v);
    return Value::String(s);
  }
  // Floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.inf | \.nan
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf") return Value::Double(INFINITY);
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return Value::Double(-INFINITY);
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return Value::Double(NAN);
  bool digits = false, shape = true;
  size_t k = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) digits = true;
  if (k < s.size() && s[k] == '.') {
    ++k;
    for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) digits = true;
  }
  if (digits && k < s.size() && (s[k] == 'e' || s[k] == 'E')) {
    ++k;
    if (k < s.size() && (s[k] == '-' || s[k] == '+')) ++k;
    bool exp = false;
    for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) exp = true;
    shape = exp;
  }
  if (digits && shape && k == s.size()) return Value::Double(std::strtod(begin, nullptr));
  return Value::String(s);
}

// Builds the documents from yaml-cpp's parser events rather than from YAML::Load's node graph.
//
// Why: yaml-cpp represents an alias as a second reference to its anchored node, and converting
// that graph to Values copied the anchored node at every reference. Aliases of aliases grow
// exponentially ("billion laughs": `a: &a [x,x,...]`, `b: &b [*a,*a,...]`, ...): 324 bytes
// reached the 2M node budget only after using 660 MB under ASan, and a 1 KB string copied
// 10^6 times stayed within it and took over 1 GB. Here an anchored node is built once and
// every alias shares its Value (Values share storage), so memory follows the length of the
// text. The budgets still count the documents as expanded, since that is what policies walk
// and what printing a value materialises: each alias adds the nodes, scalar text and depth of
// its anchored node, and the position where the expansion first gets past a limit is the
// error. An alias to a node that contains it is an error too. Events also mean that a
// document is never held twice (yaml-cpp's node graph and the Values).
class Builder : public YAML::EventHandler {
 public:
  Builder(std::string_view text, std::vector<Value>* out) : text_(text), out_(out) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 cannot start a document at a stray `,` after a top-level flow collection
    // (`[a],`): it reports an empty document there without consuming anything, forever. The
    // fuzzer's first out-of-memory was YAML::LoadAll collecting those. A document starting
    // where the previous one did is that loop.
    if (mark.pos >= 0 && static_cast<size_t>(mark.pos) == last_document_) {
      throw Refused{mark, "unexpected " + Describe(mark.pos) + " after the end of a document"};
    }
    last_document_ = static_cast<size_t>(mark.pos);
    anchors_.clear();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node node = Start(mark, anchor, 0);
    Finish(node, Value::Null(), Value::Null(), 1, /*empty=*/true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    Node node = Start(mark, anchor, text.size());
    // yaml-cpp tags quoted (non-plain) scalars "!": those are strings whatever they spell.
    // Keys are strings in Kubernetes documents; a scalar key keeps its text.
    Finish(node, tag == "!" ? Value::String(text) : ResolvePlain(text), Value::String(text), 1,
           false);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || !anchors_[anchor].done) {
      throw Refused{mark, "an alias refers to a node that contains it"};
    }
    const Anchored& target = anchors_[anchor];
    int depth = static_cast<int>(stack_.size()) + target.height;
    if (depth > kMaxYamlDepth) throw Refused{mark, TooDeepMessage()};
    Count(mark, InKeyPosition() ? target.nodes - 1 : target.nodes, target.text);
    Place(target.value, target.key, target.height, false, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    stack_.push_back({Start(mark, anchor, 0), false, {}, 0});
  }
  void OnSequenceEnd() override { End(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    stack_.push_back({Start(mark, anchor, 0), true, {}, 0});
  }
  void OnMapEnd() override { End(); }

 private:
  // A node being built: where its expansion started, for the sizes of anchored nodes.
  struct Node {
    YAML::anchor_t anchor;
    size_t nodes_before;
    size_t text_before;
    YAML::Mark mark;  // where it starts, for errors about it
  };
  struct Collection {
    Node node;
    bool is_map;
    ValueList items;  // a map's keys and values alternate
    int height;       // of the tallest item
    std::unordered_set<std::string> keys = {};  // a large map's string keys (IsNewKey)
  };
  struct Anchored {
    bool done = false;
    Value value;
    Value key;  // as a map key: a scalar's text
    size_t nodes = 0, text = 0;
    int height = 0;
  };

  // A map key is not counted as a node (as before: the budget counts values), its text is.
  bool InKeyPosition() const {
    return !stack_.empty() && stack_.back().is_map && stack_.back().items.size() % 2 == 0;
  }

  void Count(const YAML::Mark& mark, size_t nodes, size_t text) {
    nodes_ += nodes;
    bytes_ += text;
    if (nodes_ > kMaxYamlNodes) {
      throw Refused{mark, "the documents expand to more than " + std::to_string(kMaxYamlNodes) +
                              " nodes (aliases referring to aliases?)"};
    }
    if (bytes_ > kMaxYamlText) {
      throw Refused{mark, "the documents expand to more than " + std::to_string(kMaxYamlText) +
                              " bytes of scalar text (aliases referring to aliases?)"};
    }
  }

  std::string Describe(int pos) const {
    unsigned char c = static_cast<size_t>(pos) < text_.size() ? text_[pos] : 0;
    if (c > ' ' && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", c);
    return std::string("byte ") + hex;
  }

  static std::string TooDeepMessage() {
    return "the document nests more than " + std::to_string(kMaxYamlDepth) + " levels deep";
  }

  Node Start(const YAML::Mark& mark, YAML::anchor_t anchor, size_t text) {
    if (static_cast<int>(stack_.size()) + 1 > kMaxYamlDepth) throw Refused{mark, TooDeepMessage()};
    Node node{anchor, nodes_, bytes_, mark};
    Count(mark, InKeyPosition() ? 0 : 1, text);
    if (anchor != YAML::NullAnchor) {
      if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
      anchors_[anchor] = Anchored{};  // not done: an alias inside it is a cycle
    }
    return node;
  }

  void End() {
    Collection c = std::move(stack_.back());
    stack_.pop_back();
    Value value;
    if (c.is_map) {
      ValueMap entries;
      entries.reserve(c.items.size() / 2);
      for (size_t i = 0; i + 1 < c.items.size(); i += 2) {
        entries.emplace_back(std::move(c.items[i]), std::move(c.items[i + 1]));
      }
      value = Value::Map(std::move(entries));
    } else {
      value = Value::List(std::move(c.items));
    }
    Finish(c.node, value, value, c.height + 1, false);
  }

  void Finish(const Node& node, const Value& value, const Value& key, int height, bool empty) {
    if (node.anchor != YAML::NullAnchor) {
      Anchored& a = anchors_[node.anchor];
      a.done = true;
      a.value = value;
      a.key = key;
      // Counted as it would be in value position: an alias of it there costs this much.
      a.nodes = nodes_ - node.nodes_before + (InKeyPosition() ? 1 : 0);
      a.text = bytes_ - node.text_before;
      a.height = height;
    }
    Place(value, key, height, empty, node.mark);
  }

  // `empty`: a null node (`~`, `null`, nothing); a document of one is skipped.
  void Place(const Value& value, const Value& key, int height, bool empty, const YAML::Mark& mark) {
    if (stack_.empty()) {
      if (!empty) out_->push_back(value);
      return;
    }
    Collection& parent = stack_.back();
    bool as_key = InKeyPosition();
    if (as_key && key.is(ValueKind::kString) && !IsNewKey(parent, key.text())) {
      // YAML forbids it; Kubernetes' decoders keep the last, other readers the first, so a
      // policy could be shown one value while the cluster stores the other.
      throw Refused{mark, "duplicate key \"" + key.text() +
                              "\" in a mapping: Kubernetes keeps the last of duplicate fields and "
                              "other readers the first, so rampart refuses to guess; remove one of them"};
    }
    parent.items.push_back(as_key ? key : value);
    parent.height = std::max(parent.height, height);
  }

  // Whether `key` is not yet a key of the map `c`: compared with the keys so far while the
  // map is small, through a set once it is large (a crafted map with many keys costs linear
  // time, not quadratic).
  static bool IsNewKey(Collection& c, const std::string& key) {
    constexpr size_t kPairwise = 16;
    const size_t keys = (c.items.size() + 1) / 2;
    if (keys <= kPairwise) {
      for (size_t i = 0; i < c.items.size(); i += 2) {
        if (c.items[i].is(ValueKind::kString) && c.items[i].text() == key) return false;
      }
      if (keys == kPairwise) {
        for (size_t i = 0; i < c.items.size(); i += 2) {
          if (c.items[i].is(ValueKind::kString)) c.keys.insert(c.items[i].text());
        }
        c.keys.insert(key);
      }
      return true;
    }
    return c.keys.insert(key).second;
  }

  std::string_view text_;
  std::vector<Value>* out_;
  size_t last_document_ = std::string_view::npos;  // where the previous document started
  std::vector<Collection> stack_;
  std::vector<Anchored> anchors_;  // by anchor id, per document
  size_t nodes_ = 0;               // expanded, all documents together
  size_t bytes_ = 0;               // of scalar text, expanded
};

}  // namespace

bool ParseYamlDocuments(std::string_view text, std::vector<Value>* out, YamlError* error) {
  size_t before = out->size();  // documents are added as they are read: none on an error
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    Builder builder(text, out);
    while (parser.HandleNextDocument(builder)) {
    }
    return true;
  } catch (const YAML::Exception& e) {
    error->message = e.msg;
    error->line = e.mark.is_null() ? 0 : e.mark.line + 1;
    error->column = e.mark.is_null() ? 0 : e.mark.column + 1;
  } catch (const Refused& r) {
    error->message = r.message;
    error->line = r.mark.is_null() ? 0 : r.mark.line + 1;
    error->column = r.mark.is_null() ? 0 : r.mark.column + 1;
  }
  out->resize(before);
  return false;
}

}  // namespace rampart::runtime
