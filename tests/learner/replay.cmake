# `rampart learn replay` as a user runs it: learn from emit_events.jsonl, emit baselines,
# replay the same history (nothing flagged) and a held-out history with one unseen
# executable (exactly that event flagged, blocked once enforced), as text and JSON; the same
# with the real Tetragon and Hubble samples and the Falco fixture.
set(work ${WORK_DIR}/learn-replay)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})
set(data ${SOURCE_DIR}/tests/learner/data/rampart)
include(${CMAKE_CURRENT_LIST_DIR}/run_rampart.cmake)
run(0 learn ingest --db ${work}/l.db ${data}/emit_events.jsonl)
run(0 learn emit --db ${work}/l.db -o ${work}/baselines)
run(0 learn replay -p ${work}/baselines -e ${data}/emit_events.jsonl)
if(NOT out MATCHES "shop/Deployment/api +10 +0 +0 +0.0%")
  message(FATAL_ERROR "replaying the training history should flag nothing:\n${out}")
endif()
run(0 learn replay -p ${work}/baselines -e ${data}/heldout_events.jsonl)
if(NOT out MATCHES "shop/Deployment/api +10 +1 +1 +10.0%" OR NOT out MATCHES "api_[0-9a-f]+_exec\\.\\(default\\) +alert +block +1")
  message(FATAL_ERROR "the unseen executable should be flagged once:\n${out}")
endif()
run(0 learn replay --format json --engine interp -p ${work}/baselines -e ${data}/heldout_events.jsonl)
if(NOT out MATCHES "\"flagged\":1,\"would_block\":1,\"flagged_percent\":10.00")
  message(FATAL_ERROR "unexpected JSON:\n${out}")
endif()
# A malformed line stops the replay with the file and line, exit 1 (ingest counts bad lines).
run(1 learn replay -p ${work}/baselines -e ${data}/events.jsonl)
if(NOT err MATCHES "events.jsonl:4: not valid JSON")
  message(FATAL_ERROR "the error should name the file and line:\n${err}")
endif()

