#include "learner/report/status_report.h"

#include <cstdio>

#include "compiler/source/quoting.h"
#include "learner/convergence/duration.h"
#include "learner/report/reports.h"

namespace rampart::learner {
namespace {

std::string Q(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }
std::string JsonTime(long long ns) { return ns == kNoTime ? "null" : Q(TimeText(ns)); }
std::string N(int64_t v) { return std::to_string(v); }

// "2024-03-01 09:00:06" (seconds are enough in a table; JSON has the exact time).
std::string TableTime(long long ns) {
  if (ns == kNoTime) return "-";
  std::string t = TimeText(ns);
  return t.substr(0, 10) + " " + t.substr(11, 8);
}

std::string PlaneCounts(const int64_t counts[4]) {
  std::string out = "{";
  for (Plane p : kPlanes) {
    out += (p == Plane::kExec ? "" : ",") + Q(std::string(PlaneName(p))) + ":" + N(counts[int(p)]);
  }
  return out + "}";
}

std::string ReadinessJson(const WorkloadConvergence& c, const ConvergenceOptions& options) {
  const Readiness& r = c.readiness;
  std::string out =
      "{\"quiet_window\":" + Q(DurationText(options.quiet_window)) +
      ",\"quiet_window_ns\":" + N(options.quiet_window) + ",\"as_of\":" + JsonTime(r.as_of) +
      ",\"span_ns\":" + N(r.span) + ",\"last_novelty\":" + JsonTime(r.last_novelty) +
      ",\"last_novelty_plane\":" +
      (r.last_novelty == kNoTime ? "null" : Q(std::string(PlaneName(r.last_novelty_plane)))) +
      ",\"quiet_for_ns\":" + N(r.quiet_for) + ",\"ready_since\":" + JsonTime(r.ready_since) +
      ",\"lost_events\":" + N(r.lost_events) + ",\"loss_reports\":" + N(r.loss_reports) +
      ",\"reasons\":[";
  for (size_t i = 0; i < r.reasons.size(); ++i) {
    out += std::string(i == 0 ? "" : ",") + "{\"code\":" + Q(NotReadyCode(r.reasons[i].code)) +
           ",\"message\":" + Q(r.reasons[i].message) + "}";
  }
  out += "],\"summary\":" + Q(r.summary) + "}";
  return out;
}

std::string NoveltyJson(const WorkloadConvergence& c, const ConvergenceOptions& options) {
  std::string out = "{\"counted\":" + Q(CountedName(options.counted)) +
                    ",\"window\":" + Q(DurationText(options.novelty_window)) +
                    ",\"window_ns\":" + N(options.novelty_window) + ",\"untimed\":" + N(c.untimed) +
                    ",\"windows\":[";
  for (size_t i = 0; i < c.windows.size(); ++i) {
    const NoveltyWindow& w = c.windows[i];
    out += std::string(i == 0 ? "" : ",") + "{\"start\":" + JsonTime(w.start) +
           ",\"new\":" + PlaneCounts(w.added) + "}";
  }
  return out + "]}";
}

}  // namespace

std::string WorkloadDisplayName(const WorkloadRef& w) {
  std::string s = w.namespace_name.empty() ? "-" : w.namespace_name;
  s += "/" + (w.kind.empty() ? std::string("?") : w.kind) + "/" + (w.name.empty() ? "-" : w.name);
  return s;
}

std::string ShortVersion(const std::string& v) {
  if (v.rfind("sha256:", 0) == 0) return v.substr(0, 19);  // sha256: + 12 hex digits
  return v.empty() ? "-" : v;
}

std::string StatusText(const std::vector<WorkloadSummary>& workloads,
                       const std::vector<WorkloadConvergence>& convergence,
                       const std::vector<SourceRecord>& sources,
                       const ConvergenceOptions& options) {
  std::string out;
  char line[1024];
  std::snprintf(line, sizeof line,
                "%-44s %-16s %-19s %8s %5s %6s %6s %7s %7s %9s  %-19s  %-5s  %s\n", "WORKLOAD",
                "CONTAINER", "VERSION", "EVENTS", "PODS", "EXEC", "FILE", "NETWORK", "SYSCALL",
                "SPAN", "LAST NEW", "READY", "WHY");
  out += line;
  int64_t ready = 0;
  for (size_t i = 0; i < workloads.size(); ++i) {
    const WorkloadSummary& w = workloads[i];
    const Readiness& r = convergence[i].readiness;
    ready += r.ready;
    std::string span = w.first_seen == kNoTime ? "-" : DurationText(r.span);
    std::snprintf(line, sizeof line,
                  "%-44s %-16s %-19s %8lld %5lld %6lld %6lld %7lld %7lld %9s  %-19s  %-5s  %s\n",
                  WorkloadDisplayName(w.ref).c_str(),
                  w.ref.container.empty() ? "-" : w.ref.container.c_str(),
                  ShortVersion(w.ref.version).c_str(), (long long)w.events, (long long)w.replicas,
                  (long long)w.distinct[0], (long long)w.distinct[1], (long long)w.distinct[2],
                  (long long)w.distinct[3], span.c_str(), TableTime(r.last_novelty).c_str(),
                  r.ready ? "yes" : "no", r.summary.c_str());
    out += line;
    // Further reasons (a loss besides recent novelty, ...) on their own lines.
    for (size_t j = 1; j < r.reasons.size(); ++j)
      out += std::string(44 + 1 + 16 + 1 + 19, ' ') + "  also: " + r.reasons[j].message + "\n";
  }
  int64_t events = 0, bad = 0, lost = 0;
  for (const SourceRecord& s : sources) {
    events += s.events;
    bad += s.bad_lines;
    lost += s.lost_events;
  }
  out += N(int64_t(workloads.size())) + " workload versions from " + N(int64_t(sources.size())) +
         (sources.size() == 1 ? " source (" : " sources (") + N(events) + " events, " + N(bad) +
         " bad lines, " + N(lost) + " events lost by the sources)\n";
  out += N(ready) + " of " + N(int64_t(workloads.size())) +
         " ready: nothing new for the quiet window of " + DurationText(options.quiet_window) +
         " before their last event and no loss reported while learning (" +
         (options.counted == Counted::kGeneralised ? "behaviours as mining generalises them"
                                                   : "behaviours as observed, not generalised") +
         ")\n";
  return out;
}

std::string StatusJson(const std::string& db, const std::vector<WorkloadSummary>& workloads,
                       const std::vector<WorkloadConvergence>& convergence,
                       const std::vector<SourceRecord>& sources,
                       const ConvergenceOptions& options) {
  std::string out = "{\"db\":" + Q(db) + ",\"workloads\":[";
  for (size_t i = 0; i < workloads.size(); ++i) {
    const WorkloadSummary& w = workloads[i];
    const WorkloadConvergence& c = convergence[i];
    out += (i == 0 ? "" : ",") + std::string("{\"namespace\":") + Q(w.ref.namespace_name) +
           ",\"kind\":" + Q(w.ref.kind) + ",\"name\":" + Q(w.ref.name) +
           ",\"container\":" + Q(w.ref.container) + ",\"version\":" + Q(w.ref.version) +
           ",\"image\":" + Q(w.ref.image) + ",\"identity_rule\":" + Q(w.ref.rule) +
           ",\"events\":" + N(w.events) + ",\"replicas\":" + N(w.replicas) +
           ",\"first_seen\":" + JsonTime(w.first_seen) + ",\"last_seen\":" + JsonTime(w.last_seen) +
           ",\"distinct\":" + PlaneCounts(w.distinct) + ",\"observed\":" + PlaneCounts(w.observed) +
           ",\"ready\":" + (c.readiness.ready ? "true" : "false") +
           ",\"readiness\":" + ReadinessJson(c, options) +
           ",\"novelty\":" + NoveltyJson(c, options) + "}";
  }
  out += "],\"sources\":[";
  for (size_t i = 0; i < sources.size(); ++i) {
    const SourceRecord& s = sources[i];
    out += (i == 0 ? "" : ",") + std::string("{\"name\":") + Q(s.name) +
           ",\"offset\":" + N(s.offset) + ",\"lines\":" + N(s.lines) +
           ",\"events\":" + N(s.events) + ",\"bad_lines\":" + N(s.bad_lines) +
           ",\"ignored\":" + N(s.ignored) + ",\"lost\":" + N(s.lost_events) +
           ",\"first_event\":" + JsonTime(s.first_event) +
           ",\"last_event\":" + JsonTime(s.last_event) + "}";
  }
  return out + "]}\n";
}

}  // namespace rampart::learner
