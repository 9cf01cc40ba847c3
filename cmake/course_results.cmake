# course_results.cmake: runs a test program and sorts its "[course] <state> <test>" lines.
# Included by check_stub.cmake and check_mistake.cmake. Sets: rc, output, passed, failing,
# not_started (lists of "Suite.Test: first failure" strings).
function(course_run_program program)
  execute_process(COMMAND ${program} TIMEOUT 100 RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(rc "${result}" PARENT_SCOPE)
  set(output "${out}${err}" PARENT_SCOPE)
  # CMake lists split at ';' and treat unbalanced '[' ']' specially: neutralize both in messages.
  string(REPLACE ";" "," out "${out}")
  string(REPLACE "[" "(" out "${out}")
  string(REPLACE "]" ")" out "${out}")
  string(REPLACE "(course) " "[course] " out "${out}")
  string(REGEX MATCHALL "\\[course\\] passed [^\n]*" p "${out}")
  string(REGEX MATCHALL "\\[course\\] failing [^\n]*" f "${out}")
  string(REGEX MATCHALL "\\[course\\] not-started [^\n]*" n "${out}")
  list(TRANSFORM p REPLACE "^\\[course\\] passed " "")
  list(TRANSFORM f REPLACE "^\\[course\\] failing " "")
  list(TRANSFORM n REPLACE "^\\[course\\] not-started " "")
  set(passed "${p}" PARENT_SCOPE)
  set(failing "${f}" PARENT_SCOPE)
  set(not_started "${n}" PARENT_SCOPE)
endfunction()
