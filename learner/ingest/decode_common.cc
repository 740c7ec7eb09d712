// Pieces shared by the importers: RFC 3339 times and label lists.

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "learner/ingest/decoded_document.h"
#include "learner/ingest/json_fields.h"

namespace rampart::learner {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void AddLabel(Labels* out, std::string_view key, std::string_view value) {
  out->emplace_back(std::string(key), std::string(value));
}

// Cilium identity labels are "source:key=value". Pod labels come from the "k8s" source;
// io.cilium.k8s.* (namespace labels, policy cluster, service account) and
// io.kubernetes.pod.namespace describe something else. Reserved identities (world, host,
// health, ...) are kept whole: they are the only identity such a peer has.
void AddCiliumLabel(Labels* out, std::string_view label) {
  if (label.rfind("reserved:", 0) == 0) {
    AddLabel(out, label, "");
    return;
  }
  size_t colon = label.find(':');
  std::string_view source =
      colon == std::string_view::npos ? std::string_view() : label.substr(0, colon);
  std::string_view kv = colon == std::string_view::npos ? label : label.substr(colon + 1);
  if (!source.empty() && source != "k8s" && source != "container") return;
  size_t eq = kv.find('=');
  std::string_view key = kv.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1);
  if (key.rfind("io.cilium.k8s.", 0) == 0 || key == "io.kubernetes.pod.namespace") return;
  AddLabel(out, key, value);
}

// Falco prints k8s.pod.labels as "key:value, key:value" (sometimes in brackets).
void AddFalcoLabels(Labels* out, std::string_view text) {
  if (!text.empty() && text.front() == '[') text.remove_prefix(1);
  if (!text.empty() && text.back() == ']') text.remove_suffix(1);
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    size_t sep = item.find(':');
    AddLabel(out, item.substr(0, sep),
             sep == std::string_view::npos ? std::string_view() : item.substr(sep + 1));
  }
}

}  // namespace

bool ParseRfc3339(std::string_view s, long long* out) {
  int y, mo, d, h, mi, sec;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  size_t pos = 19;
  long long nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (int i = std::min(digits, 9); i < 9; ++i) nanos *= 10;
  }
  long long offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &om)) {
      return false;
    }
    offset_seconds = (oh * 3600LL + om * 60LL) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != s.size()) return false;
  long long seconds =
      DaysFromCivil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - offset_seconds;
  // Nanoseconds since 1970 in 64 bits reach from 1677-09-21 to 2262-04-11: outside, the
  // product would overflow (found by tests/fuzz/learner_fuzzer.cc).
  constexpr long long kMaxSeconds = 9223372035LL;
  if (seconds > kMaxSeconds || seconds < -kMaxSeconds) return false;
  *out = seconds * 1000000000LL + nanos;
  return true;
}

