#pragma once
// Decoders keep only the parts of an input a policy set can read (compiler/ir/field_usage.h):
// map members it names, every entry of lists and maps it iterates, indexes or sizes, and
// whole values where it needs them. Deciding the projection gives the same decision as
// deciding the original (tests/runtime/projection_test.cc checks that on every shipped input);
// it is smaller to hold and faster to search, and JSON members that are not needed are never
// converted at all (runtime/value/json.h ParseJson with a FieldNode).

#include "compiler/ir/field_usage.h"
#include "runtime/value/value.h"

namespace rampart::runtime {

// The parts of `value` that `need` names; YAML documents go through this after parsing.
Value Project(const Value& value, const ir::FieldNode& need);

// From the field usage of a policy set (children: input variable names) to what a decoder
// must keep of a document:
// - a Kubernetes object, read as `object`, `oldObject`, `request.object`, and through its pod
//   template as `pod`; plus kind, apiVersion and metadata name/namespace, which decoding and
//   reports read;
ir::FieldNode AdmissionObjectNeeds(const ir::FieldNode& usage);
// - a manifest document: an object, a List of objects, or an AdmissionReview;
ir::FieldNode ManifestNeeds(const ir::FieldNode& usage);
// - an AdmissionReview v1;
ir::FieldNode AdmissionReviewNeeds(const ir::FieldNode& usage);
// - a runtime event or flow (its `kind`, and `direction`, which network decisions read).
ir::FieldNode EventNeeds(const ir::FieldNode& usage);

}  // namespace rampart::runtime
