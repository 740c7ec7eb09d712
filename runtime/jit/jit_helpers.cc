#include "runtime/jit/jit_helpers.h"

#include <new>

#include "runtime/exec/ops.h"
#include "runtime/value/value_ops.h"

namespace {

using rampart::runtime::FindStringKey;
using rampart::runtime::Value;
using rampart::runtime::ValueKind;
using rampart::runtime::ops::Evaluation;
using rampart::runtime::ops::Iterator;
namespace ops = rampart::runtime::ops;

}  // namespace

extern "C" {

// Registers. Each register r has an owned slot (a Value in the generated function's stack
// frame) and a pointer slot saying where its value is: its owned slot, or storage that
// cannot change while the function runs — the inputs, the engine's constants and globals,
// elements of those, and the caller's argument registers. Reading a field of the input or
// a constant then costs a pointer store instead of a reference-counted copy. A value is
// borrowed only from such stable storage, never from an owned slot (which later
// instructions overwrite), so `src != owned_src` below means "stable".
void rampart_jit_regs_init(Value* regs, const Value** slots, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    new (&regs[i]) Value();
    slots[i] = &regs[i];
  }
}
void rampart_jit_regs_destroy(Value* regs, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    if (!regs[i].is(rampart::runtime::ValueKind::kNull)) regs[i].~Value();
  }
}
void rampart_jit_iters_init(Iterator* its, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) new (&its[i]) Iterator();
}
void rampart_jit_iters_destroy(Iterator* its, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) its[i].~Iterator();
}
void rampart_jit_constant(Evaluation* e, const Value** slot, uint32_t k) { *slot = &e->tables->constants[k]; }
void rampart_jit_global(Evaluation* e, const Value** slot, uint32_t g) { *slot = &e->tables->globals[g]; }
void rampart_jit_input(Evaluation* e, Value* owned, const Value** slot, uint32_t i) {
  if (const Value* v = e->FindInput(i)) {
    *slot = v;
  } else {
    ops::Input(*e, owned, i);
    *slot = owned;
  }
}
void rampart_jit_move(Value* owned, const Value** slot, const Value* src, const Value* owned_src) {
  if (src != owned_src) {
    *slot = src;  // stable storage: share the pointer
    return;
  }
  if (owned != src) *owned = *src;
  *slot = owned;
}
void rampart_jit_set_null(Value* dst) { *dst = Value::Null(); }
// The value a function returns, written into the caller's register, which one of its
// arguments may be: copied out first.
void rampart_jit_return(Value* result, const Value* src) {
  Value copy = *src;
  *result = std::move(copy);
}
void rampart_jit_make_list(Value* dst, const Value* const* elements, uint32_t n) { ops::MakeList(dst, elements, n); }
void rampart_jit_make_map(Value* dst, const Value* const* kv, uint32_t n) { ops::MakeMap(dst, kv, n); }
// `r.field` (kSelect; `has()` is rampart_jit_has).
void rampart_jit_select(Evaluation* e, Value* owned, const Value** slot, const Value* operand,
                        const Value* owned_operand, uint32_t field) {
  if (operand != owned_operand && operand->is(ValueKind::kMap)) {
    if (const Value* v = FindStringKey(operand->map(), e->program->strings[field])) {
      *slot = v;  // a member of stable storage is stable
      return;
    }
  }
  if (owned == operand) {
    Value out;  // r = r.field: the result is inside the value it replaces
    ops::Select(*e, &out, *operand, field, false);
    *owned = std::move(out);
  } else {
    ops::Select(*e, owned, *operand, field, false);
  }
  *slot = owned;
}
// Operations answering where their result is (ops::CallRef): the generated code stores the
// pointer in the register's slot. A bool result is ops::kTrueValue or kFalseValue, which
// branches recognise by address.
const Value* rampart_jit_call(Evaluation* e, Value* owned, uint32_t overload, const Value* const* args, uint32_t n,
                              uint32_t first_stable) {
  return ops::CallRef(*e, owned, overload, args, n, first_stable != 0);
}
void rampart_jit_concat(Value* dst, const Value* const* parts, uint32_t n) { ops::Concat(dst, parts, n); }
void rampart_jit_dispatch(Evaluation* e, Value* dst, uint32_t set, const Value* const* args, uint32_t n) {
  ops::Dispatch(*e, dst, set, args, n);
}
// Helper calls nest at most ops::kMaxDepth deep; past that the result is an error.
uint32_t rampart_jit_enter(Evaluation* e, Value* dst) {
  if (e->depth >= ops::kMaxDepth) {
    *dst = Value::Error("helpers nest too deeply");
    return 0;
  }
  ++e->depth;
  return 1;
}
void rampart_jit_leave(Evaluation* e) { --e->depth; }
const Value* rampart_jit_not(Value* owned, const Value* v) { return ops::NotRef(owned, *v); }
const Value* rampart_jit_and_or(Value* owned, const Value* x, const Value* y, uint32_t is_or) {
  return ops::AndOrRef(owned, *x, *y, is_or != 0);
}
const Value* rampart_jit_has(Evaluation* e, Value* owned, const Value* operand, uint32_t field) {
  return ops::HasRef(*e, owned, *operand, field);
}
void rampart_jit_assert_bool(Value* dst, const Value* v) { ops::AssertBool(dst, *v); }
uint32_t rampart_jit_is_true(const Value* v) { return ops::IsTrue(*v); }
uint32_t rampart_jit_is_false(const Value* v) { return ops::IsFalse(*v); }
uint32_t rampart_jit_is_error(const Value* v) { return ops::IsError(*v); }
void rampart_jit_iter_init(Iterator* it, Value* dst, const Value* container, const Value* owned_container) {
  ops::IterInit(it, dst, *container);
  it->stable = container != owned_container;
}
// Elements of a stable container are borrowed; of a container the function built, copied
// (the iterator's reference goes when the iterator is reused).
uint32_t rampart_jit_iter_next(Iterator* it, Value* owned, const Value** slot, Value* owned_value,
                               const Value** value_slot) {
  if (!it->stable) {
    if (!ops::IterNext(it, owned, owned_value)) return 0;
    *slot = owned;
    if (value_slot != nullptr) *value_slot = owned_value;
    return 1;
  }
  const size_t n = it->is_map ? it->container.map().size() : it->container.list().size();
  if (it->next >= n) return 0;
  const size_t i = it->next++;
  if (value_slot == nullptr) {
    *slot = it->is_map ? &it->container.map()[i].first : &it->container.list()[i];
  } else if (it->is_map) {
    *slot = &it->container.map()[i].first;
    *value_slot = &it->container.map()[i].second;
  } else {
    *owned = Value::Int(static_cast<int64_t>(i));
    *slot = owned;
    *value_slot = &it->container.list()[i];
  }
  return 1;
}
// r = r + [x] (an entry added to a map): r may be borrowed, then its value is copied first.
void rampart_jit_append(Value* owned, const Value* current, const Value* v) {
  if (current != owned) *owned = *current;
  owned->Append(*v);
}
void rampart_jit_map_insert(Value* owned, const Value* current, const Value* k, const Value* v) {
  if (current != owned) *owned = *current;
  owned->Insert(*k, *v);
}
void rampart_jit_in_scope(Evaluation* e) { e->out->in_scope = true; }
void rampart_jit_observe(Evaluation* e, const Value* v, uint32_t text) { ops::Observe(*e, *v, text); }
void rampart_jit_fire(Evaluation* e, uint32_t rule, const Value* message, uint32_t source) {
  ops::Fire(*e, rule, message, source);
}
void rampart_jit_fail(Evaluation* e, uint32_t rule, const Value* error, uint32_t source) {
  ops::Fail(*e, rule, *error, source);
}

}  // extern "C"

