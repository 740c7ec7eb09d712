# Issue 5's acceptance line: on a workload with a stable behaviour, a baseline learned from one
# period flags none of another normal period's events beyond genuinely new behaviour, and
# flags a shell spawned by the server process.
#
# Two periods of the same workload (shop/Deployment/web, 2 replicas with new pod names in the
# second period) are generated with different seeds: the same programs, files, peers and
# syscalls, but fresh temp file names, /proc PIDs, ephemeral client ports and a different
# sample of the static files served. The second period also has one `/bin/sh` started by the
# server. Learn from period 1, emit, replay period 2: exactly that exec is flagged. Replaying
# period 1 flags nothing.
# Run as: cmake -DRAMPART=... -DWORK=... -P stable_periods.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

set(digest "sha256:5ab1e5ab1e5ab1e5ab1e")
set(static_pool css/site.css css/print.css css/theme-dark.css css/theme-light.css js/app.js
    js/vendor.js js/chart.js js/forms.js js/search.js img/logo.png img/banner.jpg
    img/icons/cart.svg img/icons/user.svg img/icons/search.svg img/icons/menu.svg
    img/icons/close.svg img/icons/star.svg fonts/inter.woff2 fonts/mono.woff2 index.html
    about.html help/faq.html help/contact.html help/terms.html robots.txt favicon.ico
    img/products/p1.jpg img/products/p2.jpg img/products/p3.jpg img/products/p4.jpg)
list(LENGTH static_pool static_count)
set(syscall_pool read write epoll_wait futex accept4 openat)

# A random number in [lo, lo + span).
function(rand_int out lo span)
  string(RANDOM LENGTH 6 ALPHABET 0123456789 digits)
  string(REGEX REPLACE "^0+" "" digits "${digits}0")
  math(EXPR n "${lo} + (${digits} / 10) % ${span}")
  set(${out} ${n} PARENT_SCOPE)
endfunction()

# Appends one event line to `lines` in the caller's scope.
macro(event kind time pod rest)
  string(APPEND lines "{\"kind\": \"${kind}\", \"time\": \"${time}\", \"node\": \"node-1\", "
         "\"container\": {\"name\": \"web\", \"image\": \"ghcr.io/acme/web:2.4.1\", \"image_digest\": \"${digest}\"}, "
         "\"workload\": {\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"web\", \"pod\": \"${pod}\", "
         "\"labels\": {\"app\": \"web\"}}, ${rest}}\n")
endmacro()

