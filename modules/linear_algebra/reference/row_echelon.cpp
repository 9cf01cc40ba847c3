// Reference solution: row echelon form. Contract: include/linear_algebra/row_echelon.hpp
#include "linear_algebra/row_echelon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "course/error.hpp"

namespace course::linear_algebra {
namespace {

// default_tolerance: max(m, n) * eps * max |A_ij|, the size of the rounding residues of elimination.
double default_tolerance(const Matrix& A) {
    if (A.size() == 0) return 0.0;
    const double largest = A.cwiseAbs().maxCoeff();
    return double(std::max(A.rows(), A.cols())) * std::numeric_limits<double>::epsilon() * largest;
}

// pivot_row: the row p >= row with the largest |R[p, col]| (partial pivoting).
Eigen::Index pivot_row(const Matrix& R, Eigen::Index row, Eigen::Index col) {
    Eigen::Index p = row;
    for (Eigen::Index i = row + 1; i < R.rows(); ++i)
        if (std::abs(R(i, col)) > std::abs(R(p, col))) p = i;
    return p;
}

// eliminate_column: with R[row, col] = 1, R[i, :] -= R[i, col] * R[row, :] for every i != row.
// Columns left of col are already zero in the pivot row, so the update starts at col.
void eliminate_column(Matrix& R, Eigen::Index row, Eigen::Index col) {
    const Eigen::Index width = R.cols() - col;
    for (Eigen::Index i = 0; i < R.rows(); ++i) {
        if (i == row) continue;
        const double factor = R(i, col);
        if (factor == 0.0) continue;
        R.row(i).tail(width) -= factor * R.row(row).tail(width);
        R(i, col) = 0.0;  // exactly, not a rounding residue
    }
}

}  // namespace

RowEchelon row_echelon(const Matrix& A, double tol) {
    check_row_echelon_input(A, "row_echelon");
    if (tol < 0.0) tol = default_tolerance(A);
    const Eigen::Index m = A.rows(), n = A.cols();
    RowEchelon result;
    result.R = A;
    Matrix& R = result.R;
    Eigen::Index row = 0;  // the next pivot row
    for (Eigen::Index col = 0; col < n && row < m; ++col) {
        const Eigen::Index p = pivot_row(R, row, col);
        if (std::abs(R(p, col)) <= tol) {
            // A free column: what is left of it below the pivot rows is rounding noise.
            R.col(col).tail(m - row).setZero();
            continue;
        }
        if (p != row) R.row(row).swap(R.row(p));
        R.row(row).tail(n - col) /= R(row, col);
        R(row, col) = 1.0;
        eliminate_column(R, row, col);
        result.pivot_columns.push_back(int(col));
        ++row;
    }
    // Rows >= rank hold only entries of columns judged free after the last pivot row was used.
    R.bottomRows(m - row).setZero();
    result.rank = int(row);
    return result;
}

int rank(const Matrix& A) { return row_echelon(A).rank; }

Matrix null_space(const Matrix& A) {
    const RowEchelon E = row_echelon(A);
    const Eigen::Index n = A.cols();
    std::vector<bool> is_pivot(size_t(n), false);
    for (int c : E.pivot_columns) is_pivot[size_t(c)] = true;

    // One special solution per free column f: x[f] = 1, the other free variables 0, and row i of
    // R x = 0 gives the pivot variable x[pivot_columns[i]] = -R[i, f].
    Matrix N = Matrix::Zero(n, n - E.rank);
    Eigen::Index k = 0;
    for (Eigen::Index f = 0; f < n; ++f) {
        if (is_pivot[size_t(f)]) continue;
        N(f, k) = 1.0;
        for (int i = 0; i < E.rank; ++i) N(E.pivot_columns[size_t(i)], k) = -E.R(i, f);
        ++k;
    }
    return N;
}

}  // namespace course::linear_algebra
