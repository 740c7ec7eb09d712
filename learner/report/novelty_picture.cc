#include "learner/report/novelty_picture.h"

#include <algorithm>
#include <cstdio>

#include "learner/convergence/duration.h"
#include "learner/report/reports.h"
#include "learner/report/status_report.h"

namespace rampart::learner {
namespace {

// Plot geometry (SVG user units).
constexpr double kLeft = 70, kTop = 50, kPlotWidth = 620, kPlotHeight = 360;
constexpr double kLegendX = kLeft + kPlotWidth + 30, kLegendRow = 18;
constexpr double kWidth = kLegendX + 420;

// Ten distinguishable colours (Tableau 10); past ten, lines repeat them dashed.
constexpr const char* kColours[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
constexpr const char* kDashes[] = {"", "6 3", "2 2", "8 3 2 3"};

std::string F(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// 1, 2, 5 x 10^k at or above v.
long long NiceCeiling(long long v) {
  if (v <= 1) return 1;
  long long p = 1;
  while (p * 10 < v) p *= 10;
  for (long long m : {1LL, 2LL, 5LL, 10LL}) {
    if (m * p >= v) return m * p;
  }
  return 10 * p;
}

// A tick step from a fixed ladder giving at most `max_ticks` labels over `span`.
long long TimeStep(long long span, int max_ticks) {
  static constexpr long long kSteps[] = {
      kSecond,  2 * kSecond, 5 * kSecond, 10 * kSecond, 15 * kSecond, 30 * kSecond,
      kMinute,  2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute,
      kHour,    2 * kHour,   3 * kHour,   6 * kHour,    12 * kHour,   kDay,
      2 * kDay, 7 * kDay,    14 * kDay,   30 * kDay,    90 * kDay,    365 * kDay};
  for (long long s : kSteps) {
    if (span / s <= max_ticks) return s;
  }
  return 365 * kDay * (span / (365 * kDay * max_ticks) + 1);
}

// Tick label: the part of the UTC time that changes at this step (MM-DD at midnight).
std::string TickLabel(long long t, long long step) {
  std::string text = TimeText(t);  // 2024-03-01T09:00:06[.x]Z
  if (step >= kDay) return text.substr(0, 10);
  if (step >= kMinute) {
    // Midnight ticks name the day, so a multi-day axis says which day is which.
    return text.substr(11, 5) == "00:00" ? text.substr(5, 5) : text.substr(11, 5);
  }
  return text.substr(11, 8);
}

}  // namespace

std::string NoveltyPictureSvg(const std::vector<WorkloadSummary>& workloads,
                              const std::vector<WorkloadConvergence>& convergence,
                              const ConvergenceOptions& options) {
  long long t0 = kNoTime, t1 = kNoTime;
  int64_t top = 0;
  for (size_t i = 0; i < workloads.size(); ++i) {
    const WorkloadConvergence& c = convergence[i];
    if (c.curve.empty()) continue;
    long long first = c.curve.front().time;
    long long last = std::max(c.curve.back().time, workloads[i].last_seen);
    if (t0 == kNoTime || first < t0) t0 = first;
    if (t1 == kNoTime || last > t1) t1 = last;
    top = std::max(top, c.curve.back().distinct);
  }
  size_t rows = workloads.size();
  double height = std::max(kTop + kPlotHeight + 70, kTop + 30 + kLegendRow * double(rows + 1));
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + F(kWidth) +
                    "\" height=\"" + F(height) + "\" viewBox=\"0 0 " + F(kWidth) + " " + F(height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                    "<text x=\"" +
                    F(kLeft) +
                    "\" y=\"24\" font-size=\"15\">Distinct behaviours over time (cumulative, " +
                    CountedName(options.counted) + ")</text>\n";
  out += "<text x=\"" + F(kLeft) + "\" y=\"40\" fill=\"#555\">quiet window " +
         DurationText(options.quiet_window) +
         "; filled marker: ready from then on; hollow marker: last event, not ready</text>\n";
  if (t0 == kNoTime) {
    out += "<text x=\"" + F(kLeft) + "\" y=\"" + F(kTop + 40) +
           "\">No behaviour with a time: nothing to draw.</text>\n</svg>\n";
    return out;
  }
  if (t1 <= t0) t1 = t0 + kSecond;
  long long ymax = NiceCeiling(top);
  auto X = [&](long long t) { return kLeft + kPlotWidth * double(t - t0) / double(t1 - t0); };
  auto Y = [&](int64_t v) { return kTop + kPlotHeight - kPlotHeight * double(v) / double(ymax); };

  // Axes, grid and labels.
  out += "<g stroke=\"#333\" fill=\"none\">\n<path d=\"M" + F(kLeft) + " " + F(kTop) + "V" +
         F(kTop + kPlotHeight) + "H" + F(kLeft + kPlotWidth) + "\"/>\n</g>\n";
  out += "<g fill=\"#333\" text-anchor=\"end\">\n";
  long long ystep = NiceCeiling((ymax + 4) / 5);
  for (long long v = 0; v <= ymax; v += ystep) {
    out += "<line x1=\"" + F(kLeft) + "\" y1=\"" + F(Y(v)) + "\" x2=\"" + F(kLeft + kPlotWidth) +
           "\" y2=\"" + F(Y(v)) + "\" stroke=\"#e5e5e5\"/>\n";
    out += "<text x=\"" + F(kLeft - 6) + "\" y=\"" + F(Y(v) + 4) + "\">" + std::to_string(v) +
           "</text>\n";
  }
  out += "</g>\n<g fill=\"#333\" text-anchor=\"middle\">\n";
  long long step = TimeStep(t1 - t0, 7);
  long long first_tick = (t0 / step + (t0 % step != 0 ? 1 : 0)) * step;
  for (long long t = first_tick; t <= t1; t += step) {
    out += "<line x1=\"" + F(X(t)) + "\" y1=\"" + F(kTop + kPlotHeight) + "\" x2=\"" + F(X(t)) +
           "\" y2=\"" + F(kTop + kPlotHeight + 5) + "\" stroke=\"#333\"/>\n";
    out += "<text x=\"" + F(X(t)) + "\" y=\"" + F(kTop + kPlotHeight + 19) + "\">" +
           TickLabel(t, step) + "</text>\n";
  }
  out += "</g>\n<text x=\"" + F(kLeft + kPlotWidth / 2) + "\" y=\"" + F(kTop + kPlotHeight + 40) +
         "\" text-anchor=\"middle\" fill=\"#333\">time (UTC), " + TimeText(t0) + " .. " +
         TimeText(t1) + "</text>\n";
  out += "<text transform=\"translate(18 " + F(kTop + kPlotHeight / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">distinct behaviours</text>\n";

  // One step line per workload version, with its legend row.
  out += "<text x=\"" + F(kLegendX) + "\" y=\"" + F(kTop) + "\" font-weight=\"bold\">workload " +
         "version (distinct, ready)</text>\n";
  for (size_t i = 0; i < workloads.size(); ++i) {
    const WorkloadSummary& w = workloads[i];
    const WorkloadConvergence& c = convergence[i];
    const Readiness& r = c.readiness;
    std::string colour = kColours[i % 10];
    std::string dash = kDashes[(i / 10) % 4];
    std::string stroke =
        "stroke=\"" + colour + "\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"");
    std::string name = WorkloadDisplayName(w.ref) +
                       (w.ref.container.empty() ? "" : " " + w.ref.container) + " " +
                       ShortVersion(w.ref.version);
    double ly = kTop + kLegendRow * double(i + 1);
    out += "<g>\n<title>" + Xml(name + ": " + r.summary) + "</title>\n";
    out += "<line x1=\"" + F(kLegendX) + "\" y1=\"" + F(ly - 4) + "\" x2=\"" + F(kLegendX + 24) +
           "\" y2=\"" + F(ly - 4) + "\" stroke-width=\"2\" " + stroke + "/>\n";
    int64_t total = c.curve.empty() ? c.untimed : c.curve.back().distinct;
    out += "<text x=\"" + F(kLegendX + 30) + "\" y=\"" + F(ly) + "\">" + Xml(name) + " (" +
           std::to_string(total) + ", " + (r.ready ? "ready" : "not ready") + ")</text>\n";
    if (!c.curve.empty()) {
      std::string d = "M" + F(X(c.curve.front().time)) + " " + F(Y(0));
      for (const CurvePoint& p : c.curve) d += "H" + F(X(p.time)) + "V" + F(Y(p.distinct));
      long long end = std::max(c.curve.back().time, w.last_seen);
      d += "H" + F(X(end));
      out += "<path d=\"" + d + "\" fill=\"none\" stroke-width=\"2\" " + stroke + "/>\n";
      double my = Y(c.curve.back().distinct);
      if (r.ready) {
        out += "<circle cx=\"" + F(X(r.ready_since)) + "\" cy=\"" + F(my) + "\" r=\"4\" fill=\"" +
               colour + "\"/>\n";
      } else {
        out += "<circle cx=\"" + F(X(end)) + "\" cy=\"" + F(my) + "\" r=\"4\" fill=\"white\" " +
               "stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
      }
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace rampart::learner
