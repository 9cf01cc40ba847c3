# check_mistake.cmake: a known mistake must be caught, i.e. make at least one test fail.
#   cmake -DPROGRAM=<test program linked with the mistake> -DMISTAKE=<what> -DFILE=<path> -P check_mistake.cmake
cmake_minimum_required(VERSION 3.22)
include(${CMAKE_CURRENT_LIST_DIR}/course_results.cmake)
# A program that was never built cannot fail to start and be counted as "caught by a crash".
if(NOT EXISTS "${PROGRAM}")
  message(FATAL_ERROR "${PROGRAM} does not exist: build it first (the mistake in ${FILE} is not checked).")
endif()
course_run_program(${PROGRAM})
list(LENGTH failing n_failing)
list(LENGTH not_started n_not_started)
if(n_not_started GREATER 0)
  message(FATAL_ERROR "${FILE} throws NotImplemented: a known mistake must implement every function of its exercise.")
endif()
if(n_failing EQUAL 0)
  if(NOT rc MATCHES "^[0-9]+$")
    message(STATUS "Caught only by a crash (${rc}): ${MISTAKE}")
    return()
  endif()
  message(FATAL_ERROR "NOT CAUGHT: no test fails on the known mistake in ${FILE}:\n  ${MISTAKE}\n"
                      "Add a test that catches it.")
endif()
string(REPLACE ";" "\n  " list "${failing}")
message(STATUS "Caught: ${MISTAKE}\nby ${n_failing} test(s):\n  ${list}")
