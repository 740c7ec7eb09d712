// IP addresses and CIDR ranges: the Kubernetes CEL network library (ip, cidr, isIP, isCIDR,
// containsIP, containsCIDR, ...) plus rampart's string.inCidr; DNS names against names and
// patterns (matchesDns, compiler/source/dns_names.h). IPv4 and IPv6 through
// inet_pton; an IPv4 address is never inside an IPv6 range and vice versa. As in Kubernetes,
// IPv4-mapped IPv6 addresses ("::ffff:1.2.3.4") and zones are rejected.
//
// Values: net.IP is the canonical text of the address, net.CIDR "<canonical address>/<bits>"
// (host bits kept, as Kubernetes' cidr().ip() keeps them).

#include <arpa/inet.h>

#include <cstring>
#include <optional>
#include <string>

#include "compiler/source/dns_names.h"
#include "runtime/builtins/tables.h"

namespace rampart::runtime::builtins_internal {
namespace {

struct Addr {
  int family = 4;  // 4 or 6
  unsigned char bytes[16] = {};
  size_t size() const { return family == 4 ? 4 : 16; }
};

struct Prefix {
  Addr addr;
  int bits = 0;
};

std::optional<Addr> ParseIp(const std::string& s) {
  Addr a;
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), a.bytes) != 1) return std::nullopt;
    a.family = 4;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes) != 1) return std::nullopt;
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes, kMapped, 12) == 0) return std::nullopt;
  a.family = 6;
  return a;
}

std::string Format(const Addr& a) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(a.family == 4 ? AF_INET : AF_INET6, a.bytes, buf, sizeof buf);
  return buf;
}

std::optional<Prefix> ParseCidr(const std::string& s) {
  size_t slash = s.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::optional<Addr> addr = ParseIp(s.substr(0, slash));
  if (!addr) return std::nullopt;
  std::string bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || (bits.size() > 1 && bits[0] == '0')) return std::nullopt;
  int n = 0;
  for (char c : bits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > static_cast<int>(addr->size() * 8)) return std::nullopt;
  return Prefix{*addr, n};
}

std::string Format(const Prefix& p) { return Format(p.addr) + "/" + std::to_string(p.bits); }

bool Contains(const Prefix& p, const Addr& a) {
  if (p.addr.family != a.family) return false;
  int full = p.bits / 8, rest = p.bits % 8;
  if (std::memcmp(p.addr.bytes, a.bytes, full) != 0) return false;
  if (rest == 0) return true;
  unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (p.addr.bytes[full] & mask) == (a.bytes[full] & mask);
}

Value BadIp(const std::string& s) {
  return Value::Error("IP Address \"" + s + "\" parse error during conversion from string");
}
Value BadCidr(const std::string& s) {
  return Value::Error("network address \"" + s + "\" parse error during conversion from string");
}

bool IsLoopback(const Addr& a) {
  if (a.family == 4) return a.bytes[0] == 127;
  static const unsigned char kOne[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(a.bytes, kOne, 16) == 0;
}
bool IsUnspecified(const Addr& a) {
  static const unsigned char kZero[16] = {};
  return std::memcmp(a.bytes, kZero, a.size()) == 0;
}
bool IsLinkLocalUnicast(const Addr& a) {
  if (a.family == 4) return a.bytes[0] == 169 && a.bytes[1] == 254;
  return a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
}
bool IsMulticast(const Addr& a) {
  return a.family == 4 ? (a.bytes[0] & 0xf0) == 0xe0 : a.bytes[0] == 0xff;
}
// Go's net.IP.IsGlobalUnicast.
bool IsGlobalUnicast(const Addr& a) {
  static const unsigned char kBroadcast[4] = {255, 255, 255, 255};
  if (a.family == 4 && std::memcmp(a.bytes, kBroadcast, 4) == 0) return false;
  return !IsUnspecified(a) && !IsLoopback(a) && !IsMulticast(a) && !IsLinkLocalUnicast(a);
}

Value Ip(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Addr> addr = ParseIp(a[0].text());
  if (!addr) return BadIp(a[0].text());
  return Value::String(Format(*addr));
}
Value IsIp(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(ParseIp(a[0].text()).has_value());
}

template <typename Fn>
Value OnIp(const Value& v, Fn fn) {
  std::optional<Addr> addr = ParseIp(v.text());
  if (!addr) return BadIp(v.text());
  return fn(*addr);
}

Value IpFamily(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::Int(x.family); });
}
Value IpIsLoopback(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::Bool(IsLoopback(x)); });
}
Value IpIsUnspecified(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::Bool(IsUnspecified(x)); });
}
Value IpIsGlobalUnicast(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::Bool(IsGlobalUnicast(x)); });
}
Value IpIsLinkLocalUnicast(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::Bool(IsLinkLocalUnicast(x)); });
}
Value IpToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  return OnIp(a[0], [](const Addr& x) { return Value::String(Format(x)); });
}

