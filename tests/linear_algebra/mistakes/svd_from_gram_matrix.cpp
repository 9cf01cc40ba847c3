// Known mistake: the SVD through the eigendecomposition of the Gram matrix A^T A = V diag(S^2) V^T,
// taking S as the square roots of its eigenvalues and U = A V / S. Correct in exact arithmetic,
// but forming A^T A squares the condition number: its eigenvalues are known only to about
// u ||A||^2, so every singular value below sqrt(u) ||A|| ~ 1e-8 ||A|| loses all its digits
// (and U, computed by dividing by those S, loses its orthogonality).
#include "linear_algebra/svd.hpp"

#include <algorithm>
#include <cmath>

#include "course/eigen_solvers.hpp"
#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// complete_column: replace column j of U (m, n) by a unit vector orthogonal to columns 0..j-1.
void complete_column(Matrix& U, int j) {
    const int m = int(U.rows());
    int r = 0;
    double smallest = INFINITY;
    for (int row = 0; row < m; ++row) {
        const double norm2 = U.row(row).head(j).squaredNorm();
        if (norm2 < smallest) smallest = norm2, r = row;
    }
    Vector v = Vector::Unit(m, r);
    for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i < j; ++i) v -= U.col(i).dot(v) * U.col(i);
    U.col(j) = v / v.norm();
}

// gram_svd: A (m, n), m >= n, through the eigenvalues of A^T A.
Svd gram_svd(const Matrix& A) {
    const int m = int(A.rows()), n = int(A.cols());
    const Matrix gram = A.transpose() * A;  // the mistake: (n, n), condition number kappa(A)^2
    const eigen_solvers::SymmetricEigenpairs eig = eigen_solvers::symmetric_eigenpairs(gram);  // ascending
    Svd out{Matrix(m, n), Vector(n), Matrix(n, n)};
    for (int j = 0; j < n; ++j) {
        const int from = n - 1 - j;  // descending
        out.S(j) = std::sqrt(std::max(eig.values(from), 0.0));
        out.V.col(j) = eig.vectors.col(from);
        if (out.S(j) > 0.0)
            out.U.col(j) = A * out.V.col(j) / out.S(j);
        else
            complete_column(out.U, j);
    }
    return out;
}

}  // namespace

Svd svd(const Matrix& A) {
    check_svd_input(A);
    if (A.rows() >= A.cols()) return gram_svd(A);
    Svd t = gram_svd(A.transpose());
    return {std::move(t.V), std::move(t.S), std::move(t.U)};
}

}  // namespace course::linear_algebra