void ReadLabels(const EventOrigin& origin, Labels* out) {
  out->clear();
  switch (origin.labels_shape) {
    case LabelsShape::kNone:
      break;
    case LabelsShape::kObject:
    case LabelsShape::kFalcoText: {
      simdjson::dom::object o;
      if (origin.labels_json.get(o) == simdjson::SUCCESS) {
        for (auto [k, v] : o) AddLabel(out, k, json::Str(v));
      } else if (origin.labels_shape == LabelsShape::kFalcoText) {
        AddFalcoLabels(out, json::Str(origin.labels_json));
      }
      break;
    }
    case LabelsShape::kPairs:
      for (const auto& [k, v] : origin.label_pairs) AddLabel(out, k, v);
      break;
    case LabelsShape::kCiliumList: {
      simdjson::dom::array a;
      if (origin.labels_json.get(a) == simdjson::SUCCESS) {
        for (auto v : a) AddCiliumLabel(out, json::Str(v));
      }
      break;
    }
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace rampart::learner

namespace rampart::learner {

std::string PeerLabelsText(const Labels& labels, std::string_view kind) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (IsPerReplicaLabel(k, kind)) continue;
    if (!out.empty()) out += ',';
    out += k;
    if (!v.empty() || k.rfind("reserved:", 0) != 0) {
      out += '=';
      out += v;
    }
  }
  return out;
}

void AddPeerAddress(const PeerFacts& peer, const Behaviour& b, DecodedDocument* doc) {
  if (peer.ip.empty() || peer.pod.empty() || peer.namespace_name.empty() || !peer.service.empty())
    return;
  AddressSeen a;
  a.ip = peer.ip;
  a.namespace_name = peer.namespace_name;
  a.workload = b.peer_workload;
  a.pod = peer.pod;
  a.labels = b.peer_labels;
  doc->addresses.push_back(a);
}

bool IsPodAddress(std::string_view ip) {
  if (ip.empty() || ip.size() >= INET6_ADDRSTRLEN) return false;
  char text[INET6_ADDRSTRLEN];
  std::memcpy(text, ip.data(), ip.size());
  text[ip.size()] = '\0';
  unsigned char v4[4];
  if (inet_pton(AF_INET, text, v4) == 1) {
    if (v4[0] == 127 || v4[0] == 0) return false;          // loopback, "this network"
    if (v4[0] == 169 && v4[1] == 254) return false;         // link-local
    if (v4[0] >= 224) return false;                         // multicast, reserved, broadcast
    return true;
  }
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text, v6) != 1) return false;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6, kMapped, sizeof kMapped) == 0) {
    const unsigned char* a = v6 + 12;  // ::ffff:a.b.c.d is the IPv4 address
    return !(a[0] == 127 || a[0] == 0 || (a[0] == 169 && a[1] == 254) || a[0] >= 224);
  }
  bool zero_prefix = std::all_of(v6, v6 + 15, [](unsigned char c) { return c == 0; });
  if (zero_prefix && (v6[15] == 0 || v6[15] == 1)) return false;  // ::, ::1
  if (v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80) return false;      // fe80::/10
  if (v6[0] == 0xff) return false;                                // multicast
  return true;
}

void AddOwnAddress(std::string_view ip, DecodedDocument* doc) {
  if (ip.empty()) return;
  AddressSeen own;
  own.ip = ip;
  own.origin = 0;
  doc->addresses.push_back(own);
}

void FillPeer(const PeerFacts& peer, DecodedDocument* doc, Behaviour* b) {
  std::string kind(peer.owner_kind), name(peer.owner_name), rule;
  if ((kind.empty() || name.empty()) && !peer.pod.empty())
    DeriveOwner(peer.pod, &peer.labels, &kind, &name, &rule);
  std::string labels = PeerLabelsText(peer.labels, kind);
  b->peer_namespace = peer.namespace_name;
  if (!name.empty()) b->peer_workload = doc->Own(kind.empty() ? name : kind + "/" + name);
  if (!labels.empty()) b->peer_labels = doc->Own(std::move(labels));
  if (!peer.service.empty()) {
    bool qualified =
        peer.service.find('/') != std::string_view::npos || peer.namespace_name.empty();
    b->peer_service =
        qualified ? peer.service
                  : doc->Own(std::string(peer.namespace_name) + "/" + std::string(peer.service));
  }
  b->peer_dns = peer.dns;
  // An address matters only for peers outside the known workloads (the world, the host):
  // pods change addresses, their identity does not.
  bool known = !peer.namespace_name.empty() || !b->peer_workload.empty();
  if (!known) b->peer_ip = peer.ip;
  b->peer_address = peer.ip;
}

std::string_view AccessFromFlags(std::string_view flags) {
  if (flags.find("O_RDWR") != std::string_view::npos) return "readwrite";
  if (flags.find("O_WRONLY") != std::string_view::npos) return "write";
  if (flags.find("O_RDONLY") != std::string_view::npos) return "read";
  return "";
}

}  // namespace rampart::learner
