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
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "course/error.hpp"

namespace course::data_structures {

// Edge: the edge u -> to (u is the list it is in), with a weight.
struct Edge {
    int to = 0;
    std::int64_t weight = 1;
};

// Graph: g[u] = the edges leaving u; the number of vertices is g.size().
using Graph = std::vector<std::vector<Edge>>;

// kUnreachable: the distance of a vertex no path reaches.
inline constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::max();

// edge_count: m, the total number of edges (each undirected edge counts twice).
inline std::size_t edge_count(const Graph& g) {
    std::size_t m = 0;
    for (const auto& edges : g) m += edges.size();
    return m;
}

// check_vertex / check_graph: a vertex or an edge's head outside 0 .. n-1 is the caller's mistake;
// the message names the function, the vertex and n.
inline void check_vertex(const Graph& g, int v, std::string_view function, std::string_view what) {
    COURSE_CHECK(v >= 0 && std::size_t(v) < g.size(), function, ": ", what, " ", v, " is out of range; the graph has ",
                 g.size(), " vertices, numbered 0 to ", int(g.size()) - 1);
}
inline void check_graph(const Graph& g, std::string_view function) {
    for (std::size_t u = 0; u < g.size(); ++u) {
        for (const Edge& e : g[u]) {
            COURSE_CHECK(e.to >= 0 && std::size_t(e.to) < g.size(), function, ": the edge ", u, " -> ", e.to,
                         " leads out of the graph, which has ", g.size(), " vertices, numbered 0 to ", int(g.size()) - 1);
        }
    }
}

}  // namespace course::data_structures
