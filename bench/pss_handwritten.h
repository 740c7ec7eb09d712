#pragma once
// The Pod Security Standards Restricted profile (policies/pss/restricted.rp together with
// the Baseline profile it builds on, policies/pss/baseline.rp) written by hand in C++: the
// "practical limit" column of bench/interp_bench.cc. Every check, guard and message of the
// two .rp files, in plain code over a typed view of the AdmissionReview; the benchmark
// refuses to run when this code and the interpreter disagree on an input.
//
// The typed view holds string_views into a simdjson DOM kept by the decoder; it assumes
// well-typed Kubernetes JSON (a field of the wrong type makes the review malformed and the
// decision deny, where the interpreter would report an evaluation error and fail closed).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::bench::pss {

using Str = std::optional<std::string_view>;
using Bool = std::optional<bool>;
using Int = std::optional<int64_t>;

// A Probe or LifecycleHandler: only what the host checks read.
struct HostRef {
  bool http = false;
  Str http_host;
  bool tcp = false;
  Str tcp_host;
};

struct Profile {  // seccompProfile, appArmorProfile
  bool set = false;
  Str type;
};

struct SELinux {
  bool set = false;
  Str type, user, role;
};

// Container and pod security contexts share this shape (sysctls only at pod level).
struct SecurityContext {
  bool set = false;
  bool windows = false;  // windowsOptions present
  Bool host_process;
  Bool privileged, allow_privilege_escalation, run_as_non_root;
  Int run_as_user;
  bool caps = false, has_add = false, has_drop = false;
  std::vector<std::string_view> add, drop;
  SELinux selinux;
  Str proc_mount;
  Profile seccomp, apparmor;
  bool has_sysctls = false;
  std::vector<std::string_view> sysctls;  // names
  void Reset();
};

struct Container {
  std::string_view name;
  std::string_view image;     // bench/admission_custom.h reads these two
  bool memory_limit = false;  // resources.limits has "memory
  SecurityContext sc;
  bool has_ports = false;
  std::vector<Int> host_ports;  // one per port: hostPort when set
  std::optional<HostRef> liveness, readiness, startup, post_start, pre_stop;
  bool lifecycle = false;
  void Reset();
};

struct Volume {
  std::string_view name;
  uint32_t sources = 0;  // bit i: the i-th field of kVolumeSources is present
  Str host_path;         // hostPath.path
};

struct Review {
  bool malformed = false;
  std::string_view operation;
  // What bench/admission_custom.h reads: request.namespace, the object's kind and labels.
  std::string_view request_namespace, object_kind;
  bool has_labels = false, has_name_label = false, has_owner_label = false;
  Str part_of;
  bool has_pod = false;
  // The pod (the object, or a workload's pod template).
  Str os_name;
  Bool host_users, host_network, host_pid, host_ipc;
  SecurityContext pod_sc;
  bool has_annotations = false;
  std::vector<std::pair<std::string_view, std::string_view>> annotations;
  size_t container_count = 0;
  std::vector<Container> containers;  // init, regular, ephemeral; first container_count used
  bool has_volumes = false;
  std::vector<Volume> volumes;
};

struct Hit {
  const char* policy;  // package.policy
  const char* rule;    // rule name as the compiler names it (unnamed rules: "deny#1")
  std::string message;
};

struct Result {
  bool deny = false;
  std::vector<Hit> hits;
};

// Decodes AdmissionReview JSON into a Review (reusing its buffers from call to call) and
// decides it. The Review's views stay valid until the next Decode.
class Checker {
 public:
  Checker();
  ~Checker();
  // False when `json` is not an AdmissionReview with a request.
  bool Decode(std::string_view json);
  const Review& review() const { return review_; }
  // Baseline + Restricted on the last decoded review. `out` is cleared first.
  void Check(Result* out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Review review_;
};

}  // namespace rampart::bench::pss
