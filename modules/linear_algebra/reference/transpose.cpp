// PLACEHOLDER
#include "linear_algebra/transpose.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

void transpose_naive(std::span<float> out, std::span<const float> inp, int rows, int cols) {
    COURSE_TODO("transpose_naive");
}

void transpose_blocked(std::span<float> out, std::span<const float> inp, int rows, int cols, int block) {
    COURSE_TODO("transpose_blocked");
}

}  // namespace course::linear_algebra
