// Decisions per second of the reference interpreter (runtime/interp), each case side by side
// with a hand-written C++ check of exactly the same policy (the practical limit), in one
// Google Benchmark run. Figures and commands: docs/performance.md, "Interpreter (reference
// engine)"; bench/run_interp.sh runs it.
//
// Cases:
//   BM_PssRestricted/decoded/{compliant,violating}[+100custom]/ENGINE
//       the Pod Security Standards Restricted pack (policies/pss/restricted.rp and the
//       baseline.rp it imports) on a 3-container Pod, from an input decoded once outside
//       the loop (interp: the admission variables as runtime::Value; hand-written: its
//       typed view of the review); +100custom: with the 100 policies of
//       bench/admission_custom.h too;
//   BM_PssRestricted/json/{compliant,violating}[+100custom]/ENGINE
//       the same from the AdmissionReview v1 JSON text (about 4.6 KB), decoding included in
//       every iteration;
//   BM_ExecRules/{10,100,1000,10000}/ENGINE
//       a fixed mix of 16 exec events (13 allowed, 3 matching) against generated
//       Falco-style rule sets (bench/exec_rules.h); one iteration decides all 16;
//   BM_ExecAllowed/{10,100,1000,10000}/ENGINE
//       the 13 allowed events of that mix only (no rule matches them);
//   BM_Flows/{100,1000}/ENGINE
//       a fixed mix of 64 flows against generated label-selected network policies over
//       10,000 workloads (bench/flow_rules.h); one iteration decides all 64.
// Columns: interp and jit run every policy of the input's kind; interp+index and jit+index
// skip the policies the guard index rules out (runtime/eval/guard_index.h), as `rampart
// eval` does.
// Every benchmark counts decisions (items_per_second = decisions/s; `decisions` = decisions
// per iteration, so ns/decision = time / decisions).
//
// Engines are columns: a class per (engine, plane) with the interface of InterpPss /
// InterpExec below (EngineLines for event and flow lines), bundled in a column struct like
// InterpColumn and named in main()'s RegisterAll<...>(). Before timing, each benchmark decides its inputs
// once and compares the whole decision (verdict, every policy/rule/message, every error) with
// the interpreter's and with the expected verdict; any difference aborts the run, since a
// comparison of different work is worthless. Beyond the benchmark inputs:
//   interp_bench --verify_pss FILE...   AdmissionReviews or manifests, every engine vs the
//                                       interpreter (with workload-template variants)
//   interp_bench --verify_exec [COUNT]  random exec events against the 1,000-rule set

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "bench/exec_rules.h"
#include "bench/flow_rules.h"
#include "bench/admission_custom.h"
#include "bench/pss_handwritten.h"
#include "compiler/driver/compilation.h"
#include "compiler/ir/field_usage.h"
#include "compiler/ir/verifier.h"
#include "compiler/lower/lowering.h"
#include "compiler/source/diagnostic_renderer.h"
#include "runtime/decode/admission.h"
#include "runtime/decode/events.h"
#include "runtime/decode/projection.h"
#include "runtime/eval/decision.h"
#include "runtime/interp/interpreter.h"
#include "runtime/jit/jit_engine.h"
#include "runtime/value/value_ops.h"

#ifndef RAMPART_SOURCE_DIR
#define RAMPART_SOURCE_DIR "."
#endif

namespace {

using namespace rampart;

// ------------------------------------------------------------------ decisions, compared

// A decision in engine-neutral form: the verdict, and every hit ("ACTION package.policy.rule:
// message") and error, sorted.
struct Outcome {
  std::string verdict;
  std::vector<std::string> hits;
  std::vector<std::string> errors;
  bool operator==(const Outcome& o) const { return verdict == o.verdict && hits == o.hits && errors == o.errors; }
};

std::string Describe(const Outcome& o) {
  std::string s = "  verdict " + o.verdict + "\n";
  for (const std::string& h : o.hits) s += "  hit " + h + "\n";
  for (const std::string& e : o.errors) s += "  error " + e + "\n";
  return s;
}

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "\ninterp_bench: %s\n", what.c_str());
  std::fflush(stderr);
  std::exit(1);
}

// The reference is the interpreter's decision; `expected_verdict` guards against both
// engines being wrong the same way (e.g. a "compliant" fixture that is not compliant).
void Verify(const std::string& bench, const std::string& input, const Outcome& got, const Outcome& reference,
            const std::string& expected_verdict) {
  if (!(got == reference)) {
    Fail("DISAGREEMENT in " + bench + " on " + input + ": the engine decided\n" + Describe(got) +
         "the interpreter decided\n" + Describe(reference) + "The benchmark would compare different work.");
  }
  if (got.verdict != expected_verdict || !got.errors.empty()) {
    Fail("WRONG DECISION in " + bench + " on " + input + ": expected " + expected_verdict +
         " without errors, got\n" + Describe(got));
  }
}

// ------------------------------------------------------------------ compiling (as cli/program_loader.cc)