namespace rampart::runtime::jit {

const std::vector<std::pair<std::string, void*>>& HelperSymbols() {
#define RAMPART_HELPER(name) {#name, reinterpret_cast<void*>(&name)}
  static const std::vector<std::pair<std::string, void*>> kSymbols = {
      RAMPART_HELPER(rampart_jit_regs_init),   RAMPART_HELPER(rampart_jit_regs_destroy),
      RAMPART_HELPER(rampart_jit_iters_init),  RAMPART_HELPER(rampart_jit_iters_destroy),
      RAMPART_HELPER(rampart_jit_constant),    RAMPART_HELPER(rampart_jit_global),
      RAMPART_HELPER(rampart_jit_input),       RAMPART_HELPER(rampart_jit_move),
      RAMPART_HELPER(rampart_jit_set_null),    RAMPART_HELPER(rampart_jit_make_list),
      RAMPART_HELPER(rampart_jit_make_map),    RAMPART_HELPER(rampart_jit_select),
      RAMPART_HELPER(rampart_jit_call),        RAMPART_HELPER(rampart_jit_dispatch),
      RAMPART_HELPER(rampart_jit_enter),       RAMPART_HELPER(rampart_jit_leave),
      RAMPART_HELPER(rampart_jit_not),         RAMPART_HELPER(rampart_jit_and_or),
      RAMPART_HELPER(rampart_jit_assert_bool), RAMPART_HELPER(rampart_jit_is_true),
      RAMPART_HELPER(rampart_jit_is_false),    RAMPART_HELPER(rampart_jit_is_error),
      RAMPART_HELPER(rampart_jit_iter_init),   RAMPART_HELPER(rampart_jit_iter_next),
      RAMPART_HELPER(rampart_jit_append),      RAMPART_HELPER(rampart_jit_map_insert),
      RAMPART_HELPER(rampart_jit_in_scope),    RAMPART_HELPER(rampart_jit_observe),
      RAMPART_HELPER(rampart_jit_fire),        RAMPART_HELPER(rampart_jit_fail),
      RAMPART_HELPER(rampart_jit_return),      RAMPART_HELPER(rampart_jit_concat),
      RAMPART_HELPER(rampart_jit_has),
  };
#undef RAMPART_HELPER
  return kSymbols;
}

}  // namespace rampart::runtime::jit
