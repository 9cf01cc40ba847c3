// exception_origin.hpp: where the last exception was thrown, for the grader's one-line failures.
//
// GoogleTest reports an exception that escapes a test as 'C++ exception with description "..."
// thrown in the test body', with no place. The graded main replaces __cxa_throw (the C++
// runtime's entry point for every `throw`, the standard library's included) by a wrapper that
// records the exception's type and the call stack, then throws as usual. When a test fails that
// way, describe_last_exception() turns the record into
//
//     std::out_of_range from DynamicArray::at (modules/data_structures/learner/dynamic_array.cpp:42)
//
// using the program's line tables (the course builds with -g1) through binutils' addr2line, which
// every Debian C++ toolchain has. Without addr2line it still names the type. Not under the
// sanitizers, which wrap __cxa_throw themselves.
#pragma once

#include <string>

namespace course::grading {

// describe_last_exception: "<type> from <function> (<file>:<line>)" for the exception this thread
// threw last; only the type when the place cannot be found; "" when nothing was recorded.
std::string describe_last_exception();

// describe_current_place: "<function> (<file>:<line>)" for the innermost place of the course's code
// on the current call stack (for the crash handler); "" when none is found.
std::string describe_current_place();

// last_exception_was_bad_alloc: whether that exception was a std::bad_alloc (out of memory).
bool last_exception_was_bad_alloc();

}  // namespace course::grading