struct Compiled {
  std::unique_ptr<driver::Compilation> compilation;
  std::unique_ptr<ir::Program> program;
  std::unique_ptr<runtime::Interpreter> interpreter;
  std::unique_ptr<runtime::JitEngine> jit;  // the same program as native code (JitOptions defaults)
  runtime::BuiltinContext context;
  std::vector<uint32_t> all_policies;
  std::unique_ptr<runtime::PolicyIndex> index;          // every policy of the kind runs
  std::unique_ptr<runtime::PolicyIndex> guarded_index;  // with decision structures, as rampart eval does
  // What the decoders keep (runtime/decode/projection.h), as `rampart eval` decodes by
  // default: only the fields the policy set reads.
  ir::FieldNode review_need, event_need;
};

std::unique_ptr<Compiled> Finish(std::unique_ptr<driver::Compilation> c) {
  if (c->diags.has_errors()) {
    Fail("policies do not compile:\n" + source::RenderTextAll(c->diags.Sorted(), c->sources));
  }
  auto out = std::make_unique<Compiled>();
  out->compilation = std::move(c);
  out->program = lower::Lower(out->compilation->file_pointers(), out->compilation->program, out->compilation->sources);
  std::vector<std::string> problems = ir::Verify(*out->program);
  if (!problems.empty()) Fail("invalid IR: " + problems[0]);
  std::string error;
  out->interpreter = runtime::Interpreter::Create(*out->program, &error);
  if (out->interpreter == nullptr) Fail("Interpreter::Create: " + error);
  out->jit = runtime::JitEngine::Create(*out->program, runtime::JitOptions{}, &error);
  if (out->jit == nullptr) Fail("JitEngine::Create: " + error);
  for (uint32_t i = 0; i < out->program->policies.size(); ++i) out->all_policies.push_back(i);
  out->index = std::make_unique<runtime::PolicyIndex>(*out->program, out->all_policies);
  out->guarded_index = std::make_unique<runtime::PolicyIndex>(*out->interpreter, out->all_policies);
  ir::FieldNode usage = ir::AnalyzeFieldUsage(*out->program);
  out->review_need = runtime::AdmissionReviewNeeds(usage);
  out->event_need = runtime::EventNeeds(usage);
  return out;
}

std::unique_ptr<Compiled> CompileFiles(const std::vector<std::string>& paths) {
  source::DiagnosticBag diags;
  std::vector<std::string> files = driver::CollectPolicyFiles(paths, diags);
  if (diags.has_errors()) {
    source::SourceManager none;
    Fail(source::RenderTextAll(diags.Sorted(), none));
  }
  return Finish(driver::Compile(files));
}

Outcome FromDecision(const ir::Program& program, const runtime::Decision& d) {
  Outcome o;
  o.verdict = d.verdict;
  for (const runtime::DecisionHit& h : d.hits) {
    const ir::Policy& p = program.policies[h.policy];
    o.hits.push_back(h.action + " " + (p.package.empty() ? "" : p.package + ".") + p.name +
                     (h.rule != ir::kNone ? "." + p.rules[h.rule].name : "") + ": " + h.message);
  }
  o.errors = d.errors;
  std::sort(o.hits.begin(), o.hits.end());
  std::sort(o.errors.begin(), o.errors.end());
  return o;
}

std::string ReadOrDie(const std::string& path) {
  std::string text, error;
  if (!driver::ReadFile(path, &text, &error)) Fail("cannot read " + path + ": " + error);
  return text;
}

// JSON without the whitespace between tokens: what an API server sends.
std::string Minify(const std::string& json) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) out += json[++i];
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

// ------------------------------------------------------------------ PSS restricted: inputs

struct PssCase {
  const char* name;              // compliant, violating (+100custom)
  const char* file;              // under bench/data/
  const char* expected_verdict;  // allow, deny
  bool custom;                   // with the 100 policies of bench/admission_custom.h
  std::string json;              // minified AdmissionReview
};

std::vector<PssCase>& PssCases() {
  static std::vector<PssCase> cases = [] {
    std::vector<PssCase> c = {{"compliant", "pss_review_compliant.json", "allow", false, ""},
                              {"violating", "pss_review_violating.json", "deny", false, ""},
                              {"compliant+100custom", "pss_review_compliant.json", "allow", true, ""},
                              {"violating+100custom", "pss_review_violating.json", "deny", true, ""}};
    for (PssCase& x : c) x.json = Minify(ReadOrDie(std::string(RAMPART_SOURCE_DIR) + "/bench/data/" + x.file));
    return c;
  }();
  return cases;
}

// Restricted is baseline.rp plus restricted.rp (which imports baseline): both files, as
// `rampart eval -p policies/pss` loads them (the *_fixtures.rp files only add tests).
// With `custom`, the 100 policies of bench/admission_custom.h too (issue 4 (b)).
const Compiled& PssProgram(bool custom) {
  static const char* const kFiles[] = {"policies/pss/baseline.rp", "policies/pss/restricted.rp"};
  static std::unique_ptr<Compiled> plain = CompileFiles(
      {std::string(RAMPART_SOURCE_DIR) + "/" + kFiles[0], std::string(RAMPART_SOURCE_DIR) + "/" + kFiles[1]});
  if (!custom) return *plain;
  static std::unique_ptr<Compiled> with_custom = [] {
    std::vector<std::pair<std::string, std::string>> sources;
    for (const char* f : kFiles) sources.emplace_back(f, ReadOrDie(std::string(RAMPART_SOURCE_DIR) + "/" + f));
    sources.emplace_back("bench/custom.rp", bench::custom::Source());
    return Finish(driver::CompileSources(sources));
  }();
  return *with_custom;
}

