// Scalar autograd: a graph of scalar operations and reverse-mode differentiation through it.
// Notes: docs/backprop.md#scalar_autograd.
//
//     d out / d v = sum over the consumers c of v of  (d out / d c) * (d c / d v)
//
// Every operation on Values appends one node to its Graph: the node's value, the operation and
// the ids of its parents (at most two). backward(out) seeds d out / d out = 1, then visits the
// nodes reachable from out in reverse topological order (each node after every node that consumes
// it) and adds each node's contribution to its parents: the chain rule, one local derivative per
// edge. A node used twice (a + a, a * a, a diamond) receives one contribution per use, added.
//
// The nodes live in one std::vector (an arena): a Value is a handle {Graph*, id}, so a chain of
// 10^5 nodes is destroyed by one vector's destructor, not by 10^5 nested ones, and the topological
// sort runs on an explicit stack, not on the call stack.
//
// Cost: each operation O(1); backward O(n) for the n nodes of the graph (a scratch array of one
// adjoint per node), with one chain-rule step per node reachable from out.
// Source: Baydin, Pearlmutter, Radul & Siskind, "Automatic differentiation in machine learning: a
// survey" (JMLR 2018), section 3.2; Griewank & Walther, "Evaluating Derivatives" (2nd ed.), ch. 3;
// Karpathy's micrograd (the same idea on shared nodes, with a recursive sort).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "course/error.hpp"

namespace course::backprop {

class Graph;

// Op: what a node computes from its parents a (and b); k is pow's constant exponent.
enum class Op {
    leaf,  // an input, a parameter or a constant: no parents
    add,   // a + b
    mul,   // a * b
    pow,   // a^k
    exp,   // e^a
    log,   // ln a, a > 0
    tanh,  // tanh a
    relu,  // max(a, 0)
};

// op_name: "add", "mul", ... for messages.
inline const char* op_name(Op op) {
    constexpr const char* names[] = {"leaf", "add", "mul", "pow", "exp", "log", "tanh", "relu"};
    return names[int(op)];
}

// Node: one scalar of the graph. `a` and `b` are parent ids, -1 where there is none (a leaf has
// none, a unary operation only `a`; a * a has a == b). `grad` is d out / d node, summed over the
// calls of backward since the last zero_grad.
struct Node {
    double value = 0.0;
    double grad = 0.0;
    Op op = Op::leaf;
    int a = -1;
    int b = -1;
    double k = 0.0;  // pow's exponent
};

// Value: a handle to node `id` of a Graph. Cheap to copy; valid as long as its Graph lives.
// A default-constructed Value belongs to no graph; every operation refuses it.
class Value {
public:
    Value() = default;
    Value(Graph* graph, int id) : graph_(graph), id_(id) {}
    Graph* graph() const { return graph_; }
    int id() const { return id_; }
    // value, grad: the node's value and gradient (see Node).
    double value() const;
    double grad() const;

private:
    Graph* graph_ = nullptr;
    int id_ = -1;
};

// Graph: owns the nodes. Not copyable or movable: Values point at it.
class Graph {
public:
    Graph() = default;
    Graph(const Graph&) = delete;
    Graph& operator=(const Graph&) = delete;

    // leaf: a new node holding x (an input, a parameter or a constant). Throws
    // std::invalid_argument when x is NaN or infinite.
    Value leaf(double x) {
        COURSE_CHECK(std::isfinite(x), "Graph::leaf: x = ", x, "; a leaf must be a finite number");
        nodes_.push_back(Node{x, 0.0, Op::leaf, -1, -1, 0.0});
        return Value(this, int(nodes_.size()) - 1);
    }

    // record: appends the node `op` with the given value and parents (b may be a default Value for
    // a unary operation) and returns its handle. Throws std::invalid_argument naming `op` when a
    // parent belongs to another graph or to none. The operations below call it.
    Value record(Op op, double value, Value a, Value b = Value(), double k = 0.0) {
        check_owned(op_name(op), a);
        if (op == Op::add || op == Op::mul) check_owned(op_name(op), b);
        nodes_.push_back(Node{value, 0.0, op, a.id(), b.graph() ? b.id() : -1, k});
        return Value(this, int(nodes_.size()) - 1);
    }

    // topological_order: the ids of the nodes reachable from out (out included), each exactly once
    // and after all of its parents, so out comes last. Computed with an explicit stack (an
    // iterative depth-first search in post-order): no recursion, whatever the depth of the graph.
    // Throws std::invalid_argument when out belongs to another graph or to none.
    std::vector<int> topological_order(Value out) const;

    // backward: adds d out / d v to v.grad() for every node v reachable from out (out's own grad
    // grows by 1). Gradients accumulate: a second call without zero_grad() adds them again, as
    // PyTorch does. Adds one to backward_steps() per node whose chain-rule step it takes (each node
    // reachable from out, once). Throws std::invalid_argument when out belongs to another graph.
    void backward(Value out);

