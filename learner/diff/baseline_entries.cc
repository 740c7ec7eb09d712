#include "learner/diff/baseline_entries.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "compiler/ast/printer.h"
#include "compiler/source/dns_names.h"
#include "learner/mine/glob_match.h"
#include "learner/mine/path_names.h"

namespace rampart::learner {
namespace {

// "proc.exe" for `proc.exe`, "" for anything that is not a chain of names.
std::string FieldPath(const ast::Expr& e) {
  if (const auto* id = e.as<ast::Ident>()) return id->name;
  if (const auto* sel = e.as<ast::Select>()) {
    std::string base = FieldPath(*sel->operand);
    return base.empty() ? "" : base + "." + sel->field;
  }
  return "";
}

bool LiteralText(const ast::Expr& e, std::string* out) {
  const auto* lit = e.as<ast::Literal>();
  if (lit == nullptr) return false;
  if (lit->kind == ast::Literal::Kind::kString) {
    *out = lit->string_value;
    return true;
  }
  if (lit->kind == ast::Literal::Kind::kInt) {
    *out = std::to_string(lit->int_value);
    return true;
  }
  return false;
}

void Conjuncts(const ast::Expr& e, std::vector<const ast::Expr*>* out) {
  if (const auto* b = e.as<ast::Binary>(); b != nullptr && b->op == ast::BinaryOp::kAnd) {
    Conjuncts(*b->lhs, out);
    Conjuncts(*b->rhs, out);
    return;
  }
  out->push_back(&e);
}

// `has(F)` when the same condition compares F with a literal: implied by that comparison for
// an entry's meaning (learn emit guards its peer comparisons so a flow without the field is
// not an error; baselines emitted before the guard say the same).
bool ImpliedPresence(const ast::Expr& e,
                     const std::map<std::string, std::vector<FieldPattern>>& fields) {
  const auto* has = e.as<ast::Presence>();
  if (has == nullptr) return false;
  std::string base = FieldPath(*has->operand);
  return !base.empty() && fields.count(base + "." + has->field) != 0;
}

// Reads one condition part into `fields`; false when it is not a field compared with literals.
bool ReadPart(const ast::Expr& e, std::map<std::string, std::vector<FieldPattern>>* fields) {
  if (const auto* b = e.as<ast::Binary>()) {
    std::string field = FieldPath(*b->lhs);
    if (field.empty()) return false;
    std::string value;
    if (b->op == ast::BinaryOp::kEq && LiteralText(*b->rhs, &value)) {
      (*fields)[field].push_back({value, false});
      return true;
    }
    const auto* list = b->rhs->as<ast::ListLiteral>();
    if (b->op == ast::BinaryOp::kIn && list != nullptr) {
      std::vector<FieldPattern> values;
      for (const ast::ExprPtr& x : list->elements) {
        if (!LiteralText(*x, &value)) return false;
        values.push_back({value, false});
      }
      auto& slot = (*fields)[field];
      slot.insert(slot.end(), values.begin(), values.end());
      return true;
    }
    return false;
  }
  if (const auto* call = e.as<ast::Call>()) {
    if (call->target == nullptr || call->args.size() != 1) return false;
    std::string field = FieldPath(*call->target), value;
    if (field.empty() || !LiteralText(*call->args[0], &value)) return false;
    if (call->function == "glob") {
      (*fields)[field].push_back({value, true});
      return true;
    }
    if (call->function == "startsWith") {
      (*fields)[field].push_back({EscapeGlob(value) + "**", true});
      return true;
    }
  }
  return false;
}

std::string Quote(const std::string& s) { return ast::QuoteString(s); }

// The field whose `in` list makes one entry per value, per plane.
const char* SplitField(Plane p) {
  switch (p) {
    case Plane::kExec:
      return "proc.exe";
    case Plane::kFile:
      return "path";
    case Plane::kSyscall:
      return "syscall.name";
    case Plane::kNetwork:
      return "";
  }
  return "";
}

// The canonical text of an entry: its fields in name order.
std::string EntryText(const BaselineEntry& e) {
  std::string s;
  auto add = [&s](const std::string& part) { s += (s.empty() ? "" : " && ") + part; };
  // The plane's subject first (proc.exe, path, syscall.name), then the other fields by name.
  std::vector<const std::pair<const std::string, std::vector<FieldPattern>>*> order;
  for (const auto& field : e.fields) {
    if (field.first == SplitField(e.plane))
      order.insert(order.begin(), &field);
    else
      order.push_back(&field);
  }
  for (const auto* field : order) {
    const std::string& name = field->first;
    const std::vector<FieldPattern>& values = field->second;
    if (name == "condition") continue;
    if (name == "direction" || name == "peer" || name == "port") continue;
    if (values.size() == 1) {
      add(values[0].glob ? name + ".glob(" + Quote(values[0].text) + ")"
                         : name + " == " + Quote(values[0].text));
    } else {
      std::string list;
      for (const FieldPattern& v : values) {
        list += std::string(list.empty() ? "" : ", ") + (v.glob ? "glob " : "") + Quote(v.text);
      }
      add(name + " in [" + list + "]");
    }
  }
  if (auto it = e.fields.find("condition"); it != e.fields.end()) {
    for (const FieldPattern& v : it->second) add(v.text);
  }
  if (e.plane != Plane::kNetwork) return s;
  auto one = [&e](const char* name) {
    auto it = e.fields.find(name);
    return it == e.fields.end() || it->second.empty() ? std::string() : it->second[0].text;
  };
  std::string net =
      one("direction") + (one("direction") == "ingress" ? " from " : " to ") + one("peer");
  if (!one("port").empty()) net += " port " + one("port");
  return s.empty() ? net : net + " if " + s;
}

void Finish(BaselineEntry e, std::vector<BaselineEntry>* out) {
  for (auto& [name, values] : e.fields) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
  }
  e.text = EntryText(e);
  out->push_back(std::move(e));
}

void ReadRule(Plane plane, const ast::Expr* condition, std::vector<BaselineEntry>* out) {
  BaselineEntry e;
  e.plane = plane;
  if (condition != nullptr) {
    std::vector<const ast::Expr*> parts;
    Conjuncts(*condition, &parts);
    std::vector<const ast::Expr*> rest;
    for (const ast::Expr* p : parts) {
      if (!ReadPart(*p, &e.fields)) rest.push_back(p);
    }
    for (const ast::Expr* p : rest) {
      if (!ImpliedPresence(*p, e.fields))
        e.fields["condition"].push_back({ast::PrintExpr(*p), false});
    }
  }
  auto split = e.fields.find(SplitField(plane));
  if (plane == Plane::kSyscall && split == e.fields.end()) split = e.fields.find("syscall.nr");
  if (split == e.fields.end() || split->second.size() <= 1) {
    Finish(std::move(e), out);
    return;
  }
  std::vector<FieldPattern> values = split->second;
  for (const FieldPattern& v : values) {
    BaselineEntry one = e;
    one.fields[split->first] = {v};
    Finish(std::move(one), out);
  }
}

// dns("NAME") with a literal name or pattern in the form names compare equal in (lower case,
// no trailing dot), so a hand-edited `dns("API.example.com.")` reads as the store's.
std::string PeerText(const ast::Peer& p) {
  std::string s = p.kind.text;
  if (!p.has_parens) return s;
  if (s == "dns" && p.args.size() == 1 && !p.args[0].key) {
    const auto* l = p.args[0].value->as<ast::Literal>();
    if (l != nullptr && l->kind == ast::Literal::Kind::kString) {
      return "dns(" + Quote(source::CanonicalDnsName(l->string_value)) + ")";
    }
  }
  s += "(";
  for (size_t i = 0; i < p.args.size(); ++i) {
    const ast::PeerArg& a = p.args[i];
    if (i > 0) s += ", ";
    if (a.key) s += (a.key_quoted ? Quote(a.key->text) : a.key->text) + ": ";
    s += ast::PrintExpr(*a.value);
  }
  return s + ")";
}

// The `key: value` items of a labels(...) peer, sorted (BaselineEntry::peer_labels); none for
// other peers.
std::vector<std::string> LabelItems(const ast::Peer& p) {
  std::vector<std::string> items;
  if (p.kind.text != "labels") return items;
  for (const ast::PeerArg& a : p.args) {
    if (!a.key) return {};
    items.push_back((a.key_quoted ? Quote(a.key->text) : a.key->text) + ": " + ast::PrintExpr(*a.value));
  }
  std::sort(items.begin(), items.end());
  return items;
}

void ReadNetworkRule(const ast::NetworkRuleItem& r, std::vector<BaselineEntry>* out) {
  BaselineEntry base;
  base.plane = Plane::kNetwork;
  if (r.condition != nullptr) {
    std::vector<const ast::Expr*> parts;
    Conjuncts(*r.condition, &parts);
    std::vector<const ast::Expr*> rest;
    for (const ast::Expr* p : parts) {
      if (!ReadPart(*p, &base.fields)) rest.push_back(p);
    }
    for (const ast::Expr* p : rest) {
      if (!ImpliedPresence(*p, base.fields))
        base.fields["condition"].push_back({ast::PrintExpr(*p), false});
    }
  }
  std::vector<std::string> directions;
  if (r.direction == ast::Direction::kAny) {
    directions = {"egress", "ingress"};
  } else {
    directions = {ast::DirectionName(r.direction)};
  }
  std::vector<std::string> peers, ports;
  std::vector<std::vector<std::string>> peer_labels;  // per peer: LabelItems, or none
  for (const ast::Peer& p : r.peers) {
    peers.push_back(PeerText(p));
    peer_labels.push_back(LabelItems(p));
  }
  if (peers.empty()) {
    peers.push_back("any");
    peer_labels.emplace_back();
  }
  for (const ast::PortSpec& p : r.ports) {
    std::string spec =
        std::to_string(p.low) + (p.high != p.low ? "-" + std::to_string(p.high) : "");
    ports.push_back(spec + "/" + (p.protocol ? p.protocol->text : std::string("any")));
  }
  for (const std::string& d : directions) {
    for (size_t k = 0; k < peers.size(); ++k) {
      for (size_t i = 0; i < std::max<size_t>(ports.size(), 1); ++i) {
        BaselineEntry e = base;
        e.fields["direction"] = {{d, false}};
        e.fields["peer"] = {{peers[k], false}};
        e.peer_labels = peer_labels[k];
        if (!ports.empty()) e.fields["port"] = {{ports[i], false}};
        Finish(std::move(e), out);
      }
    }
  }
}

void ReadScope(const ast::Expr& scope, BaselineWorkload* w) {
  std::vector<const ast::Expr*> parts;
  Conjuncts(scope, &parts);
  for (const ast::Expr* p : parts) {
    const auto* b = p->as<ast::Binary>();
    std::string value;
    if (b == nullptr || b->op != ast::BinaryOp::kEq || !LiteralText(*b->rhs, &value)) continue;
    std::string field = FieldPath(*b->lhs);
    if (field == "workload.namespace") w->namespace_name = value;
    if (field == "workload.kind") w->kind = value;
    if (field == "workload.name") w->name = value;
    if (field == "workload.pod") w->pod = value;
    if (field == "container.name") w->container = value;
    if (field == "container.image_digest") w->image_digest = value;
    if (field == "container.image") w->image = value;
  }
}

// Port "lo[-hi]/proto" contains `narrow`'s port range and protocol.
bool PortCovers(const std::string& wide, const std::string& narrow) {
  auto parse = [](const std::string& s, long* lo, long* hi, std::string* proto) {
    size_t slash = s.find('/');
    std::string range = s.substr(0, slash);
    *proto = slash == std::string::npos ? "any" : s.substr(slash + 1);
    size_t dash = range.find('-');
    *lo = std::atol(range.substr(0, dash).c_str());
    *hi = dash == std::string::npos ? *lo : std::atol(range.substr(dash + 1).c_str());
  };
  long wl, wh, nl, nh;
  std::string wp, np;
  parse(wide, &wl, &wh, &wp);
  parse(narrow, &nl, &nh, &np);
  return (wp == "any" || wp == np) && wl <= nl && nh <= wh;
}

// The name or pattern of a `dns("...")` peer as PeerText writes it; false for other peers.
bool DnsPeerPattern(const std::string& peer, std::string* pattern) {
  static const std::string kOpen = "dns(\"", kClose = "\")";
  if (peer.size() < kOpen.size() + kClose.size() || peer.rfind(kOpen, 0) != 0 ||
      peer.compare(peer.size() - kClose.size(), kClose.size(), kClose) != 0) {
    return false;
  }
  *pattern = peer.substr(kOpen.size(), peer.size() - kOpen.size() - kClose.size());
  // Valid names and patterns need no escapes: anything else is compared as text.
  return source::DnsPatternProblem(*pattern).empty();
}

// A dns() pattern covers the names it matches, and the patterns whose every name it matches
// (`*.example.com` covers `api-*.example.com`: a `*` in the narrow one is matched as a
// character, which only a wide `*` does).
bool DnsPeerCovers(const std::string& wide, const std::string& narrow) {
  std::string w, n;
  return DnsPeerPattern(wide, &w) && DnsPeerPattern(narrow, &n) && source::DnsNameMatches(w, n);
}

bool PatternCovers(const std::string& field, const FieldPattern& wide, const FieldPattern& narrow) {
  if (wide == narrow) return true;
  if (field == "port") return PortCovers(wide.text, narrow.text);
  if (field == "peer") return DnsPeerCovers(wide.text, narrow.text);
  if (!wide.glob) return false;
  if (!narrow.glob) return GlobMatch(wide.text, narrow.text);
  // A glob covers a glob it matches as text, unless the narrow one crosses directories and
  // the wide one does not.
  if (narrow.text.find("**") != std::string::npos && wide.text.find("**") == std::string::npos) {
    return false;
  }
  return GlobMatch(wide.text, narrow.text);
}

}  // namespace

