# `rampart learn diff` as a user runs it: learn history A (diff_a.jsonl), emit the baseline,
# then history B of the same workload with a new image (diff_b.jsonl: wget instead of curl, a
# cache directory that now has hashed names, one more syscall) and diff the reviewed file
# against the store: exec +wget -curl, the cache path widened to a glob, the syscall added,
# exit 1; text and JSON. An edited baseline that already allows wget shows it unchanged.
# Run as: cmake -DRAMPART=... -DDATA=... -DWORK=... -P diff.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(data ${DATA}/rampart)
include(${CMAKE_CURRENT_LIST_DIR}/run_rampart.cmake)
function(expect text)
  foreach(line ${ARGN})
    string(FIND "${text}" "${line}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "expected `${line}` in:\n${text}")
    endif()
  endforeach()
endfunction()

run(0 learn ingest --db ${WORK}/l.db ${data}/diff_a.jsonl)
run(0 learn emit --db ${WORK}/l.db -o ${WORK}/reviewed)
set(baseline ${WORK}/reviewed/shop.deployment.web.web.aaaa1111aaaa.rp)
# Nothing changed yet.
run(0 learn diff --db ${WORK}/l.db ${baseline})
expect("${out}" "no differences" "exec: 0 added, 0 removed, 0 widened, 3 unchanged")

run(0 learn ingest --db ${WORK}/l.db ${data}/diff_b.jsonl)
run(1 learn diff --db ${WORK}/l.db ${baseline})
expect("${out}"
  "store    ${WORK}/l.db: version sha256:bbbb1111bbbb2222 (newest of 2 versions), the image changed"
  "exec: 1 added, 1 removed, 0 widened, 2 unchanged"
  "  + proc.exe == \"/usr/bin/wget\" && parent.exe == \"/bin/sh\"\n      seen: /usr/bin/wget: 1 exec, 2024-07-01T08:00:02Z .. 2024-07-01T08:00:02Z, 1 replica\n"
  "  - proc.exe == \"/usr/bin/curl\" && parent.exe == \"/bin/sh\""
  "file: 0 added, 0 removed, 1 widened, 2 unchanged"
  "  ~ path.glob(\"/var/cache/web/*.bin\") && access == \"read\"\n      seen: /var/cache/web/*.bin: 4 opens, 2024-07-01T08:01:00Z .. 2024-07-01T08:01:03Z, 1 replica\n"
  "            generalised: 4 paths as /var/cache/web/*.bin (generated names)"
  "      was path == \"/var/cache/web/a.bin\" && access == \"read\""
  "network: 0 added, 0 removed, 0 widened, 1 unchanged"
  "syscall: 1 added, 0 removed, 0 widened, 2 unchanged"
  "  + syscall.name == \"openat\"")

run(1 learn diff --db ${WORK}/l.db --format json ${baseline})
expect("${out}"
  "\"store_version\":\"sha256:bbbb1111bbbb2222\",\"store_versions\":2,\"differences\":true"
  "\"exec\":{\"added\":[\"proc.exe == \\\"/usr/bin/wget\\\" && parent.exe == \\\"/bin/sh\\\"\"],\"removed\":[\"proc.exe == \\\"/usr/bin/curl\\\" && parent.exe == \\\"/bin/sh\\\"\"],\"widened\":[],\"evidence\":{\"proc.exe == \\\"/usr/bin/wget\\\" && parent.exe == \\\"/bin/sh\\\"\":[\"/usr/bin/wget: 1 exec, 2024-07-01T08:00:02Z .. 2024-07-01T08:00:02Z, 1 replica\"]},\"unchanged\":2"
  "\"widened\":[{\"to\":\"path.glob(\\\"/var/cache/web/*.bin\\\") && access == \\\"read\\\"\",\"from\":[\"path == \\\"/var/cache/web/a.bin\\\" && access == \\\"read\\\"\"]}]")

# --version picks the store's version: the one the baseline names (no differences), a unique
# prefix of a digest; an unknown one fails and lists what the store has.
run(0 learn diff --db ${WORK}/l.db --version baseline ${baseline})
expect("${out}" "version sha256:aaaa1111aaaa2222 (chosen by --version, one of 2 versions)" "no differences")
run(1 learn diff --db ${WORK}/l.db --version bbbb1111 ${baseline})
expect("${out}" "version sha256:bbbb1111bbbb2222 (chosen by --version, one of 2 versions)")
run(2 learn diff --db ${WORK}/l.db --version cccc ${baseline})
expect("${err}" "no version of shop/web (container web) in ${WORK}/l.db is cccc; the store has:\n  sha256:aaaa1111aaaa2222\n  sha256:bbbb1111bbbb2222")

# A reviewer who allowed any program started by the shell sees wget as already allowed.
file(READ ${baseline} text)
string(REPLACE "allow if proc.exe == \"/usr/bin/curl\" && parent.exe == \"/bin/sh\""
               "allow if proc.exe.glob(\"/usr/bin/*\") && parent.exe == \"/bin/sh\"" edited "${text}")
file(WRITE ${WORK}/edited.rp "${edited}")
run(1 learn diff --db ${WORK}/l.db ${WORK}/edited.rp)
expect("${out}" "exec: 0 added, 0 removed, 0 widened, 2 unchanged, 1 already allowed")

# Errors: a file that does not check, a file that names no workload, a workload not in the store.
file(WRITE ${WORK}/broken.rp "package x\nruntime policy p {\n  allow if nosuch == 1\n}\n")
run(2 learn diff --db ${WORK}/l.db ${WORK}/broken.rp)
expect("${err}" "does not check")
file(WRITE ${WORK}/anon.rp "package x\nruntime policy p {\n  on exec\n  allow if proc.exe == \"/x\"\n}\n")
run(2 learn diff --db ${WORK}/l.db ${WORK}/anon.rp)
expect("${err}" "cannot tell which workload")
string(REPLACE "workload.name == \"web\"" "workload.name == \"nosuch\"" other "${text}")
file(WRITE ${WORK}/other.rp "${other}")
run(2 learn diff --db ${WORK}/l.db ${WORK}/other.rp)
expect("${err}" "has no observations of shop/nosuch (container web): ingest its history first")

# A pod-level (Hubble) baseline written before its flows were joined into the container
# versions of the same pods: its peers read as removed, and the note says where they went.
file(WRITE ${WORK}/podlevel.rp "package learned.orders.ledger\nnetwork policy baseline_network {\n  mode monitor\n  select workload.namespace == \"orders\" && workload.kind == \"StatefulSet\" && workload.name == \"ledger\"\n  egress allow to cidr(\"198.51.100.20/32\") port 443/tcp\n  default egress deny\n}\n")
run(0 learn ingest --db ${WORK}/join.db ${DATA}/join/events.jsonl ${DATA}/join/hubble_flows.json)
run(1 learn diff --db ${WORK}/join.db ${WORK}/podlevel.rp)
expect("${out}" "network: 0 added, 1 removed")
expect("${err}" "3 flows of these pods are in the baselines of the container versions that ran in them")