// ------------------------------------------------------------------ PSS engines

// The interpreter, through the API the CLI uses (runtime/decode with the policy set's
// projection, runtime/eval Decide).
template <bool kJit, bool kIndexed = false>
class EnginePss {
 public:
  using Prepared = runtime::Value;  // the admission variables
  using Result = runtime::Decision;

  explicit EnginePss(bool custom) : c_(PssProgram(custom)) {}
  const runtime::Engine& engine() const {
    return kJit ? static_cast<const runtime::Engine&>(*c_.jit) : *c_.interpreter;
  }
  const runtime::PolicyIndex& index() const { return kIndexed ? *c_.guarded_index : *c_.index; }

  Prepared Prepare(const std::string& json) {
    runtime::AdmissionInput in;
    runtime::DecodeError err;
    if (!runtime::DecodeAdmissionReview(json, "review.json", &in, &err, &c_.review_need)) {
      Fail("decode: " + err.message);
    }
    return in.variables;
  }
  void Decide(const Prepared& in, Result* out) {
    *out = runtime::Decide(engine(), index(), "admission", in, &c_.context);
  }
  bool DecideJson(const std::string& json, Result* out) {
    runtime::AdmissionInput in;
    runtime::DecodeError err;
    if (!runtime::DecodeAdmissionReview(json, "review.json", &in, &err, &c_.review_need)) return false;
    *out = runtime::Decide(engine(), index(), "admission", in.variables, &c_.context);
    return true;
  }
  Outcome Explain(const Result& r) const { return FromDecision(*c_.program, r); }

 private:
  const Compiled& c_;
};
using InterpPss = EnginePss<false>;
using JitPss = EnginePss<true>;
using InterpIndexedPss = EnginePss<false, true>;
using JitIndexedPss = EnginePss<true, true>;


// bench/pss_handwritten.h: simdjson into a typed view, then plain code.
class HandwrittenPss {
 public:
  using Prepared = std::unique_ptr<bench::pss::Checker>;  // holds the decoded review
  using Result = bench::pss::Result;

  explicit HandwrittenPss(bool custom) : custom_(custom) {}
  Prepared Prepare(const std::string& json) {
    auto checker = std::make_unique<bench::pss::Checker>();
    if (!checker->Decode(json)) Fail("hand-written decoder refused the review");
    return checker;
  }
  void Decide(const Prepared& in, Result* out) {
    in->Check(out);
    if (custom_) bench::custom::CheckCustom(in->review(), out);
  }
  bool DecideJson(const std::string& json, Result* out) {
    if (!checker_.Decode(json)) return false;
    checker_.Check(out);
    if (custom_) bench::custom::CheckCustom(checker_.review(), out);
    return true;
  }
  Outcome Explain(const Result& r) const {
    Outcome o;
    o.verdict = r.deny ? "deny" : "allow";
    for (const auto& h : r.hits) o.hits.push_back(std::string("deny ") + h.policy + "." + h.rule + ": " + h.message);
    std::sort(o.hits.begin(), o.hits.end());
    return o;
  }

 private:
  bool custom_;
  bench::pss::Checker checker_;
};

const Outcome& PssReference(const PssCase& c) {
  static std::map<std::string, Outcome> cache;
  auto it = cache.find(c.name);
  if (it != cache.end()) return it->second;
  InterpPss interp(c.custom);
  InterpPss::Result r;
  interp.Decide(interp.Prepare(c.json), &r);
  return cache[c.name] = interp.Explain(r);
}

template <class Engine>
void BM_PssDecoded(benchmark::State& state, std::string name, const PssCase* c) {
  Engine engine(c->custom);
  typename Engine::Prepared input = engine.Prepare(c->json);
  typename Engine::Result result;
  engine.Decide(input, &result);
  Verify(name, c->file, engine.Explain(result), PssReference(*c), c->expected_verdict);
  for (auto _ : state) {
    engine.Decide(input, &result);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["decisions"] = 1;
}

template <class Engine>
void BM_PssJson(benchmark::State& state, std::string name, const PssCase* c) {
  Engine engine(c->custom);
  typename Engine::Result result;
  if (!engine.DecideJson(c->json, &result)) Fail(name + ": the engine refused " + c->file);
  Verify(name, c->file, engine.Explain(result), PssReference(*c), c->expected_verdict);
  for (auto _ : state) {
    bool ok = engine.DecideJson(c->json, &result);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c->json.size()));
  state.counters["decisions"] = 1;
  state.counters["json_bytes"] = static_cast<double>(c->json.size());
}

// ------------------------------------------------------------------ exec rules: inputs

struct ExecSetup {
  bench::exec::RuleSet rules;
  std::vector<bench::exec::MixEvent> mix;
  std::unique_ptr<Compiled> compiled;
  std::vector<Outcome> reference;  // the interpreter's decision for each event of the mix
};

const ExecSetup& ExecSetupFor(int rule_count);

// ------------------------------------------------------------------ event and flow engines

