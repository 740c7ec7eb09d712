#include "runtime/jit/jit_helpers.h"

#include <new>

#include "runtime/exec/ops.h"

namespace {

using rampart::runtime::Value;
using rampart::runtime::ops::Evaluation;
using rampart::runtime::ops::Iterator;
namespace ops = rampart::runtime::ops;

}  // namespace

extern "C" {

// Register files and iterator slots live in the generated function's stack frame.
void rampart_jit_regs_init(Value* regs, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) new (&regs[i]) Value();
}
void rampart_jit_regs_destroy(Value* regs, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) regs[i].~Value();
}
void rampart_jit_iters_init(Iterator* its, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) new (&its[i]) Iterator();
}
void rampart_jit_iters_destroy(Iterator* its, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) its[i].~Iterator();
}
void rampart_jit_constant(Evaluation* e, Value* dst, uint32_t k) { *dst = e->tables->constants[k]; }
void rampart_jit_global(Evaluation* e, Value* dst, uint32_t g) { *dst = e->tables->globals[g]; }
void rampart_jit_input(Evaluation* e, Value* dst, uint32_t i) { ops::Input(*e, dst, i); }
void rampart_jit_move(Value* dst, const Value* src) { *dst = *src; }
void rampart_jit_set_null(Value* dst) { *dst = Value::Null(); }
void rampart_jit_make_list(Value* dst, const Value* const* elements, uint32_t n) { ops::MakeList(dst, elements, n); }
void rampart_jit_make_map(Value* dst, const Value* const* kv, uint32_t n) { ops::MakeMap(dst, kv, n); }
void rampart_jit_select(Evaluation* e, Value* dst, const Value* operand, uint32_t field, uint32_t presence) {
  ops::Select(*e, dst, *operand, field, presence != 0);
}
void rampart_jit_call(Evaluation* e, Value* dst, uint32_t overload, const Value* const* args, uint32_t n) {
  ops::Call(*e, dst, overload, args, n);
}
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
void rampart_jit_not(Value* dst, const Value* v) { ops::Not(dst, *v); }
void rampart_jit_and_or(Value* dst, const Value* x, const Value* y, uint32_t is_or) {
  ops::AndOr(dst, *x, *y, is_or != 0);
}
void rampart_jit_assert_bool(Value* dst, const Value* v) { ops::AssertBool(dst, *v); }
uint32_t rampart_jit_is_true(const Value* v) { return ops::IsTrue(*v); }
uint32_t rampart_jit_is_false(const Value* v) { return ops::IsFalse(*v); }
uint32_t rampart_jit_is_error(const Value* v) { return ops::IsError(*v); }
void rampart_jit_iter_init(Iterator* it, Value* dst, const Value* container) { ops::IterInit(it, dst, *container); }
uint32_t rampart_jit_iter_next(Iterator* it, Value* dst, Value* value) { return ops::IterNext(it, dst, value); }
void rampart_jit_append(Value* dst, const Value* v) { dst->Append(*v); }
void rampart_jit_map_insert(Value* dst, const Value* k, const Value* v) { dst->Insert(*k, *v); }
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
  };
#undef RAMPART_HELPER
  return kSymbols;
}

}  // namespace rampart::runtime::jit
