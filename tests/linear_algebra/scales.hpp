// scales.hpp: a loop over the scales of the checklist (docs/adding-a-module.md, 4a) whose failures
// name the scale, also when the code under test throws.
//
// A plain `for (double c : scales)` loses the scale when a call inside it throws: the exception
// unwinds the loop (and any SCOPED_TRACE with it) before GoogleTest reports it, so the failure
// reads "std::invalid_argument from qr ..." without the c that caused it. ForEachScale runs the
// body once per scale under a SCOPED_TRACE, and turns an exception that escapes the body into a
// failure that names the scale, the exception's type, the function that threw and its message;
// the loop then goes on with the next scale. A course::NotImplemented (a stub) escapes as it is, so
// that a stub is still graded "not started".
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <functional>
#include <source_location>
#include <string>
#include <vector>

#include "course/error.hpp"
#include "course/testing.hpp"

namespace course::grading {
// describe_last_exception: "<type> from <function> (<file>:<line>)" for the exception this thread
// threw last (common/src/exception_origin.hpp; every test program links it through its main).
std::string describe_last_exception();
}  // namespace course::grading

namespace course::linear_algebra {

// ForEachScale: body(c) for every c in `scales`, each run under SCOPED_TRACE("scale c = ...").
// An exception escaping body(c) is reported at the caller's line as
//     "at the scale c = 1e-160 the call threw std::invalid_argument from svd (...): <what>"
inline void ForEachScale(const std::vector<double>& scales, const std::function<void(double)>& body,
                         const std::source_location where = std::source_location::current()) {
    for (const double c : scales) {
        const std::string scale = "scale c = " + course::testing::shortest_text(c);
        SCOPED_TRACE(scale);
        try {
            body(c);
        } catch (const NotImplemented&) {
            throw;  // a stub: graded "not started", not "failing at this scale"
        } catch (const std::exception& e) {
            ADD_FAILURE_AT(where.file_name(), int(where.line()))
                << "at the " << scale << " the call threw " << course::grading::describe_last_exception() << ": "
                << e.what();
        }
    }
}

}  // namespace course::linear_algebra
