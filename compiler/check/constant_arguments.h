#pragma once
// Internal to compiler/check: validation of literal arguments whose mistakes would otherwise
// surface only at evaluation time, as errors on every input: a regex that does not compile,
// a malformed CIDR, IP, semantic version, glob or DNS pattern.

#include <string>

namespace rampart::check {

// Each returns "" when valid, else what is wrong.
std::string RegexProblem(const std::string& pattern);
std::string CidrProblem(const std::string& cidr);
std::string IpProblem(const std::string& ip);
std::string SemverProblem(const std::string& version);
std::string GlobProblem(const std::string& glob);
// A DNS name or pattern (compiler/source/dns_names.h).
std::string DnsProblem(const std::string& pattern);

}  // namespace rampart::check
