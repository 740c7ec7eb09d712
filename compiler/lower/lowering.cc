#include "compiler/lower/lowering.h"

#include "compiler/ast/printer.h"
#include "compiler/lower/guard_finder.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <functional>
#include <optional>
#include <set>
#include <tuple>

namespace rampart::lower {
namespace {

using ir::Instr;
using ir::kNone;
using ir::Op;

// Builds one IR function: registers, instructions, forward jumps and the local scope.
class FunctionBuilder {
 public:
  explicit FunctionBuilder(std::string name) { f_.name = std::move(name); }

  uint32_t NewReg(std::string type) {
    f_.register_types.push_back(std::move(type));
    return static_cast<uint32_t>(f_.register_types.size() - 1);
  }
  uint32_t Emit(Instr in) {
    f_.code.push_back(in);
    return static_cast<uint32_t>(f_.code.size() - 1);
  }
  uint32_t Here() const { return static_cast<uint32_t>(f_.code.size()); }
  // Points the jump at `at` (its target field) to `target`.
  void Patch(uint32_t at, uint32_t target) {
    Instr& in = f_.code[at];
    if (in.op == Op::kJump) in.a = target;
    else in.b = target;
  }
  uint32_t Operands(const std::vector<uint32_t>& regs) {
    uint32_t offset = static_cast<uint32_t>(f_.operands.size());
    f_.operands.insert(f_.operands.end(), regs.begin(), regs.end());
    return offset;
  }
  void PushLocal(const std::string& name, uint32_t reg) { locals_.push_back({name, reg}); }
  void PopLocals(size_t count) { locals_.resize(count); }
  size_t local_count() const { return locals_.size(); }
  uint32_t Local(const std::string& name) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return kNone;
  }
  ir::Function& function() { return f_; }

 private:
  ir::Function f_;
  std::vector<std::pair<std::string, uint32_t>> locals_;
};

class Lowerer {
 public:
  Lowerer(const std::vector<const ast::File*>& files, const check::CheckedProgram& checked,
          const source::SourceManager& sources)
      : files_(files), checked_(checked), sources_(sources) {}

  std::unique_ptr<ir::Program> RunExpression(const ast::Expr& e, source::FileId file) {
    FunctionBuilder fb("expr");
    building_literal_ = true;  // one evaluation: nothing to hoist, and a single function
    uint32_t r = LowerExpr(e, file, fb);
    fb.Emit({Op::kReturn, kNone, r, kNone, kNone, Source(e.range)});
    AddFunction(std::move(fb));
    return std::make_unique<ir::Program>(std::move(p_));
  }

  std::unique_ptr<ir::Program> Run() {
    for (const ast::File* f : files_) {
      std::string prefix = f->package ? f->package->name.ToString() + "." : "";
      for (const ast::Declaration& d : f->decls) {
        if (auto* c = std::get_if<ast::ConstDecl>(&d.node)) consts_[prefix + c->name.text] = {f->file_id, c};
        if (auto* h = std::get_if<ast::DefDecl>(&d.node)) helpers_[prefix + h->name.text] = {f->file_id, h};
      }
    }
    for (const check::PolicyInfo& info : checked_.policies()) LowerPolicy(info);
    return std::make_unique<ir::Program>(std::move(p_));
  }

 private:
  // ------------------------------------------------------------------ tables

  uint32_t Source(const source::SourceRange& r) {
    const source::SourceFile* f = sources_.file(r.file);
    if (f == nullptr) return kNone;
    auto key = std::make_tuple(r.file, r.begin, r.end);
    auto it = source_index_.find(key);
    if (it != source_index_.end()) return it->second;
    source::LineColumn lc = f->Position(r.begin);
    p_.source_map.push_back({f->path(), lc.line, lc.column, r.begin, r.end});
    uint32_t index = static_cast<uint32_t>(p_.source_map.size() - 1);
    source_index_[key] = index;
    return index;
  }

  template <typename Map>
  static uint32_t Intern(std::vector<std::string>& table, Map& index, const std::string& s) {
    auto it = index.find(s);
    if (it != index.end()) return it->second;
    table.push_back(s);
    uint32_t i = static_cast<uint32_t>(table.size() - 1);
    index[s] = i;
    return i;
  }
  uint32_t String(const std::string& s) { return Intern(p_.strings, string_index_, s); }
  uint32_t InputVar(const std::string& s) { return Intern(p_.inputs, input_index_, s); }
  uint32_t OverloadId(const std::string& s) { return Intern(p_.overloads, overload_index_, s); }

  uint32_t Constant(const ir::Constant& k) {
    std::string key = std::to_string(static_cast<int>(k.kind)) + "|" + std::to_string(k.bool_value) +
                      "|" + std::to_string(k.int_value) + "|" + std::to_string(k.uint_value) + "|" +
                      DoubleKey(k.double_value) + "|" + k.text;
    if (k.kind == ir::Constant::Kind::kDouble && k.double_value != k.double_value) key += "nan";
    auto it = constant_index_.find(key);
    if (it != constant_index_.end()) return it->second;
    p_.constants.push_back(k);
    uint32_t i = static_cast<uint32_t>(p_.constants.size() - 1);
    constant_index_[key] = i;
    return i;
  }
  static std::string DoubleKey(double d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%a", d);  // exact: distinct doubles, distinct keys
    return buf;
  }

  uint32_t BoolConst(bool b) {
    ir::Constant k;
    k.kind = ir::Constant::Kind::kBool;
    k.bool_value = b;
    return Constant(k);
  }
  uint32_t IntConst(int64_t v) {
    ir::Constant k;
    k.kind = ir::Constant::Kind::kInt;
    k.int_value = v;
    return Constant(k);
  }
  uint32_t StringConst(const std::string& s) {
    ir::Constant k;
    k.kind = ir::Constant::Kind::kString;
    k.text = s;
    return Constant(k);
  }

  std::string TypeOf(source::FileId file, const ast::Expr& e) const {
    const check::Type* t = checked_.TypeOf(file, e.id);
    return t != nullptr ? t->ToString() : "dyn";
  }

  // ---------------------------------------------------------- declarations

  bool building_literal_ = false;  // lowering the body of a LiteralGlobal

  uint32_t GlobalFor(const std::string& qualified) {
    auto it = global_index_.find(qualified);
    if (it != global_index_.end()) return it->second;
    auto decl = consts_.find(qualified);
    uint32_t index = static_cast<uint32_t>(p_.globals.size());
    p_.globals.push_back({qualified, kNone});
    global_index_[qualified] = index;
    if (decl == consts_.end()) return index;  // cannot happen for a checked program
    FunctionBuilder fb("const " + qualified);
    // Evaluated once already: its literals need no globals of their own (which would also
    // come after it in evaluation order).
    bool was_building = building_literal_;
    building_literal_ = true;
    uint32_t r = LowerExpr(*decl->second.second->value, decl->second.first, fb);
    building_literal_ = was_building;
    fb.Emit({Op::kReturn, kNone, r, kNone, kNone, Source(decl->second.second->name.range)});
    p_.globals[index].function = AddFunction(std::move(fb));
    return index;
  }

