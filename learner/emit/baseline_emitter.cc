#include "learner/emit/baseline_emitter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "compiler/source/quoting.h"
#include "learner/keywords.h"
#include "learner/mine/miner.h"
#include "learner/mine/pod_flow_join.h"
#include "learner/report/reports.h"

namespace rampart::learner {
namespace {

using source::QuoteCelString;


// Lower-case ASCII letters, digits and single '_' for everything else; never empty, never a
// keyword, never starting with a digit.
std::string Identifier(const std::string& s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += char(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "x";
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "w_" + out;
  if (IsKeyword(out)) out += "_";
  return out;
}

// A file-name part: letters, digits, '-' and '_' kept, everything else '_'.
std::string FilePart(const std::string& s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    out += std::isalnum(u) || c == '-' || c == '_' ? char(std::tolower(u)) : '_';
  }
  return out.empty() ? "_" : out;
}

// "sha256:" + 12 hex digits -> the 12 digits; "image:REF" -> REF; "" -> "".
std::string ShortVersion(const std::string& v) {
  if (v.rfind("sha256:", 0) == 0) return v.substr(7, 12);
  if (v.rfind("image:", 0) == 0) return v.substr(6);
  return v;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string EvidenceText(const Evidence& e, const char* one, const char* many) {
  std::string s = Plural(e.count, one, many) + ", ";
  s += e.first_seen == kNoTime ? std::string("no times")
                               : TimeText(e.first_seen) + " .. " + TimeText(e.last_seen);
  // Merged observations without their replica links: at least as many as the one seen on
  // the most (Evidence::replicas_exact).
  s += std::string(e.merged.size() > 1 && !e.replicas_exact ? ", at least " : ", ") +
       Plural(e.replicas, "replica", "replicas");
  return s;
}

// A comment line's text must stay on one line.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

std::string And(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : " && ") + p;
  return s;
}

// The conditions naming the workload (not its container or image).
std::vector<std::string> WorkloadConditions(const WorkloadRef& w) {
  std::vector<std::string> c;
  c.push_back("workload.namespace == " + QuoteCelString(w.namespace_name));
  if (w.kind == "Host") {
    c.push_back("workload.pod == \"\"");
  } else if (w.kind == "Pod") {
    c.push_back("workload.pod == " + QuoteCelString(w.name));
  } else {
    if (!w.kind.empty()) c.push_back("workload.kind == " + QuoteCelString(w.kind));
    c.push_back("workload.name == " + QuoteCelString(w.name));
  }
  return c;
}

// The `when` clause of the runtime policies: workload, container and image.
std::string RuntimeScope(const WorkloadRef& w) {
  std::vector<std::string> when = WorkloadConditions(w);
  if (!w.container.empty()) when.push_back("container.name == " + QuoteCelString(w.container));
  if (w.version.rfind("sha256:", 0) == 0) {
    when.push_back("container.image_digest == " + QuoteCelString(w.version));
  } else if (w.version.rfind("image:", 0) == 0) {
    when.push_back("container.image == " + QuoteCelString(w.version.substr(6)));
  }
  return And(when);
}

std::string RuntimePolicyHead(const std::string& name, const std::string& description,
                              const char* on, const WorkloadRef& w) {
  return "\nruntime policy " + name + " {\n  description " + QuoteCelString(description) +
         "\n  mode monitor\n  on " + on + "\n  when " + RuntimeScope(w) + "\n";
}

std::string InList(const std::string& subject, const std::vector<std::string>& quoted) {
  if (quoted.size() == 1) return subject + " == " + quoted[0];
  std::string s = subject + " in [";
  for (size_t i = 0; i < quoted.size(); ++i) s += (i > 0 ? ", " : "") + quoted[i];
  return s + "]";
}

std::string ExecRules(const MinedBaseline& b, int* rules) {
  std::string out;
  for (size_t i = 0; i < b.exec.size();) {
    size_t j = i;
    std::vector<std::string> exes;
    for (; j < b.exec.size() && b.exec[j].parent_exe == b.exec[i].parent_exe; ++j) {
      const ExecEntry& e = b.exec[j];
      out += "  // " + OneLine(e.exe) + ": " + EvidenceText(e.evidence, "exec", "execs") +
             (e.parent_exe.empty() ? ", parent unknown" : "") + "\n";
      exes.push_back(QuoteCelString(e.exe));
    }
    std::string cond = InList("proc.exe", exes);
    if (!b.exec[i].parent_exe.empty()) {
      cond += " && parent.exe == " + QuoteCelString(b.exec[i].parent_exe);
    }
    out += "  allow if " + cond + "\n";
    ++*rules;
    i = j;
  }
  return out;
}

// Up to three of the distinct paths a glob stands for.
std::string Examples(const FileEntry& e) {
  std::vector<std::string> paths;
  for (const StoredObservation* o : e.evidence.merged) paths.push_back(o->columns.path);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::string s;
  for (size_t i = 0; i < paths.size() && i < 3; ++i) s += (i > 0 ? ", " : "") + paths[i];
  if (paths.size() > 3) s += " (+" + std::to_string(paths.size() - 3) + " more)";
  return s;
}

std::string FileRules(const MinedBaseline& b, int* rules) {
  std::string out;
  for (const FileEntry& e : b.files) {
    out += "  // " + OneLine(e.pattern) + ": " + EvidenceText(e.evidence, "open", "opens");
    if (e.sensitive) out += ", kept literal (sensitive path)";
    out += "\n";
    if (e.is_glob) {
      out += "  //   generalised: " + OneLine(e.generalisation) + "\n";
      out += "  //   e.g. " + OneLine(Examples(e)) + "\n";
    }
    std::string cond = e.is_glob ? "path.glob(" + QuoteCelString(e.pattern) + ")"
                                 : "path == " + QuoteCelString(e.pattern);
    std::vector<std::string> modes;
    for (const std::string& m : e.access) modes.push_back(QuoteCelString(m));
    if (!modes.empty()) cond += " && " + InList("access", modes);
    out += "  allow if " + cond + "\n";
    ++*rules;
  }
  return out;
}

std::string SyscallRules(const MinedBaseline& b, int* rules) {
  std::string out;
  std::vector<std::string> names, numbers;
  for (const SyscallEntry& e : b.syscalls) {
    std::string what = e.name.empty() ? "number " + std::to_string(e.nr) : e.name;
    out += "  // " + OneLine(what) + ": " + EvidenceText(e.evidence, "call", "calls") + "\n";
    if (e.name.empty()) {
      numbers.push_back(std::to_string(e.nr));
    } else {
      names.push_back(QuoteCelString(e.name));
    }
  }
  if (!names.empty()) {
    out += "  allow if " + InList("syscall.name", names) + "\n";
    ++*rules;
  }
  if (!numbers.empty()) {
    out += "  allow if " + InList("syscall.nr", numbers) + "\n";
    ++*rules;
  }
  return out;
}

std::string NetworkRules(const MinedBaseline& b, int* rules) {
  std::string out;
  for (const NetworkEntry& e : b.network) {
    if (!e.note.empty()) out += "  // " + OneLine(e.note) + "\n";
    // A dns(...) peer's evidence names each name with the address it was seen at.
    const bool dns_peer = e.peer.rfind("dns(", 0) == 0;
    for (const StoredObservation* o : e.evidence.merged) {
      const ObservationColumns& c = o->columns;
      const PeerLookup* lookup = e.LookupOf(o);
      std::string who = lookup != nullptr && !lookup->workload.empty() ? lookup->workload
                        : !c.peer_workload.empty()                     ? c.peer_workload
                        : dns_peer ? c.peer_dns + (c.peer_ip.empty() ? "" : " at " + c.peer_ip)
                                   : c.peer_ip;
      if (e.ports.size() > 1 && c.port >= 0) {
        who += (who.empty() ? "" : " ") + std::string("port ") + std::to_string(c.port);
      }
      Evidence one;
      one.Add(*o);
      out += "  // " + (who.empty() ? std::string() : OneLine(who) + ": ") +
             EvidenceText(one, "flow", "flows") + "\n";
      if (lookup != nullptr) out += "  //   " + OneLine(lookup->note) + "\n";
    }
    if (!e.generalisation.empty()) out += "  // generalised: " + OneLine(e.generalisation) + "\n";
    out += "  " + e.direction + " allow " + (e.direction == "ingress" ? "from " : "to ") + e.peer;
    for (size_t i = 0; i < e.ports.size(); ++i) out += (i == 0 ? " port " : ", ") + e.ports[i];
    if (!e.condition.empty()) out += " if " + e.condition;
    out += "\n";
    ++*rules;
  }
  std::set<std::string> directions;
  for (const NetworkEntry& e : b.network) directions.insert(e.direction);
  out += directions.size() == 2 ? std::string("  default deny\n")
                                : "  default " + *directions.begin() + " deny\n";
  return out;
}

// The header's summary of what mining did.
std::string MiningSummary(const MinedBaseline& b) {
  int globs = 0;
  size_t paths = 0, globbed = 0;
  for (const FileEntry& e : b.files) {
    std::set<std::string> distinct;
    for (const StoredObservation* o : e.evidence.merged) distinct.insert(o->columns.path);
    paths += distinct.size();
    if (e.is_glob) {
      ++globs;
      globbed += distinct.size();
    }
  }
  std::vector<std::string> parts;
  if (!b.exec.empty()) parts.push_back(Plural(int64_t(b.exec.size()), "executable", "executables"));
  if (!b.files.empty()) {
    parts.push_back(Plural(int64_t(paths), "file path", "file paths") + " in " +
                    Plural(int64_t(b.files.size()), "rule", "rules") +
                    (globs == 0 ? std::string()
                                : " (" + std::to_string(globbed) + " merged into " +
                                      Plural(globs, "glob", "globs") + ")"));
  }
  if (!b.network.empty()) {
    int64_t resolved = 0;
    for (const NetworkEntry& e : b.network) {
      for (const PeerLookup& l : e.lookups) resolved += l.workload.empty() ? 0 : 1;
    }
    parts.push_back(Plural(int64_t(b.network.size()), "network rule", "network rules") +
                    (resolved == 0
                         ? std::string()
                         : " (" + Plural(resolved, "peer", "peers") + " resolved from addresses)"));
  }
  if (!b.syscalls.empty())
    parts.push_back(Plural(int64_t(b.syscalls.size()), "syscall", "syscalls"));
  std::string s = "// Mined:";
  for (size_t i = 0; i < parts.size(); ++i) s += (i == 0 ? " " : ", ") + parts[i];
  s += ".\n";
  s += "// Executables, peers and syscalls are listed as observed; each rule's comment says\n";
  s += "// what it merged and why.\n";
  for (const LeftOut& l : b.left_out) {
    s += "// Left out: " + OneLine(l.reason) + " (" + Plural(l.evidence.count, "event", "events") +
         ").\n";
  }
  return s;
}

}  // namespace

bool WorkloadMatches(const WorkloadRef& w, const std::string& filter) {
  if (filter.empty()) return true;
  return filter == w.name || filter == w.namespace_name + "/" + w.name ||
         filter == w.namespace_name + "/" + w.kind + "/" + w.name;
}

std::string EmitBaselineText(const WorkloadSummary& summary,
                             const std::vector<StoredObservation>& observations, int* rules,
                             const AddressBook* addresses, const ReadinessInput* readiness) {
  const WorkloadRef& w = summary.ref;
  *rules = 0;
  MinedBaseline b = Mine(observations, addresses);

  std::string out;
  out += "// Baseline learned by `rampart learn emit` for one workload version:\n";
  out += "//   namespace " + OneLine(w.namespace_name) + ", " +
         (w.kind.empty() ? std::string("owner") : OneLine(w.kind)) + " " + OneLine(w.name);
  if (!w.container.empty()) out += ", container " + OneLine(w.container);
  out += "\n";
  if (!w.image.empty()) out += "//   image " + OneLine(w.image) + "\n";
  if (!w.version.empty()) out += "//   version " + OneLine(w.version) + "\n";
  out += "// Evidence: " + Plural(summary.events, "event", "events") + ", " +
         Plural(summary.replicas, "replica", "replicas") + ", " +
         (summary.first_seen == kNoTime
              ? std::string("no times")
              : TimeText(summary.first_seen) + " .. " + TimeText(summary.last_seen)) +
         ".\n";
  out += MiningSummary(b);
  if (readiness != nullptr) {
    // What `learn status` says of it: a reviewer should not promote a baseline that was
    // still learning, or that a source lost events of.
    ConvergenceOptions options = readiness->options;
    options.counted = Counted::kGeneralised;
    const Readiness r =
        ComputeConvergence(summary, GeneralisedBehaviours(b), *readiness->losses, options).readiness;
    if (r.ready) {
      out += "// Readiness: ready (" + OneLine(r.summary) + ").\n";
    } else {
      out += "// Readiness: NOT READY, keep learning before enforcing:\n";
      for (const NotReadyReason& reason : r.reasons) out += "//   - " + OneLine(reason.message) + "\n";
    }
  }
  out += "// Review, then promote a policy from `mode monitor` to `mode enforce`.\n";
  out += "package learned." + Identifier(w.namespace_name) + "." + Identifier(w.name) + "\n";

  std::string suffix;
  for (const std::string& part : {w.container, ShortVersion(w.version)}) {
    if (!part.empty()) suffix += (suffix.empty() ? "" : "_") + part;
  }
  std::string base = suffix.empty() ? std::string("baseline") : Identifier(suffix);
  std::string where =
      w.namespace_name + "/" + w.name + (w.container.empty() ? "" : " (" + w.container + ")");

  if (!b.exec.empty()) {
    out += RuntimePolicyHead(Identifier(base + "_exec"), "Executables observed in " + where, "exec",
                             w);
    out += ExecRules(b, rules) + "  default block\n}\n";
  }
  if (!b.files.empty()) {
    out += RuntimePolicyHead(Identifier(base + "_files"), "Files opened in " + where, "open", w);
    out += FileRules(b, rules) + "  default block\n}\n";
  }
  if (!b.syscalls.empty()) {
    out += RuntimePolicyHead(Identifier(base + "_syscalls"), "System calls made in " + where,
                             "syscall", w);
    out += SyscallRules(b, rules) + "  default block\n}\n";
  }
  if (!b.network.empty()) {
    out += "\n// Flows name no container or image: this policy selects every version of the\n";
    out += "// workload.\n";
    if (std::any_of(observations.begin(), observations.end(),
                    [](const StoredObservation& o) { return o.joined_from_pods; })) {
      out += "// With the flows a source naming no container (Hubble) saw at this version's\n";
      out += "// pods while they ran it: they are the pod's, shared by its containers (their\n";
      out += "// counts and times are of every pod of the workload; replicas are this version's).\n";
    }
    out += "network policy " + Identifier(base + "_network") + " {\n";
    out += "  description " +
           QuoteCelString("Peers observed for " + w.namespace_name + "/" + w.name) + "\n";
    out += "  mode monitor\n  select " + And(WorkloadConditions(w)) + "\n";
    out += NetworkRules(b, rules) + "}\n";
  }
  return out;
}

bool EmitBaselines(BehaviourStore* store, const EmitOptions& options, std::vector<EmittedFile>* out,
                   std::string* error) {
  std::vector<WorkloadSummary> workloads;
  std::vector<Loss> losses;
  std::vector<ReplicaNode> replica_nodes;
  if (!store->Summaries(&workloads, error) || !store->Losses(&losses, error) ||
      !store->ReplicaNodes(&replica_nodes, error)) {
    return false;
  }
  PodFlowJoin join;
  if (!join.Load(store, &workloads, error)) return false;
  std::set<std::string> names;
  std::vector<EmittedFile> files;
  for (const WorkloadSummary& w : workloads) {
    if (!WorkloadMatches(w.ref, options.workload)) continue;
    if (w.distinct[0] + w.distinct[1] + w.distinct[2] + w.distinct[3] == 0) continue;
    std::vector<StoredObservation> observations;
    if (!join.Observations(w, &observations, error)) return false;
    const WorkloadSummary joined = JoinedSummary(w, observations);
    AddressBook addresses;
    if (!LoadAddressBook(store, observations, &addresses, error)) return false;
    EmittedFile f;
    f.workload = w.ref;
    const std::vector<Loss> concerning = LossesConcerning(joined, losses, replica_nodes);
    const ReadinessInput readiness{&concerning, options.convergence};
    f.text = EmitBaselineText(joined, observations, &f.rules, &addresses, &readiness);
    if (f.rules == 0) continue;  // nothing mining could use
    std::string name = FilePart(w.ref.namespace_name) + "." +
                       FilePart(w.ref.kind.empty() ? "owner" : w.ref.kind) + "." +
                       FilePart(w.ref.name);
    if (!w.ref.container.empty()) name += "." + FilePart(w.ref.container);
    if (!w.ref.version.empty()) name += "." + FilePart(ShortVersion(w.ref.version));
    std::string unique = name;
    for (int i = 2; names.count(unique) != 0; ++i) unique = name + "-" + std::to_string(i);
    names.insert(unique);
    f.name = unique + ".rp";
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(),
            [](const EmittedFile& a, const EmittedFile& b) { return a.name < b.name; });
  *out = std::move(files);
  return true;
}

}  // namespace rampart::learner
