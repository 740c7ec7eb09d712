# run(EXPECTED_EXIT ARGS...): runs ${RAMPART} with ARGS, fails the test unless it exits with
# EXPECTED_EXIT, and leaves its standard output and error in `out` and `err` for the caller.
# Included by the learner's CLI test scripts (cmake -P).
function(run expect_rc)
  execute_process(COMMAND ${RAMPART} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "rampart ${ARGN}: exit ${rc}, expected ${expect_rc}\n${out}${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()
