# run_fuzz.cmake: runs a libFuzzer target for RUNS inputs from the seed corpus SEEDS (read only),
# writing new inputs and any failing one into WORK (emptied first). Called by the meta.*.fuzz_*
# tests (cmake/CourseFuzz.cmake).
#   cmake -DPROGRAM=<fuzz program> -DWORK=<scratch folder> -DRUNS=<n> -DMAX_LEN=<bytes> -DSEEDS=<corpus> -P run_fuzz.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
execute_process(
  COMMAND ${PROGRAM} -runs=${RUNS} -seed=1 -max_len=${MAX_LEN} -timeout=20 -rss_limit_mb=2048
          -artifact_prefix=${WORK}/ ${WORK}/corpus ${SEEDS}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  file(GLOB artifacts ${WORK}/crash-* ${WORK}/leak-* ${WORK}/timeout-* ${WORK}/oom-*)
  message(FATAL_ERROR "${output}\n${PROGRAM} failed (exit ${result}) within ${RUNS} inputs from ${SEEDS}. "
                      "The failing input: ${artifacts}. Run it again alone with: ${PROGRAM} <that file>")
endif()
string(REGEX MATCH "Done [0-9]+ runs in [0-9]+ second\\(s\\)" done "${output}")
message(STATUS "${PROGRAM}: ${done}, no failure")
