// backprop.hpp: every exercise of the backprop module.
#pragma once

#include "backprop/scalar_autograd.hpp"
#include "backprop/initialization.hpp"
#include "backprop/linear.hpp"
#include "backprop/dropout.hpp"
