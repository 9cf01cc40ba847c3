// Known mistake: Cholesky with no positive definiteness check. It takes the square root of whatever
// is left on the diagonal: a negative number gives NaN (and 0 gives a division by zero), and the
// NaN spreads through L instead of the caller learning that A is not positive definite.
#include "linear_algebra/cholesky.hpp"

#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::linear_algebra {

Matrix cholesky(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "cholesky: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
    const int n = int(A.rows());
    const double tolerance = 64.0 * n * std::numeric_limits<double>::epsilon() * A.cwiseAbs().maxCoeff();
    int wi = 0, wj = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (std::abs(A(i, j) - A(j, i)) > std::abs(A(wi, wj) - A(wj, wi))) wi = i, wj = j;
    COURSE_CHECK(std::abs(A(wi, wj) - A(wj, wi)) <= tolerance, "cholesky: A is not symmetric: A[", wi, ", ", wj,
                 "] = ", A(wi, wj), " but A[", wj, ", ", wi, "] = ", A(wj, wi));
    Matrix L = Matrix::Zero(n, n);
    for (int j = 0; j < n; ++j) {
        double d = A(j, j);
        for (int k = 0; k < j; ++k) d -= L(j, k) * L(j, k);
        L(j, j) = std::sqrt(d);  // the mistake: no check that d > 0
        for (int i = j + 1; i < n; ++i) {
            double s = A(i, j);
            for (int k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
            L(i, j) = s / L(j, j);
        }
    }
    return L;
}

Vector cholesky_solve(const Matrix& L, const Vector& b) {
    COURSE_CHECK(L.rows() == L.cols(), "cholesky_solve: L is ", L.rows(), " x ", L.cols(),
                 ", expected a square matrix");
    const int n = int(L.rows());
    COURSE_CHECK(b.size() == n, "cholesky_solve: b has ", b.size(), " entries but L is ", n, " x ", n);
    for (int i = 0; i < n; ++i)
        COURSE_CHECK(L(i, i) > 0.0, "cholesky_solve: L[", i, ", ", i, "] = ", L(i, i),
                     " is not positive: L is not a Cholesky factor");
    Vector y(n);
    for (int i = 0; i < n; ++i) {
        double s = b(i);
        for (int j = 0; j < i; ++j) s -= L(i, j) * y(j);
        y(i) = s / L(i, i);
    }
    Vector x(n);
    for (int i = n - 1; i >= 0; --i) {
        double s = y(i);
        for (int j = i + 1; j < n; ++j) s -= L(j, i) * x(j);
        x(i) = s / L(i, i);
    }
    return x;
}

}  // namespace course::linear_algebra
