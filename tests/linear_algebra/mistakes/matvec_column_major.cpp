// PLACEHOLDER
#include "linear_algebra/matvec.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

void matvec(std::span<float> y, std::span<const float> A, std::span<const float> x, int M, int N) {
    COURSE_TODO("matvec");
}

}  // namespace course::linear_algebra
