#include "bench/admission_custom.h"

#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rampart::bench::custom {
namespace {

// team-00 .. team-88, then payments (the namespace of bench/data/pss_review_*.json).
std::string TenantNamespace(int i) {
  if (i == kTenants - 1) return "payments";
  char name[16];
  std::snprintf(name, sizeof name, "team-%02d", i);
  return name;
}

std::string Identifier(std::string s) {
  for (char& c : s) {
    if (c == '-') c = '_';
  }
  return s;
}

const char* const kKinds[] = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Service"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

const std::string kMatchPod = "  match operation in [\"CREATE\", \"UPDATE\"] && has_pod(object)";

// What the hand-written checks need, made once: hit names (Hit keeps `const char*`) and the
// tenant of each namespace.
struct Tables {
  std::vector<std::string> namespaces, tenant_policies, kind_policies;
  std::unordered_map<std::string_view, int> tenant_of;
  Tables() {
    for (int i = 0; i < kTenants; ++i) {
      namespaces.push_back(TenantNamespace(i));
      tenant_policies.push_back("bench.custom.tenant_" + Identifier(namespaces.back()));
    }
    for (int i = 0; i < kTenants; ++i) tenant_of[namespaces[i]] = i;
    for (const char* kind : kKinds) kind_policies.push_back("bench.custom." + Lower(kind) + "_owner");
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string Source() {
  std::string s = "package bench.custom\n\n";
  for (int i = 0; i < kTenants; ++i) {
    const std::string ns = TenantNamespace(i);
    s += "admission policy tenant_" + Identifier(ns) + " {\n  severity high\n  mode enforce\n";
    s += kMatchPod + " && has(request.namespace) && request.namespace == \"" + ns + "\"\n";
    s += "  each c in containers(object)\n";
    s += "    deny registry if !c.image.startsWith(\"registry.acme.example/" + ns +
         "/\") && !c.image.startsWith(\"docker.io/envoyproxy/\")\n";
    s += "      message \"image \" + c.image + \" (container \" + c.name + \") is not from registry.acme.example/" + ns +
         "/\"\n";
    s += "  deny part_of if !has(object.metadata.labels) || !(\"app.kubernetes.io/part-of\" in object.metadata.labels) "
         "|| object.metadata.labels[\"app.kubernetes.io/part-of\"] != \"" + ns + "\"\n";
    s += "    message \"pods in " + ns + " must be labelled app.kubernetes.io/part-of=" + ns + "\"\n}\n\n";
  }
  s += "admission policy image_tags {\n  severity medium\n  mode enforce\n" + kMatchPod + "\n";
  s += "  each c in containers(object)\n";
  s += "    deny pinned if c.image.endsWith(\":latest\") || !c.image.contains(\":\")\n";
  s += "      message \"container \" + c.name + \" must pin its image to a tag other than latest\"\n}\n\n";
  s += "admission policy memory_limits {\n  severity medium\n  mode enforce\n" + kMatchPod + "\n";
  s += "  each c in containers(object)\n";
  s += "    deny memory if !(has(c.resources) && has(c.resources.limits) && \"memory\" in c.resources.limits)\n";
  s += "      message \"container \" + c.name + \" must set resources.limits.memory\"\n}\n\n";
  s += "admission policy name_label {\n  severity low\n  mode enforce\n" + kMatchPod + "\n";
  s += "  deny name if !has(object.metadata.labels) || !(\"app.kubernetes.io/name\" in object.metadata.labels)\n";
  s += "    message \"pods must be labelled app.kubernetes.io/name\"\n}\n\n";
  s += "admission policy no_default_namespace {\n  severity medium\n  mode enforce\n" + kMatchPod + "\n";
  s += "  deny default_namespace if has(request.namespace) && request.namespace == \"default\"\n";
  s += "    message \"pods do not run in the default namespace\"\n}\n\n";
  for (const char* kind : kKinds) {
    s += "admission policy " + Lower(kind) + "_owner {\n  severity low\n  mode enforce\n";
    s += "  match operation in [\"CREATE\", \"UPDATE\"] && object.kind == \"" + std::string(kind) + "\"\n";
    s += "  deny owner if !has(object.metadata.labels) || !(\"owner\" in object.metadata.labels)\n";
    s += "    message \"" + std::string(kind) + " objects must carry an owner label\"\n}\n\n";
  }
  return s;
}

void CheckCustom(const pss::Review& r, pss::Result* out) {
  const Tables& t = GetTables();
  auto hit = [&](const char* policy, const char* rule, std::string message) {
    out->deny = true;  // every policy is `mode enforce`
    out->hits.push_back({policy, rule, std::move(message)});
  };
  if (!(r.operation == "CREATE" || r.operation == "UPDATE")) return;
  for (size_t k = 0; k < std::size(kKinds); ++k) {
    if (r.object_kind == kKinds[k] && !(r.has_labels && r.has_owner_label)) {
      hit(t.kind_policies[k].c_str(), "owner", std::string(kKinds[k]) + " objects must carry an owner label");
    }
  }
  if (!r.has_pod) return;
  const pss::Container* begin = r.containers.data();
  const pss::Container* end = begin + r.container_count;
  auto tenant = t.tenant_of.find(r.request_namespace);
  if (tenant != t.tenant_of.end()) {
    const std::string& ns = t.namespaces[tenant->second];
    const char* policy = t.tenant_policies[tenant->second].c_str();
    const std::string repository = "registry.acme.example/" + ns + "/";
    for (const pss::Container* c = begin; c != end; ++c) {
      if (c->image.rfind(repository, 0) != 0 && c->image.rfind("docker.io/envoyproxy/", 0) != 0) {
        hit(policy, "registry",
            "image " + std::string(c->image) + " (container " + std::string(c->name) + ") is not from " + repository);
      }
    }
    if (!r.has_labels || !r.part_of || *r.part_of != ns) {
      hit(policy, "part_of", "pods in " + ns + " must be labelled app.kubernetes.io/part-of=" + ns);
    }
  }
  for (const pss::Container* c = begin; c != end; ++c) {
    if (EndsWith(c->image, ":latest") || c->image.find(':') == std::string_view::npos) {
      hit("bench.custom.image_tags", "pinned",
          "container " + std::string(c->name) + " must pin its image to a tag other than latest");
    }
    if (!c->memory_limit) {
      hit("bench.custom.memory_limits", "memory", "container " + std::string(c->name) + " must set resources.limits.memory");
    }
  }
  if (!r.has_labels || !r.has_name_label) {
    hit("bench.custom.name_label", "name", "pods must be labelled app.kubernetes.io/name");
  }
  if (r.request_namespace == "default") {
    hit("bench.custom.no_default_namespace", "default_namespace", "pods do not run in the default namespace");
  }
}

}  // namespace rampart::bench::custom
