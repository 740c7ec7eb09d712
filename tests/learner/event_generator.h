#pragma once
// Deterministic synthetic history in rampart's event format, for the crash test and for
// measuring ingest throughput: a few dozen Deployments with three replicas each, doing a
// bounded set of execs, opens, connects and syscalls with times one millisecond apart.

#include <cstdint>
#include <string>

namespace rampart::learner::testing {

// Appends event `i` (one JSON line with its newline) to `out`.
void AppendGeneratedEvent(uint64_t i, std::string* out);

// Writes `count` events to `path`. False on an I/O error.
bool WriteGeneratedEvents(const std::string& path, uint64_t count);

}  // namespace rampart::learner::testing
