#pragma once
// Text and JSON renderings of what `rampart learn ingest` prints (status: status_report.h).
// The JSON shapes are documented in docs/learner.md (other tools read them).

#include <string>
#include <vector>

#include "learner/ingest/ingester.h"
#include "learner/store/behaviour_store.h"

namespace rampart::learner {

std::string IngestReportText(const std::vector<FileReport>& files);
std::string IngestReportJson(const std::string& db, const std::vector<FileReport>& files);

// RFC 3339 UTC text with nanoseconds trimmed to what is non-zero ("" for kNoTime).
std::string TimeText(long long ns);

}  // namespace rampart::learner
