#include "learner/mine/path_trie.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "learner/mine/glob_match.h"
#include "learner/mine/path_names.h"

namespace rampart::learner {
namespace {

// One observed path with its access modes and observations (any executable).
struct PathGroup {
  std::string path;
  std::set<std::string> access;
  Evidence evidence;
};

struct Node {
  std::string raw;                       // the name as observed; "" once names were merged
  std::map<std::string, Node> children;  // by glob text of the segment
  std::vector<const PathGroup*> here;    // paths ending here
  std::set<std::string> reasons;         // generalisations applied to this segment
  bool globstar = false;                 // stands for DIR/**: descendants folded into `here`
};

// What a trie node's paths turn into.
struct Draft {
  std::string pattern;
  std::vector<const PathGroup*> paths;
  std::set<std::string> reasons;
};

// Paths a generalisation must never cover (IsSensitivePath says which to keep literal).
const char* const kSensitiveSamples[] = {"/etc/shadow",
                                         "/etc/gshadow",
                                         "/etc/sudoers",
                                         "/etc/sudoers.d/x",
                                         "/etc/kubernetes/x",
                                         "/etc/ssl/private/x",
                                         "/root/.ssh/x",
                                         "/home/x/.ssh/x",
                                         "/var/run/secrets/kubernetes.io/serviceaccount/token",
                                         "/run/secrets/kubernetes.io/serviceaccount/token",
                                         "/var/lib/kubelet/pods/x"};

bool CoversSensitive(const std::string& pattern) {
  for (const char* s : kSensitiveSamples) {
    if (GlobMatch(pattern, s)) return true;
  }
  return false;
}

void Merge(Node* into, Node&& from) {
  if (into->raw != from.raw) into->raw.clear();
  into->here.insert(into->here.end(), from.here.begin(), from.here.end());
  into->reasons.insert(from.reasons.begin(), from.reasons.end());
  into->globstar = into->globstar || from.globstar;
  for (auto& [key, child] : from.children) {
    auto [it, fresh] = into->children.try_emplace(key);
    if (fresh) {
      it->second = std::move(child);
    } else {
      Merge(&it->second, std::move(child));
    }
  }
}

bool IsSeparator(char c) { return c == '-' || c == '_' || c == '.'; }

// The glob for one generated name: its random-looking and numeric tokens (split at '-', '_',
// '.') replaced by `*`, the rest kept ("upload-x8f3k2q9.tmp" -> "upload-*.tmp", "sess_<hex>"
// -> "sess_*", "12345" -> "*"). Names of one shape share one glob.
std::string ShapeOf(const std::string& name) {
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && !IsSeparator(name[i])) continue;
    std::string token = name.substr(start, i - start);
    bool generated = IsNumericName(token) || IsRandomName(token);
    if (!generated) {
      out += EscapeGlob(token);
    } else if (out.empty() || out.back() != '*') {
      out += "*";
    }
    if (i < name.size()) out += name[i];
    start = i + 1;
  }
  return out;
}

// Replaces generated child names (per the directory's PrefixRule) by one `*` child.
void MergeGeneratedNames(Node* n, const std::string& dir, int depth) {
  if (depth == 0) return;
  PrefixRule rule = RuleFor(dir);
  std::vector<std::string> keys, names;
  for (const auto& [key, child] : n->children) {
    const std::string& name = child.raw;
    if (name.empty() || HasGlob(key)) continue;
    if ((rule.numeric && IsNumericName(name)) || (rule.random && IsRandomName(name))) {
      keys.push_back(key);
      names.push_back(name);
    }
  }
  // One glob per shape of name, when the directory's rule has enough names of that shape.
  std::map<std::string, std::vector<std::string>> shapes;  // shape -> keys
  for (size_t i = 0; i < keys.size(); ++i) shapes[ShapeOf(names[i])].push_back(keys[i]);
  for (const auto& [star, members] : shapes) {
    if (int(members.size()) < rule.min_siblings) continue;
    Node merged;
    for (const std::string& key : members) {
      Merge(&merged, std::move(n->children[key]));
      n->children.erase(key);
    }
    merged.raw.clear();
    merged.reasons.insert(rule.why);
    auto [it, fresh] = n->children.try_emplace(star);
    if (fresh) {
      it->second = std::move(merged);
    } else {
      Merge(&it->second, std::move(merged));
    }
  }
}

