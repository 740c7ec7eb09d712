#include "tests/differential/policy_generator.h"

#include "runtime/decode/admission.h"

namespace rampart::testing {

using runtime::Value;

std::string GeneratedSet::Source() const {
  std::string out = "package diff\n\n";
  for (const GeneratedPolicy& p : policies) out += p.source + "\n";
  return out;
}

GeneratedSet PolicyGenerator::Policies(int count) {
  GeneratedSet set;
  for (int i = 0; i < count; ++i) {
    std::string name = "p" + std::to_string(i);
    set.policies.push_back({name, Policy(name)});
  }
  return set;
}

namespace {

const std::vector<std::string> kStrings = {"\"\"", "\"a\"", "\"web\"", "\"nginx\"", "\"ü\"", "\"日本\"",
                                           "\"x\\ny\"", "\"registry.acme.io/\"", "\"main\"", "\"12\""};
const std::vector<std::string> kInts = {"0", "1", "-1", "2", "42", "1000", "9223372036854775807",
                                        "-9223372036854775807"};
const std::vector<std::string> kLabelKeys = {"app", "team", "tier", "aé"};

}  // namespace

// `v` is the container variable in scope ("" outside `each`); typed `c` or dyn `d`.
std::string PolicyGenerator::Int(int depth, bool in_container) {
  const std::string v = in_container ? (container_var_) : "";
  int n = depth <= 0 ? 0 : Pick(in_container ? 9 : 7);
  switch (n) {
    case 1: return "size(object.metadata.name)";
    case 2: return "containers(object).size()";
    case 3: return "(" + Int(depth - 1, in_container) + " + " + Int(depth - 1, in_container) + ")";
    case 4: return "(" + Int(depth - 1, in_container) + " * " + Int(depth - 1, in_container) + ")";
    case 5: return "(" + Int(depth - 1, in_container) + " / " + Int(depth - 1, in_container) + ")";
    case 6: return "(" + Int(depth - 1, in_container) + " % " + Int(depth - 1, in_container) + ")";
    case 7: return v + ".securityContext.runAsUser";
    case 8: return "size(" + v + ".name)";
    default: return OneOf(kInts);
  }
}

std::string PolicyGenerator::Str(int depth, bool in_container) {
  const std::string v = in_container ? container_var_ : "";
  int n = depth <= 0 ? 0 : Pick(in_container ? 9 : 7);
  switch (n) {
    case 1: return "object.metadata.name";
    case 2: return "object.metadata.labels[\"" + OneOf(kLabelKeys) + "\"]";
    case 3: return "string(" + Int(depth - 1, in_container) + ")";
    case 4: return "(" + Str(depth - 1, in_container) + " + " + Str(depth - 1, in_container) + ")";
    case 5: return Str(depth - 1, in_container) + ".lowerAscii()";
    case 6: return "object.metadata.namespace";
    case 7: return v + ".name";
    case 8: return v + ".image";
    default: return OneOf(kStrings);
  }
}

std::string PolicyGenerator::Bool(int depth, bool in_container) {
  const std::string v = in_container ? container_var_ : "";
  if (depth > 0 && Chance(35)) {
    switch (Pick(4)) {
      case 0: return "(" + Bool(depth - 1, in_container) + " && " + Bool(depth - 1, in_container) + ")";
      case 1: return "(" + Bool(depth - 1, in_container) + " || " + Bool(depth - 1, in_container) + ")";
      case 2: return "!(" + Bool(depth - 1, in_container) + ")";
      default:
        return "(" + Bool(depth - 1, in_container) + " ? " + Bool(depth - 1, in_container) + " : " +
               Bool(depth - 1, in_container) + ")";
    }
  }
  int n = Pick(in_container ? 22 : 14);
  switch (n) {
    case 0: return Int(depth - 1, in_container) + " > " + Int(depth - 1, in_container);
    case 1: return Str(depth - 1, in_container) + " == " + Str(depth - 1, in_container);
    case 2: return Str(depth - 1, in_container) + " in [\"a\", \"web\", " + Str(depth - 1, in_container) + "]";
    case 3: return Str(depth - 1, in_container) + ".contains(" + Str(depth - 1, in_container) + ")";
    case 4: return Str(depth - 1, in_container) + ".matches(\"^[a-z]+$\")";
    case 5: return "\"" + OneOf(kLabelKeys) + "\" in object.metadata.labels";
    case 6: return "object.metadata.labels[\"" + OneOf(kLabelKeys) + "\"] == " + OneOf(kStrings);
    case 7: return "containers(object).exists(x, x.name == " + OneOf(kStrings) + ")";
    case 8: return "containers(object).all(x, has(x.image))";
    case 9: return "containers(object).existsOne(i, x, i == 0 && x.name != \"\")";
    case 10: return "object.metadata.labels.exists(k, w, k.startsWith(\"a\") && w != \"\")";
    case 11: return "object.spec.hostNetwork == true";
    case 12:
      return "[1, 2, 3].transformList(i, x, x * " + Int(depth - 1, in_container) + ").exists(y, y > " +
             Int(depth - 1, in_container) + ")";
    case 13: return "object.metadata.labels.transformMap(k, w, size(w)).all(k, n, n < 5)";
    case 14: return v + ".name == " + OneOf(kStrings);
    case 15: return v + ".image.startsWith(\"registry.acme.io/\")";
    case 16: return "has(" + v + ".securityContext) && has(" + v + ".securityContext.privileged) && " + v +
                    ".securityContext.privileged";
    case 17: return v + ".securityContext.privileged == true";
    case 18: return v + ".securityContext.runAsUser < " + Int(depth - 1, in_container);
    case 19: return "has(" + v + ".ports) && " + v + ".ports.exists(p, p.containerPort == 80)";
    case 20: return v + ".ports.size() > 1";
    default: return "has(" + v + ".securityContext)";
  }
}

std::string PolicyGenerator::Policy(const std::string& name) {
  static const std::vector<std::string> kActions = {"deny", "warn", "audit"};
  std::string out = "admission policy " + name + " {\n";
  int mode = Pick(6);
  if (mode == 0) out += "  mode warn\n";
  if (mode == 1) out += "  mode audit\n";
  if (Chance(25)) out += "  on error skip\n";
  out += "  match object.kind == \"Pod\"" + (Chance(30) ? " && " + Bool(1, false) : std::string()) + "\n";
  int loops = Pick(3);
  for (int l = 0; l < loops; ++l) {
    // The typed view (containers(): Container values) or the raw dyn list.
    bool typed = Chance(60);
    container_var_ = typed ? "c" : "d";
    out += "  each " + container_var_ + " in " + (typed ? "containers(object)" : "object.spec.containers") + " {\n";
    int rules = 1 + Pick(3);
    for (int r = 0; r < rules; ++r) {
      out += "    " + OneOf(kActions) + " r" + std::to_string(rule_counter_++) + " if " + Bool(3, true);
      if (Chance(70)) out += "\n      message \"" + name + ": \" + " + Str(2, true);
      out += "\n";
    }
    out += "  }\n";
  }
  int rules = Pick(3);
  for (int r = 0; r < rules; ++r) {
    out += "  " + OneOf(kActions) + " r" + std::to_string(rule_counter_++) + " if " + Bool(3, false);
    if (Chance(50)) out += "\n    message " + Str(2, false);
    out += "\n";
  }
  return out + "}\n";
}

namespace {

Value S(const std::string& s) { return Value::String(s); }

}  // namespace

Value PolicyGenerator::Container() {
  runtime::ValueMap c;
  static const std::vector<std::string> kNames = {"main", "sidecar", "", "ünï", "web"};
  static const std::vector<std::string> kImages = {"nginx", "registry.acme.io/app:1.2", "busybox:latest", ""};
  if (Chance(90)) c.emplace_back(S("name"), S(OneOf(kNames)));
  if (Chance(85)) c.emplace_back(S("image"), S(OneOf(kImages)));
  switch (Pick(6)) {
    case 0: break;  // no securityContext
    case 1: c.emplace_back(S("securityContext"), Value::Map({})); break;
    case 2: c.emplace_back(S("securityContext"), Value::Map({{S("privileged"), Value::Bool(Chance(50))}})); break;
    case 3:  // a value of the wrong kind, as a sloppy manifest has
      c.emplace_back(S("securityContext"), Value::Map({{S("privileged"), S("true")}}));
      break;
    case 4: {
      static const std::vector<int64_t> kUsers = {0, 1000, -1, INT64_MAX};
      c.emplace_back(S("securityContext"), Value::Map({{S("runAsUser"), Value::Int(OneOf(kUsers))}}));
      break;
    }
    default:
      c.emplace_back(S("securityContext"), Value::Map({{S("privileged"), Value::Bool(false)},
                                                         {S("runAsUser"), Value::Int(Pick(3) * 500)}}));
  }
  switch (Pick(4)) {
    case 0: break;
    case 1: c.emplace_back(S("ports"), Value::List({})); break;
    case 2:
      c.emplace_back(S("ports"), Value::List({Value::Map({{S("containerPort"), Value::Int(80)}})}));
      break;
    default:
      c.emplace_back(S("ports"), Value::List({Value::Map({{S("containerPort"), Value::Int(8080)}}),
                                                Value::Map({{S("containerPort"), Value::Int(INT64_MAX)}})}));
  }
  return Value::Map(std::move(c));
}

Value PolicyGenerator::Input() {
  static const std::vector<std::string> kPodNames = {"web", "db-0", "ünïcode", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
  static const std::vector<std::string> kValues = {"", "web", "payments", "x"};
  runtime::ValueMap meta;
  meta.emplace_back(S("name"), S(OneOf(kPodNames)));
  if (Chance(80)) meta.emplace_back(S("namespace"), S(Chance(50) ? "shop" : "kube-system"));
  if (Chance(75)) {
    runtime::ValueMap labels;
    for (const std::string& k : kLabelKeys) {
      if (Chance(50)) labels.emplace_back(S(k), S(OneOf(kValues)));
    }
    meta.emplace_back(S("labels"), Value::Map(std::move(labels)));
  }
  runtime::ValueMap spec;
  if (Chance(90)) {
    runtime::ValueList containers;
    int n = Pick(4);
    for (int i = 0; i < n; ++i) containers.push_back(Container());
    spec.emplace_back(S("containers"), Value::List(std::move(containers)));
  }
  if (Chance(20)) spec.emplace_back(S("initContainers"), Value::List({Container()}));
  switch (Pick(4)) {
    case 0: spec.emplace_back(S("hostNetwork"), Value::Bool(true)); break;
    case 1: spec.emplace_back(S("hostNetwork"), Value::Bool(false)); break;
    case 2: spec.emplace_back(S("hostNetwork"), S("yes")); break;
    default: break;
  }
  Value pod = Value::Map({{S("apiVersion"), S("v1")},
                          {S("kind"), S("Pod")},
                          {S("metadata"), Value::Map(std::move(meta))},
                          {S("spec"), Value::Map(std::move(spec))}});
  return runtime::CompleteAdmissionVariables(Value::Map({{S("object"), pod}}));
}

}  // namespace rampart::testing
