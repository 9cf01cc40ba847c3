// PLACEHOLDER
#include "linear_algebra/power_iteration.hpp"

#include "course/error.hpp"

namespace course::linear_algebra {

EigenEstimate power_iteration(const Matrix& A, const Vector& x0, double tol, int max_iterations) {
    COURSE_TODO("power_iteration");
}

EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol, int max_iterations) {
    COURSE_TODO("inverse_iteration");
}

}  // namespace course::linear_algebra