    // zero_grad: every node's grad back to 0.
    void zero_grad();

    // size: the number of nodes. node: read access to one, for the tests.
    int size() const { return int(nodes_.size()); }
    const Node& node(int id) const { return nodes_.at(std::size_t(id)); }
    // backward_steps: the chain-rule steps taken by every backward so far.
    std::int64_t backward_steps() const { return backward_steps_; }

    // check_owned: v is a node of this graph (an argument check shared by the stub and the reference).
    void check_owned(const char* function, Value v) const {
        COURSE_CHECK(v.graph() != nullptr, function, ": a Value that belongs to no Graph (default-constructed)");
        COURSE_CHECK(v.graph() == this, function, ": Value ", v.id(), " belongs to another Graph; combine only "
                     "Values of one Graph");
        COURSE_CHECK(v.id() >= 0 && v.id() < size(), function, ": Value id ", v.id(), " is out of range 0 to ",
                     size() - 1);
    }

private:
    std::vector<Node> nodes_;
    std::int64_t backward_steps_ = 0;
};

inline double Value::value() const { return graph_->node(id_).value; }
inline double Value::grad() const { return graph_->node(id_).grad; }

// graph_of: the Graph of a (and b), once checked that they belong to one: the operations call it
// before they read a value (an argument check shared by the stub and the reference).
inline Graph& graph_of(const char* op, Value a) {
    COURSE_CHECK(a.graph() != nullptr, op, ": a Value that belongs to no Graph (default-constructed)");
    a.graph()->check_owned(op, a);
    return *a.graph();
}
inline Graph& graph_of(const char* op, Value a, Value b) {
    Graph& graph = graph_of(op, a);
    graph.check_owned(op, b);
    return graph;
}

// The primitive operations: each computes its value and records one node.
//     a + b,   a * b,   a^k (k a constant),   e^a,   ln a,   tanh a,   relu a = max(a, 0)
// Throw std::invalid_argument when a and b belong to different graphs (graph_of), for ln a with a <= 0
// (check_log_argument), and for a^k outside the real, differentiable domain (check_pow_arguments).
Value operator+(Value a, Value b);
Value operator*(Value a, Value b);
Value pow(Value a, double k);
Value exp(Value a);
Value log(Value a);
Value tanh(Value a);
Value relu(Value a);

// check_log_argument: ln x needs x > 0 (NaN refused too).
inline void check_log_argument(double x) {
    COURSE_CHECK(x > 0.0, "log: x = ", x, "; the logarithm is defined for x > 0 only");
}

// check_pow_arguments: x^k needs a finite k; x < 0 only with an integer k (else not real); x = 0
// only with k >= 1 (else the value or the derivative k x^(k-1) is infinite: 1 / 0 is pow(0, -1)).
inline void check_pow_arguments(double x, double k) {
    COURSE_CHECK(std::isfinite(k), "pow: exponent k = ", k, "; it must be a finite number");
    COURSE_CHECK(x >= 0.0 || k == std::floor(k), "pow: x = ", x, ", k = ", k,
                 "; a negative number to a non-integer power is not real");
    COURSE_CHECK(x != 0.0 || k >= 1.0, "pow: x = 0, k = ", k, "; x^k or its derivative k x^(k-1) is infinite "
                 "at 0 (a division by zero?)");
}

// The rest, built from the primitives:
//     -a = a * (-1),   a - b = a + (-b),   a / b = a * b^(-1)
// and the same with a double on either side (the double becomes a leaf of a's graph).
inline Value constant_like(Value a, double x) {
    COURSE_CHECK(a.graph() != nullptr, "a Value that belongs to no Graph, combined with the number ", x);
    return a.graph()->leaf(x);
}
inline Value operator-(Value a) { return a * constant_like(a, -1.0); }
inline Value operator-(Value a, Value b) { return a + (-b); }
inline Value operator/(Value a, Value b) { return a * pow(b, -1.0); }
inline Value operator+(Value a, double x) { return a + constant_like(a, x); }
inline Value operator+(double x, Value a) { return constant_like(a, x) + a; }
inline Value operator*(Value a, double x) { return a * constant_like(a, x); }
inline Value operator*(double x, Value a) { return constant_like(a, x) * a; }
inline Value operator-(Value a, double x) { return a + constant_like(a, -x); }
inline Value operator-(double x, Value a) { return constant_like(a, x) - a; }
inline Value operator/(Value a, double x) {
    COURSE_CHECK(x != 0.0, "operator/: a Value divided by the number 0");
    return a * constant_like(a, 1.0 / x);
}
inline Value operator/(double x, Value a) { return constant_like(a, x) / a; }

}  // namespace course::backprop