function(generate file seed day with_shell)
  string(RANDOM LENGTH 1 RANDOM_SEED ${seed} ignored)
  set(lines "")
  set(server "\"proc\": {\"exe\": \"/usr/local/bin/server\", \"name\": \"server\"}")
  foreach(replica 1 2)
    string(RANDOM LENGTH 5 ALPHABET bcdfghjklmnpqrstvwxz2456789 suffix)
    set(pod "web-5f6d7c8b9-${suffix}")
    set(t "2024-06-${day}T0${replica}:00:00Z")
    event(exec ${t} ${pod} "\"proc\": {\"exe\": \"/usr/local/bin/server\", \"name\": \"server\"}, \"parent\": {\"exe\": \"/sbin/tini\", \"name\": \"tini\"}")
    event(open ${t} ${pod} "${server}, \"path\": \"/app/lib/server-2.4.1.jar\", \"access\": \"read\"")
    event(open ${t} ${pod} "${server}, \"path\": \"/var/run/secrets/kubernetes.io/serviceaccount/token\", \"access\": \"read\"")
    foreach(i RANGE 10 29)
      set(t "2024-06-${day}T0${replica}:${i}:00Z")
      # a health check: a shell started by tini runs curl
      event(exec ${t} ${pod} "\"proc\": {\"exe\": \"/bin/sh\", \"name\": \"sh\"}, \"parent\": {\"exe\": \"/sbin/tini\", \"name\": \"tini\"}")
      event(exec ${t} ${pod} "\"proc\": {\"exe\": \"/usr/bin/curl\", \"name\": \"curl\"}, \"parent\": {\"exe\": \"/bin/sh\", \"name\": \"sh\"}")
      rand_int(pid 100 40000)
      event(open ${t} ${pod} "${server}, \"path\": \"/proc/${pid}/stat\", \"access\": \"read\"")
      event(open ${t} ${pod} "${server}, \"path\": \"/proc/${pid}/status\", \"access\": \"read\"")
      string(RANDOM LENGTH 8 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 name)
      event(open ${t} ${pod} "${server}, \"path\": \"/tmp/upload-${name}7.tmp\", \"access\": \"write\"")
      string(RANDOM LENGTH 16 ALPHABET 0123456789abcdef session)
      event(open ${t} ${pod} "${server}, \"path\": \"/tmp/sess_${session}\", \"access\": \"readwrite\"")
      rand_int(k 0 ${static_count})
      list(GET static_pool ${k} asset)
      event(open ${t} ${pod} "${server}, \"path\": \"/app/static/${asset}\", \"access\": \"read\"")
      event(open ${t} ${pod} "${server}, \"path\": \"/etc/resolv.conf\", \"access\": \"read\"")
      event(open ${t} ${pod} "${server}, \"path\": \"/etc/ssl/certs/ca-certificates.crt\", \"access\": \"read\"")
      rand_int(port 32768 28232)
      event(connect ${t} ${pod} "${server}, \"protocol\": \"tcp\", \"remote_ip\": \"10.0.3.7\", \"remote_port\": 5432, \"local_port\": ${port}, \"peer\": {\"namespace\": \"db\", \"labels\": {\"app\": \"postgres\"}, \"service\": \"postgres\"}")
      event(flow ${t} ${pod} "${server}, \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": 5432, \"peer\": {\"namespace\": \"db\", \"labels\": {\"app\": \"postgres\"}, \"service\": \"postgres\"}, \"peer_ip\": \"10.0.3.7\"")
      event(flow ${t} ${pod} "\"direction\": \"egress\", \"protocol\": \"udp\", \"port\": 53, \"peer\": {\"namespace\": \"kube-system\", \"labels\": {\"k8s-app\": \"kube-dns\"}, \"service\": \"kube-dns\"}")
      rand_int(port 32768 28232)
      event(accept ${t} ${pod} "${server}, \"protocol\": \"tcp\", \"remote_ip\": \"10.42.0.9\", \"remote_port\": ${port}, \"local_port\": 8080, \"peer\": {\"namespace\": \"shop\", \"pod\": \"frontend-6b8f4c7d9-k9z7w\", \"labels\": {\"app\": \"frontend\", \"pod-template-hash\": \"6b8f4c7d9\"}}")
      event(flow ${t} ${pod} "${server}, \"direction\": \"ingress\", \"protocol\": \"tcp\", \"port\": 8080, \"peer\": {\"namespace\": \"shop\", \"pod\": \"frontend-6b8f4c7d9-k9z7w\", \"labels\": {\"app\": \"frontend\", \"pod-template-hash\": \"6b8f4c7d9\"}}")
      foreach(n 1 2)
        rand_int(k 0 6)
        list(GET syscall_pool ${k} call)
        event(syscall ${t} ${pod} "${server}, \"syscall\": {\"name\": \"${call}\"}")
      endforeach()
    endforeach()
  endforeach()
  if(with_shell)
    event(exec "2024-06-${day}T03:00:00Z" ${pod} "\"proc\": {\"exe\": \"/bin/sh\", \"name\": \"sh\", \"args\": [\"-c\", \"id\"]}, \"parent\": {\"exe\": \"/usr/local/bin/server\", \"name\": \"server\"}")
  endif()
  file(WRITE ${file} "${lines}")
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/run_rampart.cmake)

generate(${WORK}/period1.jsonl 101 01 OFF)
generate(${WORK}/period2.jsonl 202 08 ON)
run(0 learn ingest --db ${WORK}/l.db ${WORK}/period1.jsonl)
run(0 learn emit --db ${WORK}/l.db -o ${WORK}/baselines)
file(GLOB baselines ${WORK}/baselines/*.rp)
file(READ ${baselines} text)
# The generalisations the second period depends on are in the baseline, explained.
foreach(expected
    "path.glob(\"/proc/*/stat\")" "path.glob(\"/tmp/upload-*.tmp\")" "path.glob(\"/tmp/sess_*\")"
    "path.glob(\"/app/static/**\")" "path.glob(\"/app/lib/server-2.*.jar\")"
    "path == \"/var/run/secrets/kubernetes.io/serviceaccount/token\""
    "kept literal (sensitive path)" "(process ids)" "(random names)" "(many files in one tree)")
  string(FIND "${text}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the baseline should contain ${expected}:\n${text}")
  endif()
endforeach()

# Ephemeral client ports (connect's local_port, accept's remote_port) never become rules.
if(text MATCHES "port (3[2-9]|[4-6][0-9])[0-9][0-9][0-9]/")
  message(FATAL_ERROR "an ephemeral port became a rule:\n${text}")
endif()

run(0 learn replay -p ${WORK}/baselines -e ${WORK}/period1.jsonl)
if(NOT out MATCHES "shop/Deployment/web +[0-9]+ +0 +0 +0.0%")
  message(FATAL_ERROR "the learning period should replay clean:\n${out}")
endif()
run(0 learn replay -p ${WORK}/baselines -e ${WORK}/period2.jsonl)
if(NOT out MATCHES "shop/Deployment/web +[0-9]+ +1 +1 "
   OR NOT out MATCHES "web_5ab1e5ab1e5a_exec\\.\\(default\\) +alert +block +1\n"
   OR out MATCHES "_files|_syscalls|_network")
  message(FATAL_ERROR "period 2 should flag exactly the shell the server spawned:\n${out}")
endif()
