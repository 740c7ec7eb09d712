#pragma once
// Deterministic synthetic history in rampart's event format, for the crash test and for
// measuring ingest throughput: a few dozen Deployments with three replicas each, doing a
// bounded set of execs, opens, connects and syscalls with times one millisecond apart.

#include <cstdint>
#include <string>

namespace rampart::learner::testing {

// Appends event `i` (one JSON line with its newline) to `out`.
void AppendGeneratedEvent(uint64_t i, std::string* out);

// A history with many more distinct behaviours, for measuring mining over a large store:
// 40 Deployments (one replica per node of 3) whose opens spread over about 8,000 paths each
// (`/proc/PID/stat` for 1,000 PIDs, `/tmp/upload-HASH.tmp` for 5,000 names,
// `/srv/www/dN/fM.html` for 2,000 pages, a few config files), 24 executables, 60 peers on 4
// ports and 40 syscalls. Appends event `i` (one JSON line with its newline).
void AppendVariedEvent(uint64_t i, std::string* out);

// Writes `count` events to `path`. False on an I/O error.
bool WriteGeneratedEvents(const std::string& path, uint64_t count);

}  // namespace rampart::learner::testing