// An engine deciding JSON lines of one plane (`Plane`: its setup, its generated input, the
// input kind, and the line an input is written as), through the API `rampart eval` uses.
template <class Plane, bool kJit, bool kIndexed = false>
class EngineLines {
 public:
  using Prepared = runtime::Value;  // the variables, decoded (projected) from a JSON line
  using Result = runtime::Decision;

  explicit EngineLines(const typename Plane::Setup& s) : s_(s), c_(*s.compiled) {}
  const runtime::Engine& engine() const {
    return kJit ? static_cast<const runtime::Engine&>(*c_.jit) : *c_.interpreter;
  }
  const runtime::PolicyIndex& index() const { return kIndexed ? *c_.guarded_index : *c_.index; }

  Prepared Prepare(const typename Plane::Input& x) {
    std::vector<runtime::EventInput> events;
    runtime::DecodeError err;
    if (!runtime::DecodeEventLines(Plane::Line(s_, x), "input.jsonl", &events, &err, &c_.event_need) ||
        events.size() != 1) {
      Fail(std::string("decode ") + Plane::kKind + ": " + err.message);
    }
    return events[0].variables;
  }
  void Decide(const Prepared& in, Result* out) {
    *out = runtime::Decide(engine(), index(), Plane::kKind, in, &c_.context);
  }
  // How many policies a decision of `in` runs (the guard index's selection).
  size_t PoliciesRun(const Prepared& in) const {
    const runtime::GuardIndex* guards = index().Guards(Plane::kKind);
    if (guards == nullptr) return index().For(Plane::kKind).size();
    std::vector<uint32_t> positions;
    guards->Select(engine(), in, &c_.context, &positions);
    return positions.size();
  }
  Outcome Explain(const Result& r) const { return FromDecision(*c_.program, r); }

 private:
  const typename Plane::Setup& s_;
  const Compiled& c_;
};

struct ExecPlane {
  using Setup = ExecSetup;
  using Input = bench::exec::Event;
  static constexpr const char* kKind = "exec";
  static std::string Line(const Setup&, const Input& e) { return bench::exec::ToJsonLine(e); }
};
using InterpExec = EngineLines<ExecPlane, false>;
using JitExec = EngineLines<ExecPlane, true>;
using InterpIndexedExec = EngineLines<ExecPlane, false, true>;
using JitIndexedExec = EngineLines<ExecPlane, true, true>;


// bench/exec_rules.h Decide: a loop over the rule table, over a plain struct.
class HandwrittenExec {
 public:
  using Prepared = const bench::exec::Event*;
  using Result = bench::exec::Result;

  explicit HandwrittenExec(const ExecSetup& s) : rules_(s.rules) {}

  Prepared Prepare(const bench::exec::Event& e) { return &e; }
  void Decide(const Prepared& in, Result* out) { bench::exec::Decide(rules_, *in, out); }
  size_t PoliciesRun(const Prepared&) const { return rules_.rules.size(); }  // checks every rule
  Outcome Explain(const Result& r) const {
    static const char* const kVerdicts[] = {"allow", "alert", "block"};
    Outcome o;
    o.verdict = kVerdicts[static_cast<int>(r.verdict)];
    for (const auto& h : r.hits) {
      const bench::exec::Rule& rule = rules_.rules[h.rule];
      o.hits.push_back(std::string(rule.block ? "block " : "alert ") + bench::exec::kPackage + "." + rule.policy + "." +
                       rule.rule + ": " + h.message);
    }
    std::sort(o.hits.begin(), o.hits.end());
    return o;
  }

 private:
  const bench::exec::RuleSet& rules_;
};

const ExecSetup& ExecSetupFor(int rule_count) {
  static std::map<int, std::unique_ptr<ExecSetup>> cache;
  auto& slot = cache[rule_count];
  if (slot) return *slot;
  slot = std::make_unique<ExecSetup>();
  ExecSetup& s = *slot;
  s.rules = bench::exec::GenerateRules(rule_count);
  s.mix = bench::exec::EventMix(s.rules);
  s.compiled = Finish(driver::CompileSources({{"exec_rules.rp", s.rules.source}}));
  InterpExec interp(s);
  for (const auto& m : s.mix) {
    InterpExec::Result r;
    interp.Decide(interp.Prepare(m.event), &r);
    s.reference.push_back(interp.Explain(r));
  }
  return s;
}