Value Cidr(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Prefix> p = ParseCidr(a[0].text());
  if (!p) return BadCidr(a[0].text());
  return Value::String(Format(*p));
}
Value IsCidr(BuiltinArgs a, size_t, const BuiltinContext*) {
  return Value::Bool(ParseCidr(a[0].text()).has_value());
}

Value ContainsIp(const Value& cidr, const Value& ip) {
  std::optional<Prefix> p = ParseCidr(cidr.text());
  if (!p) return BadCidr(cidr.text());
  std::optional<Addr> addr = ParseIp(ip.text());
  if (!addr) return BadIp(ip.text());
  return Value::Bool(Contains(*p, *addr));
}
Value CidrContainsIp(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ContainsIp(a[0], a[1]);
}
Value CidrContainsCidr(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Prefix> p = ParseCidr(a[0].text());
  if (!p) return BadCidr(a[0].text());
  std::optional<Prefix> q = ParseCidr(a[1].text());
  if (!q) return BadCidr(a[1].text());
  return Value::Bool(q->bits >= p->bits && Contains(*p, q->addr));
}
Value CidrPrefixLength(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Prefix> p = ParseCidr(a[0].text());
  if (!p) return BadCidr(a[0].text());
  return Value::Int(p->bits);
}
Value CidrIp(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Prefix> p = ParseCidr(a[0].text());
  if (!p) return BadCidr(a[0].text());
  return Value::String(Format(p->addr));
}
Value CidrToString(BuiltinArgs a, size_t, const BuiltinContext*) {
  std::optional<Prefix> p = ParseCidr(a[0].text());
  if (!p) return BadCidr(a[0].text());
  return Value::String(Format(*p));
}
// remote_ip.inCidr("10.0.0.0/8"): the receiver is the address.
Value StringInCidr(BuiltinArgs a, size_t, const BuiltinContext*) {
  return ContainsIp(a[1], a[0]);
}

// name.matchesDns("*.example.com"); names.matchesDns(...): any of the names (elements that
// are not strings match nothing). An invalid pattern is an error, as a bad CIDR is.
Value BadDnsPattern(const std::string& pattern) {
  return Value::Error(source::DnsPatternProblem(pattern));
}
Value StringMatchesDns(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& pattern = a[1].text();
  if (!source::DnsPatternProblem(pattern).empty()) return BadDnsPattern(pattern);
  return Value::Bool(source::DnsNameMatches(pattern, a[0].text()));
}
Value ListMatchesDns(BuiltinArgs a, size_t, const BuiltinContext*) {
  const std::string& pattern = a[1].text();
  if (!source::DnsPatternProblem(pattern).empty()) return BadDnsPattern(pattern);
  for (const Value& name : a[0].list()) {
    if (name.is(ValueKind::kString) && source::DnsNameMatches(pattern, name.text())) {
      return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

}  // namespace

RAMPART_BUILTIN_TABLE(NetworkTable,
  {"ip", "s", Ip},
  {"is_ip", "s", IsIp},
  {"ip_family", "s", IpFamily},
  {"ip_is_loopback", "s", IpIsLoopback},
  {"ip_is_unspecified", "s", IpIsUnspecified},
  {"ip_is_global_unicast", "s", IpIsGlobalUnicast},
  {"ip_is_link_local_unicast", "s", IpIsLinkLocalUnicast},
  {"ip_to_string", "s", IpToString},
  {"cidr", "s", Cidr},
  {"is_cidr", "s", IsCidr},
  {"cidr_contains_ip_string", "ss", CidrContainsIp},
  {"cidr_contains_ip", "ss", CidrContainsIp},
  {"cidr_contains_cidr_string", "ss", CidrContainsCidr},
  {"cidr_contains_cidr", "ss", CidrContainsCidr},
  {"cidr_prefix_length", "s", CidrPrefixLength},
  {"cidr_ip", "s", CidrIp},
  {"cidr_to_string", "s", CidrToString},
  {"string_in_cidr", "ss", StringInCidr},
  {"string_matches_dns", "ss", StringMatchesDns},
  {"list_matches_dns", "ls", ListMatchesDns})

}  // namespace rampart::runtime::builtins_internal
