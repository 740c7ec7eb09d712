// The schema shipped with rampart: the data files embedded at build time.

#include <cstdio>
#include <cstdlib>

#include "compiler/check/schema.h"

namespace rampart::check {

std::vector<std::pair<std::string, std::string>> EmbeddedSchemaFiles();

const Schema& Schema::Builtin() {
  static const Schema* schema = [] {
    std::string error;
    std::unique_ptr<Schema> s = Schema::Load(EmbeddedSchemaFiles(), &error);
    if (!s) {
      // The embedded files are part of the build and covered by tests; failing here means
      // a broken build, not bad user input.
      std::fprintf(stderr, "rampart: internal error: embedded schema: %s\n", error.c_str());
      std::abort();
    }
    return s.release();
  }();
  return *schema;
}

}  // namespace rampart::check
