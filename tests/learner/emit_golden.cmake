# `rampart learn emit` as a user runs it: history in, baselines out, compared with the
# committed golden files (RAMPART_UPDATE_GOLDEN=1 in the environment rewrites them); the
# output passes `rampart check` and `rampart fmt --check`; the same history gives the same
# bytes, also from a store filled in another order; --workload selects. Peers known only by
# address are resolved through the store's address table (data/resolve/).
# Run as: cmake -DRAMPART=... -DDATA=... -DGOLDEN=... -DWORK=... -P emit_golden.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(GLOB hubble ${DATA}/hubble/*.json)
list(SORT hubble)
# resolve/: peers known only by address, resolved through the addresses pods were seen with
# (rampart's local_ip and a named peer's remote_ip; Hubble endpoints), an address reused by
# a second pod, a span over both holders, and addresses no pod held.
# dns/: peers outside the cluster named by DNS (Hubble destination_names/source_names, a
# rampart flow's peer_dns_names): dns(...) rules, one *.parent pattern, addresses kept.
# join/: Hubble flows of pods whose containers rampart's events name, joined into those
# container versions by pod (learner/mine/pod_flow_join.h): two containers in one pod, a
# pod only Hubble saw (kept in the pod-level baseline), a StatefulSet pod that ran two
# versions one after the other (each takes the flows of its time).
set(history ${DATA}/rampart/events.jsonl ${DATA}/rampart/emit_events.jsonl ${DATA}/rampart/mine_events.jsonl
    ${hubble} ${DATA}/resolve/events.jsonl ${DATA}/resolve/hubble_flows.json
    ${DATA}/dns/hubble_dns_flows.json ${DATA}/dns/flows.jsonl
    ${DATA}/join/events.jsonl ${DATA}/join/hubble_flows.json)
set(reversed ${history})
list(REVERSE reversed)

function(ingest db)
  # events.jsonl has bad lines on purpose: exit status 1, everything else stored.
  execute_process(COMMAND ${RAMPART} learn ingest --db ${db} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT (rc EQUAL 0 OR rc EQUAL 1))
    message(FATAL_ERROR "ingest into ${db}: status ${rc}\n${out}${err}")
  endif()
endfunction()

function(emit db dir)
  execute_process(COMMAND ${RAMPART} learn emit --db ${db} -o ${dir} ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "emit from ${db}: status ${rc}\n${out}${err}")
  endif()
endfunction()

# Same files (names and bytes) in both directories.
function(compare_dirs a b what)
  file(GLOB fa RELATIVE ${a} ${a}/*.rp)
  file(GLOB fb RELATIVE ${b} ${b}/*.rp)
  list(SORT fa)
  list(SORT fb)
  if(NOT "${fa}" STREQUAL "${fb}")
    message(FATAL_ERROR "${what}: different files\n${a}: ${fa}\n${b}: ${fb}")
  endif()
  foreach(f ${fa})
    file(READ ${a}/${f} ta)
    file(READ ${b}/${f} tb)
    if(NOT ta STREQUAL tb)
      message(FATAL_ERROR "${what}: ${f} differs (diff ${a}/${f} ${b}/${f})")
    endif()
  endforeach()
endfunction()

ingest(${WORK}/learn.db ${history})
emit(${WORK}/learn.db ${WORK}/out)

if("$ENV{RAMPART_UPDATE_GOLDEN}" STREQUAL "1")
  file(GLOB old ${GOLDEN}/*.rp)
  if(old)
    file(REMOVE ${old})
  endif()
  file(GLOB new ${WORK}/out/*.rp)
  file(COPY ${new} DESTINATION ${GOLDEN})
  message(STATUS "rewrote ${GOLDEN}")
endif()
compare_dirs(${GOLDEN} ${WORK}/out "golden")

file(GLOB golden_files ${GOLDEN}/*.rp)
execute_process(COMMAND ${RAMPART} check ${golden_files} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT "${out}${err}" MATCHES "no errors")
  message(FATAL_ERROR "rampart check on the golden baselines: status ${rc}\n${out}${err}")
endif()
execute_process(COMMAND ${RAMPART} fmt --check ${golden_files} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rampart fmt --check on the golden baselines: status ${rc}, not in fmt layout:\n${out}${err}")
endif()

# Determinism: emitting again, and emitting from a store filled in the reverse order.
emit(${WORK}/learn.db ${WORK}/again)
compare_dirs(${WORK}/out ${WORK}/again "second emit")
ingest(${WORK}/reversed.db ${reversed})
emit(${WORK}/reversed.db ${WORK}/reversed)
compare_dirs(${WORK}/out ${WORK}/reversed "emit from a store filled in reverse order")

# --workload
emit(${WORK}/learn.db ${WORK}/billing --workload payments/billing)
file(GLOB billing RELATIVE ${WORK}/billing ${WORK}/billing/*.rp)
list(SORT billing)
if(NOT "${billing}" STREQUAL "payments.deployment.billing.app.4e5f6a7b.rp;payments.deployment.billing.app.9999aaaa.rp")
  message(FATAL_ERROR "--workload payments/billing wrote: ${billing}")
endif()
execute_process(COMMAND ${RAMPART} learn emit --db ${WORK}/learn.db -o ${WORK}/none --workload nosuch
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "matches nosuch")
  message(FATAL_ERROR "--workload nosuch: status ${rc}\n${err}")
endif()
