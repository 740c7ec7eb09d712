#include "cli/learn_diff_command.h"

#include <cstdio>

#include "cli/commands.h"
#include "compiler/driver/compilation.h"
#include "compiler/source/diagnostic_renderer.h"
#include "learner/diff/baseline_diff.h"
#include "learner/emit/baseline_emitter.h"
#include "learner/mine/pod_flow_join.h"
#include "learner/store/sqlite_store.h"

namespace rampart::cli {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "rampart learn diff: %s\n", message.c_str());
  return kExitUsage;
}

bool SameWorkload(const learner::BaselineWorkload& b, const learner::WorkloadRef& w) {
  if (b.namespace_name != w.namespace_name || b.container != w.container) return false;
  if (b.name.empty()) return w.kind == "Pod" && w.name == b.pod;
  return b.name == w.name && (b.kind.empty() || b.kind == w.kind);
}

}  // namespace

int RunLearnDiff(const LearnDiffArgs& args) {
  std::unique_ptr<driver::Compilation> c = driver::Compile({args.baseline});
  if (c->diags.has_errors() || c->files.empty()) {
    std::fputs(source::RenderTextAll(c->diags.Sorted(), c->sources).c_str(), stderr);
    return Fail(args.baseline + " does not check: fix it (rampart check) before comparing");
  }
  learner::BaselineEntries baseline = learner::ReadBaselineEntries(*c->files[0]);
  const learner::BaselineWorkload& w = baseline.workload;
  if (w.namespace_name.empty() || (w.name.empty() && w.pod.empty())) {
    return Fail("cannot tell which workload " + args.baseline +
                " is about: no policy's `when` or `select` says workload.namespace == ... && "
                "workload.name == ... (learn emit writes them)");
  }

  std::string error;
  learner::SqliteStore::Options options;
  options.create = false;
  auto store = learner::SqliteStore::Open(args.db, options, &error);
  std::vector<learner::WorkloadSummary> summaries;
  if (store == nullptr || !store->Summaries(&summaries, &error)) return Fail(error);
  const learner::WorkloadSummary* newest = nullptr;
  std::vector<const learner::WorkloadSummary*> all;
  for (const learner::WorkloadSummary& s : summaries) {
    if (!SameWorkload(w, s.ref)) continue;
    all.push_back(&s);
    if (newest == nullptr || s.last_seen > newest->last_seen ||
        (s.last_seen == newest->last_seen && s.ref.version > newest->ref.version)) {
      newest = &s;
    }
  }
  const int versions = static_cast<int>(all.size());
  std::string who = w.namespace_name + "/" + (w.name.empty() ? w.pod : w.name) +
                    (w.container.empty() ? "" : " (container " + w.container + ")");
  if (newest == nullptr) {
    return Fail("the store " + args.db + " has no observations of " + who +
                ": ingest its history first (rampart learn ingest)");
  }
  if (args.version != "newest") {
    std::string wanted = args.version == "baseline" ? w.image_digest : args.version;
    if (wanted.empty()) {
      return Fail(args.baseline + " names no image version (container.image_digest == ...): "
                  "give --version VERSION, or leave --version out to compare with the newest");
    }
    std::vector<const learner::WorkloadSummary*> matching;
    for (const learner::WorkloadSummary* s : all) {
      const std::string& v = s->ref.version;
      bool exact = v == wanted;
      bool prefix = v.rfind(wanted, 0) == 0 || v.rfind("sha256:" + wanted, 0) == 0;
      if (exact) {
        matching = {s};
        break;
      }
      if (prefix) matching.push_back(s);
    }
    if (matching.size() != 1) {
      std::string known;
      for (const learner::WorkloadSummary* s : all) known += "\n  " + s->ref.version;
      return Fail(std::string(matching.empty() ? "no" : "more than one") + " version of " + who +
                  " in " + args.db + " is " + wanted + "; the store has:" + known);
    }
    newest = matching[0];
  }

  // The store's side is what `learn emit` would write now, read back the same way.
  std::vector<learner::StoredObservation> observations;
  learner::PodFlowJoin join;
  if (!join.Load(store.get(), &summaries, &error) ||
      !join.Observations(*newest, &observations, &error)) {
    return Fail(error);
  }
  learner::AddressBook addresses;
  if (!learner::LoadAddressBook(store.get(), observations, &addresses, &error)) return Fail(error);
  int rules = 0;
  std::string text = learner::EmitBaselineText(*newest, observations, &rules, &addresses);
  std::unique_ptr<driver::Compilation> now = driver::CompileSources({{"(store)", text}});
  if (now->diags.has_errors() || now->files.empty()) {
    std::fputs(source::RenderTextAll(now->diags.Sorted(), now->sources).c_str(), stderr);
    return Fail("internal error: the store's baseline for " + who + " does not check");
  }
  learner::BaselineEntries current = learner::ReadBaselineEntries(*now->files[0]);

  learner::BaselineDiff diff = learner::DiffBaselines(baseline, current);
  learner::DiffSides sides;
  sides.baseline_file = args.baseline;
  sides.workload = w;
  sides.db = args.db;
  sides.store_version = newest->ref.version;
  sides.store_versions = versions;
  sides.chosen = args.version != "newest";
  std::string out =
      args.format == "json" ? learner::DiffJson(sides, diff) : learner::DiffText(sides, diff);
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (const std::string& s : baseline.skipped) {
    std::fprintf(stderr, "rampart learn diff: not compared: %s\n", s.c_str());
  }
  // A pod-level baseline (Hubble's) compared after its flows went to the container versions
  // of the same pods: say where the "removed" peers are now.
  const learner::WorkloadSummary joined = learner::JoinedSummary(*newest, observations);
  if (joined.flows_joined_away > 0) {
    std::fprintf(stderr,
                 "rampart learn diff: note: %lld flows of these pods are in the baselines of the "
                 "container versions that ran in them (learn emit writes those files)\n",
                 static_cast<long long>(joined.flows_joined_away));
  }
  return diff.empty() ? 0 : 1;
}

}  // namespace rampart::cli
