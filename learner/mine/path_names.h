#pragma once
// The path knowledge file mining relies on: which names look generated (PIDs, temp files,
// hashes), which prefixes hold generated names, which prefixes are sensitive and always kept
// literal, and how version numbers in names are normalised. Pure functions, table-tested in
// tests/learner/path_trie_test.cc; docs/learner.md "File plane" lists the same tables.

#include <string>
#include <string_view>

namespace rampart::learner {

// All digits: a PID, a thread id, a counter.
bool IsNumericName(std::string_view segment);

// Looks generated: a token (split at '-', '_', '.') of 5+ characters with at least two digits
// and two letters ("tmpa8f3k", "x9f2k1"), a hex run of 8+ with a digit ("3f2a9c1b"), or a
// UUID. Words, versions ("python3.11") and short names ("x86_64") are not.
bool IsRandomName(std::string_view segment);

// How generated names are recognised under one directory.
struct PrefixRule {
  // Children of the directory that count as generated: numeric names only, or numeric and
  // random-looking names.
  bool numeric = true;
  bool random = true;
  // How many generated sibling names it takes to replace them with `*` (1: even one, for
  // /proc/PID and temp directories, where a name never comes back).
  int min_siblings = 3;
  // Distinct files (after `*`) under one directory of this tree that make it `DIR/**`.
  int many_files = 16;
  const char* why = "generated names";  // said in the evidence: "(random names)", ...
};

// The rule for the children of `dir` ("/proc", "/tmp/x", ...): /proc and /proc/PID/task
// (PIDs, always), /tmp, /var/tmp, /dev/shm and /run (temp files, always), everything else
// (3 siblings, 16 files for `**`).
PrefixRule RuleFor(std::string_view dir);

// Paths under a sensitive prefix are listed literally, never merged into a glob: /etc/shadow,
// /etc/gshadow, /etc/sudoers(.d), /root/.ssh, /home/USER/.ssh, service-account token
// directories (/var/run/secrets/..., /run/secrets/...), /etc/kubernetes, /etc/ssl/private.
bool IsSensitivePath(std::string_view path);

// `segment` with each version number (digits '.' digits ...) replaced by its major version and
// a glob: "app-1.4.2.jar" -> "app-1.*.jar", "python3.11" -> "python3.*". Glob metacharacters
// elsewhere are escaped. Sets `*changed` when a version was found.
std::string NormaliseVersions(std::string_view segment, bool* changed);

// `text` with the glob metacharacters `*`, `?`, `[`, `]` and `\` escaped by a backslash.
std::string EscapeGlob(std::string_view text);

}  // namespace rampart::learner