BaselineEntries ReadBaselineEntries(const ast::File& file) {
  BaselineEntries out;
  for (const ast::Declaration& d : file.decls) {
    const auto* policy = std::get_if<ast::PolicyDecl>(&d.node);
    if (policy == nullptr) continue;
    std::vector<std::string> on;
    for (const ast::Clause& c : policy->clauses) {
      if (const auto* o = std::get_if<ast::OnClause>(&c.node)) {
        for (const ast::Name& n : o->kinds) on.push_back(n.text);
      }
      if (const auto* s = std::get_if<ast::ScopeClause>(&c.node))
        ReadScope(*s->expr, &out.workload);
    }
    Plane plane;
    if (policy->kind.text == "network") {
      plane = Plane::kNetwork;
    } else if (policy->kind.text == "runtime" && on.size() == 1 &&
               (on[0] == "exec" || on[0] == "open" || on[0] == "syscall")) {
      plane = on[0] == "exec" ? Plane::kExec : on[0] == "open" ? Plane::kFile : Plane::kSyscall;
    } else {
      out.skipped.push_back(
          "policy " + policy->name.text +
          ": not a runtime policy on exec, open or syscall, nor a network policy");
      continue;
    }
    uint32_t previous_end = 0;  // where the clause before this one ends
    for (const ast::Clause& c : policy->clauses) {
      const uint32_t begin = previous_end;
      previous_end = c.range.end;
      const auto* item = std::get_if<ast::BodyItem>(&c.node);
      if (item == nullptr) continue;
      std::vector<BaselineEntry>& list = out.entries[int(plane)];
      const size_t first = list.size();
      if (const auto* r = std::get_if<ast::RuleItem>(&item->node)) {
        if (r->action == ast::Action::kAllow)
          ReadRule(plane, r->condition.get(), &out.entries[int(plane)]);
      } else if (const auto* n = std::get_if<ast::NetworkRuleItem>(&item->node)) {
        if (n->action == ast::Action::kAllow) ReadNetworkRule(*n, &out.entries[int(plane)]);
      } else {
        out.skipped.push_back("policy " + policy->name.text + ": a `let` or `each` item");
      }
      // The comments between the previous clause and this one are this rule's evidence.
      std::vector<std::string> lines;
      for (const ast::Comment& k : file.comments) {
        if (k.range.begin < begin || k.range.begin >= c.range.begin) continue;
        std::string t = k.text.rfind("//", 0) == 0 ? k.text.substr(2) : k.text;
        if (!t.empty() && t[0] == ' ') t.erase(0, 1);
        lines.push_back(std::move(t));
      }
      for (size_t i = first; i < list.size(); ++i) list[i].comments = lines;
    }
  }
  for (auto& list : out.entries) {
    std::sort(list.begin(), list.end(),
              [](const BaselineEntry& a, const BaselineEntry& b) { return a.text < b.text; });
    list.erase(std::unique(
                   list.begin(), list.end(),
                   [](const BaselineEntry& a, const BaselineEntry& b) { return a.text == b.text; }),
               list.end());
  }
  return out;
}