template <class Engine>
// `allowed_only`: the 13 events of the mix that no rule matches (what a node sees almost
// all the time), to show the cost of ruling rules out apart from the cost of firing them.
void BM_Exec(benchmark::State& state, std::string name, int rule_count, bool allowed_only) {
  const ExecSetup& s = ExecSetupFor(rule_count);
  Engine engine(s);
  std::vector<typename Engine::Prepared> inputs;
  std::vector<size_t> chosen;
  for (size_t i = 0; i < s.mix.size(); ++i) {
    if (allowed_only && s.mix[i].target_rule >= 0) continue;
    chosen.push_back(i);
    inputs.push_back(engine.Prepare(s.mix[i].event));
  }
  std::vector<typename Engine::Result> results(inputs.size());
  size_t matching = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    engine.Decide(inputs[i], &results[i]);
    Outcome got = engine.Explain(results[i]);
    const auto& m = s.mix[chosen[i]];
    std::string what = "event " + std::to_string(i) + " (" + m.event.proc.exe + " under " + m.event.parent.name + ")";
    if (m.target_rule < 0) {
      Verify(name, what, got, s.reference[chosen[i]], "allow");
    } else {
      // A matching event: not allowed, and at least the rule it was built for fires (others
      // may too, so the verdict is alert or block).
      const auto& rule = s.rules.rules[m.target_rule];
      if (got.verdict == "allow") Fail(name + ": " + what + " is allowed; it was built to match " + rule.policy);
      Verify(name, what, got, s.reference[chosen[i]], got.verdict);
      std::string needle = std::string(bench::exec::kPackage) + "." + rule.policy + "." + rule.rule + ":";
      bool found = std::any_of(got.hits.begin(), got.hits.end(),
                               [&](const std::string& h) { return h.find(needle) != std::string::npos; });
      if (!found) Fail(name + ": " + what + " does not match rule " + rule.policy + "\n" + Describe(got));
      ++matching;
    }
  }
  for (auto _ : state) {
    for (size_t i = 0; i < inputs.size(); ++i) engine.Decide(inputs[i], &results[i]);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(inputs.size()));
  state.counters["decisions"] = static_cast<double>(inputs.size());
  state.counters["matching"] = static_cast<double>(matching);
  state.counters["rules"] = rule_count;
  size_t run = 0;
  for (const auto& in : inputs) run += engine.PoliciesRun(in);
  state.counters["policies_run"] = static_cast<double>(run) / static_cast<double>(inputs.size());
}

// ------------------------------------------------------------------ flows (issue 4 (c))

struct FlowSetup {
  bench::flow::PolicySet set;
  std::vector<bench::flow::Flow> mix;
  std::unique_ptr<Compiled> compiled;
  std::vector<Outcome> reference;  // the interpreter's decision for each flow of the mix
};

const FlowSetup& FlowSetupFor(int policies);

struct FlowPlane {
  using Setup = FlowSetup;
  using Input = bench::flow::Flow;
  static constexpr const char* kKind = "flow";
  static std::string Line(const Setup& s, const Input& f) { return bench::flow::ToJsonLine(s.set, f); }
};
using InterpFlow = EngineLines<FlowPlane, false>;
using JitFlow = EngineLines<FlowPlane, true>;
using InterpIndexedFlow = EngineLines<FlowPlane, false, true>;
using JitIndexedFlow = EngineLines<FlowPlane, true, true>;

// bench/flow_rules.h Decide: an app → policies hash map, then the policies' rules.
class HandwrittenFlow {
 public:
  using Prepared = const bench::flow::Flow*;
  using Result = bench::flow::Result;

  explicit HandwrittenFlow(const FlowSetup& s) : set_(s.set) {}
  Prepared Prepare(const bench::flow::Flow& f) { return &f; }
  void Decide(const Prepared& in, Result* out) { bench::flow::Decide(set_, *in, out); }
  size_t PoliciesRun(const Prepared& in) const {
    auto it = set_.by_app.find(set_.workloads[in->workload].app);
    return it == set_.by_app.end() ? 0 : it->second.size();
  }
  Outcome Explain(const Result& r) const {
    Outcome o;
    o.verdict = r.deny ? "deny" : "allow";
    for (const auto& h : r.hits) {
      const bench::flow::Policy& p = set_.policies[h.policy];
      o.hits.push_back(std::string(h.rule < 0 ? "deny " : "allow ") + bench::flow::kPackage + "." + p.name +
                       (h.rule < 0 ? "" : ".allow#" + std::to_string(h.rule + 1)) + ": " + h.message);
    }
    std::sort(o.hits.begin(), o.hits.end());
    return o;
  }

 private:
  const bench::flow::PolicySet& set_;
};

constexpr int kWorkloads = 10000;

const FlowSetup& FlowSetupFor(int policies) {
  static std::map<int, std::unique_ptr<FlowSetup>> cache;
  auto& slot = cache[policies];
  if (slot) return *slot;
  slot = std::make_unique<FlowSetup>();
  FlowSetup& s = *slot;
  s.set = bench::flow::Generate(policies, kWorkloads);
  s.mix = bench::flow::FlowMix(s.set);
  s.compiled = Finish(driver::CompileSources({{"flow_rules.rp", s.set.source}}));
  InterpFlow interp(s);
  for (const auto& f : s.mix) {
    InterpFlow::Result r;
    interp.Decide(interp.Prepare(f), &r);
    s.reference.push_back(interp.Explain(r));
  }
  return s;
}

template <class Engine>
void BM_Flows(benchmark::State& state, std::string name, int policies) {
  const FlowSetup& s = FlowSetupFor(policies);
  Engine engine(s);
  std::vector<typename Engine::Prepared> inputs;
  for (const auto& f : s.mix) inputs.push_back(engine.Prepare(f));
  std::vector<typename Engine::Result> results(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    engine.Decide(inputs[i], &results[i]);
    const bench::flow::Flow& f = s.mix[i];
    const char* expected = f.expect == 0 ? "deny" : "allow";
    Verify(name, "flow " + std::to_string(i), engine.Explain(results[i]), s.reference[i], expected);
    if ((f.expect == 1) != (std::count_if(s.reference[i].hits.begin(), s.reference[i].hits.end(), [](const std::string& h) {
                              return h.rfind("allow ", 0) == 0;
                            }) > 0)) {
      Fail(name + ": flow " + std::to_string(i) + " was built to be " + (f.expect == 1 ? "" : "not ") +
           "allowed by a rule");
    }
  }
  for (auto _ : state) {
    for (size_t i = 0; i < inputs.size(); ++i) engine.Decide(inputs[i], &results[i]);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(inputs.size()));
  state.counters["decisions"] = static_cast<double>(inputs.size());
  state.counters["policies"] = policies;
  state.counters["workloads"] = kWorkloads;
  size_t run = 0;
  for (const auto& in : inputs) run += engine.PoliciesRun(in);
  state.counters["policies_run"] = static_cast<double>(run) / static_cast<double>(inputs.size());
}

