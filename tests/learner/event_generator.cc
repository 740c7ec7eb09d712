#include "tests/learner/event_generator.h"

#include <cstdio>

namespace rampart::learner::testing {
namespace {

constexpr const char* kSyscalls[] = {"read",   "write",         "openat",     "close",
                                     "mmap",   "futex",         "epoll_wait", "recvfrom",
                                     "sendto", "clock_gettime", "getpid",     "fstat"};

// A small deterministic mixer, so the sequence never depends on the C library.
uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace

void AppendGeneratedEvent(uint64_t i, std::string* out) {
  uint64_t r = Mix(i + 1);
  unsigned app = unsigned(r % 40), replica = unsigned((r >> 8) % 3),
           pick = unsigned((r >> 16) % 1000);
  static const char* kHashes[] = {"6d8f7b9c4d", "5b7c9d8f6d", "7f9c8d6b5c"};
  static const char* kSuffixes[] = {"abcde", "fghjk", "mnpqr"};
  char head[512];
  long long time = 1709280000000000000LL + (long long)i * 1000000LL;
  int n = std::snprintf(
      head, sizeof head,
      "{\"time\": %lld, \"node\": \"node-%u\", \"container\": {\"name\": \"app\", \"image\": "
      "\"registry.acme.example/app%u:1.0\", \"image_digest\": \"sha256:%016llx\"}, \"workload\": "
      "{\"namespace\": \"ns%u\", \"pod\": \"app%u-%s-%s\", \"labels\": {\"app\": \"app%u\", "
      "\"pod-template-hash\": \"%s\"}}, ",
      time, replica, app, (unsigned long long)Mix(app), app % 5, app, kHashes[app % 3],
      kSuffixes[replica], app, kHashes[app % 3]);
  out->append(head, size_t(n));
  char body[256];
  unsigned kind = unsigned((r >> 32) % 10);
  if (kind < 2) {
    n = std::snprintf(
        body, sizeof body,
        "\"kind\": \"exec\", \"proc\": {\"exe\": \"/usr/bin/tool%u\", \"name\": \"tool%u\"}, "
        "\"parent\": {\"exe\": \"/usr/bin/app\"}}\n",
        pick % 8, pick % 8);
  } else if (kind < 6) {
    n = std::snprintf(
        body, sizeof body,
        "\"kind\": \"open\", \"proc\": {\"exe\": \"/usr/bin/app\"}, \"path\": \"/srv/data/f%u\", "
        "\"flags\": [\"O_RDONLY\"]}\n",
        pick % 60);
  } else if (kind < 8) {
    n = std::snprintf(
        body, sizeof body,
        "\"kind\": \"connect\", \"proc\": {\"exe\": \"/usr/bin/app\"}, \"protocol\": \"tcp\", "
        "\"remote_ip\": \"10.0.%u.%u\", \"remote_port\": %u, \"peer\": {\"namespace\": \"db\", "
        "\"kind\": \"StatefulSet\", \"name\": \"db%u\"}}\n",
        pick % 7, pick % 200, 5432 + pick % 4, pick % 4);
  } else {
    n = std::snprintf(body, sizeof body,
                      "\"kind\": \"syscall\", \"syscall\": {\"name\": \"%s\"}}\n",
                      kSyscalls[pick % 12]);
  }
  out->append(body, size_t(n));
}

void AppendVariedEvent(uint64_t i, std::string* out) {
  uint64_t r = Mix(i + 0x9e3779b97f4a7c15ULL);
  unsigned app = unsigned(r % 40), node = unsigned((r >> 8) % 3);
  uint64_t pick = Mix(r) % 1000000;
  static const char* kSuffixes[] = {"bcdfg", "hjklm", "npqrs"};
  char head[512];
  long long time = 1709280000000000000LL + (long long)i * 1000000LL;
  int n = std::snprintf(
      head, sizeof head,
      "{\"time\": %lld, \"node\": \"node-%u\", \"container\": {\"name\": \"app\", \"image\": "
      "\"registry.acme.example/web%u:2.1\", \"image_digest\": \"sha256:%016llx\"}, \"workload\": "
      "{\"namespace\": \"web%u\", \"kind\": \"Deployment\", \"name\": \"web%u\", \"pod\": "
      "\"web%u-5b7c9d8f6d-%s\", \"labels\": {\"app\": \"web%u\"}}, ",
      time, node, app, (unsigned long long)Mix(app + 100), app % 8, app, app, kSuffixes[node], app);
  out->append(head, size_t(n));
  char body[320];
  unsigned kind = unsigned((r >> 32) % 10);
  if (kind < 1) {
    n = std::snprintf(body, sizeof body,
                      "\"kind\": \"exec\", \"proc\": {\"exe\": \"/usr/local/bin/tool%u\"}, "
                      "\"parent\": {\"exe\": \"/usr/local/bin/web\"}}\n",
                      unsigned(pick % 24));
  } else if (kind < 7) {
    unsigned which = unsigned(pick % 100);
    char path[96];
    if (which < 30)
      std::snprintf(path, sizeof path, "/proc/%u/stat", unsigned(1000 + (pick / 100) % 1000));
    else if (which < 60)
      std::snprintf(path, sizeof path, "/tmp/upload-%08llx.tmp",
                    (unsigned long long)(Mix((pick / 100) % 5000) & 0xffffffffULL));
    else if (which < 95)
      std::snprintf(path, sizeof path, "/srv/www/d%u/f%u.html", unsigned((pick / 100) % 20),
                    unsigned((pick / 2000) % 100));
    else
      std::snprintf(path, sizeof path, "/etc/web/conf%u.yaml", unsigned(pick % 5));
    n = std::snprintf(body, sizeof body,
                      "\"kind\": \"open\", \"proc\": {\"exe\": \"/usr/local/bin/web\"}, "
                      "\"path\": \"%s\", \"access\": \"%s\"}\n",
                      path,
                      which < 30   ? "read"
                      : which < 60 ? "write"
                                   : "read");
  } else if (kind < 8) {
    n = std::snprintf(
        body, sizeof body,
        "\"kind\": \"connect\", \"proc\": {\"exe\": \"/usr/local/bin/web\"}, \"protocol\": "
        "\"tcp\", \"remote_ip\": \"10.1.%u.%u\", \"remote_port\": %u, \"peer\": {\"namespace\": "
        "\"svc%u\", \"kind\": \"Deployment\", \"name\": \"svc%u\"}}\n",
        unsigned(pick % 60), unsigned(pick % 250), 8080 + unsigned(pick % 4), unsigned(pick % 60),
        unsigned(pick % 60));
  } else {
    n = std::snprintf(body, sizeof body,
                      "\"kind\": \"syscall\", \"syscall\": {\"name\": \"sys%u\"}}\n",
                      unsigned(pick % 40));
  }
  out->append(body, size_t(n));
}

bool WriteGeneratedEvents(const std::string& path, uint64_t count) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  std::string chunk;
  bool ok = true;
  for (uint64_t i = 0; i < count && ok; ++i) {
    AppendGeneratedEvent(i, &chunk);
    if (chunk.size() > (1u << 20)) {
      ok = std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
      chunk.clear();
    }
  }
  if (ok && !chunk.empty()) ok = std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace rampart::learner::testing
