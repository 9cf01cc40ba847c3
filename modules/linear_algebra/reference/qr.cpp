// Reference solution: Householder QR and least squares. Contract: include/linear_algebra/qr.hpp
#include "linear_algebra/qr.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// Reflector: H = I - beta v v^T acting on rows first..m-1, with beta = 2 / (v^T v) (beta = 0: H = I),
// and alpha = -sign(x_0) ||x||, the one nonzero entry of H x.
struct Reflector {
    int first = 0;
    Vector v;  // (m - first)
    double beta = 0.0;
    double alpha = 0.0;
};

// make_reflector: the H with H x = -sign(x_0) ||x|| e_1, x = column j of R from the diagonal down.
//     v = x + sign(x_0) ||x|| e_1:  x_0 and sign(x_0) ||x|| have the same sign, so v_0 never cancels.
Reflector make_reflector(const Matrix& R, int j) {
    const int m = int(R.rows());
    Reflector H{j, R.col(j).tail(m - j), 0.0, 0.0};
    // v in units of s = 2^e, the power of two just above max|x_i|: H = I - 2 v v^T / (v^T v) does
    // not change when v is scaled, and ||x / s|| lies in [1/2, sqrt(m)], so its sum of squares
    // neither overflows (x near 1e160) nor underflows (x near 1e-160) as ||x||^2 would. Dividing by
    // a power of two is exact, so the factors of 2^k A are exactly Q and 2^k R.
    const double largest = H.v.cwiseAbs().maxCoeff();
    if (largest == 0.0) return H;  // a zero column is already reduced: H = I
    const int e = std::ilogb(largest) + 1;  // 2^(e - 1) <= max|x_i| < 2^e
    H.v = H.v.unaryExpr([e](double x) { return std::ldexp(x, -e); });
    const double norm_x = H.v.norm();                              // ||x|| / s
    const double signed_norm = H.v(0) >= 0.0 ? norm_x : -norm_x;  // sign(x_0) ||x|| / s, sign(0) = +1
    H.v(0) += signed_norm;
    H.beta = 2.0 / H.v.squaredNorm();
    H.alpha = -std::ldexp(signed_norm, e);
    return H;
}

// apply_reflector: M[first:, c0:] <- H M[first:, c0:] = M - beta v (v^T M), two row-major passes.
void apply_reflector(const Reflector& H, Matrix& M, int c0) {
    if (H.beta == 0.0 || c0 >= M.cols()) return;
    const int m = int(M.rows()), width = int(M.cols()) - c0;
    Vector w = Vector::Zero(width);  // w^T = v^T M[first:, c0:], (width)
    for (int i = H.first; i < m; ++i) w += H.v(i - H.first) * M.row(i).segment(c0, width).transpose();
    for (int i = H.first; i < m; ++i) M.row(i).segment(c0, width) -= (H.beta * H.v(i - H.first)) * w.transpose();
}

}  // namespace

QrDecomposition householder_qr(const Matrix& A) {
    const int m = int(A.rows()), n = int(A.cols()), k = std::min(m, n);
    check_householder_qr_shape(m, n);

    // Triangularize: step j zeros column j below the diagonal and updates the columns to its right.
    Matrix R = A;  // (m, n), becomes upper trapezoidal
    std::vector<Reflector> reflectors;
    reflectors.reserve(size_t(k));
    for (int j = 0; j < k; ++j) {
        Reflector H = make_reflector(R, j);
        apply_reflector(H, R, j + 1);
        R(j, j) = H.alpha;                              // H x = alpha e_1: store it exactly,
        for (int i = j + 1; i < m; ++i) R(i, j) = 0.0;  // zeros and all, rather than rounding residue
        reflectors.push_back(std::move(H));
    }

    // Q = H_0 ... H_{k-1} I[:, :k], accumulated backwards: H_j only touches rows and columns >= j
    // of the product of the later reflectors, so each step works on a shrinking block.
    Matrix Q = Matrix::Identity(m, k);
    for (int j = k - 1; j >= 0; --j) apply_reflector(reflectors[size_t(j)], Q, j);

    return {std::move(Q), R.topRows(k)};
}

Vector least_squares(const Matrix& A, const Vector& b) {
    const int m = int(A.rows()), n = int(A.cols());
    check_least_squares_shapes(m, n, b);
    const QrDecomposition qr = householder_qr(A);  // Q (m, n), R (n, n)

    // A numerically zero pivot means a column is (to working precision) a combination of the earlier ones.
    const double r_max = qr.R.diagonal().cwiseAbs().maxCoeff();
    const double threshold = double(std::max(m, n)) * std::numeric_limits<double>::epsilon() * r_max;
    for (int j = 0; j < n; ++j)
        COURSE_CHECK(std::abs(qr.R(j, j)) > threshold, "least_squares: A (", m, " x ", n,
                     ") is rank deficient: |R[", j, ", ", j, "]| = ", std::abs(qr.R(j, j)), " <= ", threshold,
                     ", so column ", j, " is (numerically) a combination of the columns before it");

    // R x = Q^T b by back substitution, rows from the bottom up.
    Vector x = qr.Q.transpose() * b;  // (n)
    for (int i = n - 1; i >= 0; --i) {
        const double known = qr.R.row(i).tail(n - 1 - i).dot(x.tail(n - 1 - i));
        x(i) = (x(i) - known) / qr.R(i, i);
    }
    return x;
}

}  // namespace course::linear_algebra
