# `rampart learn status` as a user runs it: readiness for each reason in JSON and text, the
# novelty picture compared with its golden file (RAMPART_UPDATE_GOLDEN=1 rewrites it) and
# byte-identical across runs, and a bad --quiet-window refused with a hint.
# Run as: cmake -DRAMPART=... -DDATA=... -DGOLDEN=... -DWORK=... -P status.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(db ${WORK}/learn.db)
include(${CMAKE_CURRENT_LIST_DIR}/run_rampart.cmake)
function(expect text pattern)
  if(NOT text MATCHES "${pattern}")
    message(FATAL_ERROR "expected /${pattern}/ in:\n${text}")
  endif()
endfunction()

run(0 learn ingest --db ${db} ${DATA}/convergence/history.jsonl)
run(0 learn status --db ${db} --format json)
expect("${out}" "\"name\":\"api\",[^]]*\"ready\":true,\"readiness\":{\"quiet_window\":\"1d\",[^]]*\"last_novelty\":\"2024-03-01T10:00:00Z\",\"last_novelty_plane\":\"file\",[^]]*\"ready_since\":\"2024-03-02T10:00:00Z\",\"lost_events\":0,\"loss_reports\":0,\"reasons\":\\[\\]")
expect("${out}" "\"name\":\"worker\",[^]]*\"ready\":false,[^]]*\"reasons\":\\[{\"code\":\"recent_novelty\",\"message\":\"new exec behaviour 3h before its last event, quiet window 1d\"}\\]")
expect("${out}" "\"name\":\"batch\",[^]]*\"ready\":false,[^]]*\"lost_events\":12,\"loss_reports\":1,\"reasons\":\\[{\"code\":\"source_loss\"")
expect("${out}" "\"name\":\"fresh\",[^]]*\"ready\":false,[^]]*\"reasons\":\\[{\"code\":\"short_span\",\"message\":\"learning span 20m is shorter than the quiet window 1d\"}\\]")
expect("${out}" "\"novelty\":{\"counted\":\"generalised\",\"window\":\"1h\",\"window_ns\":3600000000000,\"untimed\":0,\"windows\":\\[{\"start\":\"2024-03-01T08:00:00Z\",\"new\":{\"exec\":1,\"file\":0,\"network\":0,\"syscall\":0}},{\"start\":\"2024-03-01T09:00:00Z\"")

run(0 learn status --db ${db})
expect("${out}" "shop/Deployment/api +app +sha256:[0-9a-f]+ +50 +1 +2 +1 +0 +0 +2d +2024-03-01 10:00:00 +yes +nothing new for 1d22h")
expect("${out}" "shop/Deployment/batch .* no +sources reported 12 lost events while it was learning \\(tetragon rate_limit_info\\)")
expect("${out}" "1 of 4 ready")
# A shorter window: worker's new executable is 3 hours old, so it is ready too.
run(0 learn status --db ${db} --quiet-window 2h)
expect("${out}" "2 of 4 ready")
# Counting stored observations instead of generalised behaviours: the same verdicts here
# (nothing to generalise), said in the JSON.
run(0 learn status --db ${db} --count observed --format json)
expect("${out}" "\"novelty\":{\"counted\":\"observed\",")
run(2 learn status --db ${db} --count everything)

run(0 learn status --db ${db} --picture ${WORK}/novelty.svg)
run(0 learn status --db ${db} --picture ${WORK}/again.svg)
file(READ ${WORK}/novelty.svg svg)
file(READ ${WORK}/again.svg again)
if(NOT svg STREQUAL again)
  message(FATAL_ERROR "the picture differs between two runs on the same store")
endif()
if(DEFINED ENV{RAMPART_UPDATE_GOLDEN})
  file(MAKE_DIRECTORY ${GOLDEN})
  file(WRITE ${GOLDEN}/novelty.svg "${svg}")
else()
  file(READ ${GOLDEN}/novelty.svg golden)
  if(NOT svg STREQUAL golden)
    message(FATAL_ERROR "${WORK}/novelty.svg differs from ${GOLDEN}/novelty.svg "
                        "(RAMPART_UPDATE_GOLDEN=1 rewrites it, for review)")
  endif()
endif()

run(2 learn status --db ${db} --quiet-window 2x)
expect("${err}" "'2x' is not a duration: write a positive number and a unit, e.g. 24h")
