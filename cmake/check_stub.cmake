# check_stub.cmake: the committed stub of EXERCISE must leave every test "not started": it throws
# course::NotImplemented, and no test passes on it (a test that passes on a stub asserts nothing).
#   cmake -DPROGRAM=<test program linked with the stub> -DEXERCISE=<name> -P check_stub.cmake
# With -DHALF_DONE=ON the program links a half-done other exercise instead (CourseModule.cmake,
# "half_done"): tests that never reach its missing function may pass; none may fail or crash.
cmake_minimum_required(VERSION 3.22)
include(${CMAKE_CURRENT_LIST_DIR}/course_results.cmake)
course_run_program(${PROGRAM})
list(LENGTH passed n_passed)
list(LENGTH failing n_failing)
list(LENGTH not_started n_not_started)
if(NOT rc MATCHES "^[0-9]+$")
  message(FATAL_ERROR "The stub of ${EXERCISE} crashed or hung the tests (${rc}). A stub must throw, never crash.\n${output}")
endif()
if(n_passed GREATER 0 AND NOT HALF_DONE)
  string(REPLACE ";" "\n  " list "${passed}")
  message(FATAL_ERROR "These tests PASS on the stub of ${EXERCISE}, so they grade nothing:\n  ${list}")
endif()
if(n_failing GREATER 0)
  string(REPLACE ";" "\n  " list "${failing}")
  message(FATAL_ERROR "These tests fail on the stub of ${EXERCISE} for another reason than NotImplemented:\n  ${list}")
endif()
if(n_not_started EQUAL 0)
  message(FATAL_ERROR "No test of ${EXERCISE} ran.\n${output}")
endif()
message(STATUS "stub of ${EXERCISE}: all ${n_not_started} tests show 'not started'")
