// Known mistake: least_squares through the normal equations A^T A x = A^T b (householder_qr is right).
// cond(A^T A) = cond(A)^2, so on a consistent system with cond(A) = 1e6 the solution loses about
// kappa^2 u = 1e-4 relative instead of kappa u = 1e-10: half the digits.
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
    const double norm_x = H.v.norm();
    if (norm_x == 0.0) return H;  // a zero column is already reduced: H = I
    const double signed_norm = H.v(0) >= 0.0 ? norm_x : -norm_x;  // sign(x_0) ||x||, sign(0) = +1
    H.v(0) += signed_norm;
    H.beta = 2.0 / H.v.squaredNorm();
    H.alpha = -signed_norm;
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
    COURSE_CHECK(m >= 1 && n >= 1, "householder_qr: A is ", m, " x ", n, ", expected at least one row and one column");

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
    COURSE_CHECK(m >= n, "least_squares: A is ", m, " x ", n,
                 ", expected at least as many rows as columns (an underdetermined system has no unique solution)");
    COURSE_CHECK(b.size() == m, "least_squares: A is ", m, " x ", n, " but b has ", b.size(), " entries, expected ", m);
    // The mistake: form the normal equations, whose matrix has cond(A^T A) = cond(A)^2.
    const Matrix G = A.transpose() * A;  // (n, n)
    Vector x = A.transpose() * b;        // (n)
    // Cholesky G = L L^T, then L y = A^T b and L^T x = y.
    Matrix L = Matrix::Zero(n, n);
    for (int j = 0; j < n; ++j) {
        const double pivot = G(j, j) - L.row(j).head(j).squaredNorm();
        COURSE_CHECK(pivot > 0.0, "least_squares: A (", m, " x ", n, ") is rank deficient at column ", j);
        L(j, j) = std::sqrt(pivot);
        for (int i = j + 1; i < n; ++i) L(i, j) = (G(i, j) - L.row(i).head(j).dot(L.row(j).head(j))) / L(j, j);
    }
    for (int i = 0; i < n; ++i) x(i) = (x(i) - L.row(i).head(i).dot(x.head(i))) / L(i, i);
    for (int i = n - 1; i >= 0; --i) x(i) = (x(i) - L.col(i).tail(n - 1 - i).dot(x.tail(n - 1 - i))) / L(i, i);
    return x;
}

}  // namespace course::linear_algebra
