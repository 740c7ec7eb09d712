#pragma once
// Vulnerability reports in Trivy's JSON format (`trivy image --format json`, SchemaVersion 2)
// as external data: `image_vulns(image)` returns the vulnerabilities of the image a report
// was made for, matched by any of its names (ArtifactName, RepoTags, RepoDigests), with
// Docker's defaults applied (docker.io, library/, :latest).

#include <map>
#include <string>
#include <string_view>

#include "runtime/decode/admission.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

class VulnerabilityData {
 public:
  // Adds one report. False with `error` (naming the file) on malformed input.
  bool AddTrivyReport(std::string_view json, const std::string& name, DecodeError* error);

  // The vulnerabilities of `image` as a list of Vulnerability values (id, pkg,
  // installed_version, fixed_version, severity, title, target); null when no report covers
  // the image (image_scanned() is false).
  const Value* Find(const std::string& image) const;
  size_t image_count() const { return by_image_.size(); }

  // "nginx" → "docker.io/library/nginx:latest"; digests and explicit registries kept.
  static std::string NormalizeImage(const std::string& image);

 private:
  std::map<std::string, Value> by_image_;
};

}  // namespace rampart::runtime
