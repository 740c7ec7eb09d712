// learner_generate_events FILE COUNT: writes COUNT synthetic events (tests/learner/
// event_generator.h), to measure `rampart learn ingest` throughput by hand.

#include <cstdio>
#include <cstdlib>

#include "tests/learner/event_generator.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FILE COUNT\n", argv[0]);
    return 2;
  }
  if (!rampart::learner::testing::WriteGeneratedEvents(argv[1],
                                                       std::strtoull(argv[2], nullptr, 10))) {
    std::perror(argv[1]);
    return 1;
  }
  return 0;
}
