// Weighted shortest paths: Dijkstra with a binary heap, Bellman-Ford with negative-cycle detection.
// Notes: docs/data_structures.md#shortest_paths. The graph type is in graph.hpp.
//
// Both compute, for every vertex v, the least total weight of a path from the source,
//
//     dist[source] = 0,   dist[v] = min over edges u -> v of dist[u] + w(u, v)
//
// by relaxing edges: "relaxing u -> v" compares dist[u] + w with dist[v] and lowers dist[v] (and sets
// parent[v] = u) if the path through u is shorter.
//
// Dijkstra (1959) settles the vertices in order of distance, taking the closest unsettled one from a
// min-heap, and relaxes the edges of each vertex once, when it is settled: exactly one relaxation per
// edge reachable from the source, so relaxations <= m. It needs weights >= 0. Cost O((n + m) log n)
// with a binary heap that may hold stale entries (a vertex pushed again with a smaller distance; the
// old entry is skipped when it comes out).
//
// Bellman-Ford relaxes every edge in rounds; after round k every shortest path of at most k edges is
// found, so n - 1 rounds suffice when no cycle of negative total weight is reachable. If a further
// round still lowers a distance, such a cycle exists and shortest paths are not defined. Cost O(n m).
//
// Scale: weights are exact int64 integers, so any scale works as long as every path weight (and
// every partial sum along a path) stays within int64 and below kUnreachable; the sums are not
// checked for overflow.
// Source: CLRS 4th ed., 22.1 (Bellman-Ford), 22.3 (Dijkstra); Dijkstra, "A note on two problems in
// connexion with graphs" (Numerische Mathematik, 1959).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "course/error.hpp"
#include "data_structures/graph.hpp"

namespace course::data_structures {

// ShortestPaths: what both algorithms return.
struct ShortestPaths {
    std::vector<std::int64_t> dist;  // least path weight from the source; kUnreachable if no path
    std::vector<int> parent;         // the vertex before v on a shortest path; -1 for the source and the unreachable
    std::int64_t relaxations = 0;    // how many times an edge u -> v was relaxed (examined), counted by the algorithm
    bool negative_cycle = false;     // bellman_ford only: a negative cycle is reachable from the source
                                     // (dist and parent are then not meaningful)
};

// check_no_negative_weight: Dijkstra's greedy step is only right without negative weights (not the
// lesson of dijkstra).
inline void check_no_negative_weight(const Graph& g) {
    for (std::size_t u = 0; u < g.size(); ++u) {
        for (const Edge& e : g[u]) {
            COURSE_CHECK(e.weight >= 0, "dijkstra: the edge ", u, " -> ", e.to, " has negative weight ", e.weight,
                         "; Dijkstra needs weights >= 0 (use bellman_ford)");
        }
    }
}

// dijkstra: shortest paths from source for weights >= 0. Relaxes each edge reachable from the
// source exactly once. Throws std::invalid_argument for a negative weight (use bellman_ford), a
// source or an edge head outside 0 .. n-1.
ShortestPaths dijkstra(const Graph& g, int source);

// bellman_ford: shortest paths from source for any weights; sets negative_cycle when a cycle of
// negative total weight is reachable from the source. Stops early after a round that changes
// nothing. Throws std::invalid_argument for a source or an edge head outside 0 .. n-1.
ShortestPaths bellman_ford(const Graph& g, int source);

}  // namespace course::data_structures
