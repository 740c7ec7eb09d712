#pragma once
// DNS names and name patterns as rampart writes them: the `dns("...")` peer of network rules
// and the `matchesDns` builtin (docs/language.md#network-rules). One implementation shared by
// the checker (literal patterns), the runtime builtins (both engines call them) and the
// learner (emission and `learn diff`), so all three agree on what a pattern matches.
//
// A pattern is a DNS name whose labels may contain `*`, as Cilium's `toFQDNs.matchPattern`:
// `*` stands for zero or more characters within one label (never a dot), so
// `*.example.com` matches `api.example.com` but neither `example.com` nor `a.b.example.com`;
// `api-*.example.com` matches `api-1.example.com`. The pattern `*` alone matches every name.
// Without `*` a pattern matches exactly that name (Cilium's `matchName`). Comparison is
// ASCII case-insensitive and ignores one trailing dot on either side, as DNS does.
//
// Pure functions, safe from any thread.

#include <string>
#include <string_view>

namespace rampart::source {

// "" when `pattern` is a valid DNS name or pattern, else what is wrong, written for a
// diagnostic ("'a..b' is not a DNS name or pattern such as api.example.com or *.example.com
// (empty label)"). Valid: after one optional trailing dot, 1 to 253 characters in labels of 1
// to 63 characters separated by dots, each character a letter, digit, `-`, `_` or `*`, no
// `**`.
std::string DnsPatternProblem(std::string_view pattern);

// True when `name` matches `pattern` (see above). Callers validate `pattern` first
// (DnsPatternProblem): what an invalid one matches is unspecified. An empty name (or one that
// is only a dot) matches nothing.
bool DnsNameMatches(std::string_view pattern, std::string_view name);

// `name` in lower case without its trailing dot: the form two names compare equal in.
std::string CanonicalDnsName(std::string_view name);

}  // namespace rampart::source
