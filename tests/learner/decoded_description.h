#pragma once
// Everything a decoded learner document carries (learner/ingest/decoded_document.h), as
// text: what the fast-path test and the learner fuzzer compare between ingest's two paths.

#include <string>

#include "learner/ingest/decoded_document.h"

namespace rampart::learner {

std::string DescribeDecoded(const DecodedDocument& d);

}  // namespace rampart::learner
