// optimization.hpp: every exercise of the optimization module in one include.
#pragma once

#include "optimization/problem.hpp"

#include "optimization/numerical_derivatives.hpp"
#include "optimization/gradient_descent.hpp"
#include "optimization/line_search.hpp"
#include "optimization/momentum.hpp"
#include "optimization/adaptive_steps.hpp"
#include "optimization/newton.hpp"
#include "optimization/bfgs.hpp"
#include "optimization/conjugate_gradient.hpp"
#include "optimization/logistic_regression.hpp"
#include "optimization/projected_gradient.hpp"
#include "optimization/kkt.hpp"
#include "optimization/lbfgs.hpp"
