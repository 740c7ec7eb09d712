#include "cli/test_runner.h"

#include "cli/program_loader.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "compiler/driver/compilation.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/trivy.h"
#include "runtime/eval/decision.h"
#include "runtime/value/json.h"

namespace rampart::cli {
namespace {

namespace fs = std::filesystem;
using runtime::Value;
using runtime::ValueKind;

// A test input written as a literal: maps, lists and scalars.
Value LiteralValue(const ast::Expr& e) {
  if (auto* l = e.as<ast::Literal>()) {
    switch (l->kind) {
      case ast::Literal::Kind::kNull: return Value::Null();
      case ast::Literal::Kind::kBool: return Value::Bool(l->bool_value);
      case ast::Literal::Kind::kInt: return Value::Int(l->int_value);
      case ast::Literal::Kind::kUint: return Value::Uint(l->uint_value);
      case ast::Literal::Kind::kDouble: return Value::Double(l->double_value);
      case ast::Literal::Kind::kString: return Value::String(l->string_value);
      case ast::Literal::Kind::kBytes: return Value::Bytes(l->string_value);
    }
  }
  if (auto* n = e.as<ast::ListLiteral>()) {
    runtime::ValueList out;
    for (const ast::ExprPtr& x : n->elements) out.push_back(LiteralValue(*x));
    return Value::List(std::move(out));
  }
  if (auto* n = e.as<ast::MapLiteral>()) {
    runtime::ValueMap out;
    for (const ast::MapEntry& x : n->entries) out.emplace_back(LiteralValue(*x.key), LiteralValue(*x.value));
    return Value::Map(std::move(out));
  }
  if (auto* n = e.as<ast::Unary>(); n && n->op == ast::UnaryOp::kNegate) {
    Value v = LiteralValue(*n->operand);
    if (v.is(ValueKind::kInt)) return Value::Int(-v.int_value());
    if (v.is(ValueKind::kDouble)) return Value::Double(-v.double_value());
  }
  return Value::Error("a test input may contain only literals");
}

struct Outcome {
  std::string name;
  std::string where;
  bool passed = false;
  std::string detail;
};

class Runner {
 public:
  Runner(driver::Compilation& c, const ir::Program& program, const runtime::Engine& interp)
      : c_(c), program_(program), interp_(interp) {
    for (uint32_t i = 0; i < program.policies.size(); ++i) {
      by_package_[program.policies[i].package].push_back(i);
    }
  }

  std::vector<Outcome> Run() {
    // A package sees the packages any of its files imports.
    std::map<std::string, std::set<std::string>> imports;
    for (const auto& file : c_.files) {
      std::string pkg = file->package ? file->package->name.ToString() : "";
      for (const ast::ImportDecl& imp : file->imports) imports[pkg].insert(imp.name.ToString());
    }
    std::vector<Outcome> out;
    for (const auto& file : c_.files) {
      std::string pkg = file->package ? file->package->name.ToString() : "";
      std::vector<uint32_t> visible = by_package_[pkg];
      for (const std::string& imported : imports[pkg]) {
        for (uint32_t i : by_package_[imported]) visible.push_back(i);
      }
      for (const ast::Declaration& d : file->decls) {
        if (auto* t = std::get_if<ast::TestDecl>(&d.node)) out.push_back(RunOne(*file, pkg, visible, *t));
      }
    }
    return out;
  }

 private:
  // Inputs of a test: one or more sets of variables (a file may hold several objects).
  bool Inputs(const ast::File& file, const ast::TestInput& in, std::vector<Value>* out, std::string* error) {
    const std::string& kind = in.kind.text;
    const ast::Expr& v = *in.value;
    if (auto* call = v.as<ast::Call>(); call && call->function == "file") {
      const auto* lit = call->args[0]->as<ast::Literal>();
      fs::path base = fs::path(c_.sources.file(file.file_id)->path()).parent_path();
      std::string path = (base / lit->string_value).string();
      std::string text, read_error;
      if (!driver::ReadFile(path, &text, &read_error)) {
        *error = "cannot read " + path + ": " + read_error;
        return false;
      }
      runtime::DecodeError err;
      if (kind == "admission") {
        std::vector<runtime::AdmissionInput> inputs;
        if (!runtime::DecodeManifests(text, path, &inputs, &err)) {
          *error = err.message;
          return false;
        }
        for (auto& i : inputs) out->push_back(i.variables);
      } else {
        std::vector<runtime::EventInput> events;
        if (!runtime::DecodeEventLines(text, path, &events, &err)) {
          *error = err.message;
          return false;
        }
        for (auto& e : events) out->push_back(e.variables);
      }
      return true;
    }
    Value given = LiteralValue(v);
    out->push_back(kind == "admission" ? runtime::CompleteAdmissionVariables(given) : given);
    return true;
  }

  // Does the decision contain a hit of `ref` (policy, policy.rule, package.policy...) with
  // the action `verdict`?
  bool Decided(const runtime::Decision& d, const std::string& own_package, const std::string& ref,
               const std::string& verdict) {
    for (const runtime::DecisionHit& h : d.hits) {
      if (h.action != verdict) continue;
      const ir::Policy& p = program_.policies[h.policy];
      std::string qualified = (p.package.empty() ? "" : p.package + ".") + p.name;
      std::string rule = h.rule != ir::kNone ? p.rules[h.rule].name : "";
      std::vector<std::string> names = {qualified, qualified + "." + rule};
      if (p.package == own_package) {
        names.push_back(p.name);
        names.push_back(p.name + "." + rule);
      }
      for (const std::string& n : names) {
        if (n == ref) return true;
      }
    }
    return false;
  }

