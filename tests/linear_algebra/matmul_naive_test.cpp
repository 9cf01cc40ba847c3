// Tests for exercise 3, matmul_naive (modules/linear_algebra/learner/matmul_naive.cpp).
//
// The checks, shared with the other rungs of the matmul ladder, are in matmul_checks.hpp: Eigen in
// double on the same float inputs as the oracle, plus a hand-worked 2 x 3 x 4 case; C pre-filled
// with NaN and between sentinel margins; bad input refused after a call on valid input.
#include "linear_algebra/matmul_naive.hpp"

#include <gtest/gtest.h>

#include "matmul_checks.hpp"

namespace course::linear_algebra {
namespace {

using matmul_checks::bind_sizes;

TEST(MatmulNaive, MatchesHandWorkedCase) { matmul_checks::ExpectMatchesHandWorkedCase(bind_sizes(matmul_naive)); }

TEST(MatmulNaive, MatchesEigenOnOddShapes) { matmul_checks::ExpectMatchesEigenOnOddShapes(bind_sizes(matmul_naive)); }

TEST(MatmulNaive, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(bind_sizes(matmul_naive));
}

TEST(MatmulNaive, OverwritesAStaleC) { matmul_checks::ExpectOverwritesAStaleC(bind_sizes(matmul_naive)); }

TEST(MatmulNaive, HandlesEmptyShapes) { matmul_checks::ExpectHandlesEmptyShapes(matmul_naive); }

TEST(MatmulNaive, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_naive", matmul_naive);
}

TEST(MatmulNaive, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(bind_sizes(matmul_naive));
}

TEST(MatmulNaive, RefusesEachNegativeSize) { matmul_checks::ExpectRefusesEachNegativeSize("matmul_naive", matmul_naive); }

TEST(MatmulNaive, ReadsNothingPastTheEndOfAOrB) { matmul_checks::ExpectReadsNothingPastTheEndOfAOrB(bind_sizes(matmul_naive)); }

}  // namespace
}  // namespace course::linear_algebra
