// Reference solution: Cholesky factorization. Contract: include/linear_algebra/cholesky.hpp
#include "linear_algebra/cholesky.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// check_symmetric: refuses A when its worst pair |A[i, j] - A[j, i]| exceeds 64 n eps max|A|.
void check_symmetric(const Matrix& A) {
    const int n = int(A.rows());
    const double tolerance = 64.0 * n * std::numeric_limits<double>::epsilon() * A.cwiseAbs().maxCoeff();
    int wi = 0, wj = 0;
    double worst = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (const double d = std::abs(A(i, j) - A(j, i)); d > worst) worst = d, wi = i, wj = j;
    COURSE_CHECK(worst <= tolerance, "cholesky: A is not symmetric: A[", wi, ", ", wj, "] = ", A(wi, wj), " but A[", wj,
                 ", ", wi, "] = ", A(wj, wi), " (difference ", worst, " > 64 * n * eps * max|A| = ", tolerance,
                 "); Cholesky needs a symmetric positive definite matrix");
}

}  // namespace

Matrix cholesky(const Matrix& A) {
    check_cholesky_shape(A);
    check_symmetric(A);
    const int n = int(A.rows());
    // Right-looking (outer product) form, in place on the lower triangle of L = A: at step j,
    //     L[j, j] = sqrt(L[j, j]),   L[j+1:, j] /= L[j, j],   L[i, j+1..i] -= L[i, j] * L[j+1..i, j]
    // for i > j: the trailing block loses the rank-1 term of column j, so that L[i, k] for k > j
    // holds A[i, k] - sum_{m<=j} L[i, m] L[k, m] and step j + 1 finds its pivot ready.
    // The column L[j+1:, j] is copied to a contiguous buffer first, so the update of row i runs
    // with stride 1 on both operands (row-major storage); `omp simd` lets GCC vectorize it at -O2
    // (the row and the buffer never overlap).
    Matrix L = A.triangularView<Eigen::Lower>();
    std::vector<double> column(static_cast<size_t>(n));
    for (int j = 0; j < n; ++j) {
        const double d = L(j, j);  // A[j, j] - sum_{k<j} L[j, k]^2, accumulated by earlier steps
        COURSE_CHECK(d > 0.0, "cholesky: A is not positive definite: at step j = ", j,
                     " the number under the square root, A[j, j] - sum_{k<j} L[j, k]^2, is ", d,
                     " (it must be > 0)");
        const double ljj = std::sqrt(d);
        L(j, j) = ljj;
        for (int i = j + 1; i < n; ++i) column[size_t(i)] = L(i, j) /= ljj;
        for (int i = j + 1; i < n; ++i) {
            const double lij = column[size_t(i)];
            double* row = &L(i, 0);
#pragma omp simd
            for (int k = j + 1; k <= i; ++k) row[k] -= lij * column[size_t(k)];
        }
    }
    return L;
}

Vector cholesky_solve(const Matrix& L, const Vector& b) {
    check_cholesky_solve_arguments(L, b);
    const int n = int(L.rows());
    // Forward substitution: y_i = (b_i - sum_{j<i} L[i, j] y_j) / L[i, i], a dot product along row i.
    Vector y(n);
    for (int i = 0; i < n; ++i) {
        const double* Li = &L(i, 0);
        double s = b(i);
        for (int j = 0; j < i; ++j) s -= Li[j] * y(j);
        y(i) = s / Li[i];
    }
    // Back substitution with L^T, column-oriented so it reads L by rows: once x_i is known, remove
    // its contribution L^T[j, i] x_i = L[i, j] x_i from every y_j with j < i.
    Vector x = y;
    for (int i = n - 1; i >= 0; --i) {
        const double* Li = &L(i, 0);
        x(i) /= Li[i];
        for (int j = 0; j < i; ++j) x(j) -= Li[j] * x(i);
    }
    return x;
}

}  // namespace course::linear_algebra
