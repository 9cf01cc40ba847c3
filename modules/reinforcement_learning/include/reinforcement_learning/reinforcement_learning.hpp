// reinforcement_learning.hpp: every exercise header of the module.
#pragma once

#include "reinforcement_learning/bandits.hpp"
#include "reinforcement_learning/environments.hpp"
#include "reinforcement_learning/dynamic_programming.hpp"
#include "reinforcement_learning/tabular_control.hpp"
#include "reinforcement_learning/double_q_learning.hpp"
#include "reinforcement_learning/policy_gradient.hpp"