  Outcome RunOne(const ast::File& file, const std::string& pkg, const std::vector<uint32_t>& policies,
                 const ast::TestDecl& t) {
    Outcome o;
    o.name = t.name;
    o.where = source::FormatLocation(t.name_range, c_.sources);
    const ast::TestInput* input = nullptr;
    for (const ast::TestStmt& s : t.stmts) {
      if (auto* in = std::get_if<ast::TestInput>(&s.node); in && input == nullptr) input = in;
    }
    std::vector<Value> inputs;
    std::string error;
    if (input == nullptr || !Inputs(file, *input, &inputs, &error)) {
      o.detail = error.empty() ? "no input" : error;
      return o;
    }
    // External data of this test only (`data trivy file(...)`).
    runtime::VulnerabilityData vulns;
    runtime::BuiltinContext context;
    for (const ast::TestStmt& s : t.stmts) {
      auto* da = std::get_if<ast::TestData>(&s.node);
      if (da == nullptr) continue;
      const auto* lit = da->value->as<ast::Call>()->args[0]->as<ast::Literal>();
      fs::path base = fs::path(c_.sources.file(file.file_id)->path()).parent_path();
      std::string path = (base / lit->string_value).string();
      std::string text, read_error;
      runtime::DecodeError err;
      if (!driver::ReadFile(path, &text, &read_error) || !vulns.AddTrivyReport(text, path, &err)) {
        o.detail = read_error.empty() ? err.message : "cannot read " + path + ": " + read_error;
        return o;
      }
      context.find_image_vulns = [](const void* data, const std::string& image) {
        return static_cast<const runtime::VulnerabilityData*>(data)->Find(image);
      };
      context.vulnerability_data = &vulns;
    }
    // Several objects in one input file: the most severe decision stands for the file.
    runtime::Decision combined;
    combined.verdict = "allow";
    auto rank = [](const std::string& v) {
      return v == "deny" || v == "block" ? 3 : v == "warn" || v == "alert" ? 2 : v == "audit" ? 1 : 0;
    };
    for (const Value& vars : inputs) {
      runtime::Decision d = runtime::Decide(interp_, policies, input->kind.text, vars, &context);
      if (rank(d.verdict) > rank(combined.verdict)) combined.verdict = d.verdict;
      combined.hits.insert(combined.hits.end(), d.hits.begin(), d.hits.end());
      combined.errors.insert(combined.errors.end(), d.errors.begin(), d.errors.end());
    }
    std::vector<std::string> problems;
    for (const ast::TestStmt& s : t.stmts) {
      auto* ex = std::get_if<ast::TestExpect>(&s.node);
      if (ex == nullptr) continue;
      if (ex->verdict.text != combined.verdict) {
        problems.push_back("expected " + ex->verdict.text + ", got " + combined.verdict);
      }
      for (const ast::QualifiedName& q : ex->policies) {
        if (!Decided(combined, pkg, q.ToString(), ex->verdict.text)) {
          problems.push_back("expected " + q.ToString() + " to " + ex->verdict.text);
        }
      }
    }
    o.passed = problems.empty();
    for (const std::string& p : problems) o.detail += (o.detail.empty() ? "" : "; ") + p;
    if (!o.passed) {
      for (const runtime::DecisionHit& h : combined.hits) {
        const ir::Policy& p = program_.policies[h.policy];
        o.detail += "\n      " + h.action + " by " + p.package + "." + p.name +
                    (h.rule != ir::kNone ? "." + p.rules[h.rule].name : "") +
                    (h.message.empty() ? "" : ": " + h.message);
      }
      for (const std::string& e : combined.errors) o.detail += "\n      error: " + e;
    }
    return o;
  }

  driver::Compilation& c_;
  const ir::Program& program_;
  const runtime::Engine& interp_;
  std::map<std::string, std::vector<uint32_t>> by_package_;
};

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

int RunTests(const TestArgs& args) {
  LoadedProgram loaded;
  if (int status = LoadProgram(args.paths, {}, &loaded, args.engine); status != 0) return status;
  driver::Compilation* c = loaded.compilation.get();
  const ir::Program* program = loaded.program.get();
  const runtime::Engine* interp = loaded.engine.get();
  std::vector<Outcome> outcomes = Runner(*c, *program, *interp).Run();
  size_t passed = 0, failed = 0;
  for (const Outcome& o : outcomes) {
    if (o.passed) {
      ++passed;
      if (args.verbose) std::printf("PASS %s %s\n", o.where.c_str(), o.name.c_str());
    } else {
      ++failed;
      std::printf("FAIL %s %s: %s\n", o.where.c_str(), o.name.c_str(), o.detail.c_str());
    }
  }
  std::printf("%zu passed, %zu failed\n", passed, failed);
  if (!args.junit_path.empty()) {
    std::ofstream junit(args.junit_path);
    junit << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"rampart\" tests=\""
          << outcomes.size() << "\" failures=\"" << failed << "\">\n";
    for (const Outcome& o : outcomes) {
      junit << "  <testcase classname=\"" << XmlEscape(o.where) << "\" name=\"" << XmlEscape(o.name) << "\"";
      if (o.passed) {
        junit << "/>\n";
      } else {
        junit << ">\n    <failure message=\"" << XmlEscape(o.detail.substr(0, o.detail.find('\n')))
              << "\">" << XmlEscape(o.detail) << "</failure>\n  </testcase>\n";
      }
    }
    junit << "</testsuite>\n";
  }
  (void)loaded.compilation.release();
  return failed > 0 ? 1 : 0;
}

}  // namespace rampart::cli
