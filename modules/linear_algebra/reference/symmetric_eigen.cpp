// Reference solution: symmetric eigendecomposition by cyclic Jacobi rotations.
// Contract: include/linear_algebra/symmetric_eigen.hpp
#include "linear_algebra/symmetric_eigen.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// OffNorms: off(A) = sqrt(sum_{i != j} a_ij^2) and ||A||_F, summed in units of s = max|a_ij| so
// that squares of entries near 1e200 do not overflow.
struct OffNorms {
    double off = 0.0;
    double frobenius = 0.0;
};

OffNorms off_norms(const Matrix& a) {
    const double s = a.cwiseAbs().maxCoeff();
    if (s == 0.0) return {};
    double off2 = 0.0, diag2 = 0.0;
    const int n = int(a.rows());
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double r = a(i, j) / s;
            (i == j ? diag2 : off2) += r * r;
        }
    return {s * std::sqrt(off2), s * std::sqrt(off2 + diag2)};
}

// rotate: a <- J^T a J with J the (p, q) rotation that zeros a[p, q]; Vt <- J^T Vt (i.e. V <- V J).
// a is (n, n) symmetric and kept so; Vt holds the eigenvectors as rows, so both of its updated
// rows are contiguous in memory.
void rotate(Matrix& a, Matrix& Vt, int p, int q) {
    const double apq = a(p, q);
    if (apq == 0.0) return;
    // The smaller root t of t^2 + 2 theta t - 1 = 0: |t| <= 1, the rotation angle is at most pi/4.
    // hypot keeps theta^2 from overflowing when apq is tiny next to the diagonal gap.
    const double theta = (a(q, q) - a(p, p)) / (2.0 * apq);
    const double t = std::copysign(1.0, theta) / (std::abs(theta) + std::hypot(theta, 1.0));
    const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
    const int n = int(a.rows());
    for (int k = 0; k < n; ++k) {
        if (k == p || k == q) continue;
        const double akp = a(k, p), akq = a(k, q);
        a(k, p) = a(p, k) = c * akp - s * akq;  // column p of a J, and row p of J^T a
        a(k, q) = a(q, k) = s * akp + c * akq;
    }
    a(p, p) -= t * apq;  // c^2 a_pp - 2 c s a_pq + s^2 a_qq, simplified with the choice of t
    a(q, q) += t * apq;
    a(p, q) = a(q, p) = 0.0;
    for (int k = 0; k < n; ++k) {
        const double vp = Vt(p, k), vq = Vt(q, k);
        Vt(p, k) = c * vp - s * vq;
        Vt(q, k) = s * vp + c * vq;
    }
}

}  // namespace

SymmetricEigen symmetric_eigen(const Matrix& A, double tol, int max_sweeps) {
    check_symmetric_eigen_arguments(A, tol, max_sweeps);
    const int n = int(A.rows());
    Matrix a = A;                                 // (n, n), driven to diagonal
    Matrix Vt = Matrix::Identity(n, n);           // (n, n), rows: the accumulated eigenvectors
    int sweeps = 0;
    for (;;) {
        const OffNorms norms = off_norms(a);
        if (norms.off <= tol * norms.frobenius) break;
        if (sweeps == max_sweeps)
            throw std::runtime_error(concat("symmetric_eigen: no convergence after ", max_sweeps,
                                            " sweeps: off(A) = ", norms.off, " > tol * ||A||_F = ",
                                            tol * norms.frobenius, " (n = ", n, ")"));
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) rotate(a, Vt, p, q);
        ++sweeps;
    }
    // Sort ascending; column j of V is the row of Vt that belongs to the j-th smallest eigenvalue.
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return a(i, i) < a(j, j); });
    SymmetricEigen out{Vector(n), Matrix(n, n), sweeps};
    for (int j = 0; j < n; ++j) {
        out.values(j) = a(order[size_t(j)], order[size_t(j)]);
        out.vectors.col(j) = Vt.row(order[size_t(j)]).transpose();
    }
    return out;
}

}  // namespace course::linear_algebra
