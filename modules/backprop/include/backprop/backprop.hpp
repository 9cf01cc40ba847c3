// backprop.hpp: every exercise of the backprop module.
#pragma once

#include "backprop/scalar_autograd.hpp"
#include "backprop/activations.hpp"
#include "backprop/losses.hpp"
#include "backprop/initialization.hpp"
#include "backprop/batchnorm.hpp"
#include "backprop/linear.hpp"
#include "backprop/gradient_check.hpp"
#include "backprop/dropout.hpp"
#include "backprop/mlp.hpp"
#include "backprop/training.hpp"
