# Runs `rampart check` on a file with two known mistakes and checks the exit code and the
# exact clang-style text and JSON it prints.
execute_process(COMMAND ${RAMPART} check --color never two_errors.rp
                WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${rc}")
endif()
set(expected [=[two_errors.rp:6:31: error: type SecurityContext has no field 'privilegd'; did you mean 'privileged'? [unknown-field]
        deny if c.securityContext.privilegd == true
                                  ^~~~~~~~~
two_errors.rp:8:3: error: 'alert' is not an action of admission policies; use one of: deny, warn, audit [action-not-allowed]
      alert if true
      ^~~~~
2 errors generated.
]=])
if(NOT err STREQUAL expected)
  message(FATAL_ERROR "unexpected output:\n${err}\nexpected:\n${expected}")
endif()
execute_process(COMMAND ${RAMPART} check --format json two_errors.rp
                WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
string(FIND "${out}" "\"file\":\"two_errors.rp\",\"line\":6,\"column\":31" pos)
if(pos EQUAL -1 OR NOT rc EQUAL 1)
  message(FATAL_ERROR "unexpected JSON output (exit ${rc}):\n${out}")
endif()