  static bool IsConstantLiteral(const ast::Expr& e) {
    if (e.is<ast::Literal>()) return true;
    if (auto* l = e.as<ast::ListLiteral>()) {
      for (const ast::ExprPtr& x : l->elements) {
        if (!IsConstantLiteral(*x)) return false;
      }
      return true;
    }
    if (auto* m = e.as<ast::MapLiteral>()) {
      for (const ast::MapEntry& x : m->entries) {
        if (!IsConstantLiteral(*x.key) || !IsConstantLiteral(*x.value)) return false;
      }
      return true;
    }
    return false;
  }

  // A global computing the constant literal `e`, one per source position.
  uint32_t LiteralGlobal(const ast::Expr& e, source::FileId file) {
    std::string name = "literal@" + std::to_string(file) + ":" + std::to_string(e.range.begin) + "-" +
                       std::to_string(e.range.end);
    auto it = global_index_.find(name);
    if (it != global_index_.end()) return it->second;
    uint32_t index = static_cast<uint32_t>(p_.globals.size());
    p_.globals.push_back({name, kNone});
    global_index_[name] = index;
    FunctionBuilder fb("const " + name);
    building_literal_ = true;
    uint32_t r = LowerExpr(e, file, fb);
    building_literal_ = false;
    fb.Emit({Op::kReturn, kNone, r, kNone, kNone, Source(e.range)});
    p_.globals[index].function = AddFunction(std::move(fb));
    return index;
  }

  uint32_t HelperFor(const std::string& qualified) {
    auto it = helper_index_.find(qualified);
    if (it != helper_index_.end()) return it->second;
    auto decl = helpers_.find(qualified);
    const ast::DefDecl& def = *decl->second.second;
    source::FileId file = decl->second.first;
    FunctionBuilder fb("def " + qualified);
    for (const ast::Param& param : def.params) {
      uint32_t r = fb.NewReg(param.type.name.ToString());
      fb.PushLocal(param.name.text, r);
    }
    fb.function().param_count = static_cast<uint32_t>(def.params.size());
    uint32_t r = LowerExpr(*def.body, file, fb);
    fb.Emit({Op::kReturn, kNone, r, kNone, kNone, Source(def.body->range)});
    uint32_t index = AddFunction(std::move(fb));
    helper_index_[qualified] = index;
    return index;
  }

  uint32_t AddFunction(FunctionBuilder&& fb) {
    p_.functions.push_back(std::move(fb.function()));
    return static_cast<uint32_t>(p_.functions.size() - 1);
  }

  // ------------------------------------------------------------ expressions

  uint32_t Call(FunctionBuilder& fb, const check::Reference* ref, const std::vector<uint32_t>& args,
                const std::string& type, uint32_t source) {
    uint32_t dst = fb.NewReg(type);
    uint32_t offset = fb.Operands(args);
    uint32_t count = static_cast<uint32_t>(args.size());
    if (ref != nullptr && ref->overload_ids.size() == 1) {
      fb.Emit({Op::kCall, dst, offset, count, OverloadId(ref->overload_ids[0]), source});
    } else {
      std::vector<uint32_t> set;
      if (ref != nullptr) {
        for (const std::string& id : ref->overload_ids) set.push_back(OverloadId(id));
      }
      p_.candidate_sets.push_back(set);
      fb.Emit({Op::kDispatch, dst, offset, count,
               static_cast<uint32_t>(p_.candidate_sets.size() - 1), source});
    }
    return dst;
  }

  static bool IsStringAdd(const check::Reference* ref) {
    return ref != nullptr && ref->overload_ids.size() == 1 && ref->overload_ids[0] == "add_string";
  }

  // `a + b + c + ...` over strings (messages are long chains of them) as one kConcat: the
  // text is built once instead of once per `+`. Only the left-nested chain is flattened —
  // `a + (b + c)` keeps its inner call — because that is the order in which kConcat
  // reproduces the calls' errors exactly (ops::Concat).
  uint32_t Concat(const ast::Expr& e, source::FileId file, FunctionBuilder& fb, const std::string& type,
                  uint32_t source) {
    std::vector<const ast::Expr*> parts;
    const ast::Expr* chain = &e;
    while (true) {
      auto* n = chain->as<ast::Binary>();
      if (n == nullptr || n->op == ast::BinaryOp::kAnd || n->op == ast::BinaryOp::kOr ||
          !IsStringAdd(checked_.ReferenceOf(file, chain->id))) {
        break;
      }
      parts.push_back(n->rhs.get());
      chain = n->lhs.get();
    }
    parts.push_back(chain);
    std::reverse(parts.begin(), parts.end());
    std::vector<uint32_t> regs;
    for (const ast::Expr* part : parts) regs.push_back(LowerExpr(*part, file, fb));
    uint32_t dst = fb.NewReg(type);
    fb.Emit({Op::kConcat, dst, fb.Operands(regs), static_cast<uint32_t>(regs.size()), kNone, source});
    return dst;
  }

  // A call of one known overload on registers (synthesized conditions of network rules).
  uint32_t CallOverload(FunctionBuilder& fb, const std::string& id, const std::vector<uint32_t>& args,
                        const std::string& type, uint32_t source) {
    uint32_t dst = fb.NewReg(type);
    fb.Emit({Op::kCall, dst, fb.Operands(args), static_cast<uint32_t>(args.size()), OverloadId(id), source});
    return dst;
  }

  uint32_t Const(FunctionBuilder& fb, uint32_t constant, const std::string& type, uint32_t source) {
    uint32_t dst = fb.NewReg(type);
    fb.Emit({Op::kConst, dst, constant, kNone, kNone, source});
    return dst;
  }