// ------------------------------------------------------------------ columns

struct InterpColumn {
  static constexpr const char* kName = "interp";
  using Pss = InterpPss;
  using Exec = InterpExec;
  using Flow = InterpFlow;
};

struct JitColumn {
  static constexpr const char* kName = "jit";
  using Pss = JitPss;
  using Exec = JitExec;
  using Flow = JitFlow;
};

// The same engines with the guard index (runtime/eval/guard_index.h): policies whose
// compiler-found guards reject the input are not run.
struct InterpIndexedColumn {
  static constexpr const char* kName = "interp+index";
  using Pss = InterpIndexedPss;
  using Exec = InterpIndexedExec;
  using Flow = InterpIndexedFlow;
};

struct JitIndexedColumn {
  static constexpr const char* kName = "jit+index";
  using Pss = JitIndexedPss;
  using Exec = JitIndexedExec;
  using Flow = JitIndexedFlow;
};

struct HandwrittenColumn {
  static constexpr const char* kName = "handwritten";
  using Pss = HandwrittenPss;
  using Exec = HandwrittenExec;
  using Flow = HandwrittenFlow;
};

// Registers every case, each with one benchmark per column, side by side.
template <class... Columns>
void RegisterAll() {
  auto add = [](std::string name, auto fn, auto arg) {
    benchmark::RegisterBenchmark(name.c_str(), fn, name, arg)->Unit(benchmark::kMicrosecond);
  };
  for (const PssCase& c : PssCases()) {
    (add("BM_PssRestricted/decoded/" + std::string(c.name) + "/" + Columns::kName, BM_PssDecoded<typename Columns::Pss>, &c),
     ...);
  }
  for (const PssCase& c : PssCases()) {
    (add("BM_PssRestricted/json/" + std::string(c.name) + "/" + Columns::kName, BM_PssJson<typename Columns::Pss>, &c), ...);
  }
  auto add_exec = [](std::string name, auto fn, int rules, bool allowed_only) {
    benchmark::RegisterBenchmark(name.c_str(), fn, name, rules, allowed_only)->Unit(benchmark::kMicrosecond);
  };
  for (int rules : {10, 100, 1000, 10000}) {
    (add_exec("BM_ExecRules/" + std::to_string(rules) + "/" + Columns::kName, BM_Exec<typename Columns::Exec>, rules,
              false),
     ...);
  }
  for (int rules : {10, 100, 1000, 10000}) {
    (add_exec("BM_ExecAllowed/" + std::to_string(rules) + "/" + Columns::kName, BM_Exec<typename Columns::Exec>, rules,
              true),
     ...);
  }
  for (int policies : {100, 1000}) {
    (add("BM_Flows/" + std::to_string(policies) + "/" + Columns::kName, BM_Flows<typename Columns::Flow>, policies), ...);
  }
}

// ------------------------------------------------------------------ verification modes

void WriteJsonString(const std::string& s, std::string* out) {
  *out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      *out += buf;
    } else {
      *out += c;
    }
  }
  *out += '"';
}

// Plain JSON of a decoded document (the inverse of runtime/value/json.h for JSON's types).
void WriteJson(const runtime::Value& v, std::string* out) {
  using runtime::ValueKind;
  if (v.is(ValueKind::kBool)) {
    *out += v.bool_value() ? "true" : "false";
  } else if (v.is(ValueKind::kInt)) {
    *out += std::to_string(v.int_value());
  } else if (v.is(ValueKind::kUint)) {
    *out += std::to_string(v.uint_value());
  } else if (v.is(ValueKind::kDouble)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v.double_value());
    *out += buf;
    if (std::string(buf).find_first_of(".eEn") == std::string::npos) *out += ".0";
  } else if (v.is(ValueKind::kString)) {
    WriteJsonString(v.text(), out);
  } else if (v.is(ValueKind::kList)) {
    *out += '[';
    for (size_t i = 0; i < v.list().size(); ++i) {
      if (i) *out += ',';
      WriteJson(v.list()[i], out);
    }
    *out += ']';
  } else if (v.is(ValueKind::kMap)) {
    *out += '{';
    for (size_t i = 0; i < v.map().size(); ++i) {
      if (i) *out += ',';
      const runtime::Value& key = v.map()[i].first;
      WriteJsonString(key.is(ValueKind::kString) ? key.text() : key.DebugString(), out);
      *out += ':';
      WriteJson(v.map()[i].second, out);
    }
    *out += '}';
  } else {
    *out += "null";
  }
}