// Folds every descendant of `n` into `n->here`.
void FoldAll(Node* n, std::set<std::string>* reasons) {
  for (auto& [key, child] : n->children) {
    FoldAll(&child, reasons);
    n->here.insert(n->here.end(), child.here.begin(), child.here.end());
    reasons->insert(child.reasons.begin(), child.reasons.end());
  }
  n->children.clear();
}

// Distinct files below `n` (a child folded into DIR/** counts once) and how deep they go.
void CountFiles(const Node& n, int level, int* files, int* depth) {
  for (const auto& [key, child] : n.children) {
    if (!child.here.empty()) {
      ++*files;
      *depth = std::max(*depth, level + 1);
    }
    if (!child.globstar) CountFiles(child, level + 1, files, depth);
  }
}

void Generalise(Node* n, const std::string& dir, int depth) {
  MergeGeneratedNames(n, dir, depth);
  for (auto& [key, child] : n->children) Generalise(&child, dir + "/" + key, depth + 1);
  if (depth < 2 || n->globstar) return;
  PrefixRule rule = RuleFor(dir);
  int files = 0, deepest = 0;
  CountFiles(*n, 0, &files, &deepest);
  if (files < rule.many_files) return;
  if (deepest >= 2) {
    if (CoversSensitive(dir + "/**")) return;
    std::set<std::string> reasons;
    FoldAll(n, &reasons);
    n->reasons.insert(reasons.begin(), reasons.end());
    n->reasons.insert("many files in one tree");
    n->globstar = true;
    return;
  }
  // All files directly in this directory: one `DIR/*`; subdirectories stay as they are.
  if (CoversSensitive(dir + "/*")) return;
  Node merged;
  std::vector<std::string> leaves;
  for (auto& [key, child] : n->children) {
    if (child.children.empty() && !child.globstar) leaves.push_back(key);
  }
  for (const std::string& key : leaves) {
    Merge(&merged, std::move(n->children[key]));
    n->children.erase(key);
  }
  merged.raw.clear();
  merged.reasons.insert("many files in one directory");
  Merge(&n->children["*"], std::move(merged));
  n->children["*"].raw.clear();
}

void Collect(const Node& n, const std::string& pattern, std::set<std::string> reasons,
             std::vector<Draft>* out) {
  reasons.insert(n.reasons.begin(), n.reasons.end());
  if (!n.here.empty()) {
    Draft d;
    d.pattern = n.globstar ? pattern + "/**" : pattern;
    d.paths = n.here;
    d.reasons = reasons;
    out->push_back(std::move(d));
  }
  for (const auto& [key, child] : n.children) Collect(child, pattern + "/" + key, reasons, out);
}

std::vector<std::string> AccessList(const std::set<std::string>& modes) {
  bool reads = false, writes = false, unknown = false;
  for (const std::string& m : modes) {
    unknown = unknown || m.empty();
    reads = reads || m == "read" || m == "readwrite";
    writes = writes || m == "write" || m == "readwrite";
  }
  // Both directions seen (in any form) or a source that does not say: any access.
  if (unknown || (reads && writes && modes.size() > 1)) return {};
  return std::vector<std::string>(modes.begin(), modes.end());
}

std::string ReasonText(const std::set<std::string>& reasons) {
  std::string s;
  for (const std::string& r : reasons) s += (s.empty() ? "" : ", ") + r;
  return s;
}

