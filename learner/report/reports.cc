#include "learner/report/reports.h"

#include <cstdio>
#include <ctime>

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

std::string Q(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

std::string JsonTime(long long ns) { return ns == kNoTime ? "null" : Q(TimeText(ns)); }

std::string N(int64_t v) { return std::to_string(v); }

std::string Span(long long first, long long last) {
  if (first == kNoTime) return "no times";
  return TimeText(first) + " .. " + TimeText(last);
}

}  // namespace

std::string TimeText(long long ns) {
  if (ns == kNoTime) return "";
  long long secs = ns / 1000000000LL, frac = ns % 1000000000LL;
  if (frac < 0) {
    frac += 1000000000LL;
    --secs;
  }
  time_t t = time_t(secs);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string s = buf;
  if (frac != 0) {
    char f[16];
    std::snprintf(f, sizeof f, ".%09lld", frac);
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    s += fs;
  }
  return s + "Z";
}

std::string IngestReportText(const std::vector<FileReport>& files) {
  std::string out;
  for (const FileReport& f : files) {
    out += f.name + ": " + f.status;
    if (f.status == "failed") {
      out += ": " + f.error + "\n";
      if (f.documents == 0) continue;
    } else {
      out += "\n";
    }
    if (f.status == "empty") continue;
    if (f.resumed_from > 0) out += "  resumed at byte " + N(f.resumed_from) + "\n";
    if (f.status == "already ingested") continue;
    out += "  " + N(f.documents) + " documents (" + N(f.bytes) + " bytes" +
           (f.compressed ? ", gzip" : "") + "): " + N(f.events) + " events, " + N(f.bad_lines) +
           " bad, " + N(f.ignored) + " ignored, " + N(f.lost) + " lost by the source\n";
    out += "  behaviours:";
    for (Plane p : kPlanes) out += " " + std::string(PlaneName(p)) + " " + N(f.behaviours[int(p)]);
    out += "\n  time span: " + Span(f.first_time, f.last_time) + "\n";
    if (!f.formats.empty()) {
      out += "  formats:";
      for (const auto& [name, n] : f.formats) out += " " + name + " " + N(n);
      out += "\n";
    }
    for (const auto& [reason, n] : f.ignored_reasons)
      out += "  ignored " + N(n) + ": " + reason + "\n";
    for (const BadLine& b : f.bad_line_samples)
      out += "  line " + N(b.line) + ": " + b.reason + "\n";
    if (f.bad_lines > int64_t(f.bad_line_samples.size())) {
      out +=
          "  ... and " + N(f.bad_lines - int64_t(f.bad_line_samples.size())) + " more bad lines\n";
    }
    if (f.incomplete_tail > 0) {
      out += "  the last line is unfinished (" + N(f.incomplete_tail) +
             " bytes): left for the next run\n";
    }
  }
  return out;
}

std::string IngestReportJson(const std::string& db, const std::vector<FileReport>& files) {
  std::string out = "{\"db\":" + Q(db) + ",\"files\":[";
  for (size_t i = 0; i < files.size(); ++i) {
    const FileReport& f = files[i];
    if (i > 0) out += ",";
    out += "{\"name\":" + Q(f.name) + ",\"status\":" + Q(f.status);
    if (!f.error.empty()) out += ",\"error\":" + Q(f.error);
    out += ",\"compressed\":" + std::string(f.compressed ? "true" : "false") +
           ",\"resumed_from\":" + N(f.resumed_from) + ",\"bytes\":" + N(f.bytes) +
           ",\"documents\":" + N(f.documents) + ",\"events\":" + N(f.events) +
           ",\"bad_lines\":" + N(f.bad_lines) + ",\"ignored\":" + N(f.ignored) +
           ",\"lost\":" + N(f.lost) + ",\"behaviours\":{";
    for (Plane p : kPlanes) {
      out += (p == Plane::kExec ? "" : ",") + Q(std::string(PlaneName(p))) + ":" +
             N(f.behaviours[int(p)]);
    }
    out += "},\"first_time\":" + JsonTime(f.first_time) +
           ",\"last_time\":" + JsonTime(f.last_time) + ",\"formats\":{";
    bool first = true;
    for (const auto& [name, n] : f.formats) {
      out += (first ? "" : ",") + Q(name) + ":" + N(n);
      first = false;
    }
    out += "},\"ignored_reasons\":{";
    first = true;
    for (const auto& [reason, n] : f.ignored_reasons) {
      out += (first ? "" : ",") + Q(reason) + ":" + N(n);
      first = false;
    }
    out += "},\"bad_line_samples\":[";
    for (size_t j = 0; j < f.bad_line_samples.size(); ++j) {
      const BadLine& b = f.bad_line_samples[j];
      out += (j == 0 ? "" : ",") + std::string("{\"line\":") + N(b.line) +
             ",\"offset\":" + N(b.offset) + ",\"reason\":" + Q(b.reason) + "}";
    }
    out += "],\"incomplete_tail\":" + N(f.incomplete_tail) +
           ",\"source\":{\"offset\":" + N(f.totals.offset) + ",\"lines\":" + N(f.totals.lines) +
           ",\"events\":" + N(f.totals.events) + ",\"bad_lines\":" + N(f.totals.bad_lines) +
           ",\"lost\":" + N(f.totals.lost_events) + "}}";
  }
  return out + "]}\n";
}

}  // namespace rampart::learner
