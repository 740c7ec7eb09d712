#include "learner/mine/path_names.h"

#include <cctype>
#include <vector>

namespace rampart::learner {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// `path` is `prefix` or lies under it.
bool Under(std::string_view path, std::string_view prefix) {
  return StartsWith(path, prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool IsRandomToken(std::string_view t) {
  int digits = 0, letters = 0;
  bool hex = true;
  for (char c : t) {
    digits += IsDigit(c);
    letters += IsLetter(c);
    hex = hex && IsHex(c);
  }
  if (t.size() >= 5 && digits >= 2 && letters >= 2) return true;
  return t.size() >= 8 && hex && digits > 0;
}

}  // namespace

bool IsNumericName(std::string_view segment) {
  if (segment.empty()) return false;
  for (char c : segment) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsRandomName(std::string_view segment) {
  size_t start = 0;
  for (size_t i = 0; i <= segment.size(); ++i) {
    if (i == segment.size() || segment[i] == '-' || segment[i] == '_' || segment[i] == '.') {
      if (IsRandomToken(segment.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  return false;
}

PrefixRule RuleFor(std::string_view dir) {
  PrefixRule r;
  // /proc/PID and /proc/PID/task/TID: a process id never comes back, one is enough.
  bool proc_task =
      StartsWith(dir, "/proc/") && dir.size() > 5 && dir.substr(dir.size() - 5) == "/task";
  if (dir == "/proc" || proc_task) {
    r.random = false;
    r.min_siblings = 1;
    r.why = "process ids";
    return r;
  }
  for (std::string_view temp : {"/tmp", "/var/tmp", "/dev/shm", "/run"}) {
    if (Under(dir, temp)) {
      r.min_siblings = 1;
      r.many_files = 8;
      r.why = "random names";
      return r;
    }
  }
  return r;
}

bool IsSensitivePath(std::string_view path) {
  static const char* const kPrefixes[] = {
      "/etc/shadow",     "/etc/gshadow",         "/etc/sudoers", "/etc/sudoers.d",
      "/etc/kubernetes", "/etc/ssl/private",     "/root/.ssh",   "/var/run/secrets",
      "/run/secrets",    "/var/lib/kubelet/pods"};
  for (const char* p : kPrefixes) {
    if (Under(path, p)) return true;
  }
  // /home/USER/.ssh
  if (StartsWith(path, "/home/")) {
    size_t slash = path.find('/', 6);
    if (slash != std::string_view::npos && Under(path.substr(slash), "/.ssh")) return true;
  }
  return false;
}

std::string EscapeGlob(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string NormaliseVersions(std::string_view s, bool* changed) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    // A version: digits ('.' digits)+, not glued to a longer run of digits or dots before it.
    if (IsDigit(s[i]) && (i == 0 || (!IsDigit(s[i - 1]) && s[i - 1] != '.'))) {
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      size_t major_end = j;
      int parts = 1;
      while (j + 1 < s.size() && s[j] == '.' && IsDigit(s[j + 1])) {
        ++j;
        while (j < s.size() && IsDigit(s[j])) ++j;
        ++parts;
      }
      if (parts >= 2) {
        out += EscapeGlob(s.substr(i, major_end - i));
        out += ".*";
        *changed = true;
        i = j;
        continue;
      }
      out += EscapeGlob(s.substr(i, major_end - i));
      i = major_end;
      continue;
    }
    out += EscapeGlob(s.substr(i, 1));
    ++i;
  }
  return out;
}

}  // namespace rampart::learner