runtime::Value With(const runtime::Value& map, const char* key, runtime::Value value) {
  runtime::ValueMap entries;
  bool replaced = false;
  for (const auto& [k, v] : map.map()) {
    bool hit = k.is(runtime::ValueKind::kString) && k.text() == key;
    entries.emplace_back(k, hit ? value : v);
    replaced = replaced || hit;
  }
  if (!replaced) entries.emplace_back(runtime::Value::String(key), std::move(value));
  return runtime::Value::Map(std::move(entries));
}

runtime::Value Obj(std::vector<std::pair<const char*, runtime::Value>> fields) {
  runtime::ValueMap entries;
  for (auto& [k, v] : fields) entries.emplace_back(runtime::Value::String(k), std::move(v));
  return runtime::Value::Map(std::move(entries));
}

std::string ReviewJson(const runtime::Value& request) {
  std::string out = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":";
  WriteJson(request, &out);
  return out + "}";
}

// `interp_bench --verify_pss FILE...`: decides AdmissionReview JSON files, or manifests
// (YAML or JSON, presented as CREATE requests as `rampart eval` does), with every PSS engine
// and reports where one disagrees with the interpreter: a check of the hand-written code
// beyond the two benchmark fixtures (e.g. on tests/data/pss, Kubernetes' own fixtures). Each
// Pod is also tried as a Deployment's and a CronJob's pod template, as an UPDATE and as a
// DELETE.
int VerifyPss(int argc, char** argv) {
  std::vector<std::pair<std::string, std::string>> reviews;  // (name, JSON)
  for (int i = 2; i < argc; ++i) {
    std::string text = ReadOrDie(argv[i]);
    size_t first = text.find_first_not_of(" \t\r\n");
    std::vector<runtime::Value> requests;
    if (first != std::string::npos && text[first] == '{' && text.find("\"AdmissionReview\"") != std::string::npos) {
      runtime::AdmissionInput in;
      runtime::DecodeError err;
      if (!runtime::DecodeAdmissionReview(text, argv[i], &in, &err)) Fail(err.message);
      requests.push_back(*runtime::Member(in.variables, "request"));
    } else {
      std::vector<runtime::AdmissionInput> objects;
      runtime::DecodeError err;
      if (!runtime::DecodeManifests(text, argv[i], &objects, &err)) Fail(err.message);
      for (const auto& o : objects) requests.push_back(*runtime::Member(o.variables, "request"));
    }
    for (const runtime::Value& request : requests) {
      reviews.push_back({argv[i], ReviewJson(request)});
      const runtime::Value* object = runtime::Member(request, "object");
      if (object == nullptr || runtime::StringMember(*object, "kind") != "Pod") continue;
      const runtime::Value* meta = runtime::Member(*object, "metadata");
      const runtime::Value* spec = runtime::Member(*object, "spec");
      runtime::Value tmpl = Obj({{"metadata", meta ? *meta : Obj({})}, {"spec", spec ? *spec : Obj({})}});
      runtime::Value deployment =
          Obj({{"apiVersion", runtime::Value::String("apps/v1")}, {"kind", runtime::Value::String("Deployment")},
               {"metadata", Obj({{"name", runtime::Value::String("d")}, {"namespace", runtime::Value::String("ns1")}})},
               {"spec", Obj({{"template", tmpl}})}});
      runtime::Value cronjob =
          Obj({{"apiVersion", runtime::Value::String("batch/v1")}, {"kind", runtime::Value::String("CronJob")},
               {"metadata", Obj({{"name", runtime::Value::String("c")}})},
               {"spec", Obj({{"jobTemplate", Obj({{"spec", Obj({{"template", tmpl}})}})}})}});
      reviews.push_back({std::string(argv[i]) + " as Deployment", ReviewJson(With(request, "object", deployment))});
      reviews.push_back({std::string(argv[i]) + " as CronJob", ReviewJson(With(request, "object", cronjob))});
      reviews.push_back({std::string(argv[i]) + " as UPDATE",
                         ReviewJson(With(request, "operation", runtime::Value::String("UPDATE")))});
      reviews.push_back({std::string(argv[i]) + " as DELETE",
                         ReviewJson(With(request, "operation", runtime::Value::String("DELETE")))});
    }
  }
  int disagreements = 0, denied = 0;
  for (const auto& [name, json] : reviews) {
    // With the custom policies: they are a superset, and the workload variants reach their
    // kind-specific ones.
    InterpPss interp(true);
    InterpPss::Result want;
    if (!interp.DecideJson(json, &want)) Fail(name + ": not an AdmissionReview");
    HandwrittenPss hand(true);
    HandwrittenPss::Result got;
    Outcome g = hand.DecideJson(json, &got) ? hand.Explain(got) : Outcome{"refused", {}, {}};
    Outcome w = interp.Explain(want);
    denied += w.verdict != "allow";
    if (!(g == w)) {
      ++disagreements;
      std::printf("%s: handwritten\n%sinterp\n%s", name.c_str(), Describe(g).c_str(), Describe(w).c_str());
    }
  }
  std::printf("%zu reviews (%d denied), %d disagreements\n", reviews.size(), denied, disagreements);
  return disagreements == 0 ? 0 : 1;
}

