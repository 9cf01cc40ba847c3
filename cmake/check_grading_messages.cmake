# check_grading_messages.cmake: the one line the graded main prints for each way a test can fail
# (tests/common/grading_messages_test.cpp) says what happened, where, and with which values.
#   cmake -DPROGRAM=<grading_messages_test> -DWORK=<scratch folder> -P check_grading_messages.cmake
cmake_minimum_required(VERSION 3.22)

set(failures "")

# expect_line(<test> <regex> [args...]): run one test alone; its [course] line must match.
function(expect_line test regex)
  execute_process(COMMAND ${PROGRAM} --gtest_filter=Messages.${test} ${ARGN}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
  string(REGEX MATCH "\\[course\\] [a-z-]+ Messages\\.${test}[^\n]*" line "${out}")
  if(NOT line MATCHES "${regex}")
    set(failures "${failures}\n  Messages.${test}: want a line matching\n      ${regex}\n    got\n      ${line}\n    (exit ${rc})" PARENT_SCOPE)
  endif()
endfunction()

# An exception names its type, the function that threw and the place, then its message.
expect_line(CourseCheckEscapes
  "failing Messages.CourseCheckEscapes: std::invalid_argument from checked_square_root \\(tests/common/grading_messages_test.cpp:[0-9]+\\): checked_square_root: x = -1, expected x >= 0$")
expect_line(StandardLibraryExceptionEscapes
  "failing Messages.StandardLibraryExceptionEscapes: std::out_of_range from element_at \\(tests/common/grading_messages_test.cpp:[0-9]+\\): vector::_M_range_check")

# One allocation above the memory limit fails at once, saying so.
expect_line(OneAllocationAboveTheLimit
  "failing Messages.OneAllocationAboveTheLimit: std::bad_alloc from the test itself \\(tests/common/grading_messages_test.cpp:[0-9]+\\): allocation of 8589934592 bytes \\(8.0 GiB\\) exceeds the course's limit of 4 GiB")

# Failed checks show the values compared, with the digits that tell them apart.
expect_line(ExpectTrueOnABool "tests/common/grading_messages_test.cpp:[0-9]+: converged is false, expected true \\| the explanation$")
expect_line(ExpectLessOnCloseDoubles "Expected: \\(got\\) < \\(0.25\\), actual: 0.25000000000000006 vs 0.25$")
expect_line(ExpectEqAgainstALiteral ": rank is 0, expected 1$")
expect_line(AllCloseDifferInTheLastDigit
  ": 1 of 2 elements differ; first at \\[1\\]: got 0.30000000000000004, want 0.3 \\(size 2, atol 0, rtol 0\\) \\| the explanation$")

# A test past its time budget says so at once and leaves its mark; another test of the same
# exercise then reports that instead of running; the timed-out one runs again.
file(REMOVE_RECURSE ${WORK})
set(budget --course_budget=1 --course_stop_folder=${WORK} --course_exercise=common.messages)
expect_line(RunsForever "timed-out Messages.RunsForever: still running after 1 s" ${budget})
expect_line(AfterTheEndlessOne "failing Messages.AfterTheEndlessOne: not run: Messages.RunsForever timed out first" ${budget})
expect_line(RunsForever "timed-out Messages.RunsForever: still running after 1 s" ${budget})
file(REMOVE_RECURSE ${WORK})
expect_line(AfterTheEndlessOne "passed Messages.AfterTheEndlessOne" ${budget})

# A crash names its signal.
expect_line(Crashes
  "crashed Messages.Crashes: segmentation fault \\(SIGSEGV\\) in the test itself \\(tests/common/grading_messages_test.cpp:[0-9]+\\): an access outside an array")

# The grading checks (COURSE_CHECKED): an index past the end, a write past a local array.
if(CHECKED)
  expect_line(IndexPastTheEnd
    "crashed Messages.IndexPastTheEnd: aborted \\(SIGABRT\\) in sum_one_too_far \\(tests/common/grading_messages_test.cpp:[0-9]+\\): a failed assert \\(an index past the end")
  # (The smashed stack may hide the place: the line still names the likely causes.)
  expect_line(WritePastALocalArray
    "crashed Messages.WritePastALocalArray: aborted \\(SIGABRT\\)[^:]*: .*a write past a local array")
endif()

if(failures)
  message(FATAL_ERROR "The graded main's one-line messages are not what the course promises:${failures}")
endif()
message(STATUS "Every kind of failure gives its one-line message")
