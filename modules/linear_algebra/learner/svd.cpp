// PLACEHOLDER
#include "linear_algebra/svd.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

Svd svd(const Matrix& A) {
    COURSE_TODO("svd");
}

}  // namespace course::linear_algebra
