// linear_algebra.hpp: every exercise of the linear algebra module in one include.
#pragma once

#include "linear_algebra/vector_basics.hpp"
#include "linear_algebra/matvec.hpp"
#include "linear_algebra/matmul_naive.hpp"
#include "linear_algebra/transpose.hpp"
#include "linear_algebra/row_echelon.hpp"
#include "linear_algebra/gram_schmidt.hpp"
#include "linear_algebra/lu.hpp"
#include "linear_algebra/cholesky.hpp"
#include "linear_algebra/qr.hpp"
#include "linear_algebra/power_iteration.hpp"
#include "linear_algebra/symmetric_eigen.hpp"
#include "linear_algebra/svd.hpp"
#include "linear_algebra/pca.hpp"
#include "linear_algebra/matmul_ikj.hpp"
#include "linear_algebra/matmul_tiled.hpp"
