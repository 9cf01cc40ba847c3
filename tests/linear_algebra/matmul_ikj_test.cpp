// Tests for exercise 14, matmul_ikj, rung 1 of the matmul ladder (modules/linear_algebra/learner/matmul_ikj.cpp).
//
// The checks, shared with the other rungs of the matmul ladder, are in matmul_checks.hpp: Eigen in
// double on the same float inputs as the oracle, plus a hand-worked 2 x 3 x 4 case; C pre-filled
// with NaN and between sentinel margins; bad input refused after a call on valid input.
#include "linear_algebra/matmul_ikj.hpp"

#include <gtest/gtest.h>

#include "matmul_checks.hpp"

namespace course::linear_algebra {
namespace {

using matmul_checks::bind_sizes;

TEST(MatmulIkj, MatchesHandWorkedCase) { matmul_checks::ExpectMatchesHandWorkedCase(bind_sizes(matmul_ikj)); }

TEST(MatmulIkj, MatchesEigenOnOddShapes) { matmul_checks::ExpectMatchesEigenOnOddShapes(bind_sizes(matmul_ikj)); }

TEST(MatmulIkj, MatchesEigenAroundPowersOfTwo) {
    matmul_checks::ExpectMatchesEigenAroundPowersOfTwo(bind_sizes(matmul_ikj));
}

TEST(MatmulIkj, OverwritesAStaleC) { matmul_checks::ExpectOverwritesAStaleC(bind_sizes(matmul_ikj)); }

TEST(MatmulIkj, HandlesEmptyShapes) { matmul_checks::ExpectHandlesEmptyShapes(matmul_ikj); }

TEST(MatmulIkj, RefusesBuffersOfTheWrongSize) {
    matmul_checks::ExpectRefusesBuffersOfTheWrongSize("matmul_ikj", matmul_ikj);
}

TEST(MatmulIkj, MatchesEigenAtExtremeScales) {
    matmul_checks::ExpectMatchesEigenAtExtremeScales(bind_sizes(matmul_ikj));
}

TEST(MatmulIkj, RefusesEachNegativeSize) { matmul_checks::ExpectRefusesEachNegativeSize("matmul_ikj", matmul_ikj); }

TEST(MatmulIkj, ReadsNothingPastTheEndOfAOrB) { matmul_checks::ExpectReadsNothingPastTheEndOfAOrB(bind_sizes(matmul_ikj)); }

}  // namespace
}  // namespace course::linear_algebra
