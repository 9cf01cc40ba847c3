// factorizations.hpp: checks of the factorization count (lu.hpp, lu_decompositions_started) whose
// failure says what to do, including when the count is 0.
//
// lu_decompose starts with check_lu_decompose_input, which counts its calls. A count of 0 means the
// function under test never called lu_decompose (it eliminated by hand or called another library),
// or that lu_decompose lost its first line: the test cannot see the cost, and the message says what
// to do instead of "expected 1, got 0".
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "linear_algebra/lu.hpp"

namespace course::linear_algebra {

// FactorizationsBetween: low <= counted <= high, where `counted` is the change of
// lu_decompositions_started over a call of `function`; `advice` says what the bound is for.
inline ::testing::AssertionResult FactorizationsBetween(long counted, long low, long high, std::string_view function,
                                                        std::string_view advice) {
    if (counted >= low && counted <= high) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    failure << function << " made " << counted << " factorizations, expected ";
    if (low == high)
        failure << low;
    else
        failure << low << " to " << high;
    if (counted == 0)
        return failure << ": it never called lu_decompose, or lu_decompose lost its first line, "
                          "check_lu_decompose_input(A), which counts the calls. Factor with lu_decompose (not by "
                          "hand, not with another library) and keep that line, so that the cost can be checked; "
                       << advice;
    return failure << ": " << advice;
}

}  // namespace course::linear_algebra
