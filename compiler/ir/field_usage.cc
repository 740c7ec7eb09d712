#include "compiler/ir/field_usage.h"

#include <set>

namespace rampart::ir {

FieldNode* FieldNode::Field(const std::string& name) {
  auto& slot = fields[name];
  if (!slot) slot = std::make_unique<FieldNode>();
  return slot.get();
}

FieldNode* FieldNode::Element() {
  if (!element) element = std::make_unique<FieldNode>();
  return element.get();
}

void FieldNode::Merge(const FieldNode& other) {
  whole = whole || other.whole;
  entries = entries || other.entries;
  for (const auto& [name, node] : other.fields) Field(name)->Merge(*node);
  if (other.element) Element()->Merge(*other.element);
}

std::string FieldNodeText(const FieldNode& node) {
  std::string out;
  if (node.whole) return "*";
  if (!node.fields.empty()) {
    out += "{";
    bool first = true;
    for (const auto& [name, child] : node.fields) {
      out += (first ? "" : ",") + name + FieldNodeText(*child);
      first = false;
    }
    out += "}";
  }
  if (node.entries) out += "[" + (node.element ? FieldNodeText(*node.element) : std::string()) + "]";
  return out;
}

namespace {

using NodeSet = std::set<FieldNode*>;

// The pod spec paths of runtime/builtins/kubernetes.cc PodSpecOf: a Pod's spec and the
// templates of workloads and CronJobs.
const std::vector<std::vector<const char*>>& PodSpecPaths() {
  static const std::vector<std::vector<const char*>> kPaths = {
      {"spec"}, {"spec", "template", "spec"}, {"spec", "jobTemplate", "spec", "template", "spec"}};
  return kPaths;
}

FieldNode* Walk(FieldNode* n, const std::vector<const char*>& path) {
  for (const char* step : path) n = n->Field(step);
  return n;
}

// The container lists of a pod spec (ContainersOfSpec): the builtin's result is their
// concatenation, so what is read of it is read of each of them.
void ContainerLists(FieldNode* spec, NodeSet* out) {
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    FieldNode* l = spec->Field(list);
    l->entries = true;
    out->insert(l);
  }
}

class Analysis {
 public:
  explicit Analysis(const Program& p) : p_(p) {
    regs_.resize(p.functions.size());
    elems_.resize(p.functions.size());
    params_.resize(p.functions.size());
    param_elems_.resize(p.functions.size());
    returns_.resize(p.functions.size());
    return_elems_.resize(p.functions.size());
    for (size_t f = 0; f < p.functions.size(); ++f) {
      regs_[f].resize(p.functions[f].register_types.size());
      elems_[f].resize(p.functions[f].register_types.size());
    }
  }

  FieldNode Run(const std::vector<uint32_t>& policies) {
    std::vector<uint32_t> roots;
    for (size_t i = 0; i < p_.policies.size(); ++i) {
      bool chosen = policies.empty();
      for (uint32_t x : policies) chosen = chosen || x == i;
      if (chosen && p_.policies[i].function != kNone) roots.push_back(p_.policies[i].function);
    }
    // Registers flow forwards and around loops, and into helpers: repeat until nothing new.
    std::set<uint32_t> reachable(roots.begin(), roots.end());
    for (int round = 0; round < 1000; ++round) {
      changed_ = false;
      std::set<uint32_t> next = reachable;
      for (uint32_t f : reachable) Visit(f, &next);
      if (!changed_ && next == reachable) break;
      reachable = std::move(next);
    }
    return std::move(root_);
  }

 private:
  void Add(uint32_t f, uint32_t reg, const NodeSet& nodes) {
    if (reg == kNone || reg >= regs_[f].size()) return;
    for (FieldNode* n : nodes) changed_ |= regs_[f][reg].insert(n).second;
  }
  const NodeSet& Of(uint32_t f, uint32_t reg) const {
    static const NodeSet kEmpty;
    return reg == kNone || reg >= regs_[f].size() ? kEmpty : regs_[f][reg];
  }
  // A list built by the policy itself (filter(), map(), a literal) whose elements are
  // input values: what is read of its elements is read of those.
  void AddElems(uint32_t f, uint32_t reg, const NodeSet& nodes) {
    if (reg == kNone || reg >= elems_[f].size()) return;
    for (FieldNode* n : nodes) changed_ |= elems_[f][reg].insert(n).second;
  }
  const NodeSet& ElemsOf(uint32_t f, uint32_t reg) const {
    static const NodeSet kEmpty;
    return reg == kNone || reg >= elems_[f].size() ? kEmpty : elems_[f][reg];
  }
  void Whole(uint32_t f, uint32_t reg) {
    for (FieldNode* n : Of(f, reg)) n->whole = true;
    for (FieldNode* n : ElemsOf(f, reg)) n->whole = true;
  }
  static void Grow(std::vector<NodeSet>* v, size_t n) {
    if (v->size() < n) v->resize(n);
  }
  std::vector<uint32_t> Operands(const Function& fn, uint32_t start, uint32_t count) const {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < count && start + i < fn.operands.size(); ++i) out.push_back(fn.operands[start + i]);
    return out;
  }
  // The constant string a register holds, if it is set by a string constant.
  const std::string* ConstString(const Function& fn, uint32_t reg) const {
    for (const Instr& in : fn.code) {
      if (in.dst != reg) continue;
      if (in.op != Op::kConst || p_.constants[in.a].kind != Constant::Kind::kString) return nullptr;
      return &p_.constants[in.a].text;
    }
    return nullptr;
  }