// `interp_bench --verify_exec [COUNT]`: COUNT random events (default 5,000) against the
// 1,000-rule set; the hand-written check and the indexed engines compared with the interpreter.
int VerifyExec(int argc, char** argv) {
  int count = argc > 2 ? std::atoi(argv[2]) : 5000;
  const ExecSetup& s = ExecSetupFor(1000);
  InterpExec interp(s);
  HandwrittenExec hand(s);
  InterpIndexedExec interp_indexed(s);
  JitIndexedExec jit_indexed(s);
  int disagreements = 0, matching = 0;
  for (const bench::exec::Event& e : bench::exec::RandomEvents(count, 7)) {
    InterpExec::Result want;
    interp.Decide(interp.Prepare(e), &want);
    Outcome w = interp.Explain(want);
    matching += w.verdict != "allow";
    auto compare = [&](const char* engine, const Outcome& g) {
      if (!(g == w) && ++disagreements <= 5) {
        std::printf("%s: %s\n%sinterp\n%s", bench::exec::ToJsonLine(e).c_str(), engine, Describe(g).c_str(),
                    Describe(w).c_str());
      }
    };
    HandwrittenExec::Result got;
    hand.Decide(hand.Prepare(e), &got);
    compare("handwritten", hand.Explain(got));
    InterpExec::Result indexed;
    interp_indexed.Decide(interp_indexed.Prepare(e), &indexed);
    compare("interp+index", interp_indexed.Explain(indexed));
    jit_indexed.Decide(jit_indexed.Prepare(e), &indexed);
    compare("jit+index", jit_indexed.Explain(indexed));
  }
  std::printf("%d events (%d not allowed), %d disagreements\n", count, matching, disagreements);
  return disagreements == 0 ? 0 : 1;
}

// The console output, then the table docs/performance.md shows: per case, decisions per
// second and CPU nanoseconds per decision of every engine (medians when repeated), and each
// engine's time relative to the hand-written check.
class TableReporter : public benchmark::ConsoleReporter {
 public:
  TableReporter() : ConsoleReporter(isatty(fileno(stdout)) ? OO_Color : OO_None) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.error_occurred) continue;
      bool aggregate = r.run_type == Run::RT_Aggregate;
      if (aggregate ? r.aggregate_name != "median" : repeated_) continue;
      if (aggregate && !repeated_) {  // medians arrived: forget the single runs
        repeated_ = true;
        rows_.clear();
      }
      std::string name = r.run_name.str();
      size_t slash = name.rfind('/');
      std::string engine = name.substr(slash + 1), row = name.substr(0, slash);
      if (row.rfind("BM_", 0) == 0) row = row.substr(3);
      auto d = r.counters.find("decisions");
      double decisions = d == r.counters.end() ? 1.0 : static_cast<double>(d->second);
      double ns = r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit) * 1e9 / decisions;
      if (std::find(engines_.begin(), engines_.end(), engine) == engines_.end()) engines_.push_back(engine);
      if (std::find(order_.begin(), order_.end(), row) == order_.end()) order_.push_back(row);
      rows_[row][engine] = ns;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const std::string base = "handwritten";
    std::string head = "| case |", rule = "|---|";
    for (const std::string& e : engines_) head += " " + e + " decisions/s | " + e + " ns/decision |", rule += "---:|---:|";
    for (const std::string& e : engines_) {
      if (e != base) head += " " + e + "/" + base + " |", rule += "---:|";
    }
    std::printf("\n%s (CPU time%s)\n%s\n%s\n", "Per decision", repeated_ ? ", medians" : "", head.c_str(), rule.c_str());
    for (const std::string& row : order_) {
      const auto& r = rows_[row];
      std::string line = "| " + row + " |";
      for (const std::string& e : engines_) {
        auto it = r.find(e);
        line += it == r.end() ? " – | – |" : " " + Grouped(1e9 / it->second) + " | " + Grouped(it->second) + " |";
      }
      for (const std::string& e : engines_) {
        if (e == base) continue;
        auto it = r.find(e), b = r.find(base);
        line += it == r.end() || b == r.end() ? " – |" : " " + Ratio(it->second / b->second) + "× |";
      }
      std::printf("%s\n", line.c_str());
    }
  }

 private:
  static std::string Grouped(double x) {
    std::string digits = std::to_string(static_cast<long long>(x + 0.5)), out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  static std::string Ratio(double x) {
    if (x >= 10) return Grouped(x);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
  }
  bool repeated_ = false;
  std::vector<std::string> engines_, order_;
  std::map<std::string, std::map<std::string, double>> rows_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--verify_pss") return VerifyPss(argc, argv);
  if (argc > 1 && std::string(argv[1]) == "--verify_exec") return VerifyExec(argc, argv);
  bool console = true;  // the table reporter extends the console format only
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--benchmark_format=", 0) == 0 && a != "--benchmark_format=console") console = false;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // A JIT column (a later issue) is one more struct like InterpColumn here.
  RegisterAll<InterpColumn, JitColumn, InterpIndexedColumn, JitIndexedColumn, HandwrittenColumn>();
  if (console) {
    TableReporter table;
    benchmark::RunSpecifiedBenchmarks(&table);
  } else {
    benchmark::RunSpecifiedBenchmarks();
  }
  benchmark::Shutdown();
  return 0;
}
