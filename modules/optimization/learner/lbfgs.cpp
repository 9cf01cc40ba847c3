// Exercise: L-BFGS, limited-memory BFGS with the two-loop recursion.
// Contract: include/optimization/lbfgs.hpp
// Notes: docs/optimization.md#lbfgs.  Hints: ./course hint optimization lbfgs
// Grade it:  ./course grade optimization lbfgs
#include "optimization/lbfgs.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "course/error.hpp"

namespace course::optimization {

Vector lbfgs_direction(const Vector& g, const LbfgsMemory& pairs, double gamma) {
    check_lbfgs_direction_arguments(g, pairs, gamma);
    //     q = g;  newest .. oldest: alpha_i = rho_i s_i^T q, q -= alpha_i y_i
    //     r = gamma q;  oldest .. newest: beta = rho_i y_i^T r, r += (alpha_i - beta) s_i;  d = -r
    // TODO(learner): the two loops of the contract, rho_i = 1 / (y_i^T s_i), keeping the alpha_i of
    // the first loop for the second. pairs.front() is the oldest pair, pairs.back() the newest.
    COURSE_TODO("lbfgs_direction");
}

bool lbfgs_remember_pair(LbfgsMemory& pairs, const Vector& s, const Vector& y, int memory) {
    check_lbfgs_pair_arguments(pairs, s, y, memory);
    //     store (s, y) only if y^T s > eps ||s|| ||y||;  then keep the newest `memory` pairs
    // TODO(learner): skip a pair without positive curvature (return false, change nothing);
    // otherwise append it at the back and drop pairs from the front until at most `memory` remain.
    COURSE_TODO("lbfgs_remember_pair");
}

OptimizeResult lbfgs(const Objective& objective, const Vector& x0, const StopRule& stop, const LbfgsConfig& config) {
    check_optimizer_arguments("lbfgs", objective, x0, stop);
    check_lbfgs_config(config);
    //     d_k = lbfgs_direction(g_k, pairs, gamma_k),  gamma_k = s^T y / y^T y of the newest pair
    // TODO(learner): bfgs's loop (bfgs.hpp) with lbfgs_direction in place of -H g and
    // lbfgs_remember_pair in place of the update; gamma = 1 while no pair is stored or when
    // config.scale_initial_matrix is false; call the gradient through gradient_at (problem.hpp);
    // count every evaluation.
    COURSE_TODO("lbfgs");
}

}  // namespace course::optimization