  // Overloads that read their arguments alike; "" for the rest.
  static std::string Family(const std::string& id) {
    // Strings and bytes are kept whole wherever they are kept, so their size() needs nothing more.
    if (id == "size_list" || id == "list_size" || id == "size_map" || id == "map_size" ||
        id == "size_string" || id == "string_size" || id == "size_bytes" || id == "bytes_size") {
      return "size";
    }
    if (id == "index_list" || id == "index_list_uint" || id == "index_list_double") return "index_list";
    if (id == "index_map") return "index_map";
    return "";
  }

  void Call(uint32_t f, const Function& fn, const Instr& in) {
    const std::string& id = p_.overloads[in.c];
    std::vector<uint32_t> args = Operands(fn, in.a, in.b);
    NodeSet result;
    auto arg = [&](size_t i) -> const NodeSet& { return Of(f, i < args.size() ? args[i] : kNone); };
    if (id == "containers_object" || id == "pod_spec" || id == "has_pod") {
      for (FieldNode* n : arg(0)) {
        n->Field("kind")->whole = true;
        for (const auto& path : PodSpecPaths()) {
          FieldNode* spec = Walk(n, path);
          if (id == "containers_object") ContainerLists(spec, &result);
          if (id == "pod_spec") result.insert(spec);
        }
      }
    } else if (id == "containers_pod") {
      for (FieldNode* n : arg(0)) ContainerLists(n->Field("spec"), &result);
    } else if (id == "containers_pod_spec") {
      for (FieldNode* n : arg(0)) ContainerLists(n, &result);
    } else if (Family(id) == "size") {
      for (FieldNode* n : arg(0)) n->entries = true;
    } else if (id == "in_map") {
      Whole(f, args[0]);
      for (FieldNode* n : arg(1)) n->entries = true;
    } else if (id == "index_map") {
      const std::string* key = args.size() > 1 ? ConstString(fn, args[1]) : nullptr;
      for (FieldNode* n : arg(0)) {
        if (key != nullptr) {
          result.insert(n->Field(*key));
        } else {
          n->entries = true;
          result.insert(n->Element());
        }
      }
      if (args.size() > 1) Whole(f, args[1]);
    } else if (id == "index_list" || id == "index_list_uint" || id == "index_list_double") {
      for (FieldNode* n : arg(0)) {
        n->entries = true;
        result.insert(n->Element());
      }
      if (!args.empty()) result.insert(ElemsOf(f, args[0]).begin(), ElemsOf(f, args[0]).end());
      if (args.size() > 1) Whole(f, args[1]);
    } else {
      // Any other builtin may look at all of its arguments.
      for (uint32_t a : args) Whole(f, a);
    }
    Add(f, in.dst, result);
  }

