#include "learner/diff/baseline_diff.h"

#include <set>

#include "compiler/source/quoting.h"

namespace rampart::learner {
namespace {

std::string Json(const std::string& s) { return "\"" + source::JsonEscape(s) + "\""; }

std::string WorkloadText(const BaselineWorkload& w) {
  std::string s = w.namespace_name + "/" + (w.kind.empty() ? "owner" : w.kind) + "/" +
                  (w.name.empty() ? w.pod : w.name);
  if (!w.container.empty()) s += ", container " + w.container;
  return s;
}

}  // namespace

bool BaselineDiff::empty() const {
  for (const PlaneDiff& p : planes) {
    if (!p.empty()) return false;
  }
  return true;
}

BaselineDiff DiffBaselines(const BaselineEntries& baseline, const BaselineEntries& store) {
  BaselineDiff out;
  for (Plane plane : kPlanes) {
    const std::vector<BaselineEntry>& before = baseline.entries[int(plane)];
    const std::vector<BaselineEntry>& after = store.entries[int(plane)];
    PlaneDiff& d = out.planes[int(plane)];
    std::set<std::string> old_texts, new_texts;
    for (const BaselineEntry& e : before) old_texts.insert(e.text);
    for (const BaselineEntry& e : after) new_texts.insert(e.text);
    std::set<const BaselineEntry*> replaced;
    for (const BaselineEntry& n : after) {
      if (old_texts.count(n.text) != 0) {
        ++d.unchanged;
        continue;
      }
      bool allowed = false;
      for (const BaselineEntry& o : before) {
        if (Covers(o, n)) {
          allowed = true;
          replaced.insert(&o);  // still in use: not removed
        }
      }
      if (allowed) {
        ++d.covered;
        continue;
      }
      PlaneDiff::Widening w;
      w.after = &n;
      for (const BaselineEntry& o : before) {
        if (new_texts.count(o.text) == 0 && Covers(n, o)) w.before.push_back(&o);
      }
      if (w.before.empty()) {
        d.added.push_back(&n);
      } else {
        replaced.insert(w.before.begin(), w.before.end());
        d.widened.push_back(std::move(w));
      }
    }
    for (const BaselineEntry& o : before) {
      if (new_texts.count(o.text) != 0 || replaced.count(&o) != 0) continue;
      d.removed.push_back(&o);
    }
  }
  return out;
}

std::string DiffText(const DiffSides& sides, const BaselineDiff& diff) {
  std::string out = "baseline " + sides.baseline_file + ": " + WorkloadText(sides.workload);
  if (!sides.workload.image_digest.empty()) out += ", version " + sides.workload.image_digest;
  out += "\nstore    " + sides.db + ": ";
  out += sides.store_version.empty() ? std::string("flows (no container version)")
                                     : "version " + sides.store_version;
  if (sides.store_versions > 1) {
    out += sides.chosen ? " (chosen by --version, one of " : " (newest of ";
    out += std::to_string(sides.store_versions) + " versions)";
  }
  if (!sides.workload.image_digest.empty() && !sides.store_version.empty() &&
      sides.store_version != sides.workload.image_digest) {
    out += ", the image changed";
  }
  out += "\n";
  for (Plane plane : kPlanes) {
    const PlaneDiff& d = diff.planes[int(plane)];
    if (d.empty() && d.unchanged == 0 && d.covered == 0) continue;
    out += "\n" + std::string(PlaneName(plane)) + ": " + std::to_string(d.added.size()) +
           " added, " + std::to_string(d.removed.size()) + " removed, " +
           std::to_string(d.widened.size()) + " widened, " + std::to_string(d.unchanged) +
           " unchanged";
    if (d.covered > 0) out += ", " + std::to_string(d.covered) + " already allowed";
    out += "\n";
    // Under each store entry, what the store saw of it (the evidence comments emit writes).
    auto seen = [&](const BaselineEntry& e) {
      for (const std::string& line : EvidenceOf(e)) {
        out += (!line.empty() && line[0] == ' ' ? "          " : "      seen: ") + line + "\n";
      }
    };
    for (const BaselineEntry* e : d.added) {
      out += "  + " + e->text + "\n";
      seen(*e);
    }
    for (const PlaneDiff::Widening& w : d.widened) {
      out += "  ~ " + w.after->text + "\n";
      seen(*w.after);
      for (const BaselineEntry* b : w.before) out += "      was " + b->text + "\n";
    }
    for (const BaselineEntry* e : d.removed) out += "  - " + e->text + "\n";
  }
  out += diff.empty() ? "\nno differences\n" : "";
  return out;
}

std::string DiffJson(const DiffSides& sides, const BaselineDiff& diff) {
  const BaselineWorkload& w = sides.workload;
  std::string out =
      "{\"baseline\":" + Json(sides.baseline_file) +
      ",\"workload\":{\"namespace\":" + Json(w.namespace_name) + ",\"kind\":" + Json(w.kind) +
      ",\"name\":" + Json(w.name.empty() ? w.pod : w.name) + ",\"container\":" + Json(w.container) +
      ",\"version\":" + Json(w.image_digest) + "},\"db\":" + Json(sides.db) +
      ",\"store_version\":" + Json(sides.store_version) +
      ",\"store_versions\":" + std::to_string(sides.store_versions) +
      ",\"differences\":" + (diff.empty() ? "false" : "true") + ",\"planes\":{";
  bool first_plane = true;
  for (Plane plane : kPlanes) {
    const PlaneDiff& d = diff.planes[int(plane)];
    auto list = [](const std::vector<const BaselineEntry*>& entries) {
      std::string s = "[";
      for (size_t i = 0; i < entries.size(); ++i) s += (i > 0 ? "," : "") + Json(entries[i]->text);
      return s + "]";
    };
    out += std::string(first_plane ? "" : ",") + Json(std::string(PlaneName(plane))) +
           ":{\"added\":" + list(d.added) + ",\"removed\":" + list(d.removed) + ",\"widened\":[";
    for (size_t i = 0; i < d.widened.size(); ++i) {
      out += std::string(i > 0 ? "," : "") + "{\"to\":" + Json(d.widened[i].after->text) +
             ",\"from\":" + list(d.widened[i].before) + "}";
    }
    // The store's evidence for its added and widened entries, by entry text.
    std::vector<const BaselineEntry*> store_side = d.added;
    for (const PlaneDiff::Widening& w : d.widened) store_side.push_back(w.after);
    out += "],\"evidence\":{";
    for (size_t i = 0; i < store_side.size(); ++i) {
      std::vector<std::string> lines = EvidenceOf(*store_side[i]);
      out += std::string(i > 0 ? "," : "") + Json(store_side[i]->text) + ":[";
      for (size_t j = 0; j < lines.size(); ++j) out += (j > 0 ? "," : "") + Json(lines[j]);
      out += "]";
    }
    out += "},\"unchanged\":" + std::to_string(d.unchanged) +
           ",\"already_allowed\":" + std::to_string(d.covered) + "}";
    first_plane = false;
  }
  return out + "}}\n";
}

}  // namespace rampart::learner