FileEntry EntryFor(const std::string& pattern, bool glob,
                   const std::vector<const PathGroup*>& paths,
                   const std::set<std::string>& reasons) {
  FileEntry e;
  e.pattern = pattern;
  e.is_glob = glob;
  std::set<std::string> modes;
  std::set<const StoredObservation*> seen;
  std::vector<const StoredObservation*> merged;
  for (const PathGroup* p : paths) {
    modes.insert(p->access.begin(), p->access.end());
    for (const StoredObservation* o : p->evidence.merged) merged.push_back(o);
  }
  std::sort(merged.begin(), merged.end(),
            [](const StoredObservation* a, const StoredObservation* b) { return a->key < b->key; });
  for (const StoredObservation* o : merged) e.evidence.Add(*o);
  e.access = AccessList(modes);
  if (glob) {
    e.generalisation = std::to_string(paths.size()) + (paths.size() == 1 ? " path" : " paths") +
                       " as " + pattern + (reasons.empty() ? "" : " (" + ReasonText(reasons) + ")");
  }
  return e;
}

}  // namespace

std::vector<FileEntry> MineFiles(const std::vector<const StoredObservation*>& observations) {
  std::map<std::string, PathGroup> groups;
  for (const StoredObservation* o : observations) {
    PathGroup& g = groups[o->columns.path];
    g.path = o->columns.path;
    g.access.insert(o->columns.access);
    g.evidence.merged.push_back(o);
  }
  std::vector<FileEntry> out;
  Node root;
  for (const auto& [path, g] : groups) {
    bool plain = path.size() > 1 && path[0] == '/' && path.back() != '/' &&
                 path.find("//") == std::string::npos;
    if (!plain || IsSensitivePath(path)) {
      FileEntry e = EntryFor(path, false, {&g}, {});
      e.sensitive = plain;
      out.push_back(std::move(e));
      continue;
    }
    Node* n = &root;
    size_t start = 1;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      std::string name = path.substr(start, end - start);
      bool versioned = false;
      // Generated names are recognised before versions are normalised (a hash is not a
      // version); a name that looks generated keeps its text until MergeGeneratedNames.
      std::string key = IsRandomName(name) || IsNumericName(name)
                            ? EscapeGlob(name)
                            : NormaliseVersions(name, &versioned);
      auto [it, fresh] = n->children.try_emplace(key);
      if (fresh) it->second.raw = name;
      if (it->second.raw != name) it->second.raw.clear();
      if (versioned) it->second.reasons.insert("version numbers");
      n = &it->second;
      start = end + 1;
    }
    n->here.push_back(&g);
  }
  Generalise(&root, "", 0);
  std::vector<Draft> drafts;
  Collect(root, "", {}, &drafts);

  // Globs that would match a sensitive path are undone: their paths are listed literally.
  std::vector<Draft> globs;
  std::vector<const PathGroup*> literals;
  for (Draft& d : drafts) {
    if (!HasGlob(d.pattern)) {
      literals.insert(literals.end(), d.paths.begin(), d.paths.end());
    } else if (CoversSensitive(d.pattern)) {
      literals.insert(literals.end(), d.paths.begin(), d.paths.end());
    } else {
      globs.push_back(std::move(d));
    }
  }
  // A literal path that a glob covers joins it.
  for (const PathGroup* p : literals) {
    Draft* cover = nullptr;
    for (Draft& g : globs) {
      if (GlobMatch(g.pattern, p->path)) {
        cover = &g;
        break;
      }
    }
    if (cover != nullptr) {
      cover->paths.push_back(p);
    } else {
      out.push_back(EntryFor(p->path, false, {p}, {}));
    }
  }
  for (Draft& g : globs) {
    std::sort(g.paths.begin(), g.paths.end(),
              [](const PathGroup* a, const PathGroup* b) { return a->path < b->path; });
    out.push_back(EntryFor(g.pattern, true, g.paths, g.reasons));
  }
  std::sort(out.begin(), out.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.pattern < b.pattern; });
  return out;
}

}  // namespace rampart::learner
