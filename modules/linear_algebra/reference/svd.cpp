// Reference solution: the thin SVD by one-sided Jacobi (Hestenes; Demmel & Veselic 1992).
// Contract: include/linear_algebra/svd.hpp
#include "linear_algebra/svd.hpp"

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
constexpr int kMaxSweeps = 100;

// rotate_rows: rows i and j of M (the columns of W or V, stored transposed) by J = [[c, s], [-s, c]]:
//     m_i <- c m_i - s m_j,   m_j <- s m_i + c m_j
void rotate_rows(Matrix& M, int i, int j, double c, double s) {
    const int len = int(M.cols());
    double* mi = M.row(i).data();
    double* mj = M.row(j).data();
    for (int k = 0; k < len; ++k) {
        const double a = mi[k], b = mj[k];
        mi[k] = c * a - s * b;
        mj[k] = s * a + c * b;
    }
}

// orthogonalize_pairs: one-sided Jacobi on Wt (n, m), whose rows are the columns of W = A V, and
// Vt (n, n), whose rows are the columns of V. Returns the number of sweeps used.
int orthogonalize_pairs(Matrix& Wt, Matrix& Vt) {
    const int n = int(Wt.rows()), m = int(Wt.cols());
    // The cosine of the angle between w_i and w_j is a sum of m rounded products: its rounding
    // noise is about sqrt(m) eps for random signs. Asking for less would rotate on noise (LAPACK
    // dgesvj uses the same threshold).
    const double tol = std::sqrt(double(m)) * kEps;
    for (int sweep = 1; sweep <= kMaxSweeps; ++sweep) {
        bool rotated = false;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                // The symmetric 2x2 Jacobi rotation that diagonalizes [[alpha, gamma], [gamma, beta]],
                // alpha = a^2, beta = b^2, gamma = a b cosine, written with the norms a = ||w_i||,
                // b = ||w_j|| and the cosine, which stay in range when the squares and the dot
                // product of columns of very different size (1 and 1e-300) under- or overflow:
                //     zeta = (beta - alpha) / (2 gamma) = (b / a - a / b) / (2 cosine).
                const double a = Wt.row(i).stableNorm(), b = Wt.row(j).stableNorm();
                if (a == 0.0 || b == 0.0) continue;
                const double cosine = (Wt.row(i) / a).dot(Wt.row(j) / b);
                if (std::abs(cosine) <= tol) continue;
                const double zeta = (b / a - a / b) / (2.0 * cosine);
                const double t = std::copysign(1.0, zeta) / (std::abs(zeta) + std::hypot(zeta, 1.0));
                if (t == 0.0) continue;  // |zeta| overflowed: an angle this small would change nothing
                const double c = 1.0 / std::sqrt(1.0 + t * t), s = c * t;
                rotate_rows(Wt, i, j, c, s);
                rotate_rows(Vt, i, j, c, s);
                rotated = true;
            }
        if (!rotated) return sweep;
    }
    throw std::runtime_error(concat("svd: one-sided Jacobi did not converge in ", kMaxSweeps, " sweeps (",
                                    m, " x ", n, ")"));
}

// complete_columns: U (m, n) has orthonormal columns 0..first-1; fill columns first..n-1 with unit
// vectors orthogonalized against the earlier columns. The unit vector e_r with the smallest row
// norm ||U[r, :j]|| has the largest component outside their span: at least sqrt((m - j) / m).
void complete_columns(Matrix& U, int first) {
    const int m = int(U.rows()), n = int(U.cols());
    for (int j = first; j < n; ++j) {
        int r = 0;
        double smallest = INFINITY;
        for (int row = 0; row < m; ++row) {
            const double norm2 = U.row(row).head(j).squaredNorm();
            if (norm2 < smallest) smallest = norm2, r = row;
        }
        Vector v = Vector::Unit(m, r);
        for (int pass = 0; pass < 2; ++pass)  // twice is enough (Kahan, Parlett)
            for (int i = 0; i < j; ++i) v -= U.col(i).dot(v) * U.col(i);
        U.col(j) = v / v.norm();
    }
}

// tall_svd: the thin SVD of A (m, n) with m >= n.
Svd tall_svd(const Matrix& A) {
    const int m = int(A.rows()), n = int(A.cols());
    // Work in units of max|A|: the squared column norms then neither overflow nor underflow.
    const double scale = A.cwiseAbs().maxCoeff();
    if (scale == 0.0) {
        Svd zero{Matrix::Zero(m, n), Vector::Zero(n), Matrix::Identity(n, n)};
        complete_columns(zero.U, 0);
        return zero;
    }
    Matrix Wt = A.transpose() / scale;  // (n, m): row j is column j of W
    Matrix Vt = Matrix::Identity(n, n);
    orthogonalize_pairs(Wt, Vt);

    Vector norms(n);
    // stableNorm: a column far below max|A| (entries near 1e-160 of it) has squares in the subnormal
    // range, where sqrt(sum of squares) loses digits and u_j = w_j / S_j would not have length 1.
    for (int j = 0; j < n; ++j) norms(j) = Wt.row(j).stableNorm();
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return norms(i) > norms(j); });

    // A column this small (relative to max|A| = 1) cannot be normalized accurately: it is a zero
    // singular value, and its u is chosen to complete the basis.
    const double negligible = std::numeric_limits<double>::min() / kEps;
    Svd out{Matrix(m, n), Vector(n), Matrix(n, n)};
    int rank = 0;
    for (int j = 0; j < n; ++j) {
        const int from = order[size_t(j)];
        const double sigma = norms(from);
        out.V.col(j) = Vt.row(from).transpose();
        if (sigma > negligible) {
            out.S(j) = scale * sigma;
            out.U.col(j) = Wt.row(from).transpose() / sigma;
            rank = j + 1;
        } else {
            out.S(j) = 0.0;
        }
    }
    complete_columns(out.U, rank);
    return out;
}

}  // namespace

Svd svd(const Matrix& A) {
    check_svd_input(A);
    if (A.rows() >= A.cols()) return tall_svd(A);
    // Wide: A^T = U' S V'^T, so A = V' S U'^T.
    Svd t = tall_svd(A.transpose());
    return {std::move(t.V), std::move(t.S), std::move(t.U)};
}

}  // namespace course::linear_algebra
