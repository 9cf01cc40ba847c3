// Graph search: breadth-first shortest paths and the depth-first topological sort.
// Notes: docs/data_structures.md#graph_search. The graph type is in graph.hpp.
//
// Breadth-first search visits the vertices in order of their distance from the source, counted in
// edges, by taking them from a FIFO queue:
//
//     dist[source] = 0,   dist[v] = 1 + dist[u]   for the first u whose edge u -> v reaches v
//
// Depth-first search finishes a vertex only after every vertex reachable from it; listing the
// vertices in reverse order of finishing puts every edge u -> v forward (u before v), unless the
// graph has a cycle, which DFS sees as an edge to a vertex still on its stack (a back edge).
//
// Cost: O(n + m) each, for n vertices and m edges. Neither recurses: a path of 10^6 vertices must
// not overflow the call stack. The tests count the edge heads each search reads (graph.hpp): a few
// per edge. The queue itself holds the search's own ints, which nothing counts: a queue that pops
// by erasing the front of a vector (O(n) per pop) is caught only by the time budget of the test of
// a 500 000-vertex frontier (it needs about 20 s there, 4 times the budget, on the course's machine).
// Source: CLRS 4th ed., 20.2 (BFS), 20.3 (DFS, edge classification), 20.4 (topological sort).
#pragma once

#include <optional>
#include <vector>

#include "data_structures/graph.hpp"

namespace course::data_structures {

// BfsTree: the shortest-path tree of a breadth-first search.
struct BfsTree {
    std::vector<int> dist;    // edges on a shortest path from the source; -1 when unreachable
    std::vector<int> parent;  // the vertex before v on that path; -1 for the source and the unreachable
};

// bfs_shortest_paths: the fewest edges from source to every vertex (weights are ignored).
// Throws std::invalid_argument for a source or an edge head outside 0 .. n-1.
BfsTree bfs_shortest_paths(const Graph& g, int source);

// topological_sort: an order of all n vertices in which every edge u -> v has u before v, or
// nothing when the graph has a directed cycle (a self-loop is one). The empty graph has the empty
// order. Throws std::invalid_argument for an edge head outside 0 .. n-1.
std::optional<std::vector<int>> topological_sort(const Graph& g);

}  // namespace course::data_structures
