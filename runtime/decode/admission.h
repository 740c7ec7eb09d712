#pragma once
// Admission inputs from real formats: an AdmissionReview v1 (JSON), or plain manifests
// (YAML or JSON, one or many documents, `kind: List` and `kubectl get -o json` lists), each
// object presented as a CREATE request. The result is the map of admission variables the
// schema declares (compiler/check/schemas/admission.schema): request, object, oldObject, pod,
// operation, namespace, userInfo.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/field_usage.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

struct AdmissionInput {
  std::string source;  // "file" or "file#index" (0-based document/item index)
  Value variables;     // map: variable name → value
};

struct DecodeError {
  std::string message;  // names the file and position
};

// The Pod a policy sees for `object`: the object itself when it is a Pod; for workloads
// (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob) its
// pod template as a Pod (metadata from the template, namespace from the workload); null for
// other kinds.
Value PodOf(const Value& object);

// Completes admission variables given by hand (a test's map literal such as
// {"object": {...}}): a missing `request`, `pod`, `operation`, `namespace` or `userInfo` is
// filled in as for a CREATE request of `object`; given variables are kept.
Value CompleteAdmissionVariables(const Value& given);

// An AdmissionReview v1 JSON document (`request` required). With `need`
// (runtime/decode/projection.h AdmissionReviewNeeds), only what a policy set reads is kept.
bool DecodeAdmissionReview(std::string_view json, const std::string& name, AdmissionInput* out,
                           DecodeError* error, const ir::FieldNode* need = nullptr);

// Manifests in YAML or JSON (JSON is YAML): every object, with List kinds expanded. With
// `need` (ManifestNeeds), only what a policy set reads is kept.
bool DecodeManifests(std::string_view text, const std::string& name,
                     std::vector<AdmissionInput>* out, DecodeError* error,
                     const ir::FieldNode* need = nullptr);

}  // namespace rampart::runtime
