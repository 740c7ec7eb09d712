#include "compiler/check/constant_arguments.h"

#include <arpa/inet.h>

#include <cctype>

#include "compiler/check/expr_checker.h"
#include "compiler/source/dns_names.h"
#include "re2/re2.h"

namespace rampart::check {

std::string RegexProblem(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (re.ok()) return "";
  return "invalid regular expression: " + re.error() + " (rampart uses RE2 syntax)";
}

std::string IpProblem(const std::string& ip) {
  unsigned char buf[16];
  if (inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1) {
    return "";
  }
  return "'" + ip + "' is not an IPv4 or IPv6 address";
}

std::string CidrProblem(const std::string& cidr) {
  size_t slash = cidr.find('/');
  std::string what = "'" + cidr + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8";
  if (slash == std::string::npos || slash + 1 >= cidr.size() || slash + 4 < cidr.size()) return what;
  std::string addr = cidr.substr(0, slash);
  unsigned char buf[16];
  int max_bits;
  if (inet_pton(AF_INET, addr.c_str(), buf) == 1) {
    max_bits = 32;
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    max_bits = 128;
  } else {
    return what;
  }
  int bits = 0;
  for (size_t i = slash + 1; i < cidr.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(cidr[i]))) return what;
    bits = bits * 10 + (cidr[i] - '0');
  }
  if (bits > max_bits) return what + " (prefix longer than " + std::to_string(max_bits) + " bits)";
  return "";
}

std::string SemverProblem(const std::string& version) {
  // MAJOR.MINOR.PATCH[-pre][+build], numbers without leading zeros; a leading v is allowed.
  std::string v = !version.empty() && (version[0] == 'v' || version[0] == 'V') ? version.substr(1) : version;
  size_t end = v.find_first_of("-+");
  std::string core = v.substr(0, end);
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = core.find('.', start);
    std::string num = core.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos ||
        (num.size() > 1 && num[0] == '0')) {
      break;
    }
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (parts == 3 && std::count(core.begin(), core.end(), '.') == 2) return "";
  return "'" + version + "' is not a semantic version such as 2.17.1 or 1.0.0-rc.1";
}

std::string GlobProblem(const std::string& glob) {
  int depth = 0;
  for (size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] == '\\') {
      ++i;
    } else if (glob[i] == '[') {
      ++depth;
    } else if (glob[i] == ']' && depth > 0) {
      --depth;
    }
  }
  if (depth != 0) return "unclosed '[' in glob pattern '" + glob + "'";
  if (glob.size() >= 1 && glob.back() == '\\') return "glob pattern ends with a lone backslash";
  return "";
}

std::string DnsProblem(const std::string& pattern) { return source::DnsPatternProblem(pattern); }

void ExprChecker::CheckConstantArguments(const ast::Call& n, const std::string& function) {
  // Which argument (0 = receiver for methods) holds the constant, and its validator.
  struct Rule {
    const char* function;
    bool receiver_call;
    size_t arg;  // index into args (not counting the receiver)
    bool on_receiver;
    std::string (*check)(const std::string&);
    const char* code;
  };
  static const Rule kRules[] = {
      {"matches", false, 1, false, RegexProblem, "bad-regex"},
      {"matches", true, 0, false, RegexProblem, "bad-regex"},
      {"cidr", false, 0, false, CidrProblem, "bad-cidr"},
      {"inCidr", true, 0, false, CidrProblem, "bad-cidr"},
      {"containsIP", true, 0, false, IpProblem, "bad-ip"},
      {"containsCIDR", true, 0, false, CidrProblem, "bad-cidr"},
      {"matchesDns", true, 0, false, DnsProblem, "bad-dns"},
      {"ip", false, 0, false, IpProblem, "bad-ip"},
      {"semver", false, 0, false, SemverProblem, "bad-semver"},
      {"glob", true, 0, false, GlobProblem, "bad-glob"},
      {"glob", false, 1, false, GlobProblem, "bad-glob"},
  };
  for (const Rule& r : kRules) {
    if (function != r.function || r.receiver_call != static_cast<bool>(n.target)) continue;
    if (r.arg >= n.args.size()) continue;
    const ast::Literal* lit = n.args[r.arg]->as<ast::Literal>();
    if (lit == nullptr || lit->kind != ast::Literal::Kind::kString) continue;
    std::string problem = r.check(lit->string_value);
    if (!problem.empty()) diags_.Error(r.code, n.args[r.arg]->range, problem);
  }
}

}  // namespace rampart::check
