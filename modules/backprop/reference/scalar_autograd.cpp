// Reference solution: scalar autograd. Contract: include/backprop/scalar_autograd.hpp
#include "backprop/scalar_autograd.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

// ---- The operations: compute the value, record the node ----

Value operator+(Value a, Value b) {
    Graph& graph = graph_of("add", a, b);
    return graph.record(Op::add, a.value() + b.value(), a, b);
}

Value operator*(Value a, Value b) {
    Graph& graph = graph_of("mul", a, b);
    return graph.record(Op::mul, a.value() * b.value(), a, b);
}

Value pow(Value a, double k) {
    Graph& graph = graph_of("pow", a);
    check_pow_arguments(a.value(), k);
    return graph.record(Op::pow, std::pow(a.value(), k), a, Value(), k);
}

Value exp(Value a) { return graph_of("exp", a).record(Op::exp, std::exp(a.value()), a); }

Value log(Value a) {
    Graph& graph = graph_of("log", a);
    check_log_argument(a.value());
    return graph.record(Op::log, std::log(a.value()), a);
}

// tanh: std::tanh is finite everywhere (+-1 for large |x|); (e^2x - 1) / (e^2x + 1) is inf / inf.
Value tanh(Value a) { return graph_of("tanh", a).record(Op::tanh, std::tanh(a.value()), a); }

Value relu(Value a) { return graph_of("relu", a).record(Op::relu, std::max(a.value(), 0.0), a); }

// ---- The topological order: an iterative depth-first search in post-order ----

namespace {

// parent: the k-th parent of a node (k = 0: a, k = 1: b), -1 when it has none.
int parent(const Node& node, int k) { return k == 0 ? node.a : k == 1 ? node.b : -1; }

// Frame: a node on the explicit stack, and which of its parents to look at next.
struct Frame {
    int id;
    int next_parent;
};

}  // namespace

std::vector<int> Graph::topological_order(Value out) const {
    check_owned("Graph::topological_order", out);
    // Post-order: a node is emitted once all its parents are, so parents come before consumers.
    // `seen` marks nodes pushed once, so a shared node is expanded once: O(reachable) steps.
    std::vector<char> seen(nodes_.size(), 0);
    std::vector<int> order;
    std::vector<Frame> stack{{out.id(), 0}};
    seen[std::size_t(out.id())] = 1;
    while (!stack.empty()) {
        Frame& top = stack.back();
        const int p = parent(nodes_[std::size_t(top.id)], top.next_parent);
        if (p >= 0) {
            ++top.next_parent;
            if (!seen[std::size_t(p)]) {
                seen[std::size_t(p)] = 1;
                stack.push_back({p, 0});  // invalidates `top`; it is not used again
            }
            continue;
        }
        order.push_back(top.id);
        stack.pop_back();
    }
    return order;
}

// ---- backward: the chain rule, node by node ----

namespace {

// chain_rule_step: adds node's contribution to its parents' adjoints, given d out / d node:
//     d out / d parent += (d out / d node) * (d node / d parent)
// The local derivatives:  add: 1, 1;  mul: b, a;  pow: k a^(k-1);  exp: e^a (the node's value);
// log: 1 / a;  tanh: 1 - tanh^2 (from the node's value, finite for any a);  relu: 1 for a > 0, else 0.
void chain_rule_step(const std::vector<Node>& nodes, const Node& node, double d_node, std::vector<double>& adjoint) {
    const auto value_of = [&](int id) { return nodes[std::size_t(id)].value; };
    const std::size_t a = std::size_t(node.a), b = std::size_t(node.b);
    switch (node.op) {
        case Op::leaf: break;
        case Op::add:
            adjoint[a] += d_node;
            adjoint[b] += d_node;
            break;
        case Op::mul:
            adjoint[a] += d_node * value_of(node.b);
            adjoint[b] += d_node * value_of(node.a);
            break;
        case Op::pow: adjoint[a] += d_node * node.k * std::pow(value_of(node.a), node.k - 1.0); break;
        case Op::exp: adjoint[a] += d_node * node.value; break;
        case Op::log: adjoint[a] += d_node / value_of(node.a); break;
        case Op::tanh: adjoint[a] += d_node * (1.0 - node.value * node.value); break;
        case Op::relu: adjoint[a] += value_of(node.a) > 0.0 ? d_node : 0.0; break;
    }
}

}  // namespace

void Graph::backward(Value out) {
    check_owned("Graph::backward", out);
    const std::vector<int> order = topological_order(out);
    // The adjoints of this call live apart from grad, so that grad accumulates over calls while
    // each call propagates only its own d out / d v.
    std::vector<double> adjoint(nodes_.size(), 0.0);
    adjoint[std::size_t(out.id())] = 1.0;  // d out / d out
    // Reverse topological order: every consumer of a node is done before the node passes its
    // adjoint on, so the adjoint is complete when it is used.
    for (auto id = order.rbegin(); id != order.rend(); ++id) {
        const Node& node = nodes_[std::size_t(*id)];
        chain_rule_step(nodes_, node, adjoint[std::size_t(*id)], adjoint);
        ++backward_steps_;
    }
    for (int id : order) nodes_[std::size_t(id)].grad += adjoint[std::size_t(id)];
}

void Graph::zero_grad() {
    for (Node& node : nodes_) node.grad = 0.0;
}

}  // namespace course::backprop