  // `a && b` / `a || b` with CEL's short circuit and commutative error absorption.
  uint32_t ShortCircuit(FunctionBuilder& fb, bool is_and, uint32_t ra,
                        const std::function<uint32_t()>& rhs, uint32_t source) {
    uint32_t dst = fb.NewReg("bool");
    uint32_t skip = fb.Emit({is_and ? Op::kJumpIfFalse : Op::kJumpIfTrue, kNone, ra, kNone, kNone, source});
    uint32_t rb = rhs();
    fb.Emit({is_and ? Op::kAnd : Op::kOr, dst, ra, rb, kNone, source});
    uint32_t done = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, source});
    fb.Patch(skip, fb.Here());
    fb.Emit({Op::kConst, dst, BoolConst(!is_and), kNone, kNone, source});
    fb.Patch(done, fb.Here());
    return dst;
  }

  uint32_t LowerExpr(const ast::Expr& e, source::FileId file, FunctionBuilder& fb) {
    uint32_t src = Source(e.range);
    std::string type = TypeOf(file, e);
    const check::Reference* ref = checked_.ReferenceOf(file, e.id);
    if (auto* l = e.as<ast::Literal>()) {
      ir::Constant k;
      using K = ast::Literal::Kind;
      switch (l->kind) {
        case K::kNull: k.kind = ir::Constant::Kind::kNull; break;
        case K::kBool: k.kind = ir::Constant::Kind::kBool; k.bool_value = l->bool_value; break;
        case K::kInt: k.kind = ir::Constant::Kind::kInt; k.int_value = l->int_value; break;
        case K::kUint: k.kind = ir::Constant::Kind::kUint; k.uint_value = l->uint_value; break;
        case K::kDouble: k.kind = ir::Constant::Kind::kDouble; k.double_value = l->double_value; break;
        case K::kString: k.kind = ir::Constant::Kind::kString; k.text = l->string_value; break;
        case K::kBytes: k.kind = ir::Constant::Kind::kBytes; k.text = l->string_value; break;
      }
      return Const(fb, Constant(k), type, src);
    }
    if (auto* n = e.as<ast::Ident>()) {
      if (ref != nullptr && ref->kind == check::Reference::Kind::kLocal) {
        uint32_t r = fb.Local(n->name);
        if (r != kNone) return r;
      }
      if (ref != nullptr && ref->kind == check::Reference::Kind::kConst) {
        uint32_t dst = fb.NewReg(type);
        fb.Emit({Op::kGlobal, dst, GlobalFor(ref->name), kNone, kNone, src});
        return dst;
      }
      if (ref != nullptr && ref->kind == check::Reference::Kind::kTypeName) {
        ir::Constant k;
        k.kind = ir::Constant::Kind::kType;
        k.text = n->name;
        return Const(fb, Constant(k), type, src);
      }
      uint32_t dst = fb.NewReg(type);
      fb.Emit({Op::kInput, dst, InputVar(ref != nullptr && !ref->name.empty() ? ref->name : n->name), kNone, kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::Select>()) {
      if (ref != nullptr && ref->kind == check::Reference::Kind::kTypeName) {  // google.protobuf.Timestamp
        ir::Constant k;
        k.kind = ir::Constant::Kind::kType;
        k.text = ref->name;
        return Const(fb, Constant(k), type, src);
      }
      if (ref != nullptr && ref->kind == check::Reference::Kind::kInputVariable) {
        uint32_t dst = fb.NewReg(type);
        fb.Emit({Op::kInput, dst, InputVar(ref->name), kNone, kNone, src});
        return dst;
      }
      if (ref != nullptr && ref->kind == check::Reference::Kind::kConst) {
        uint32_t dst = fb.NewReg(type);
        fb.Emit({Op::kGlobal, dst, GlobalFor(ref->name), kNone, kNone, src});
        return dst;
      }
      uint32_t operand = LowerExpr(*n->operand, file, fb);
      uint32_t dst = fb.NewReg(type);
      fb.Emit({Op::kSelect, dst, operand, String(n->field), kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::Presence>()) {
      uint32_t operand = LowerExpr(*n->operand, file, fb);
      uint32_t dst = fb.NewReg("bool");
      fb.Emit({Op::kHas, dst, operand, String(n->field), kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::Index>()) {
      uint32_t a = LowerExpr(*n->operand, file, fb);
      uint32_t b = LowerExpr(*n->index, file, fb);
      return Call(fb, ref, {a, b}, type, src);
    }
    if (auto* n = e.as<ast::Call>()) {
      std::vector<uint32_t> args;
      if (ref != nullptr && ref->kind == check::Reference::Kind::kHelper) {
        for (const ast::ExprPtr& a : n->args) args.push_back(LowerExpr(*a, file, fb));
        uint32_t dst = fb.NewReg(type);
        uint32_t function = HelperFor(ref->name);
        fb.Emit({Op::kInvoke, dst, fb.Operands(args), static_cast<uint32_t>(args.size()), function, src});
        return dst;
      }
      if (n->target) args.push_back(LowerExpr(*n->target, file, fb));
      for (const ast::ExprPtr& a : n->args) args.push_back(LowerExpr(*a, file, fb));
      return Call(fb, ref, args, type, src);
    }
    if (auto* n = e.as<ast::Unary>()) {
      uint32_t a = LowerExpr(*n->operand, file, fb);
      if (n->op == ast::UnaryOp::kNot) {
        uint32_t dst = fb.NewReg("bool");
        fb.Emit({Op::kNot, dst, a, kNone, kNone, src});
        return dst;
      }
      return Call(fb, ref, {a}, type, src);
    }
    if (auto* n = e.as<ast::Binary>()) {
      if (n->op == ast::BinaryOp::kAnd || n->op == ast::BinaryOp::kOr) {
        uint32_t a = LowerExpr(*n->lhs, file, fb);
        return ShortCircuit(fb, n->op == ast::BinaryOp::kAnd, a,
                            [&] { return LowerExpr(*n->rhs, file, fb); }, src);
      }
      if (IsStringAdd(ref)) return Concat(e, file, fb, type, src);
      uint32_t a = LowerExpr(*n->lhs, file, fb);
      uint32_t b = LowerExpr(*n->rhs, file, fb);
      return Call(fb, ref, {a, b}, type, src);
    }
    if (auto* n = e.as<ast::Conditional>()) {
      uint32_t c = Condition(*n->cond, file, fb);
      uint32_t dst = fb.NewReg(type);
      uint32_t on_error = fb.Emit({Op::kJumpIfError, kNone, c, kNone, kNone, src});
      uint32_t on_false = fb.Emit({Op::kJumpIfFalse, kNone, c, kNone, kNone, src});
      uint32_t t = LowerExpr(*n->then_expr, file, fb);
      fb.Emit({Op::kMove, dst, t, kNone, kNone, src});
      uint32_t end1 = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src});
      fb.Patch(on_false, fb.Here());
      uint32_t f = LowerExpr(*n->else_expr, file, fb);
      fb.Emit({Op::kMove, dst, f, kNone, kNone, src});
      uint32_t end2 = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src});
      fb.Patch(on_error, fb.Here());
      fb.Emit({Op::kMove, dst, c, kNone, kNone, src});
      fb.Patch(end1, fb.Here());
      fb.Patch(end2, fb.Here());
      return dst;
    }
    // A list or map written with literals only (`x in ["sh", "bash"]`) is built once per
    // program load, as a constant is, instead of on every evaluation.
    if ((e.is<ast::ListLiteral>() || e.is<ast::MapLiteral>()) && !building_literal_ && IsConstantLiteral(e)) {
      uint32_t dst = fb.NewReg(type);
      fb.Emit({Op::kGlobal, dst, LiteralGlobal(e, file), kNone, kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::ListLiteral>()) {
      std::vector<uint32_t> regs;
      for (const ast::ExprPtr& x : n->elements) regs.push_back(LowerExpr(*x, file, fb));
      uint32_t dst = fb.NewReg(type);
      fb.Emit({Op::kMakeList, dst, fb.Operands(regs), static_cast<uint32_t>(regs.size()), kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::MapLiteral>()) {
      std::vector<uint32_t> regs;
      for (const ast::MapEntry& x : n->entries) {
        regs.push_back(LowerExpr(*x.key, file, fb));
        regs.push_back(LowerExpr(*x.value, file, fb));
      }
      uint32_t dst = fb.NewReg(type);
      fb.Emit({Op::kMakeMap, dst, fb.Operands(regs), static_cast<uint32_t>(n->entries.size()), kNone, src});
      return dst;
    }
    if (auto* n = e.as<ast::Comprehension>()) return LowerComprehension(e, *n, file, fb);
    // ErrorExpr cannot reach lowering: the program had no errors.
    return Const(fb, BoolConst(false), "bool", src);
  }

  // A condition: bool or error; a dyn value that turns out not to be bool becomes an error.
  uint32_t Condition(const ast::Expr& e, source::FileId file, FunctionBuilder& fb) {
    uint32_t r = LowerExpr(e, file, fb);
    if (TypeOf(file, e) == "bool") return r;
    uint32_t dst = fb.NewReg("bool");
    fb.Emit({Op::kAssertBool, dst, r, kNone, kNone, Source(e.range)});
    return dst;
  }

  uint32_t LowerComprehension(const ast::Expr& e, const ast::Comprehension& n, source::FileId file,
                              FunctionBuilder& fb) {
    uint32_t src = Source(e.range);
    uint32_t range = LowerExpr(*n.range, file, fb);
    uint32_t dst = fb.NewReg(TypeOf(file, e));
    std::vector<uint32_t> to_error;  // jumps to "dst = the error in r" exits
    std::vector<std::pair<uint32_t, uint32_t>> error_moves;  // (jump, error register)
    error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, range, kNone, kNone, src}), range});
    uint32_t it = fb.NewReg("iterator");
    fb.Emit({Op::kIterInit, it, range, kNone, kNone, src});
    error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, it, kNone, kNone, src}), it});
    uint32_t count = kNone;
    switch (n.kind) {
      case ast::MacroKind::kAll: fb.Emit({Op::kConst, dst, BoolConst(true), kNone, kNone, src}); break;
      case ast::MacroKind::kExists: fb.Emit({Op::kConst, dst, BoolConst(false), kNone, kNone, src}); break;
      case ast::MacroKind::kExistsOne:
        count = fb.NewReg("int");
        fb.Emit({Op::kConst, count, IntConst(0), kNone, kNone, src});
        break;
      case ast::MacroKind::kTransformMap:
      case ast::MacroKind::kTransformMapFilter:
        fb.Emit({Op::kMakeMap, dst, kNone, 0, kNone, src});
        break;
      default: fb.Emit({Op::kMakeList, dst, kNone, 0, kNone, src}); break;
    }
    // Variables: the element (list) or key (map); with two, (index, element) or (key, value).
    const bool two_vars = !n.var2.empty();
    const check::Type* range_type = checked_.TypeOf(file, n.range->id);
    std::string var_type = "dyn", var2_type = "dyn";
    if (range_type != nullptr && range_type->is(check::Type::Kind::kList)) {
      var_type = two_vars ? "int" : range_type->elem().ToString();
      var2_type = range_type->elem().ToString();
    }
    if (range_type != nullptr && range_type->is(check::Type::Kind::kMap)) {
      var_type = range_type->key().ToString();
      var2_type = range_type->value().ToString();
    }
    uint32_t var = fb.NewReg(var_type);
    uint32_t var2 = two_vars ? fb.NewReg(var2_type) : kNone;
    size_t locals = fb.local_count();
    fb.PushLocal(n.var, var);
    if (two_vars) fb.PushLocal(n.var2, var2);
    uint32_t loop = fb.Here();
    uint32_t next = fb.Emit({Op::kIterNext, var, it, kNone, var2, src});
    std::vector<uint32_t> to_done;
    switch (n.kind) {
      case ast::MacroKind::kAll:
      case ast::MacroKind::kExists: {
        bool all = n.kind == ast::MacroKind::kAll;
        uint32_t p = Condition(*n.first, file, fb);
        fb.Emit({all ? Op::kAnd : Op::kOr, dst, dst, p, kNone, src});
        to_done.push_back(fb.Emit({all ? Op::kJumpIfFalse : Op::kJumpIfTrue, kNone, dst, kNone, kNone, src}));
        break;
      }
      case ast::MacroKind::kExistsOne: {
        uint32_t p = Condition(*n.first, file, fb);
        error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, p, kNone, kNone, src}), p});
        uint32_t skip = fb.Emit({Op::kJumpIfFalse, kNone, p, kNone, kNone, src});
        uint32_t one = Const(fb, IntConst(1), "int", src);
        uint32_t sum = CallOverload(fb, "add_int64", {count, one}, "int", src);
        fb.Emit({Op::kMove, count, sum, kNone, kNone, src});
        fb.Patch(skip, fb.Here());
        break;
      }
      case ast::MacroKind::kMap:
      case ast::MacroKind::kTransformList:
      case ast::MacroKind::kTransformMap: {
        uint32_t t = LowerExpr(*n.first, file, fb);
        error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, t, kNone, kNone, src}), t});
        if (n.kind == ast::MacroKind::kTransformMap) {
          fb.Emit({Op::kMapInsert, dst, var, t, kNone, src});
        } else {
          fb.Emit({Op::kAppend, dst, t, kNone, kNone, src});
        }
        break;
      }
      case ast::MacroKind::kMapFilter:
      case ast::MacroKind::kFilter:
      case ast::MacroKind::kTransformListFilter:
      case ast::MacroKind::kTransformMapFilter: {
        uint32_t p = Condition(*n.first, file, fb);
        error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, p, kNone, kNone, src}), p});
        uint32_t skip = fb.Emit({Op::kJumpIfFalse, kNone, p, kNone, kNone, src});
        uint32_t value = var;
        if (n.second != nullptr) {
          value = LowerExpr(*n.second, file, fb);
          error_moves.push_back({fb.Emit({Op::kJumpIfError, kNone, value, kNone, kNone, src}), value});
        }
        if (n.kind == ast::MacroKind::kTransformMapFilter) {
          fb.Emit({Op::kMapInsert, dst, var, value, kNone, src});
        } else {
          fb.Emit({Op::kAppend, dst, value, kNone, kNone, src});
        }
        fb.Patch(skip, fb.Here());
        break;
      }
    }
    fb.Emit({Op::kJump, kNone, loop, kNone, kNone, src});
    uint32_t done = fb.Here();
    fb.Patch(next, done);
    for (uint32_t j : to_done) fb.Patch(j, done);
    if (n.kind == ast::MacroKind::kExistsOne) {
      uint32_t one = Const(fb, IntConst(1), "int", src);
      uint32_t eq = CallOverload(fb, "equals", {count, one}, "bool", src);
      fb.Emit({Op::kMove, dst, eq, kNone, kNone, src});
    }
    std::vector<uint32_t> to_end = {fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src})};
    for (const auto& [jump, reg] : error_moves) {
      fb.Patch(jump, fb.Here());
      fb.Emit({Op::kMove, dst, reg, kNone, kNone, src});
      to_end.push_back(fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src}));
    }
    for (uint32_t j : to_end) fb.Patch(j, fb.Here());
    fb.PopLocals(locals);
    return dst;
  }

  // ---------------------------------------------------------------- policies

  struct PolicyState {
    ir::Policy* policy;
    source::FileId file;
    int counter = 0;
  };

  uint32_t RuleIndex(PolicyState& ps, const std::optional<ast::Name>& name, ast::Action action,
                     const std::string& direction, source::SourceRange range) {
    ++ps.counter;
    std::string n = name ? name->text : std::string(ast::ActionName(action)) + "#" + std::to_string(ps.counter);
    ps.policy->rules.push_back({n, ast::ActionName(action), direction, Source(range)});
    return static_cast<uint32_t>(ps.policy->rules.size() - 1);
  }

  // ---------------------------------------------------------------- explanations

  // A field path rooted in something the rule can see (an input variable, a `let` or `each`
  // variable): `c.securityContext.privileged`, `object.metadata.labels["team"]`. Null when
  // `e` is not such a path or its root is a macro variable of the condition or a constant.
  const ast::Expr* PathRoot(const ast::Expr& e, source::FileId file, const std::vector<std::string>& bound) {
    const ast::Expr* cur = &e;
    while (true) {
      const check::Reference* ref = checked_.ReferenceOf(file, cur->id);
      if (ref != nullptr && ref->kind == check::Reference::Kind::kInputVariable) return cur;
      if (ref != nullptr && (ref->kind == check::Reference::Kind::kConst ||
                             ref->kind == check::Reference::Kind::kTypeName)) {
        return nullptr;
      }
      if (auto* s = cur->as<ast::Select>()) {
        cur = s->operand.get();
      } else if (auto* ix = cur->as<ast::Index>()) {
        if (!ix->index->is<ast::Literal>()) return nullptr;
        cur = ix->operand.get();
      } else if (auto* id = cur->as<ast::Ident>()) {
        if (id->leading_dot) return nullptr;
        for (const std::string& b : bound) {
          if (b == id->name) return nullptr;
        }
        return cur;
      } else {
        return nullptr;
      }
    }
  }

  // The values a rule's explanation shows: the outermost field paths of its condition (and
  // `let`/`each` variables it reads), in source order, at most kMaxObserved of them.
  static constexpr size_t kMaxObserved = 6;
  void CollectObserved(const ast::Expr& e, source::FileId file, std::vector<std::string>& bound,
                       std::vector<const ast::Expr*>& out) {
    if (out.size() >= kMaxObserved) return;
    bool path = e.is<ast::Select>() || e.is<ast::Index>();
    if (auto* id = e.as<ast::Ident>()) {
      // `let`/`each` variables, and input variables that are plain values (`path`, `port`):
      // `object` or `event` alone would print the whole input.
      const check::Reference* ref = checked_.ReferenceOf(file, e.id);
      const check::Type* type = checked_.TypeOf(file, e.id);
      bool scalar = type != nullptr && !type->is(check::Type::Kind::kMessage) &&
                    !type->is(check::Type::Kind::kMap) && !type->is(check::Type::Kind::kList) &&
                    !type->is(check::Type::Kind::kDyn);
      path = ref != nullptr && (ref->kind == check::Reference::Kind::kLocal ||
                                (ref->kind == check::Reference::Kind::kInputVariable && scalar));
    }
    if (path && PathRoot(e, file, bound) != nullptr) {
      std::string text = ast::PrintExpr(e);
      for (const ast::Expr* o : out) {
        if (ast::PrintExpr(*o) == text) return;
      }
      out.push_back(&e);
      return;
    }
    auto child = [&](const ast::ExprPtr& c) {
      if (c) CollectObserved(*c, file, bound, out);
    };
    if (auto* n = e.as<ast::Select>()) child(n->operand);
    else if (auto* n = e.as<ast::Presence>()) child(n->operand);
    else if (auto* n = e.as<ast::Index>()) { child(n->operand); child(n->index); }
    else if (auto* n = e.as<ast::Call>()) { child(n->target); for (const auto& a : n->args) child(a); }
    else if (auto* n = e.as<ast::Unary>()) child(n->operand);
    else if (auto* n = e.as<ast::Binary>()) { child(n->lhs); child(n->rhs); }
    else if (auto* n = e.as<ast::Conditional>()) { child(n->cond); child(n->then_expr); child(n->else_expr); }
    else if (auto* n = e.as<ast::ListLiteral>()) { for (const auto& x : n->elements) child(x); }
    else if (auto* n = e.as<ast::MapLiteral>()) { for (const auto& x : n->entries) { child(x.key); child(x.value); } }
    else if (auto* n = e.as<ast::Comprehension>()) {
      child(n->range);
      bound.push_back(n->var);
      if (!n->var2.empty()) bound.push_back(n->var2);
      child(n->first);
      child(n->second);
      bound.resize(bound.size() - (n->var2.empty() ? 1 : 2));
    }
  }

  // Emits `observe` for the values behind a firing rule (only on the path where it fired).
  void EmitObservations(const ast::Expr* condition, source::FileId file, FunctionBuilder& fb, uint32_t src) {
    if (condition == nullptr) return;
    std::vector<std::string> bound;
    std::vector<const ast::Expr*> paths;
    CollectObserved(*condition, file, bound, paths);
    // `c.securityContext` says less than `c.securityContext.privileged` beside it: keep the
    // longest paths only.
    std::vector<std::string> texts;
    for (const ast::Expr* p : paths) texts.push_back(ast::PrintExpr(*p));
    auto extended = [&](size_t i) {
      for (size_t j = 0; j < texts.size(); ++j) {
        const std::string& t = texts[j];
        if (j != i && t.size() > texts[i].size() && t.compare(0, texts[i].size(), texts[i]) == 0 &&
            (t[texts[i].size()] == '.' || t[texts[i].size()] == '[')) {
          return true;
        }
      }
      return false;
    };
    for (size_t i = 0; i < paths.size(); ++i) {
      if (extended(i)) continue;
      const ast::Expr* p = paths[i];
      uint32_t r = LowerExpr(*p, file, fb);
      fb.Emit({Op::kObserve, kNone, r, String(texts[i]), kNone, Source(p->range)});
    }
  }

  // Evaluates `cond` (kNone: always true) and fires `rule` with `message` when true, with the
  // values `condition` (its AST, if any) read as the explanation.
  void EmitRule(PolicyState& ps, FunctionBuilder& fb, uint32_t rule, uint32_t cond,
                const ast::Expr* message, uint32_t src, const ast::Expr* condition = nullptr) {
    std::vector<uint32_t> to_next;
    uint32_t on_error = kNone;
    if (cond != kNone) {
      on_error = fb.Emit({Op::kJumpIfError, kNone, cond, kNone, kNone, src});
      to_next.push_back(fb.Emit({Op::kJumpIfFalse, kNone, cond, kNone, kNone, src}));
    }
    uint32_t msg = message != nullptr ? LowerExpr(*message, ps.file, fb) : kNone;
    EmitObservations(condition, ps.file, fb, src);
    fb.Emit({Op::kFire, kNone, rule, msg, kNone, src});
    if (on_error != kNone) {
      to_next.push_back(fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src}));
      fb.Patch(on_error, fb.Here());
      fb.Emit({Op::kFail, kNone, rule, cond, kNone, src});
    }
    for (uint32_t j : to_next) fb.Patch(j, fb.Here());
  }

  uint32_t InputReg(FunctionBuilder& fb, const std::string& name, const std::string& type, uint32_t src) {
    uint32_t dst = fb.NewReg(type);
    fb.Emit({Op::kInput, dst, InputVar(name), kNone, kNone, src});
    return dst;
  }

  uint32_t FieldReg(FunctionBuilder& fb, uint32_t operand, const std::string& field,
                    const std::string& type, uint32_t src) {
    uint32_t dst = fb.NewReg(type);
    fb.Emit({Op::kSelect, dst, operand, String(field), kNone, src});
    return dst;
  }

  uint32_t EqualsString(FunctionBuilder& fb, uint32_t reg, const std::string& s, uint32_t src) {
    uint32_t k = Const(fb, StringConst(s), "string", src);
    return CallOverload(fb, "equals", {reg, k}, "bool", src);
  }

  // A conjunction/disjunction of conditions produced one after another by `parts`.
  uint32_t Combine(FunctionBuilder& fb, bool is_and, const std::vector<std::function<uint32_t()>>& parts,
                   uint32_t src) {
    uint32_t acc = parts[0]();
    for (size_t i = 1; i < parts.size(); ++i) {
      acc = ShortCircuit(fb, is_and, acc, parts[i], src);
    }
    return acc;
  }

  // The condition of a network rule: direction, any peer, any port, and its own `if`.
  uint32_t NetworkCondition(PolicyState& ps, FunctionBuilder& fb, const ast::NetworkRuleItem& r,
                            uint32_t src) {
    std::vector<std::function<uint32_t()>> parts;
    std::string direction = ast::DirectionName(r.direction);
    parts.push_back([&, direction] {
      return EqualsString(fb, InputReg(fb, "direction", "string", src), direction, src);
    });
    if (!r.peers.empty()) {
      parts.push_back([&] {
        std::vector<std::function<uint32_t()>> peers;
        for (const ast::Peer& peer : r.peers) peers.push_back([&, &peer = peer] { return PeerCondition(ps, fb, peer, src); });
        return Combine(fb, false, peers, src);
      });
    }
    if (!r.ports.empty()) {
      parts.push_back([&] {
        std::vector<std::function<uint32_t()>> ports;
        for (const ast::PortSpec& port : r.ports) {
          ports.push_back([&, &port = port] {
            std::vector<std::function<uint32_t()>> conds;
            conds.push_back([&] {
              uint32_t p = InputReg(fb, "port", "int", src);
              uint32_t lo = Const(fb, IntConst(port.low), "int", src);
              return CallOverload(fb, "greater_equals_int64", {p, lo}, "bool", src);
            });
            conds.push_back([&] {
              uint32_t p = InputReg(fb, "port", "int", src);
              uint32_t hi = Const(fb, IntConst(port.high), "int", src);
              return CallOverload(fb, "less_equals_int64", {p, hi}, "bool", src);
            });
            if (port.protocol && port.protocol->text != "any") {
              std::string proto = port.protocol->text;
              conds.push_back([&, proto] {
                return EqualsString(fb, InputReg(fb, "protocol", "string", src), proto, src);
              });
            }
            return Combine(fb, true, conds, src);
          });
        }
        return Combine(fb, false, ports, src);
      });
    }
    if (r.condition) parts.push_back([&] { return Condition(*r.condition, ps.file, fb); });
    return Combine(fb, true, parts, src);
  }

  uint32_t PeerArgString(PolicyState& ps, FunctionBuilder& fb, const ast::PeerArg& a) {
    return LowerExpr(*a.value, ps.file, fb);
  }

  // True when the input variable `name` is present and, with a `field`, has that field; false
  // when either is absent, never an error (a peer form does not match a flow that lacks what
  // it tests: docs/language.md#network-rules).
  uint32_t InputHas(FunctionBuilder& fb, const std::string& name, const std::string& type,
                    const std::string& field, uint32_t src) {
    uint32_t dst = fb.NewReg("bool");
    uint32_t v = InputReg(fb, name, type, src);
    uint32_t absent = fb.Emit({Op::kJumpIfError, kNone, v, kNone, kNone, src});
    if (field.empty()) {
      fb.Emit({Op::kConst, dst, BoolConst(true), kNone, kNone, src});
    } else {
      fb.Emit({Op::kHas, dst, v, String(field), kNone, src});
    }
    uint32_t done = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src});
    fb.Patch(absent, fb.Here());
    fb.Emit({Op::kConst, dst, BoolConst(false), kNone, kNone, src});
    fb.Patch(done, fb.Here());
    return dst;
  }

  // `has(peer.FIELD) && peer.FIELD == arg`, false when the flow has no peer.
  uint32_t PeerFieldEquals(PolicyState& ps, FunctionBuilder& fb, const std::string& field,
                           const ast::PeerArg& arg, uint32_t src) {
    uint32_t present = InputHas(fb, "peer", "Workload", field, src);
    return ShortCircuit(fb, true, present, [&] {
      uint32_t v = FieldReg(fb, InputReg(fb, "peer", "Workload", src), field, "string", src);
      return CallOverload(fb, "equals", {v, PeerArgString(ps, fb, arg)}, "bool", src);
    }, src);
  }

  // Each peer form tests the flow fields it names, guarded by their presence: a flow without
  // them (no `peer`, a peer without labels, no `peer_ip`, no `peer_dns_names`) does not match.
  uint32_t PeerCondition(PolicyState& ps, FunctionBuilder& fb, const ast::Peer& peer, uint32_t src) {
    const std::string& kind = peer.kind.text;
    if (kind == "any") return Const(fb, BoolConst(true), "bool", src);
    std::vector<std::function<uint32_t()>> conds;
    if (kind == "labels") {
      if (!peer.args.empty()) {
        conds.push_back([&] { return InputHas(fb, "peer", "Workload", "labels", src); });
      }
      for (const ast::PeerArg& a : peer.args) {
        std::string key = a.key ? a.key->text : "";
        // `key in peer.labels && peer.labels[key] == value`: an absent label is no match.
        conds.push_back([&, key] {
          uint32_t labels = FieldReg(fb, InputReg(fb, "peer", "Workload", src), "labels", "map(string, string)", src);
          uint32_t k = Const(fb, StringConst(key), "string", src);
          uint32_t present = CallOverload(fb, "in_map", {k, labels}, "bool", src);
          return ShortCircuit(fb, true, present, [&, labels, k] {
            uint32_t v = CallOverload(fb, "index_map", {labels, k}, "string", src);
            uint32_t want = PeerArgString(ps, fb, a);
            return CallOverload(fb, "equals", {v, want}, "bool", src);
          }, src);
        });
      }
    } else if (kind == "service" || kind == "namespace") {
      std::string field = kind == "service" ? "service" : "namespace";
      conds.push_back([&, field] { return PeerFieldEquals(ps, fb, field, peer.args[0], src); });
      for (size_t i = 1; i < peer.args.size(); ++i) {
        conds.push_back([&, i] { return PeerFieldEquals(ps, fb, "namespace", peer.args[i], src); });
      }
    } else if (kind == "cidr" || kind == "dns") {
      const bool cidr = kind == "cidr";
      const std::string input = cidr ? "peer_ip" : "peer_dns_names";
      const std::string type = cidr ? "string" : "list(string)";
      conds.push_back([&, input, type] { return InputHas(fb, input, type, "", src); });
      conds.push_back([&, cidr, input, type] {
        uint32_t v = InputReg(fb, input, type, src);
        return CallOverload(fb, cidr ? "string_in_cidr" : "list_matches_dns",
                            {v, PeerArgString(ps, fb, peer.args[0])}, "bool", src);
      });
    }
    if (conds.empty()) return Const(fb, BoolConst(false), "bool", src);
    return Combine(fb, true, conds, src);
  }

  void LowerBody(PolicyState& ps, FunctionBuilder& fb, const ast::BodyItem& item) {
    uint32_t src = Source(item.range);
    if (auto* x = std::get_if<ast::LetItem>(&item.node)) {
      fb.PushLocal(x->name.text, LowerExpr(*x->value, ps.file, fb));
    } else if (auto* x = std::get_if<ast::EachItem>(&item.node)) {
      uint32_t range = LowerExpr(*x->range_expr, ps.file, fb);
      uint32_t on_error = fb.Emit({Op::kJumpIfError, kNone, range, kNone, kNone, src});
      uint32_t it = fb.NewReg("iterator");
      fb.Emit({Op::kIterInit, it, range, kNone, kNone, src});
      uint32_t on_iter_error = fb.Emit({Op::kJumpIfError, kNone, it, kNone, kNone, src});
      const check::Type* rt = checked_.TypeOf(ps.file, x->range_expr->id);
      std::string var_type = rt && rt->is(check::Type::Kind::kList) ? rt->elem().ToString()
                             : rt && rt->is(check::Type::Kind::kMap) ? rt->key().ToString()
                                                                      : "dyn";
      uint32_t var = fb.NewReg(var_type);
      size_t locals = fb.local_count();
      fb.PushLocal(x->var.text, var);
      uint32_t first_rule = static_cast<uint32_t>(ps.policy->rules.size());
      uint32_t loop = fb.Here();
      uint32_t next = fb.Emit({Op::kIterNext, var, it, kNone, kNone, src});
      for (const ast::BodyItem& b : x->body) LowerBody(ps, fb, b);
      fb.Emit({Op::kJump, kNone, loop, kNone, kNone, src});
      fb.PopLocals(locals);
      uint32_t end_jump_target = kNone;
      uint32_t skip = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src});
      fb.Patch(next, skip);  // exhausted: fall to the skip over the error handlers
      // An error in the range fails the first rule of the body (the rules it would have run).
      uint32_t rule = first_rule < ps.policy->rules.size() ? first_rule : kNone;
      fb.Patch(on_error, fb.Here());
      fb.Emit({Op::kFail, kNone, rule, range, kNone, src});
      uint32_t after1 = fb.Emit({Op::kJump, kNone, kNone, kNone, kNone, src});
      fb.Patch(on_iter_error, fb.Here());
      fb.Emit({Op::kFail, kNone, rule, it, kNone, src});
      end_jump_target = fb.Here();
      fb.Patch(skip, end_jump_target);
      fb.Patch(after1, end_jump_target);
    } else if (auto* x = std::get_if<ast::RuleItem>(&item.node)) {
      uint32_t rule = RuleIndex(ps, x->name, x->action, "", item.range);
      uint32_t cond = x->condition ? Condition(*x->condition, ps.file, fb) : kNone;
      EmitRule(ps, fb, rule, cond, x->message.get(), src, x->condition.get());
    } else if (auto* x = std::get_if<ast::NetworkRuleItem>(&item.node)) {
      uint32_t rule = RuleIndex(ps, x->name, x->action, ast::DirectionName(x->direction), item.range);
      uint32_t cond = NetworkCondition(ps, fb, *x, src);
      EmitRule(ps, fb, rule, cond, x->message.get(), src);
    }
  }

  void LowerPolicy(const check::PolicyInfo& info) {
    const ast::PolicyDecl& decl = *info.decl;
    ir::Policy policy;
    policy.package = info.package;
    policy.name = info.name;
    policy.kind = check::PolicyKindName(info.kind);
    policy.mode = info.mode;
    policy.severity = info.severity;
    policy.on_error = info.on_error;
    policy.event_kinds = info.event_kinds;
    policy.source = Source(decl.name.range);
    p_.policies.push_back(policy);
    size_t policy_index = p_.policies.size() - 1;
    PolicyState ps{&p_.policies[policy_index], info.file};
    FunctionBuilder fb("policy " + (info.package.empty() ? "" : info.package + ".") + info.name);
    std::vector<uint32_t> to_return;
    std::vector<std::pair<uint32_t, uint32_t>> scope_errors;
    // The scope (match/when/select) applies to the whole policy wherever it is written.
    for (const ast::Clause& c : decl.clauses) {
      if (auto* s = std::get_if<ast::ScopeClause>(&c.node)) {
        uint32_t src = Source(c.range);
        uint32_t r = Condition(*s->expr, info.file, fb);
        scope_errors.push_back({fb.Emit({Op::kJumpIfError, kNone, r, kNone, kNone, src}), r});
        to_return.push_back(fb.Emit({Op::kJumpIfFalse, kNone, r, kNone, kNone, src}));
      }
    }
    fb.Emit({Op::kInScope, kNone, kNone, kNone, kNone, policy.source});
    for (const ast::Clause& c : decl.clauses) {
      if (std::holds_alternative<ast::ScopeClause>(c.node)) {
        continue;
      } else if (auto* d = std::get_if<ast::DefaultClause>(&c.node)) {
        std::string dir = d->direction == ast::Direction::kAny ? "" : ast::DirectionName(d->direction);
        ps.policy->defaults.push_back({dir, ast::ActionName(d->action)});
      } else if (auto* b = std::get_if<ast::BodyItem>(&c.node)) {
        // Vector growth may move policies: keep the pointer fresh (lowering a helper or a
        // constant never adds policies, but be safe).
        ps.policy = &p_.policies[policy_index];
        LowerBody(ps, fb, *b);
      }
    }
    uint32_t ret = fb.Here();
    fb.Emit({Op::kReturn, kNone, kNone, kNone, kNone, kNone});
    for (uint32_t j : to_return) fb.Patch(j, ret);
    for (const auto& [jump, reg] : scope_errors) {
      fb.Patch(jump, fb.Here());
      fb.Emit({Op::kFail, kNone, kNone, reg, kNone, kNone});
      fb.Emit({Op::kReturn, kNone, kNone, kNone, kNone, kNone});
    }
    uint32_t function = AddFunction(std::move(fb));
    p_.policies[policy_index].function = function;
    FindPolicyGuards(info, p_.policies[policy_index]);
  }

  // ---------------------------------------------------------------- guards

  GuardNaming Naming() {
    GuardNaming n;
    n.input = [this](const std::string& s) { return InputVar(s); };
    n.string = [this](const std::string& s) { return String(s); };
    n.string_const = [this](const std::string& s) { return StringConst(s); };
    n.int_const = [this](int64_t v) { return IntConst(v); };
    n.const_global = [this](const std::string& q) { return GlobalFor(q); };
    n.literal_global = [this](const ast::Expr& e, source::FileId file) { return LiteralGlobal(e, file); };
    n.helper = [this](const std::string& q) -> HelperDefinition {
      auto decl = helpers_.find(q);
      if (decl == helpers_.end()) return {};
      return {decl->second.first, decl->second.second};
    };
    n.const_list_size = [this](const std::string& q) -> size_t {
      auto decl = consts_.find(q);
      if (decl == consts_.end()) return 0;
      auto* l = decl->second.second->value->as<ast::ListLiteral>();
      return l != nullptr ? l->elements.size() : 0;
    };
    return n;
  }

  // The policy's guards (ir::Policy::scope_guard, rule_guards) and, for rule guards, the
  // function computing its scope alone (shared by policies whose scopes are the same code).
  void FindPolicyGuards(const check::PolicyInfo& info, ir::Policy& policy) {
    GuardNaming naming = Naming();
    LetDefinitions lets;  // the policy's lets so far: what rule conditions may read through
    std::vector<const ast::Expr*> scopes;
    bool rules_guardable = true;
    std::vector<ir::Guard> rule_guards;
    uint32_t rule_count = 0;  // rules in lowering order (body items are lowered in order)
    for (const ast::Clause& c : info.decl->clauses) {
      if (auto* s = std::get_if<ast::ScopeClause>(&c.node)) {
        scopes.push_back(s->expr.get());
      } else if (std::holds_alternative<ast::DefaultClause>(c.node)) {
        rules_guardable = false;  // a default fires when no rule does
      } else if (auto* b = std::get_if<ast::BodyItem>(&c.node)) {
        if (auto* let = std::get_if<ast::LetItem>(&b->node)) {
          lets[let->name.text] = let->value.get();
          continue;
        }
        auto* r = std::get_if<ast::RuleItem>(&b->node);
        std::vector<ir::Guard> found;
        if (r != nullptr && r->condition) found = FindGuards(*r->condition, info.file, checked_, naming, &lets);
        if (found.empty()) rules_guardable = false;
        for (ir::Guard& g : found) {
          g.rule = rule_count;
          rule_guards.push_back(std::move(g));
        }
        ++rule_count;
      }
    }
    if (!scopes.empty()) policy.scope_guards = FindGuards(*scopes.front(), info.file, checked_, naming);
    if (!rules_guardable || rule_guards.empty()) return;
    policy.rule_guards = std::move(rule_guards);
    if (!scopes.empty()) policy.scope_function = ScopeFunction(policy, scopes, info.file);
  }

  // `scope NAME`: the scope clauses in order, returning the first that is false or an error,
  // else true — the policy function's own order, so an error here is an error there.
  uint32_t ScopeFunction(const ir::Policy& policy, const std::vector<const ast::Expr*>& scopes,
                         source::FileId file) {
    FunctionBuilder fb("scope " + (policy.package.empty() ? "" : policy.package + ".") + policy.name);
    for (const ast::Expr* s : scopes) {
      uint32_t r = Condition(*s, file, fb);
      uint32_t src = Source(s->range);
      uint32_t on_error = fb.Emit({Op::kJumpIfError, kNone, r, kNone, kNone, src});
      uint32_t on_true = fb.Emit({Op::kJumpIfTrue, kNone, r, kNone, kNone, src});
      fb.Patch(on_error, fb.Here());
      fb.Emit({Op::kReturn, kNone, r, kNone, kNone, src});
      fb.Patch(on_true, fb.Here());
    }
    uint32_t t = Const(fb, BoolConst(true), "bool", kNone);
    fb.Emit({Op::kReturn, kNone, t, kNone, kNone, kNone});
    // The same code (operands, constants, globals and types; not names or source
    // positions) computes the same value: share one function.
    const ir::Function& f = fb.function();
    std::string key;
    for (const Instr& in : f.code) {
      key += std::to_string(static_cast<int>(in.op)) + "," + std::to_string(in.dst) + "," +
             std::to_string(in.a) + "," + std::to_string(in.b) + "," + std::to_string(in.c) + ";";
    }
    key += "|";
    for (uint32_t o : f.operands) key += std::to_string(o) + ",";
    key += "|";
    for (const std::string& t : f.register_types) key += t + ",";
    auto it = scope_functions_.find(key);
    if (it != scope_functions_.end()) return it->second;
    uint32_t index = AddFunction(std::move(fb));
    scope_functions_[key] = index;
    return index;
  }

  const std::vector<const ast::File*>& files_;
  const check::CheckedProgram& checked_;
  const source::SourceManager& sources_;
  ir::Program p_;
  std::map<std::string, std::pair<source::FileId, const ast::ConstDecl*>> consts_;
  std::map<std::string, std::pair<source::FileId, const ast::DefDecl*>> helpers_;
  std::map<std::string, uint32_t> global_index_, helper_index_, string_index_, input_index_,
      overload_index_, constant_index_;
  std::map<std::tuple<source::FileId, uint32_t, uint32_t>, uint32_t> source_index_;
  std::map<std::string, uint32_t> scope_functions_;  // scope code → its function
};

}  // namespace

std::unique_ptr<ir::Program> LowerExpression(const ast::Expr& expr, source::FileId file,
                                             const check::CheckedProgram& checked,
                                             const source::SourceManager& sources) {
  static const std::vector<const ast::File*> kNoFiles;
  return Lowerer(kNoFiles, checked, sources).RunExpression(expr, file);
}

std::unique_ptr<ir::Program> Lower(const std::vector<const ast::File*>& files,
                                   const check::CheckedProgram& checked,
                                   const source::SourceManager& sources) {
  return Lowerer(files, checked, sources).Run();
}

}  // namespace rampart::lower
