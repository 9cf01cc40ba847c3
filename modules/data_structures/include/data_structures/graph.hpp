// graph.hpp: the graph type shared by the graph exercises (graph_search, shortest_paths).
//
// A directed graph on the vertices 0 .. n-1 as adjacency lists: g[u] lists the edges leaving u,
// each with its head and a weight (breadth-first search and the topological sort ignore weights).
// An undirected graph lists every edge in both directions. Parallel edges and self-loops are
// allowed.
//
//     Graph g(3);                 // vertices 0, 1, 2
//     g[0].push_back({1, 5});     // edge 0 -> 1 of weight 5
//
// Memory: O(n + m) for n vertices and m edges, the representation every O(n + m) bound assumes
// (CLRS 4th ed., 20.1).
//
// Counted: an edge's head is an EdgeHead, which counts a step (count_step, counted.hpp) each time
// it is read or copied, so the tests count the edges a search looks at: O(1) per edge for an
// O(n + m) search, where a depth-first search that scans a vertex's edges from the first again each
// time it comes back to it, or copies them, reads O(degree^2). Dijkstra also comes with Counted
// weights (BasicGraph<Counted>), whose comparisons count: its heap is counted that way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

// EdgeHead: the head of an edge (a vertex) as an edge stores it. It converts to and from int; every
// read (the conversion to int) and every copy counts one step.
class EdgeHead {
public:
    EdgeHead(int vertex = 0) : vertex_(vertex) {}  // implicit: g[u].push_back({v, w})
    EdgeHead(const EdgeHead& other) : vertex_(other.vertex_) { count_step(); }
    EdgeHead& operator=(const EdgeHead& other) {
        vertex_ = other.vertex_;
        count_step();
        return *this;
    }
    ~EdgeHead() = default;
    operator int() const {
        count_step();
        return vertex_;
    }

private:
    friend int uncounted_head(const EdgeHead& head) { return head.vertex_; }  // for the argument checks below
    int vertex_;
};

// BasicEdge: the edge u -> to (u is the list it is in), with a weight of type Weight.
template <typename Weight>
struct BasicEdge {
    EdgeHead to = 0;
    Weight weight = Weight(1);
};

// BasicGraph: g[u] = the edges leaving u; the number of vertices is g.size().
template <typename Weight>
using BasicGraph = std::vector<std::vector<BasicEdge<Weight>>>;

// Edge, Graph: integer weights, the graph of every exercise (BasicGraph<Counted> only for the
// tests' count of Dijkstra's comparisons).
using Edge = BasicEdge<std::int64_t>;
using Graph = BasicGraph<std::int64_t>;

// kUnreachable: the distance of a vertex no path reaches.
inline constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::max();

// edge_count: m, the total number of edges (each undirected edge counts twice).
template <typename Weight>
std::size_t edge_count(const BasicGraph<Weight>& g) {
    std::size_t m = 0;
    for (const auto& edges : g) m += edges.size();
    return m;
}

// check_vertex / check_graph: a vertex or an edge's head outside 0 .. n-1 is the caller's mistake;
// the message names the function, the vertex and n. They read the heads without counting.
template <typename Weight>
void check_vertex(const BasicGraph<Weight>& g, int v, std::string_view function, std::string_view what) {
    COURSE_CHECK(v >= 0 && std::size_t(v) < g.size(), function, ": ", what, " ", v, " is out of range; the graph has ",
                 g.size(), " vertices, numbered 0 to ", int(g.size()) - 1);
}
template <typename Weight>
void check_graph(const BasicGraph<Weight>& g, std::string_view function) {
    for (std::size_t u = 0; u < g.size(); ++u) {
        for (const auto& e : g[u]) {
            const int to = uncounted_head(e.to);
            COURSE_CHECK(to >= 0 && std::size_t(to) < g.size(), function, ": the edge ", u, " -> ", to,
                         " leads out of the graph, which has ", g.size(), " vertices, numbered 0 to ", int(g.size()) - 1);
        }
    }
}

}  // namespace course::data_structures
