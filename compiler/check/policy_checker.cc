#include "compiler/check/policy_checker.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/check/constant_arguments.h"
#include "compiler/source/suggest.h"

namespace rampart::check {

using source::DidYouMean;
using source::HintOr;
namespace {

std::string JoinWords(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// What each policy kind allows.
struct KindRules {
  PolicyKind kind;
  std::vector<std::string> modes;
  std::vector<std::string> rule_actions;     // plain rules
  std::vector<std::string> default_actions;  // `default ...`
  ast::ScopeKind scope;
};

const KindRules* RulesFor(const std::string& kind) {
  static const std::map<std::string, KindRules> kRules = {
      {"admission", {PolicyKind::kAdmission, {"enforce", "warn", "audit"}, {"deny", "warn", "audit"}, {}, ast::ScopeKind::kMatch}},
      {"runtime", {PolicyKind::kRuntime, {"enforce", "monitor"}, {"allow", "alert", "block"}, {"allow", "alert", "block"}, ast::ScopeKind::kWhen}},
      {"network", {PolicyKind::kNetwork, {"enforce", "monitor"}, {}, {"allow", "deny"}, ast::ScopeKind::kSelect}},
  };
  auto it = kRules.find(kind);
  return it == kRules.end() ? nullptr : &it->second;
}

bool IsFalseLiteral(const ast::Expr& e) {
  const ast::Literal* l = e.as<ast::Literal>();
  return l != nullptr && l->kind == ast::Literal::Kind::kBool && !l->bool_value;
}

class PolicyChecker {
 public:
  PolicyChecker(const ast::PolicyDecl& policy, PolicyContext& ctx, PolicyInfo* info)
      : policy_(policy), ctx_(ctx), diags_(ctx.diags()), info_(info) {}

  bool Run(source::SourceRange range) {
    rules_ = RulesFor(policy_.kind.text);
    if (rules_ == nullptr) {
      diags_.Error("unknown-policy-kind", policy_.kind.range,
                   "unknown policy kind '" + policy_.kind.text + "'" +
                       HintOr(policy_.kind.text, {"admission", "runtime", "network"},
                              "; policies are admission, runtime or network"));
      return false;
    }
    info_->kind = rules_->kind;
    info_->mode = "enforce";
    info_->on_error = "fail";
    CheckHeaderClauses();
    SelectInputs();
    size_t locals = ctx_.exprs().local_count();
    for (const ast::Clause& c : policy_.clauses) CheckClause(c);
    ctx_.exprs().TruncateLocals(locals);
    ctx_.SetPolicyInputs(nullptr, "", {});
    if (any_default_) {
      for (const auto& [action, where] : directional_defaults_) {
        if (action != *any_default_) {
          diags_.Error("conflicting-defaults", where,
                       "this default contradicts the policy's `default " +
                           std::string(ast::ActionName(*any_default_)) +
                           "`; give one default per direction instead");
        }
      }
    }
    if (rule_count_ == 0 && !has_default_ && !policy_.name.text.empty()) {
      diags_.Warning("empty-policy", policy_.name.range,
                     "policy '" + policy_.name.text + "' has no rules; it never decides anything");
    }
    (void)range;
    return true;
  }

 private:
  void Once(const char* clause, source::SourceRange here) {
    auto [it, fresh] = seen_.emplace(clause, here);
    if (!fresh) {
      auto& d = diags_.Error("duplicate-clause", here,
                             std::string("duplicate '") + clause + "' clause; a policy has at most one");
      d.notes.push_back({it->second, "first given here"});
    }
  }

  void CheckValue(const ast::Name& value, const std::vector<std::string>& allowed,
                  const std::string& what) {
    if (value.text.empty() || Contains(allowed, value.text)) return;
    diags_.Error("bad-clause-value", value.range,
                 "'" + value.text + "' is not a valid " + what + HintOr(value.text, allowed, "; use one of: " + JoinWords(allowed)));
  }

  // Clauses that describe the policy rather than decide: severity, mode, on error, on.
  void CheckHeaderClauses() {
    for (const ast::Clause& c : policy_.clauses) {
      if (auto* x = std::get_if<ast::SeverityClause>(&c.node)) {
        Once("severity", c.range);
        CheckValue(x->level, {"critical", "high", "medium", "low", "info"}, "severity");
        info_->severity = x->level.text;
      } else if (auto* x = std::get_if<ast::ModeClause>(&c.node)) {
        Once("mode", c.range);
        CheckValue(x->value, rules_->modes, "mode for " + policy_.kind.text + " policies");
        info_->mode = x->value.text;
      } else if (auto* x = std::get_if<ast::OnErrorClause>(&c.node)) {
        Once("on error", c.range);
        CheckValue(x->value, {"fail", "skip"}, "error policy");
        info_->on_error = x->value.text;
      } else if (auto* x = std::get_if<ast::OnClause>(&c.node)) {
        Once("on", c.range);
        if (rules_->kind != PolicyKind::kRuntime) {
          diags_.Error("clause-not-allowed", c.range,
                       "'on' selects runtime event kinds and is only allowed in runtime policies");
          continue;
        }
        std::vector<std::string> kinds;
        for (const InputDecl* in : ctx_.schema().InputsOf("runtime")) kinds.push_back(in->kind);
        std::set<std::string> dup;
        for (const ast::Name& k : x->kinds) {
          if (!Contains(kinds, k.text)) {
            diags_.Error("unknown-event-kind", k.range,
                         "unknown event kind '" + k.text + "'" + HintOr(k.text, kinds, "; runtime events are " + JoinWords(kinds)));
          } else if (!dup.insert(k.text).second) {
            diags_.Warning("duplicate-event-kind", k.range, "event kind '" + k.text + "' is listed twice");
          } else {
            on_kinds_.push_back(k.text);
          }
        }
        on_given_ = true;
      } else if (std::holds_alternative<ast::DescriptionClause>(c.node)) {
        Once("description", c.range);
      }
    }
  }

  // The variables the policy's expressions may read: for runtime policies, those common to
  // every event kind in `on` (all kinds when `on` is absent).
  void SelectInputs() {
    const Schema& schema = ctx_.schema();
    std::string plane = policy_.kind.text;
    std::vector<const InputDecl*> inputs;
    // An `on` whose kinds were all unknown (already reported) counts as absent.
    if (rules_->kind == PolicyKind::kRuntime && on_given_ && !on_kinds_.empty()) {
      for (const std::string& k : on_kinds_) inputs.push_back(schema.FindInput(k));
    } else {
      inputs = schema.InputsOf(plane);
    }
    info_->event_kinds.clear();
    for (const InputDecl* in : inputs) info_->event_kinds.push_back(in->kind);
    if (!inputs.empty()) {
      for (const FieldDecl& f : inputs[0]->variables) {
        bool everywhere = true;
        for (const InputDecl* in : inputs) {
          const FieldDecl* g = in->Find(f.name);
          everywhere = everywhere && g != nullptr && g->type == f.type;
        }
        if (everywhere) variables_.push_back(f);
      }
    }
    ctx_.SetPolicyInputs(&variables_, plane, info_->event_kinds);
  }

  void CheckClause(const ast::Clause& c) {
    if (auto* x = std::get_if<ast::ScopeClause>(&c.node)) {
      const char* name = ast::ScopeKindName(x->kind);
      Once(name, c.range);
      if (x->kind != rules_->scope) {
        diags_.Error("clause-not-allowed", c.range,
                     std::string("'") + name + "' is not a clause of " + policy_.kind.text +
                         " policies; use '" + ast::ScopeKindName(rules_->scope) + "' to say which inputs the policy applies to");
      }
      Condition(x->expr.get(), std::string("the '") + name + "' condition");
    } else if (auto* x = std::get_if<ast::DefaultClause>(&c.node)) {
      has_default_ = true;
      if (x->direction == ast::Direction::kAny) any_default_ = x->action;
      else directional_defaults_.push_back({x->action, c.range});
      Once(x->direction == ast::Direction::kIngress  ? "default ingress"
           : x->direction == ast::Direction::kEgress ? "default egress"
                                                     : "default",
           c.range);
      std::string action = ast::ActionName(x->action);
      if (rules_->default_actions.empty()) {
        diags_.Error("clause-not-allowed", c.range,
                     "'default' is not a clause of admission policies: inputs no rule denies are allowed");
      } else if (!Contains(rules_->default_actions, action)) {
        diags_.Error("action-not-allowed", x->action_range,
                     "'default " + action + "' is not allowed in " + policy_.kind.text +
                         " policies; use one of: " + JoinWords(rules_->default_actions));
      }
      if (x->direction != ast::Direction::kAny && rules_->kind != PolicyKind::kNetwork) {
        diags_.Error("clause-not-allowed", c.range,
                     "a default with a direction is only allowed in network policies");
      }
    } else if (auto* x = std::get_if<ast::BodyItem>(&c.node)) {
      CheckBody(*x);
    }
  }

  void CheckBody(const ast::BodyItem& item) {
    ExprChecker& exprs = ctx_.exprs();
    if (auto* x = std::get_if<ast::LetItem>(&item.node)) {
      Type t = x->value ? exprs.Check(*x->value) : Type::Error();
      if (exprs.HasLocal(x->name.text)) {
        diags_.Error("duplicate-name", x->name.range,
                     "'" + x->name.text + "' is already bound in this policy; choose another name");
      }
      exprs.PushLocal(x->name.text, t);
    } else if (auto* x = std::get_if<ast::EachItem>(&item.node)) {
      Type range = x->range_expr ? exprs.Check(*x->range_expr) : Type::Error();
      Type var = Type::Dyn();
      if (range.is(Type::Kind::kList)) var = range.elem();
      else if (range.is(Type::Kind::kMap)) var = range.key();
      else if (range.is(Type::Kind::kError)) var = Type::Error();
      else if (!range.is(Type::Kind::kDyn)) {
        diags_.Error("not-iterable", x->range_expr->range,
                     "'each' needs a list or a map, but this is " + range.ToString());
        var = Type::Error();
      }
      if (exprs.HasLocal(x->var.text)) {
        diags_.Error("duplicate-name", x->var.range,
                     "'" + x->var.text + "' is already bound in this policy; choose another name");
      }
      size_t locals = exprs.local_count();
      exprs.PushLocal(x->var.text, var);
      if (x->body.empty()) {
        diags_.Error("empty-each", item.range, "'each' has no rules in its body");
      } else if (!x->braced && std::holds_alternative<ast::LetItem>(x->body[0].node)) {
        diags_.Error("each-needs-braces", x->body[0].range,
                     "without braces, 'each' applies to the one item after it, and a 'let' alone "
                     "decides nothing; group the let and its rules in { }");
      }
      for (const ast::BodyItem& b : x->body) CheckBody(b);
      exprs.TruncateLocals(locals);
    } else if (auto* x = std::get_if<ast::RuleItem>(&item.node)) {
      ++rule_count_;
      RuleName(x->name);
      std::string action = ast::ActionName(x->action);
      if (rules_->kind == PolicyKind::kNetwork) {
        diags_.Error("action-not-allowed", x->action_range,
                     "network rules need a direction: write `ingress " + action + " ...` or `egress " +
                         action + " ...`");
      } else if (!Contains(rules_->rule_actions, action)) {
        diags_.Error("action-not-allowed", x->action_range,
                     "'" + action + "' is not an action of " + policy_.kind.text +
                         " policies; use one of: " + JoinWords(rules_->rule_actions));
      }
      Condition(x->condition.get(), "a rule condition");
      Message(x->message.get());
    } else if (auto* x = std::get_if<ast::NetworkRuleItem>(&item.node)) {
      ++rule_count_;
      RuleName(x->name);
      std::string action = ast::ActionName(x->action);
      if (rules_->kind != PolicyKind::kNetwork) {
        diags_.Error("clause-not-allowed", item.range,
                     std::string("'") + ast::DirectionName(x->direction) +
                         "' rules are only allowed in network policies");
      } else if (action != "allow" && action != "deny") {
        diags_.Error("action-not-allowed", x->action_range,
                     "network rules allow or deny, not '" + action + "'");
      }
      bool ingress = x->direction == ast::Direction::kIngress;
      if (!x->peers.empty() && ingress != x->peers_keyword_from) {
        diags_.Error("peer-keyword", x->peers.front().range,
                     ingress ? "ingress rules name their peers with 'from', not 'to'"
                             : "egress rules name their peers with 'to', not 'from'");
      }
      for (const ast::Peer& p : x->peers) CheckPeer(p);
      for (const ast::PortSpec& p : x->ports) CheckPort(p);
      Condition(x->condition.get(), "a rule condition");
      Message(x->message.get());
    }
  }

  void RuleName(const std::optional<ast::Name>& name) {
    if (!name) return;
    auto [it, fresh] = rule_names_.emplace(name->text, name->range);
    if (!fresh) {
      auto& d = diags_.Error("duplicate-name", name->range,
                             "duplicate rule name '" + name->text + "' in policy '" + policy_.name.text + "'");
      d.notes.push_back({it->second, "first used here"});
    }
  }

  void Condition(const ast::Expr* e, const std::string& what) {
    if (e == nullptr) return;
    Type t = ctx_.exprs().Check(*e);
    ctx_.exprs().Expect(*e, t, Type::Kind::kBool, what);
    if (IsFalseLiteral(*e)) {
      diags_.Error("unreachable-rule", e->range,
                   what + " is always false, so this can never apply; remove it");
    }
  }

  void Message(const ast::Expr* e) {
    if (e == nullptr) return;
    Type t = ctx_.exprs().Check(*e);
    if (!t.IsDynOrError() && !t.is(Type::Kind::kString)) {
      diags_.Error("message-not-string", e->range,
                   "a message must be a string, but this expression is " + t.ToString() +
                       "; convert values with string(...)");
    }
  }

  void PeerString(const ast::PeerArg& a, const std::string& what) {
    if (!a.value) return;
    Type t = ctx_.exprs().Check(*a.value);
    if (!t.IsDynOrError() && !t.is(Type::Kind::kString)) {
      diags_.Error("type-mismatch", a.value->range, what + " must be a string, not " + t.ToString());
    }
  }

  void CheckPeer(const ast::Peer& p) {
    static const std::vector<std::string> kKinds = {"labels", "service", "namespace", "cidr", "dns",
                                                    "any"};
    const std::string& kind = p.kind.text;
    if (!Contains(kKinds, kind)) {
      diags_.Error("unknown-peer", p.kind.range,
                   "unknown peer '" + kind + "'" + HintOr(kind, kKinds,
                              "; peers are labels(k: \"v\"), service(\"name\", namespace: \"ns\"), "
                              "namespace(\"ns\"), cidr(\"10.0.0.0/8\"), dns(\"api.example.com\") or any"));
      return;
    }
    if (kind == "any") {
      if (p.has_parens) diags_.Error("bad-peer", p.range, "'any' takes no arguments");
      return;
    }
    if (!p.has_parens || p.args.empty()) {
      std::string example = kind == "labels" ? "labels(app: \"web\")"
                            : kind == "dns"  ? "dns(\"api.example.com\")"
                                             : kind + "(\"name\")";
      diags_.Error("bad-peer", p.range, "'" + kind + "' needs arguments, e.g. " + example);
      return;
    }
    if (kind == "labels") {
      for (const ast::PeerArg& a : p.args) {
        if (!a.key) {
          diags_.Error("bad-peer", a.value ? a.value->range : p.range,
                       "labels() takes key: \"value\" pairs, e.g. labels(app: \"web\")");
        }
        PeerString(a, "a label value");
      }
      return;
    }
    // service("name", namespace: "ns"), namespace("ns"), cidr("10.0.0.0/8"), dns("*.example.com")
    const ast::PeerArg& first = p.args[0];
    if (first.key) {
      diags_.Error("bad-peer", first.key->range, "the first argument of " + kind + "() is positional: " + kind + "(\"...\")");
    }
    PeerString(first, "the argument of " + kind + "()");
    if (kind == "cidr" || kind == "dns") {
      const ast::Literal* l = first.value ? first.value->as<ast::Literal>() : nullptr;
      if (l != nullptr && l->kind == ast::Literal::Kind::kString) {
        bool cidr = kind == "cidr";
        std::string problem =
            cidr ? CidrProblem(l->string_value) : DnsProblem(l->string_value);
        if (!problem.empty()) diags_.Error(cidr ? "bad-cidr" : "bad-dns", first.value->range, problem);
      }
    }
    for (size_t i = 1; i < p.args.size(); ++i) {
      const ast::PeerArg& a = p.args[i];
      std::vector<std::string> allowed = kind == "service" ? std::vector<std::string>{"namespace"}
                                                           : std::vector<std::string>{};
      if (!a.key || !Contains(allowed, a.key->text)) {
        diags_.Error("bad-peer", a.key ? a.key->range : (a.value ? a.value->range : p.range),
                     kind == "service" ? "service() takes a name and optionally namespace: \"ns\""
                                       : kind + "() takes one argument");
        continue;
      }
      PeerString(a, "namespace");
    }
  }

  void CheckPort(const ast::PortSpec& p) {
    if (p.low > p.high) {
      diags_.Error("bad-port", p.range, "port range " + std::to_string(p.low) + "-" +
                                            std::to_string(p.high) + " is empty; write the lower port first");
    }
    if (p.protocol) {
      static const std::vector<std::string> kProtocols = {"tcp", "udp", "sctp", "any"};
      if (!Contains(kProtocols, p.protocol->text)) {
        diags_.Error("bad-protocol", p.protocol->range,
                     "unknown protocol '" + p.protocol->text + "'" + HintOr(p.protocol->text, kProtocols, "; use tcp, udp, sctp or any"));
      }
    }
  }

  const ast::PolicyDecl& policy_;
  PolicyContext& ctx_;
  source::DiagnosticBag& diags_;
  PolicyInfo* info_;
  const KindRules* rules_ = nullptr;
  std::map<std::string, source::SourceRange> seen_;
  std::map<std::string, source::SourceRange> rule_names_;
  std::vector<std::string> on_kinds_;
  bool on_given_ = false;
  bool has_default_ = false;
  std::optional<ast::Action> any_default_;
  std::vector<std::pair<ast::Action, source::SourceRange>> directional_defaults_;
  size_t rule_count_ = 0;
  std::vector<FieldDecl> variables_;
};

}  // namespace

bool CheckPolicy(const ast::PolicyDecl& policy, source::SourceRange range, source::FileId file,
                 const std::string& package, PolicyContext& ctx, PolicyInfo* info) {
  info->package = package;
  info->name = policy.name.text;
  info->file = file;
  info->decl = &policy;
  return PolicyChecker(policy, ctx, info).Run(range);
}

}  // namespace rampart::check
