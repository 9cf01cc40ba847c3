// grading_messages_test.cpp: tests that FAIL on purpose, one way each, so that
// cmake/check_grading_messages.cmake can check the one line the graded main prints for each
// (ctest -R meta.common.grading_messages). Not a graded test: nothing here is an exercise.
#include <gtest/gtest.h>

#include <csignal>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "course/error.hpp"
#include "course/testing.hpp"

namespace {

// Not inlined, so that the throw has a frame of its own to be named by.
[[gnu::noinline]] double checked_square_root(double x) {
    COURSE_CHECK(x >= 0.0, "checked_square_root: x = ", x, ", expected x >= 0");
    return x;
}

[[gnu::noinline]] int element_at(const std::vector<int>& values, std::size_t i) { return values.at(i); }

TEST(Messages, CourseCheckEscapes) { checked_square_root(-1.0); }

TEST(Messages, StandardLibraryExceptionEscapes) {
    const std::vector<int> values(3);
    element_at(values, 5);
}

TEST(Messages, OneAllocationAboveTheLimit) {
    std::vector<char> huge(std::size_t(8) << 30);  // 8 GiB: above the 4 GiB limit
    EXPECT_EQ(huge.size(), 0u);
}

TEST(Messages, ExpectTrueOnABool) {
    const bool converged = false;
    EXPECT_TRUE(converged) << "the explanation";
}

TEST(Messages, ExpectLessOnCloseDoubles) {
    const double got = 0.25 + 0x1p-54;  // 0.25000000000000006: prints as 0.25 with 6 digits
    EXPECT_LT(got, 0.25);
}

TEST(Messages, ExpectEqAgainstALiteral) {
    const int rank = 0;
    EXPECT_EQ(rank, 1);
}

TEST(Messages, AllCloseDifferInTheLastDigit) {
    const std::vector<double> got = {1.0, 0.1 + 0.2}, want = {1.0, 0.3};
    EXPECT_TRUE(course::testing::AllClose(got, want, {0.0, 0.0})) << "the explanation";
}

TEST(Messages, RunsForever) {
    volatile bool forever = true;
    while (forever) {
    }
}

TEST(Messages, AfterTheEndlessOne) { SUCCEED(); }

TEST(Messages, Crashes) {
    std::raise(SIGSEGV);
    SUCCEED();  // not reached; keeps the raise from becoming a tail call, so that this test is on the stack
}

// With the grading checks (COURSE_CHECKED), an index past the end of a std::vector aborts where it
// happens instead of reading a neighbour's memory.
[[gnu::noinline]] int sum_one_too_far(const std::vector<int>& values) {
    int sum = 0;
    for (std::size_t i = 0; i <= values.size(); ++i) sum += values[i];
    return sum;
}

TEST(Messages, IndexPastTheEnd) { EXPECT_EQ(sum_one_too_far(std::vector<int>(5, 1)), 5); }

// ... and a write past a local array, far enough to reach the stack's guard value, ends the
// process when its function returns.
[[gnu::noinline]] int fill_too_far(int n) {
    volatile int count = n;
    int local[8];
    for (int i = 0; i < count; ++i) local[i] = i;
    return local[0] + local[7];
}

TEST(Messages, WritePastALocalArray) { EXPECT_EQ(fill_too_far(16), 7); }

}  // namespace
