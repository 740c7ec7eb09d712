# `rampart learn ingest` and `status` as a user runs them: exit status 1 and the bad lines
# listed for a file with bad lines, "already ingested" the second time, status as JSON.
# Run as: cmake -DRAMPART=... -DDATA=... -DWORK=... -P cli_learn.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(db ${WORK}/learn.db)

execute_process(COMMAND ${RAMPART} learn ingest --db ${db} ${DATA}/rampart/events.jsonl ${DATA}/falco/alerts.jsonl
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "ingest: expected exit status 1 (bad lines), got ${rc}\n${out}${err}")
endif()
foreach(expected "events.jsonl: new" "9 documents" "6 events, 3 bad" "line 4: not valid JSON" "line 7: \"kind\" must be"
                 "line 9: not a JSON object" "alerts.jsonl: new" "815508 lost by the source"
                 "ignored 1: falco source k8s_audit")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "ingest output lacks '${expected}':\n${out}")
  endif()
endforeach()

execute_process(COMMAND ${RAMPART} learn ingest --db ${db} --format json ${DATA}/falco/alerts.jsonl
                RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"status\":\"already ingested\",[^}]*\"documents\":0")
  message(FATAL_ERROR "second ingest: status ${rc}\n${out}")
endif()

execute_process(COMMAND ${RAMPART} learn status --db ${db} --format json RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"namespace\":\"shop\",\"kind\":\"Deployment\",\"name\":\"cart\",\"container\":\"cart\"[^}]*\"events\":3,\"replicas\":2")
  message(FATAL_ERROR "status: ${rc}\n${out}")
endif()

execute_process(COMMAND ${RAMPART} learn status --db ${WORK}/missing.db RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "cannot open the learner database")
  message(FATAL_ERROR "status of a missing store: ${rc}\n${err}")
endif()