  void Visit(uint32_t f, std::set<uint32_t>* reachable) {
    const Function& fn = p_.functions[f];
    for (uint32_t i = 0; i < fn.param_count && i < params_[f].size(); ++i) {
      Add(f, i, params_[f][i]);
      AddElems(f, i, param_elems_[f][i]);
    }
    for (const Instr& in : fn.code) {
      switch (in.op) {
        case Op::kInput: Add(f, in.dst, {root_.Field(p_.inputs[in.a])}); break;
        case Op::kMove: {
          // Lowering also moves an error into a result of another type (a comprehension's
          // list into its bool result when the list is an error): a plain value such as a
          // bool cannot carry fields of a list or message along.
          const std::string& to = fn.register_types[in.dst];
          const std::string& from = fn.register_types[in.a];
          static const std::set<std::string> kPlain = {"bool", "int", "uint", "double", "string", "bytes", "null_type"};
          if (to == from || kPlain.count(to) == 0) {
            Add(f, in.dst, Of(f, in.a));
            AddElems(f, in.dst, ElemsOf(f, in.a));
          }
          break;
        }
        case Op::kSelect:
        case Op::kHas: {
          NodeSet out;
          for (FieldNode* n : Of(f, in.a)) out.insert(n->Field(p_.strings[in.b]));
          if (in.op == Op::kSelect) Add(f, in.dst, out);
          break;
        }
        case Op::kIterInit: {
          for (FieldNode* n : Of(f, in.a)) n->entries = true;
          Add(f, in.dst, Of(f, in.a));
          AddElems(f, in.dst, ElemsOf(f, in.a));
          break;
        }
        case Op::kIterNext: {
          NodeSet elements;
          for (FieldNode* n : Of(f, in.a)) elements.insert(n->Element());
          elements.insert(ElemsOf(f, in.a).begin(), ElemsOf(f, in.a).end());
          Add(f, in.c != kNone ? in.c : in.dst, elements);
          break;
        }
        case Op::kCall: Call(f, fn, in); break;
        case Op::kDispatch: {
          // Chosen at evaluation time among candidates: when they all read their arguments
          // the same way (the size() or indexing overloads of dyn values), treat it as one of
          // them; otherwise every argument is needed.
          const std::vector<uint32_t>& candidates = p_.candidate_sets[in.c];
          std::string kind = candidates.empty() ? "" : Family(p_.overloads[candidates[0]]);
          for (uint32_t c : candidates) {
            if (Family(p_.overloads[c]) != kind) kind.clear();
          }
          if (!kind.empty()) {
            Instr as_call = in;
            as_call.c = candidates[0];
            Call(f, fn, as_call);
          } else {
            for (uint32_t a : Operands(fn, in.a, in.b)) Whole(f, a);
          }
          break;
        }
        case Op::kInvoke: {
          std::vector<uint32_t> args = Operands(fn, in.a, in.b);
          Grow(&params_[in.c], args.size());
          Grow(&param_elems_[in.c], args.size());
          for (size_t i = 0; i < args.size(); ++i) {
            for (FieldNode* n : Of(f, args[i])) changed_ |= params_[in.c][i].insert(n).second;
            for (FieldNode* n : ElemsOf(f, args[i])) changed_ |= param_elems_[in.c][i].insert(n).second;
          }
          reachable->insert(in.c);
          Add(f, in.dst, returns_[in.c]);
          AddElems(f, in.dst, return_elems_[in.c]);
          break;
        }
        case Op::kReturn:
          for (FieldNode* n : Of(f, in.a)) changed_ |= returns_[f].insert(n).second;
          for (FieldNode* n : ElemsOf(f, in.a)) changed_ |= return_elems_[f].insert(n).second;
          break;
        case Op::kMakeList:
          for (uint32_t a : Operands(fn, in.a, in.b)) {
            AddElems(f, in.dst, Of(f, a));
            for (FieldNode* n : ElemsOf(f, a)) n->whole = true;  // lists of lists: keep it simple
          }
          break;
        case Op::kMakeMap:
          for (uint32_t a : Operands(fn, in.a, in.b * 2)) Whole(f, a);
          break;
        case Op::kConcat:
          for (uint32_t a : Operands(fn, in.a, in.b)) Whole(f, a);
          break;
        case Op::kNot: case Op::kAssertBool: Whole(f, in.a); break;
        case Op::kAnd: case Op::kOr: Whole(f, in.a); Whole(f, in.b); break;
        case Op::kJumpIfFalse: case Op::kJumpIfTrue: Whole(f, in.a); break;
        case Op::kAppend:
          AddElems(f, in.dst, Of(f, in.a));
          for (FieldNode* n : ElemsOf(f, in.a)) n->whole = true;
          break;
        case Op::kMapInsert: Whole(f, in.a); Whole(f, in.b); break;
        case Op::kFire: Whole(f, in.b); break;
        // Reading a value for display, testing it for an error, or reporting it needs
        // nothing beyond what the rule itself read.
        case Op::kObserve: case Op::kJumpIfError: case Op::kFail:
        case Op::kConst: case Op::kGlobal: case Op::kJump: case Op::kInScope:
          break;
      }
    }
  }

  const Program& p_;
  FieldNode root_;
  std::vector<std::vector<NodeSet>> regs_;   // input values a register may hold
  std::vector<std::vector<NodeSet>> elems_;  // input values in a list a register may hold
  std::vector<std::vector<NodeSet>> params_, param_elems_;
  std::vector<NodeSet> returns_, return_elems_;
  bool changed_ = false;
};

}  // namespace

FieldNode AnalyzeFieldUsage(const Program& program, const std::vector<uint32_t>& policies) {
  return Analysis(program).Run(policies);
}

}  // namespace rampart::ir