std::vector<std::string> EvidenceOf(const BaselineEntry& e) {
  auto mentions = [&](const std::string& line) {
    for (const auto& [field, values] : e.fields) {
      for (const FieldPattern& v : values) {
        const std::string& t = v.text;
        if (!t.empty() && line.size() > t.size() && line.compare(0, t.size(), t) == 0 &&
            (line[t.size()] == ':' || line[t.size()] == ' '))
          return true;
      }
    }
    return false;
  };
  // A line that starts with a space continues the one above (emit indents the
  // "generalised:" and example lines under the evidence line they explain).
  std::vector<std::string> about;
  bool keep = false;
  for (const std::string& line : e.comments) {
    if (line.empty() || line[0] != ' ') keep = mentions(line);
    if (keep) about.push_back(line);
  }
  return about.empty() ? e.comments : about;
}

bool Covers(const BaselineEntry& wide, const BaselineEntry& narrow) {
  if (wide.plane != narrow.plane) return false;
  for (const auto& [field, values] : wide.fields) {
    auto it = narrow.fields.find(field);
    if (it == narrow.fields.end()) return false;
    // labels(a, b) allows every pod labels(a, b, c) does: fewer labels select more.
    if (field == "peer" && !wide.peer_labels.empty() && !narrow.peer_labels.empty() &&
        std::includes(narrow.peer_labels.begin(), narrow.peer_labels.end(), wide.peer_labels.begin(),
                      wide.peer_labels.end())) {
      continue;
    }
    for (const FieldPattern& n : it->second) {
      bool covered = false;
      for (const FieldPattern& w : values) covered = covered || PatternCovers(field, w, n);
      if (!covered) return false;
    }
  }
  return true;
}

}  // namespace rampart::learner
