#include "bench/pss_handwritten.h"

#include <cstring>

#include "simdjson.h"

namespace rampart::bench::pss {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;
using std::string_view;

// Field names of the volume sources, in the order of volume_types() in restricted.rp.
constexpr string_view kVolumeSources[] = {
    "hostPath", "emptyDir", "secret", "configMap", "persistentVolumeClaim", "projected",
    "downwardAPI", "csi", "ephemeral", "image", "gcePersistentDisk", "awsElasticBlockStore",
    "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
    "portworxVolume", "scaleIO", "storageos"};
constexpr int kVolumeSourceCount = sizeof(kVolumeSources) / sizeof(kVolumeSources[0]);
static_assert(kVolumeSourceCount <= 32, "sources is a 32-bit mask");
constexpr uint32_t kHostPathBit = 1u << 0;

// The restricted profile's allowed_volume_types, as a mask over kVolumeSources.
constexpr uint32_t kAllowedVolumeMask = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) |
                                        (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 9);

// baseline.rp constants.
constexpr string_view kAllowedCapabilities[] = {
    "AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",      "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};
constexpr string_view kAllowedSysctls[] = {
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"};
constexpr string_view kAllowedSelinuxTypes[] = {"container_t", "container_init_t", "container_kvm_t",
                                                "container_engine_t"};
constexpr string_view kAllowedProfileTypes[] = {"RuntimeDefault", "Localhost"};  // seccomp, AppArmor
constexpr string_view kAppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

template <size_t N>
bool In(string_view s, const string_view (&set)[N]) {
  for (string_view x : set) {
    if (x == s) return true;
  }
  return false;
}

bool StartsWith(string_view s, string_view prefix) {
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// ------------------------------------------------------------------ decoding

struct Decoder {
  Review* r;

  bool Fail() {
    r->malformed = true;
    return false;
  }
  bool GetString(element e, Str* out) {
    string_view s;
    if (e.get_string().get(s)) return Fail();
    *out = s;
    return true;
  }
  bool GetString(element e, string_view* out) {
    if (e.get_string().get(*out)) return Fail();
    return true;
  }
  bool GetBool(element e, Bool* out) {
    bool b;
    if (e.get_bool().get(b)) return Fail();
    *out = b;
    return true;
  }
  bool GetInt(element e, Int* out) {
    int64_t i;
    if (e.get_int64().get(i)) return Fail();
    *out = i;
    return true;
  }
  bool Strings(element e, std::vector<string_view>* out) {
    array a;
    if (e.get_array().get(a)) return Fail();
    for (element x : a) {
      string_view s;
      if (x.get_string().get(s)) return Fail();
      out->push_back(s);
    }
    return true;
  }

  bool Profile(element e, pss::Profile* p) {
    object o;
    if (e.get_object().get(o)) return Fail();
    p->set = true;
    for (auto f : o) {
      if (f.key == "type" && !GetString(f.value, &p->type)) return false;
    }
    return true;
  }

  bool SecurityContext(element e, pss::SecurityContext* sc) {
    object o;
    if (e.get_object().get(o)) return Fail();
    sc->set = true;
    for (auto f : o) {
      string_view k = f.key;
      bool ok = true;
      if (k == "privileged") {
        ok = GetBool(f.value, &sc->privileged);
      } else if (k == "allowPrivilegeEscalation") {
        ok = GetBool(f.value, &sc->allow_privilege_escalation);
      } else if (k == "runAsNonRoot") {
        ok = GetBool(f.value, &sc->run_as_non_root);
      } else if (k == "runAsUser") {
        ok = GetInt(f.value, &sc->run_as_user);
      } else if (k == "procMount") {
        ok = GetString(f.value, &sc->proc_mount);
      } else if (k == "seccompProfile") {
        ok = Profile(f.value, &sc->seccomp);
      } else if (k == "appArmorProfile") {
        ok = Profile(f.value, &sc->apparmor);
      } else if (k == "windowsOptions") {
        object w;
        if (f.value.get_object().get(w)) return Fail();
        sc->windows = true;
        for (auto g : w) {
          if (g.key == "hostProcess" && !GetBool(g.value, &sc->host_process)) return false;
        }
      } else if (k == "capabilities") {
        object c;
        if (f.value.get_object().get(c)) return Fail();
        sc->caps = true;
        for (auto g : c) {
          if (g.key == "add") {
            sc->has_add = true;
            if (!Strings(g.value, &sc->add)) return false;
          } else if (g.key == "drop") {
            sc->has_drop = true;
            if (!Strings(g.value, &sc->drop)) return false;
          }
        }
      } else if (k == "seLinuxOptions") {
        object s;
        if (f.value.get_object().get(s)) return Fail();
        sc->selinux.set = true;
        for (auto g : s) {
          if (g.key == "type") ok = ok && GetString(g.value, &sc->selinux.type);
          else if (g.key == "user") ok = ok && GetString(g.value, &sc->selinux.user);
          else if (g.key == "role") ok = ok && GetString(g.value, &sc->selinux.role);
        }
      } else if (k == "sysctls") {
        array a;
        if (f.value.get_array().get(a)) return Fail();
        sc->has_sysctls = true;
        for (element s : a) {
          string_view name;
          if (s.at_key("name").get_string().get(name)) return Fail();
          sc->sysctls.push_back(name);
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  bool HostRef(element e, std::optional<pss::HostRef>* out) {
    object o;
    if (e.get_object().get(o)) return Fail();
    pss::HostRef h;
    for (auto f : o) {
      bool http = f.key == "httpGet";
      if (!http && f.key != "tcpSocket") continue;
      object a;
      if (f.value.get_object().get(a)) return Fail();
      (http ? h.http : h.tcp) = true;
      for (auto g : a) {
        if (g.key == "host" && !GetString(g.value, http ? &h.http_host : &h.tcp_host)) return false;
      }
    }
    *out = h;
    return true;
  }

  bool Container(element e, pss::Container* c) {
    object o;
    if (e.get_object().get(o)) return Fail();
    for (auto f : o) {
      string_view k = f.key;
      bool ok = true;
      if (k == "name") {
        ok = GetString(f.value, &c->name);
      } else if (k == "image") {
        ok = GetString(f.value, &c->image);
      } else if (k == "resources") {
        element limits;
        object l;
        if (!f.value.at_key("limits").get(limits)) {
          if (limits.get_object().get(l)) return Fail();
          for (auto g : l) c->memory_limit = c->memory_limit || g.key == "memory";
        }
      } else if (k == "securityContext") {
        ok = SecurityContext(f.value, &c->sc);
      } else if (k == "ports") {
        array a;
        if (f.value.get_array().get(a)) return Fail();
        c->has_ports = true;
        for (element p : a) {
          Int port;
          element hp;
          if (!p.at_key("hostPort").get(hp) && !GetInt(hp, &port)) return false;
          c->host_ports.push_back(port);
        }
      } else if (k == "livenessProbe") {
        ok = HostRef(f.value, &c->liveness);
      } else if (k == "readinessProbe") {
        ok = HostRef(f.value, &c->readiness);
      } else if (k == "startupProbe") {
        ok = HostRef(f.value, &c->startup);
      } else if (k == "lifecycle") {
        object l;
        if (f.value.get_object().get(l)) return Fail();
        c->lifecycle = true;
        for (auto g : l) {
          if (g.key == "postStart") ok = ok && HostRef(g.value, &c->post_start);
          else if (g.key == "preStop") ok = ok && HostRef(g.value, &c->pre_stop);
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  bool Containers(element e) {
    array a;
    if (e.get_array().get(a)) return Fail();
    for (element x : a) {
      if (r->container_count == r->containers.size()) r->containers.emplace_back();
      pss::Container& c = r->containers[r->container_count++];
      c.Reset();
      if (!Container(x, &c)) return false;
    }
    return true;
  }

  bool Volumes(element e) {
    array a;
    if (e.get_array().get(a)) return Fail();
    r->has_volumes = true;
    for (element x : a) {
      object o;
      if (x.get_object().get(o)) return Fail();
      Volume v;
      for (auto f : o) {
        if (f.key == "name") {
          if (!GetString(f.value, &v.name)) return false;
          continue;
        }
        for (int i = 0; i < kVolumeSourceCount; ++i) {
          if (f.key == kVolumeSources[i]) {
            v.sources |= 1u << i;
            break;
          }
        }
        if (f.key == "hostPath") {
          element p;
          if (!f.value.at_key("path").get(p) && !GetString(p, &v.host_path)) return false;
        }
      }
      r->volumes.push_back(v);
    }
    return true;
  }

  bool Spec(element e) {
    object o;
    if (e.get_object().get(o)) return Fail();
    // containers(object) lists init, regular and ephemeral containers in that order,
    // whatever the order of the fields.
    element init, regular, ephemeral;
    bool has_init = false, has_regular = false, has_ephemeral = false;
    for (auto f : o) {
      string_view k = f.key;
      bool ok = true;
      if (k == "initContainers") {
        init = f.value, has_init = true;
      } else if (k == "containers") {
        regular = f.value, has_regular = true;
      } else if (k == "ephemeralContainers") {
        ephemeral = f.value, has_ephemeral = true;
      } else if (k == "volumes") {
        ok = Volumes(f.value);
      } else if (k == "hostNetwork") {
        ok = GetBool(f.value, &r->host_network);
      } else if (k == "hostPID") {
        ok = GetBool(f.value, &r->host_pid);
      } else if (k == "hostIPC") {
        ok = GetBool(f.value, &r->host_ipc);
      } else if (k == "hostUsers") {
        ok = GetBool(f.value, &r->host_users);
      } else if (k == "securityContext") {
        ok = SecurityContext(f.value, &r->pod_sc);
      } else if (k == "os") {
        element n;
        if (!f.value.at_key("name").get(n)) ok = GetString(n, &r->os_name);
      }
      if (!ok) return false;
    }
    if (has_init && !Containers(init)) return false;
    if (has_regular && !Containers(regular)) return false;
    if (has_ephemeral && !Containers(ephemeral)) return false;
    return true;
  }

  bool Metadata(element e) {
    element a;
    if (e.at_key("annotations").get(a)) return true;
    object o;
    if (a.get_object().get(o)) return Fail();
    r->has_annotations = true;
    for (auto f : o) {
      string_view v;
      if (!GetString(f.value, &v)) return false;
      r->annotations.emplace_back(f.key, v);
    }
    return true;
  }

  // The pod of `object` (runtime/decode PodOf, runtime/builtins has_pod/pod_spec).
  bool Object(element object) {
    string_view kind;
    if (object.at_key("kind").get_string().get(kind)) kind = "";
    r->object_kind = kind;
    element labels;
    if (!object.at_pointer("/metadata/labels").get(labels)) {
      simdjson::dom::object l;
      if (labels.get_object().get(l)) return Fail();
      r->has_labels = true;
      for (auto f : l) {
        if (f.key == "app.kubernetes.io/name") r->has_name_label = true;
        if (f.key == "owner") r->has_owner_label = true;
        if (f.key == "app.kubernetes.io/part-of") {
          string_view v;
          if (!GetString(f.value, &v)) return false;
          r->part_of = v;
        }
      }
    }
    element pod = object;
    if (kind == "Pod") {
    } else if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
               kind == "ReplicaSet" || kind == "ReplicationController" || kind == "Job") {
      if (object.at_pointer("/spec/template").get(pod)) return true;
    } else if (kind == "CronJob") {
      if (object.at_pointer("/spec/jobTemplate/spec/template").get(pod)) return true;
    } else {
      return true;  // no pod: the policies do not apply
    }
    element spec, meta;
    if (pod.at_key("spec").get(spec)) return true;
    r->has_pod = true;
    if (!pod.at_key("metadata").get(meta) && !Metadata(meta)) return false;
    return Spec(spec);
  }
};

// ------------------------------------------------------------------ checking

std::string Q(string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

std::string QuotedList(const std::vector<string_view>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += Q(items[i]);
  }
  return out;
}

struct Emitter {
  Result* out;
  void operator()(const char* policy, const char* rule, std::string message) {
    out->deny = true;  // every policy of both profiles is `mode enforce`
    out->hits.push_back({policy, rule, std::move(message)});
  }
};

// selinux_violations() of baseline.rp, joined by ", ".
std::string SelinuxViolations(const SELinux& o) {
  std::string out;
  auto add = [&](std::string part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (o.type && !(o.type->empty() || In(*o.type, kAllowedSelinuxTypes))) add("type " + Q(*o.type));
  if (o.user && !o.user->empty()) add("user " + Q(*o.user));
  if (o.role && !o.role->empty()) add("role " + Q(*o.role));
  return out;
}

// The hosts of one probe or handler, "FIELD.httpGet.host=\"h\"", joined by ", ".
void HostParts(const std::optional<HostRef>& h, const char* field, std::string* out) {
  if (!h) return;
  std::string part;
  auto add = [&](const char* kind, const Str& host) {
    if (!host || host->empty()) return;
    if (!part.empty()) part += ", ";
    part += field;
    part += kind;
    part += Q(*host);
  };
  if (h->http) add(".httpGet.host=", h->http_host);
  if (h->tcp) add(".tcpSocket.host=", h->tcp_host);
  if (part.empty()) return;
  if (!out->empty()) *out += ", ";
  *out += part;
}

}  // namespace

void SecurityContext::Reset() {
  std::vector<std::string_view> a = std::move(add), d = std::move(drop), s = std::move(sysctls);
  a.clear(), d.clear(), s.clear();
  *this = pss::SecurityContext();
  add = std::move(a), drop = std::move(d), sysctls = std::move(s);
}

void Container::Reset() {
  std::vector<Int> ports = std::move(host_ports);
  ports.clear();
  sc.Reset();
  SecurityContext keep = std::move(sc);
  *this = pss::Container();
  sc = std::move(keep);
  host_ports = std::move(ports);
}

struct Checker::Impl {
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // the request body, padded as simdjson requires
};

Checker::Checker() : impl_(new Impl) {}
Checker::~Checker() = default;

bool Checker::Decode(std::string_view json) {
  Review& r = review_;
  r.malformed = false;
  r.operation = {};
  r.request_namespace = {}, r.object_kind = {};
  r.has_labels = r.has_name_label = r.has_owner_label = false;
  r.part_of.reset();
  r.has_pod = false;
  r.os_name.reset();
  r.host_users.reset(), r.host_network.reset(), r.host_pid.reset(), r.host_ipc.reset();
  r.pod_sc.Reset();
  r.has_annotations = false;
  r.annotations.clear();
  r.container_count = 0;
  r.has_volumes = false;
  r.volumes.clear();

  std::vector<char>& buf = impl_->buffer;
  if (buf.size() < json.size() + simdjson::SIMDJSON_PADDING) buf.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), json.data(), json.size());
  element root;
  if (impl_->parser.parse(buf.data(), json.size(), false).get(root)) return false;
  string_view kind;
  if (root.at_key("kind").get_string().get(kind) || kind != "AdmissionReview") return false;
  element request;
  object request_object;
  if (root.at_key("request").get(request) || request.get_object().get(request_object)) return false;
  Decoder d{&r};
  element op, object;
  // A missing or non-string operation reads as "" (runtime/decode StringMember): out of scope.
  if (!request.at_key("operation").get(op) && op.get_string().get(r.operation)) r.operation = {};
  element ns;
  if (!request.at_key("namespace").get(ns) && ns.get_string().get(r.request_namespace)) r.request_namespace = {};
  if (!request.at_key("object").get(object)) d.Object(object);
  return true;
}

void Checker::Check(Result* out) const {
  out->deny = false;
  out->hits.clear();
  const Review& r = review_;
  Emitter hit{out};
  if (r.malformed) {
    hit("malformed", "", "the review does not have the types the schema declares");
    return;
  }
  // Every policy: match operation in ["CREATE", "UPDATE"] && has_pod(object).
  if (!(r.operation == "CREATE" || r.operation == "UPDATE") || !r.has_pod) return;
  const SecurityContext& ps = r.pod_sc;
  const Container* begin = r.containers.data();
  const Container* end = begin + r.container_count;
  const bool windows = r.os_name && *r.os_name == "windows";

  // ---------------------------------------------------------------- baseline.rp
  // host_process
  if (ps.set && ps.windows && ps.host_process.value_or(false)) {
    hit("rampart.pss.baseline.host_process", "pod_host_process",
        "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)");
  }
  for (const Container* c = begin; c != end; ++c) {
    if (c->sc.set && c->sc.windows && c->sc.host_process.value_or(false)) {
      hit("rampart.pss.baseline.host_process", "container_host_process",
          "hostProcess (container " + Q(c->name) + " must not set securityContext.windowsOptions.hostProcess=true)");
    }
  }
  // host_namespaces
  if (r.host_network.value_or(false)) hit("rampart.pss.baseline.host_namespaces", "host_network", "host namespaces (hostNetwork=true)");
  if (r.host_pid.value_or(false)) hit("rampart.pss.baseline.host_namespaces", "host_pid", "host namespaces (hostPID=true)");
  if (r.host_ipc.value_or(false)) hit("rampart.pss.baseline.host_namespaces", "host_ipc", "host namespaces (hostIPC=true)");
  // privileged
  for (const Container* c = begin; c != end; ++c) {
    if (c->sc.set && c->sc.privileged.value_or(false)) {
      hit("rampart.pss.baseline.privileged", "deny#1",
          "privileged (container " + Q(c->name) + " must not set securityContext.privileged=true)");
    }
  }
  // capabilities
  for (const Container* c = begin; c != end; ++c) {
    if (!(c->sc.set && c->sc.caps && c->sc.has_add)) continue;
    std::vector<string_view> forbidden;
    for (string_view x : c->sc.add) {
      if (!In(x, kAllowedCapabilities)) forbidden.push_back(x);
    }
    if (!forbidden.empty()) {
      hit("rampart.pss.baseline.capabilities", "deny#1",
          "non-default capabilities (container " + Q(c->name) + " must not include " + QuotedList(forbidden) +
              " in securityContext.capabilities.add)");
    }
  }
  // host_path_volumes
  for (const Volume& v : r.volumes) {
    if (v.sources & kHostPathBit) {
      hit("rampart.pss.baseline.host_path_volumes", "deny#1",
          "hostPath volumes (volume " + Q(v.name) + " mounts host path " + (v.host_path ? Q(*v.host_path) : "\"\"") + ")");
    }
  }
  // host_ports
  for (const Container* c = begin; c != end; ++c) {
    std::string ports;
    for (const Int& p : c->host_ports) {
      if (p && *p != 0) ports += (ports.empty() ? "" : ", ") + std::to_string(*p);
    }
    if (!ports.empty()) {
      hit("rampart.pss.baseline.host_ports", "deny#1", "hostPort (container " + Q(c->name) + " uses hostPort " + ports + ")");
    }
  }
  // host_probes_and_lifecycle
  for (const Container* c = begin; c != end; ++c) {
    std::string hosts;
    HostParts(c->liveness, "livenessProbe", &hosts);
    HostParts(c->readiness, "readinessProbe", &hosts);
    HostParts(c->startup, "startupProbe", &hosts);
    if (c->lifecycle) {
      HostParts(c->post_start, "lifecycle.postStart", &hosts);
      HostParts(c->pre_stop, "lifecycle.preStop", &hosts);
    }
    if (!hosts.empty()) {
      hit("rampart.pss.baseline.host_probes_and_lifecycle", "deny#1",
          "probe or lifecycle host (container " + Q(c->name) + " uses " + hosts + ")");
    }
  }
  // apparmor
  if (ps.set && ps.apparmor.set && ps.apparmor.type && !In(*ps.apparmor.type, kAllowedProfileTypes)) {
    hit("rampart.pss.baseline.apparmor", "pod_profile",
        "forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to " + Q(*ps.apparmor.type) + ")");
  }
  for (const Container* c = begin; c != end; ++c) {
    const Profile& p = c->sc.apparmor;
    if (c->sc.set && p.set && p.type && !In(*p.type, kAllowedProfileTypes)) {
      hit("rampart.pss.baseline.apparmor", "container_profile",
          "forbidden AppArmor profile (container " + Q(c->name) + " must not set securityContext.appArmorProfile.type to " +
              Q(*p.type) + ")");
    }
  }
  for (const auto& [key, value] : r.annotations) {
    if (StartsWith(key, kAppArmorAnnotationPrefix) &&
        !(value.empty() || value == "runtime/default" || StartsWith(value, "localhost/"))) {
      hit("rampart.pss.baseline.apparmor", "annotation",
          "forbidden AppArmor profile (annotation " + Q(key) + "=" + Q(value) + ")");
    }
  }
  // selinux
  if (ps.set && ps.selinux.set) {
    std::string bad = SelinuxViolations(ps.selinux);
    if (!bad.empty()) {
      hit("rampart.pss.baseline.selinux", "pod_options",
          "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: " + bad + ")");
    }
  }
  for (const Container* c = begin; c != end; ++c) {
    if (!(c->sc.set && c->sc.selinux.set)) continue;
    std::string bad = SelinuxViolations(c->sc.selinux);
    if (!bad.empty()) {
      hit("rampart.pss.baseline.selinux", "container_options",
          "seLinuxOptions (container " + Q(c->name) + " set forbidden securityContext.seLinuxOptions: " + bad + ")");
    }
  }
  // proc_mount (baseline: a user-namespaced pod may unmask /proc)
  const bool userns = r.host_users && !*r.host_users;
  for (const Container* c = begin; c != end; ++c) {
    if (!userns && c->sc.set && c->sc.proc_mount && *c->sc.proc_mount != "Default") {
      hit("rampart.pss.baseline.proc_mount", "deny#1",
          "procMount (container " + Q(c->name) + " must not set securityContext.procMount to " + Q(*c->sc.proc_mount) + ")");
    }
  }
  // seccomp (baseline)
  if (ps.set && ps.seccomp.set && ps.seccomp.type && !In(*ps.seccomp.type, kAllowedProfileTypes)) {
    hit("rampart.pss.baseline.seccomp", "pod_profile",
        "seccompProfile (pod must not set securityContext.seccompProfile.type to " + Q(*ps.seccomp.type) + ")");
  }
  for (const Container* c = begin; c != end; ++c) {
    const Profile& p = c->sc.seccomp;
    if (c->sc.set && p.set && p.type && !In(*p.type, kAllowedProfileTypes)) {
      hit("rampart.pss.baseline.seccomp", "container_profile",
          "seccompProfile (container " + Q(c->name) + " must not set securityContext.seccompProfile.type to " + Q(*p.type) + ")");
    }
  }
  // sysctls
  if (ps.set && ps.has_sysctls) {
    std::string forbidden;
    for (string_view n : ps.sysctls) {
      if (!In(n, kAllowedSysctls)) {
        if (!forbidden.empty()) forbidden += ", ";
        forbidden += n;
      }
    }
    if (!forbidden.empty()) hit("rampart.pss.baseline.sysctls", "deny#1", "forbidden sysctls (" + forbidden + ")");
  }

  // ---------------------------------------------------------------- restricted.rp
  // volume_types
  for (const Volume& v : r.volumes) {
    uint32_t bad = v.sources & ~kAllowedVolumeMask;
    if (bad == 0) continue;
    std::vector<string_view> names;
    for (int i = 0; i < kVolumeSourceCount; ++i) {
      if (bad & (1u << i)) names.push_back(kVolumeSources[i]);
    }
    hit("rampart.pss.restricted.volume_types", "deny#1",
        "restricted volume types (volume " + Q(v.name) + " uses restricted volume type " + QuotedList(names) + ")");
  }
  // privilege_escalation (not for Windows pods)
  if (!windows) {
    for (const Container* c = begin; c != end; ++c) {
      if (!(c->sc.set && c->sc.allow_privilege_escalation && !*c->sc.allow_privilege_escalation)) {
        hit("rampart.pss.restricted.privilege_escalation", "deny#1",
            "allowPrivilegeEscalation != false (container " + Q(c->name) +
                " must set securityContext.allowPrivilegeEscalation=false)");
      }
    }
  }
  // run_as_non_root
  const bool pod_set = ps.set && ps.run_as_non_root.has_value();
  if (pod_set && !*ps.run_as_non_root) {
    hit("rampart.pss.restricted.run_as_non_root", "pod_false",
        "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
  }
  for (const Container* c = begin; c != end; ++c) {
    const bool set = c->sc.set && c->sc.run_as_non_root.has_value();
    if (set && !*c->sc.run_as_non_root) {
      hit("rampart.pss.restricted.run_as_non_root", "container_false",
          "runAsNonRoot != true (container " + Q(c->name) + " must not set securityContext.runAsNonRoot=false)");
    }
    if (!set && !(pod_set && *ps.run_as_non_root)) {
      hit("rampart.pss.restricted.run_as_non_root", "container_unset",
          "runAsNonRoot != true (pod or container " + Q(c->name) + " must set securityContext.runAsNonRoot=true)");
    }
  }
  // run_as_user
  if (ps.set && ps.run_as_user && *ps.run_as_user == 0) {
    hit("rampart.pss.restricted.run_as_user", "pod_root", "runAsUser=0 (pod must not set runAsUser=0)");
  }
  for (const Container* c = begin; c != end; ++c) {
    if (c->sc.set && c->sc.run_as_user && *c->sc.run_as_user == 0) {
      hit("rampart.pss.restricted.run_as_user", "container_root",
          "runAsUser=0 (container " + Q(c->name) + " must not set runAsUser=0)");
    }
  }
  if (!windows) {
    // seccomp (restricted)
    const bool pod_ok = ps.set && ps.seccomp.set && ps.seccomp.type && In(*ps.seccomp.type, kAllowedProfileTypes);
    if (ps.set && ps.seccomp.set && !pod_ok) {
      hit("rampart.pss.restricted.seccomp", "pod_profile",
          "seccompProfile (pod must not set securityContext.seccompProfile.type to " +
              (ps.seccomp.type ? Q(*ps.seccomp.type) : "\"\"") + ")");
    }
    for (const Container* c = begin; c != end; ++c) {
      const Profile& p = c->sc.seccomp;
      const bool set = c->sc.set && p.set;
      if (set && !(p.type && In(*p.type, kAllowedProfileTypes))) {
        hit("rampart.pss.restricted.seccomp", "container_profile",
            "seccompProfile (container " + Q(c->name) + " must not set securityContext.seccompProfile.type to " +
                (p.type ? Q(*p.type) : "\"\"") + ")");
      }
      if (!set && !pod_ok) {
        hit("rampart.pss.restricted.seccomp", "container_unset",
            "seccompProfile (pod or container " + Q(c->name) +
                " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
      }
    }
    // capabilities (restricted)
    for (const Container* c = begin; c != end; ++c) {
      const bool caps_set = c->sc.set && c->sc.caps;
      bool drops_all = false;
      if (caps_set && c->sc.has_drop) {
        for (string_view x : c->sc.drop) drops_all = drops_all || x == "ALL";
      }
      std::vector<string_view> forbidden;
      if (caps_set && c->sc.has_add) {
        for (string_view x : c->sc.add) {
          if (x != "NET_BIND_SERVICE") forbidden.push_back(x);
        }
      }
      if (!drops_all) {
        hit("rampart.pss.restricted.capabilities", "drop_all",
            "unrestricted capabilities (container " + Q(c->name) + " must set securityContext.capabilities.drop=[\"ALL\"])");
      }
      if (!forbidden.empty()) {
        hit("rampart.pss.restricted.capabilities", "add",
            "unrestricted capabilities (container " + Q(c->name) + " must not include " + QuotedList(forbidden) +
                " in securityContext.capabilities.add)");
      }
    }
  }
  // proc_mount (restricted: Default, user namespace or not)
  for (const Container* c = begin; c != end; ++c) {
    if (c->sc.set && c->sc.proc_mount && *c->sc.proc_mount != "Default") {
      hit("rampart.pss.restricted.proc_mount", "deny#1",
          "procMount (container " + Q(c->name) + " must not set securityContext.procMount to " + Q(*c->sc.proc_mount) + ")");
    }
  }
}

}  // namespace rampart::bench::pss
