// `rampart expr`: one CEL expression evaluated by the reference interpreter, printed as a
// cel.expr.Value in proto3 JSON ({"int64Value":"3"}) or {"error": "..."}.

#include <cstdio>

#include "cli/commands.h"
#include "compiler/check/checker.h"
#include "compiler/lower/lowering.h"
#include "compiler/parse/parser.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/interp/interpreter.h"
#include "runtime/value/cel_json.h"
#include "runtime/value/json.h"

namespace rampart::cli {

int RunExpr(const std::string& expression, const std::string& bindings_json) {
  using runtime::Value;
  std::vector<check::FieldDecl> vars;
  runtime::ValueMap inputs;
  if (!bindings_json.empty()) {
    Value doc;
    runtime::JsonError err;
    if (!runtime::ParseJson(bindings_json, &doc, &err) || !doc.is(runtime::ValueKind::kMap)) {
      std::fprintf(stderr, "rampart: --bindings must be a JSON object of cel.expr.Value: %s\n",
                   err.message.c_str());
      return kExitUsage;
    }
    for (const auto& [name, value] : doc.map()) {
      vars.push_back({name.text(), check::Type::Dyn(), ""});
      inputs.emplace_back(name, runtime::FromCelValueJson(value));
    }
  }
  source::SourceManager sources;
  source::DiagnosticBag diags;
  source::FileId file = sources.AddFile("<expr>", expression);
  ast::ExprPtr e = parse::ParseExpression(*sources.file(file), diags);
  check::CheckedProgram checked;
  if (e != nullptr && !diags.has_errors()) {
    check::CheckExpression(*e, file, vars, check::Schema::Builtin(), diags, &checked);
  }
  if (e == nullptr || diags.has_errors()) {
    std::fputs(source::RenderTextAll(diags.Sorted(), sources).c_str(), stderr);
    return 1;
  }
  auto program = lower::LowerExpression(*e, file, checked, sources);
  std::string error;
  auto interp = runtime::Interpreter::Create(*program, &error);
  if (interp == nullptr) {
    std::fprintf(stderr, "rampart: %s\n", error.c_str());
    return kExitUsage;
  }
  Value result = interp->Call(0, Value::Map(std::move(inputs)));
  std::printf("%s\n", runtime::ToCelValueJson(result).c_str());
  return 0;
}

}  // namespace rampart::cli