# Every format ingest reads replays: baselines learned from the real Tetragon and Hubble
# samples and the Falco fixture flag none of their own history ...
set(samples ${SOURCE_DIR}/tests/learner/data)
file(GLOB hubble ${samples}/hubble/*.json)
file(GLOB tetragon ${samples}/tetragon/*.json)
set(imported ${hubble} ${tetragon} ${samples}/falco/alerts.jsonl)
run(0 learn ingest --db ${work}/imported.db ${imported})
run(0 learn emit --db ${work}/imported.db -o ${work}/imported)
set(events_args)
foreach(f ${imported})
  list(APPEND events_args -e ${f})
endforeach()
run(0 learn replay --format json -p ${work}/imported ${events_args})
if(NOT out MATCHES "^{\"events\":1096,\"ignored\":3," OR out MATCHES "\"flagged\":[1-9]")
  message(FATAL_ERROR "the training history should replay clean:\n${out}")
endif()
# ... and flag exactly the new: a flow to a port details-v1 never served (both ends: the
# client's egress and the server's ingress) and a shell in the deathstar (Tetragon exec).
run(0 learn replay -p ${work}/imported -e ${samples}/replay/heldout_hubble.json
    -e ${samples}/replay/heldout_tetragon.json)
foreach(expected "replayed 4 events"
                 "bookinfo/Deployment/details-v1 +2 +1 +1 +50.0%"
                 "bookinfo/Deployment/productpage-v1 +2 +1 +1 +50.0%"
                 "default/Deployment/deathstar +2 +1 +1 +50.0%"
                 "details_v1.baseline_network.\\(default\\) +alert +deny +1"
                 "deathstar_[0-9a-f]+_exec.\\(default\\) +alert +block +1")
  if(NOT out MATCHES "${expected}")
    message(FATAL_ERROR "held-out imported history: expected /${expected}/ in\n${out}")
  endif()
endforeach()
# A forced format refuses documents of another shape, naming them.
run(1 learn replay --input-format tetragon -p ${work}/imported -e ${samples}/replay/heldout_hubble.json)
if(NOT err MATCHES "heldout_hubble.json:1: no Tetragon event member")
  message(FATAL_ERROR "a forced format should name the first document it cannot read:\n${err}")
endif()

# Peers known only by address (learner/replay/replay_addresses.h). web connects to 10.96.5.20
# by address at 09:00:00, 09:10 and 09:20; pod pg-0 was seen holding it from 09:00:01 to
# 09:30. Mining resolved the observation (its span overlaps) and the baseline names pg by
# labels. Replay resolves each event at its own time: with the store, 09:10 and 09:20 are pg
# (not flagged) and 09:00:00, before any pod was seen with the address, stays an address
# (flagged); without a store all three are addresses. pg's accept from an outside address
# matches the baseline's cidr rule either way.
set(resolve ${SOURCE_DIR}/tests/learner/data/resolve)
run(0 learn ingest --db ${work}/resolve.db ${resolve}/events.jsonl)
run(0 learn emit --db ${work}/resolve.db -o ${work}/resolve)
run(0 learn replay --format json --db ${work}/resolve.db -p ${work}/resolve -e ${resolve}/events.jsonl)
if(NOT out MATCHES "\"resolved_peers\":2," OR
   NOT out MATCHES "\"workload\":\"shop/Deployment/web\",\"events\":3,\"flagged\":1," OR
   NOT out MATCHES "\"workload\":\"db/StatefulSet/pg\",\"events\":3,\"flagged\":0,")
  message(FATAL_ERROR "replay with the store should resolve the two connects within pg-0's span:\n${out}")
endif()
run(0 learn replay --db ${work}/resolve.db -p ${work}/resolve -e ${resolve}/events.jsonl)
if(NOT out MATCHES "\\(2 peers known only by address resolved through the store\\)")
  message(FATAL_ERROR "the text summary should count resolved peers:\n${out}")
endif()
run(0 learn replay --format json -p ${work}/resolve -e ${resolve}/events.jsonl)
if(NOT out MATCHES "\"resolved_peers\":0," OR
   NOT out MATCHES "\"workload\":\"shop/Deployment/web\",\"events\":3,\"flagged\":3,")
  message(FATAL_ERROR "without a store the connects by address should be flagged:\n${out}")
endif()
# A store named with --db must exist.
run(2 learn replay --db ${work}/missing.db -p ${work}/resolve -e ${resolve}/events.jsonl)
if(NOT err MATCHES "missing.db: cannot open the learner database")
  message(FATAL_ERROR "a missing --db should be an error naming it:\n${err}")
endif()
# A flow whose source gave the peer's labels but no namespace is not the baseline's
# `labels(app: "pg") if has(peer.namespace) && peer.namespace == "db"` peer: flagged by the
# default, not by an error in the allow rule (which the unguarded comparison was).
file(WRITE ${work}/no_namespace.jsonl
  "{\"kind\": \"flow\", \"time\": \"2024-06-04T09:10:00Z\", \"direction\": \"egress\", \"protocol\": \"tcp\", \"port\": 5432, \"peer\": {\"labels\": {\"app\": \"pg\"}}, \"proc\": {\"exe\": \"/app/web\"}, \"container\": {\"name\": \"web\", \"image_digest\": \"sha256:bead0000bead0000\"}, \"workload\": {\"namespace\": \"shop\", \"kind\": \"Deployment\", \"name\": \"web\", \"pod\": \"web-7f9c6d5b8-q2w4r\"}}\n")
run(0 learn replay --format json -p ${work}/resolve -e ${work}/no_namespace.jsonl)
if(NOT out MATCHES "\"flagged\":1," OR NOT out MATCHES "_network\\.\\(default\\)\"" OR
   out MATCHES "allow#")
  message(FATAL_ERROR "a peer without namespace should meet the default, not an erroring rule:\n${out}")
endif()

# Peers outside the cluster by DNS name (tests/learner/data/dns/): the baseline's dns(...)
# rules allow the same names at new addresses and in other spellings, and names under its
# *.cdn.example.net pattern; a new name at an address an allowed name had is flagged, and so
# is a flow that gives only the address (no peer_dns_names: a dns() rule does not match it,
# and nothing fails).
set(dns ${SOURCE_DIR}/tests/learner/data/dns)
run(0 learn ingest --db ${work}/dns.db ${dns}/hubble_dns_flows.json ${dns}/flows.jsonl)
run(0 learn emit --db ${work}/dns.db -o ${work}/dns)
run(0 learn replay --format json -p ${work}/dns -e ${dns}/hubble_dns_flows.json -e ${dns}/flows.jsonl)
if(NOT out MATCHES "\"workload\":\"payments/Deployment/checkout\",\"events\":14,\"flagged\":0,")
  message(FATAL_ERROR "the DNS training history should replay clean:\n${out}")
endif()
run(0 learn replay --format json --engine interp -p ${work}/dns -e ${dns}/heldout_hubble_dns_flows.json
    -e ${dns}/heldout_flows.jsonl)
if(NOT out MATCHES "\"workload\":\"payments/Deployment/checkout\",\"events\":6,\"flagged\":2," OR
   NOT out MATCHES "checkout\\.baseline_network\\.\\(default\\)\",\"action\":\"alert\",\"enforced_action\":\"deny\",\"events\":2}")
  message(FATAL_ERROR "held-out DNS flows: exactly the new name and the address-only flow flagged:\n${out}")
endif()
run(0 learn replay --format json --engine jit -p ${work}/dns -e ${dns}/heldout_hubble_dns_flows.json
    -e ${dns}/heldout_flows.jsonl)
if(NOT out MATCHES "\"workload\":\"payments/Deployment/checkout\",\"events\":6,\"flagged\":2,")
  message(FATAL_ERROR "held-out DNS flows on the JIT:\n${out}")
endif()
