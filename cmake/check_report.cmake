# check_report.cmake: course_report prints exactly the committed table for committed inputs
# (ctest meta.common.report_*). The inputs are real reports trimmed to a few exercises
# (tests/common/report/README.md says how they were made).
#   cmake -DREPORT=<course_report> "-DARGS=<arguments, separated by @@>" -DEXPECTED=<file> -DSTATUS=<exit status>
#         -DOUT=<file for what it printed> -P check_report.cmake
cmake_minimum_required(VERSION 3.22)
string(REPLACE "@@" ";" arguments "${ARGS}")
execute_process(COMMAND ${REPORT} ${arguments} OUTPUT_VARIABLE got ERROR_VARIABLE errors RESULT_VARIABLE rc)
file(WRITE ${OUT} "${got}")
file(READ ${EXPECTED} want)
if(NOT rc STREQUAL STATUS)
  message(FATAL_ERROR "course_report exited with ${rc}, expected ${STATUS}: ${errors}\n${got}")
endif()
if(NOT got STREQUAL want)
  execute_process(COMMAND diff -u ${EXPECTED} ${OUT} OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "course_report printed something else than ${EXPECTED} (- expected, + got):\n${diff}")
endif()
message(STATUS "course_report: as expected (${EXPECTED})")
