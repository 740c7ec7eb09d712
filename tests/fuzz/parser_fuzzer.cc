// libFuzzer target for the front end. Beyond "no crash": the hand-written scanner agrees
// with the ANTLR lexer; for any input that parses, the
// printed AST must parse back to an equivalent AST, fmt must be idempotent, and the checker
// must run without crashing. A violated property aborts, so libFuzzer keeps the input.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/ast/printer.h"
#include "compiler/check/checker.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/parse/lexer_check.h"
#include "compiler/parse/parser.h"

namespace {

void Fail(const char* what, const std::string& text) {
  std::fprintf(stderr, "property violated: %s\n--- output ---\n%s\n", what, text.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rampart;
  std::string text(reinterpret_cast<const char*>(data), size);
  source::SourceManager sources;
  source::DiagnosticBag diags;
  source::FileId id = sources.AddFile("fuzz.rp", text);
  std::unique_ptr<ast::File> file = parse::ParseFile(*sources.file(id), diags);
  // The hand-written scanner must agree with the ANTLR lexer on every valid UTF-8 input.
  bool utf8_error = false;
  for (const auto& d : diags.unsorted()) utf8_error |= d.code == "invalid-utf8" || d.code == "file-too-large";
  if (!utf8_error) {
    std::string difference = parse::CompareLexers(text);
    if (!difference.empty()) Fail("FastLexer differs from the ANTLR lexer", difference);
  }
  // The checker must survive partial trees from error recovery too.
  check::CheckOptions options;
  options.check_test_inputs_exist = false;
  check::CheckedProgram checked =
      check::Check({file.get()}, sources, check::Schema::Builtin(), diags, options);
  if (file->has_syntax_errors) return 0;
  // A program the checker accepts must lower to IR the verifier accepts.
  if (!diags.has_errors()) {
    std::unique_ptr<ir::Program> program = lower::Lower({file.get()}, checked, sources);
    std::vector<std::string> problems = ir::Verify(*program);
    if (!problems.empty()) Fail("lowering produced invalid IR", problems[0]);
  }

  ast::FormatOptions fo;
  fo.source_text = text;
  std::string once = ast::PrintFile(*file, fo);
  source::DiagnosticBag d2;
  source::FileId id2 = sources.AddFile("once.rp", once);
  std::unique_ptr<ast::File> again = parse::ParseFile(*sources.file(id2), d2);
  if (again->has_syntax_errors) Fail("formatted output does not parse", once);
  if (!ast::Equivalent(*file, *again)) Fail("formatted output parses to a different AST", once);
  ast::FormatOptions fo2;
  fo2.source_text = once;
  std::string twice = ast::PrintFile(*again, fo2);
  if (twice != once) Fail("fmt is not idempotent", twice);
  return 0;
}
