// PLACEHOLDER: Power iteration and shifted inverse iteration with the Rayleigh quotient
#pragma once

#include <span>
#include <vector>

#include "course/eigen.hpp"

namespace course::linear_algebra {

struct EigenEstimate {
    double value = 0.0;
    Vector vector;
    int iterations = 0;
    bool converged = false;
};

EigenEstimate power_iteration(const Matrix& A, const Vector& x0, double tol = 1e-10, int max_iterations = 10000);
EigenEstimate inverse_iteration(const Matrix& A, double shift, const Vector& x0, double tol = 1e-10, int max_iterations = 1000);

}  // namespace course::linear_algebra
