// Exercise 1: scalar autograd. Contract: include/backprop/scalar_autograd.hpp
// Notes: docs/backprop.md#scalar_autograd.  Hints: ./course hint backprop scalar_autograd
// Grade it:  ./course grade backprop scalar_autograd
//
//     d out / d v = sum over the consumers c of v of  (d out / d c) * (d c / d v)
#include "backprop/scalar_autograd.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

// TODO(learner): each operation: Graph& graph = graph_of("add", a, b) (it checks the arguments),
// then return graph.record(Op::add, the value, a, b).
Value operator+(Value a, Value b) {
    COURSE_TODO("operator+");
}

Value operator*(Value a, Value b) {
    COURSE_TODO("operator*");
}

Value pow(Value a, double k) {
    // after graph_of("pow", a): check_pow_arguments(a.value(), k); record k as the node's exponent
    COURSE_TODO("pow");
}

Value exp(Value a) {
    COURSE_TODO("exp");
}

Value log(Value a) {
    // after graph_of("log", a): check_log_argument(a.value())
    COURSE_TODO("log");
}

Value tanh(Value a) {
    COURSE_TODO("tanh");
}

Value relu(Value a) {
    COURSE_TODO("relu");
}

std::vector<int> Graph::topological_order(Value out) const {
    check_owned("Graph::topological_order", out);
    // TODO(learner): a depth-first search from out on an explicit stack of (node, next parent to
    // look at); emit a node when all its parents are done (post-order). Mark nodes as seen.
    // Hint: no recursion: a chain of 100 000 nodes would nest 100 000 calls.
    COURSE_TODO("Graph::topological_order");
}

void Graph::backward(Value out) {
    check_owned("Graph::backward", out);
    // TODO(learner): d out / d out = 1; in reverse topological order, add each node's adjoint times
    // its local derivatives to its parents' adjoints (+=, never =); then add the adjoints to grad.
    // One ++backward_steps_ per node.
    // Hint: keep this call's adjoints in a vector of their own, so that grad can accumulate over calls.
    COURSE_TODO("Graph::backward");
}

void Graph::zero_grad() {
    COURSE_TODO("Graph::zero_grad");
}

}  // namespace course::backprop
