// kConcat (ops::Concat) stands for a left-nested chain of add_string calls, `((p0 + p1) + p2)
// + ...` (compiler/lower/lowering.cc flattens such chains): for every mix of strings,
// non-strings and errors it must give exactly what the chain of ops::Call gives — the same
// text, or the same error.

#include <gtest/gtest.h>

#include <vector>

#include "runtime/exec/ops.h"
#include "tests/support/ops_harness.h"
#include "runtime/value/value_ops.h"

namespace rampart::runtime {
namespace {

TEST(Concat, AgreesWithTheChainOfAddStringCalls) {
  testing::OpsHarness h;
  h.program.overloads = {"add_string"};
  std::string error;
  ASSERT_TRUE(h.Resolve(&error)) << error;
  ops::Evaluation& e = h.e;

  const std::vector<Value> kinds = {Value::String("a"), Value::String(""), Value::String("\xc3\xa9"), Value::Int(1),
                                    Value::Null(), Value::Error("first"), Value::Error("second")};
  int compared = 0, errors = 0;
  for (uint32_t count = 2; count <= 4; ++count) {
    std::vector<size_t> pick(count, 0);
    while (true) {
      std::vector<const Value*> parts;
      for (size_t k : pick) parts.push_back(&kinds[k]);
      Value chain = *parts[0];
      for (uint32_t i = 1; i < count; ++i) {
        const Value* args[] = {&chain, parts[i]};
        Value next;
        ops::Call(e, &next, 0, args, 2);
        chain = next;
      }
      Value flat;
      ops::Concat(&flat, parts.data(), count);
      ASSERT_EQ(flat.kind(), chain.kind());
      EXPECT_EQ(flat.DebugString(), chain.DebugString());
      if (chain.is(ValueKind::kError)) {
        EXPECT_EQ(flat.text(), chain.text());
        ++errors;
      }
      ++compared;
      size_t d = 0;
      while (d < count && ++pick[d] == kinds.size()) pick[d++] = 0;
      if (d == count) break;
    }
  }
  EXPECT_EQ(compared, 7 * 7 + 7 * 7 * 7 + 7 * 7 * 7 * 7);
  EXPECT_GT(errors, compared / 2);
}

}  // namespace
}  // namespace rampart::runtime
