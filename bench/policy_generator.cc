#include "bench/policy_generator.h"

#include <random>

namespace rampart::bench {

std::string GeneratePolicies(int count, unsigned seed, PolicyStyle style) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  const char* bins[] = {"sh", "bash", "nc", "ncat", "curl", "wget", "python3", "perl", "socat", "nmap"};
  const char* dirs[] = {"/etc/", "/root/.ssh/", "/var/run/secrets/", "/proc/sys/", "/boot/"};
  std::string out = "package bench.generated\n\nconst shells = [\"sh\", \"bash\", \"dash\", \"zsh\"]\n\n";
  out += "def is_shell(n: string): bool = n in shells\n\n";
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    if (style == PolicyStyle::kCompact) {
      switch (i % 3) {
        case 0:
          out += "runtime policy rt_" + n + " {\n  on exec\n  block if parent.name == \"" + bins[pick(10)] +
                 "\" && proc.name in shells\n}\n\n";
          break;
        case 1:
          out += "admission policy adm_" + n + " {\n  each c in containers(object)\n    deny if c.image.startsWith(\"registry-" +
                 std::to_string(pick(50)) + ".example/\")\n}\n\n";
          break;
        default:
          out += "network policy net_" + n + " {\n  select workload.labels[\"app\"] == \"app-" + std::to_string(pick(100)) +
                 "\"\n  egress deny if port in [389, 636]\n}\n\n";
      }
      continue;
    }
    switch (i % 3) {
      case 0:
        out += "admission policy adm_" + n + " {\n  severity high\n  mode enforce\n"
               "  match object.kind in [\"Pod\", \"Deployment\"] && namespace != \"ns-" + n + "\"\n"
               "  each c in containers(object)\n"
               "    deny if has(c.securityContext.privileged) && c.securityContext.privileged\n"
               "      || c.image.startsWith(\"registry-" + std::to_string(pick(50)) + ".example/\")\n"
               "      message \"container \" + c.name + \" violates rule " + n + "\"\n}\n\n";
        break;
      case 1:
        out += "runtime policy rt_" + n + " {\n  on exec\n  when workload.labels[\"app\"] == \"app-" +
               std::to_string(pick(100)) + "\"\n"
               "  block if parent.name == \"" + bins[pick(10)] + "\" && (is_shell(proc.name) || proc.name in [\"" +
               bins[pick(10)] + "\", \"" + bins[pick(10)] + "\"])\n"
               "    message \"unexpected \" + proc.exe + \" under \" + parent.exe\n"
               "  alert if proc.exe.startsWith(\"" + dirs[pick(5)] + "\") && proc.uid == 0\n}\n\n";
        break;
      default:
        out += "network policy net_" + n + " {\n  select workload.namespace == \"ns-" + std::to_string(pick(40)) +
               "\" && workload.labels[\"app\"] == \"app-" + std::to_string(pick(100)) + "\"\n"
               "  ingress allow from labels(app: \"gw-" + std::to_string(pick(20)) + "\") port 8443/tcp\n"
               "  egress allow to service(\"db-" + std::to_string(pick(20)) + "\", namespace: \"db\") port 5432/tcp\n"
               "  egress deny if port in [389, 636, 1389, 1099]\n  default deny\n}\n\n";
    }
  }
  return out;
}

}  // namespace rampart::bench
