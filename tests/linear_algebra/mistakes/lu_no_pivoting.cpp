// Known mistake: LU without row exchanges. It takes W[k, k] as the pivot whatever its size: for
// [[0, 1], [1, 0]] it divides by 0 (inf and NaN), and for a tiny pivot like 1e-20 the multipliers
// reach 1e20 and the rounding errors they carry swamp the answer (Trefethen & Bau, lecture 20).
#include "linear_algebra/lu.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

void check_nonsingular(const LuDecomposition& lu, const char* function) {
    const int n = int(lu.U.rows());
    const double threshold = n * std::numeric_limits<double>::epsilon() * lu.U.cwiseAbs().maxCoeff();
    for (int k = 0; k < n; ++k)
        COURSE_CHECK(std::abs(lu.U(k, k)) > threshold, function, ": A is singular to working precision: U[", k, ", ",
                     k, "] = ", lu.U(k, k));
}

Vector solve_checked(const LuDecomposition& lu, const Vector& b) {
    const int n = int(lu.U.rows());
    Vector y(n);
    for (int i = 0; i < n; ++i) {
        double s = b(lu.perm[size_t(i)]);
        for (int j = 0; j < i; ++j) s -= lu.L(i, j) * y(j);
        y(i) = s;
    }
    Vector x(n);
    for (int i = n - 1; i >= 0; --i) {
        double s = y(i);
        for (int j = i + 1; j < n; ++j) s -= lu.U(i, j) * x(j);
        x(i) = s / lu.U(i, i);
    }
    return x;
}

}  // namespace

LuDecomposition lu_decompose(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols() && A.rows() >= 1, "lu_decompose: A is ", A.rows(), " x ", A.cols(),
                 ", expected a square matrix with n >= 1");
    const int n = int(A.rows());
    Matrix W = A;
    LuDecomposition lu;
    lu.perm.resize(size_t(n));
    std::iota(lu.perm.begin(), lu.perm.end(), 0);
    for (int k = 0; k < n; ++k) {
        // The mistake: W(k, k) is the pivot whatever its size, even 0 (no row exchange).
        for (int i = k + 1; i < n; ++i) {
            W(i, k) /= W(k, k);
            for (int j = k + 1; j < n; ++j) W(i, j) -= W(i, k) * W(k, j);
        }
    }
    lu.L = W.triangularView<Eigen::UnitLower>();
    lu.U = W.triangularView<Eigen::Upper>();
    return lu;
}

Vector lu_solve(const LuDecomposition& lu, const Vector& b) {
    const int n = int(lu.U.rows());
    COURSE_CHECK(b.size() == n, "lu_solve: b has ", b.size(), " entries but the factors are ", n, " x ", n);
    check_nonsingular(lu, "lu_solve");
    return solve_checked(lu, b);
}

double determinant(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols(), "determinant: A is ", A.rows(), " x ", A.cols(), ", expected a square matrix");
    const LuDecomposition lu = lu_decompose(A);
    double det = double(lu.sign);
    for (int k = 0; k < lu.U.rows(); ++k) det *= lu.U(k, k);
    return det;
}

Matrix inverse(const Matrix& A) {
    COURSE_CHECK(A.rows() == A.cols(), "inverse: A is ", A.rows(), " x ", A.cols(), ", expected a square matrix");
    const LuDecomposition lu = lu_decompose(A);
    check_nonsingular(lu, "inverse");
    const int n = int(A.rows());
    Matrix X(n, n);
    for (int j = 0; j < n; ++j) X.col(j) = solve_checked(lu, Vector::Unit(n, j));
    return X;
}

}  // namespace course::linear_algebra
