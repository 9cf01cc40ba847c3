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
// Counted: dijkstra also takes a graph of Counted weights (counted.hpp; the distances are then
// Counted too, compared only through <, <=>, ==), so that the tests count its comparisons: with a
// binary heap, O((n + m) log n); a search for the closest vertex by a scan of all of them, O(n^2).
// Write dijkstra once as a template over the weight type W; the two overloads call it. W(0) is the
// distance of the source, W(kUnreachable) that of a vertex not reached yet, and d + w a path's
// weight.
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
#include "data_structures/counted.hpp"
#include "data_structures/graph.hpp"

namespace course::data_structures {

// ShortestPaths: what both algorithms return (BasicShortestPaths<Counted>: dijkstra's on Counted weights).
template <typename Weight>
struct BasicShortestPaths {
    std::vector<Weight> dist;        // least path weight from the source; kUnreachable if no path
    std::vector<int> parent;         // the vertex before v on a shortest path; -1 for the source and the unreachable
    std::int64_t relaxations = 0;    // how many times an edge u -> v was relaxed (examined), counted by the algorithm
    bool negative_cycle = false;     // bellman_ford only: a negative cycle is reachable from the source
                                     // (dist and parent are then not meaningful)
};
using ShortestPaths = BasicShortestPaths<std::int64_t>;

// check_no_negative_weight: Dijkstra's greedy step is only right without negative weights (not the
// lesson of dijkstra).
// It reads the weights and heads without counting.
inline std::int64_t uncounted_weight(std::int64_t w) { return w; }
inline std::int64_t uncounted_weight(const Counted& w) { return w.key; }
template <typename Weight>
void check_no_negative_weight(const BasicGraph<Weight>& g) {
    for (std::size_t u = 0; u < g.size(); ++u) {
        for (const auto& e : g[u]) {
            const std::int64_t w = uncounted_weight(e.weight);
            COURSE_CHECK(w >= 0, "dijkstra: the edge ", u, " -> ", uncounted_head(e.to), " has negative weight ", w,
                         "; Dijkstra needs weights >= 0 (use bellman_ford)");
        }
    }
}

// dijkstra: shortest paths from source for weights >= 0. Relaxes each edge reachable from the
// source exactly once. Throws std::invalid_argument for a negative weight (use bellman_ford), a
// source or an edge head outside 0 .. n-1.
ShortestPaths dijkstra(const Graph& g, int source);
BasicShortestPaths<Counted> dijkstra(const BasicGraph<Counted>& g, int source);

// bellman_ford: shortest paths from source for any weights; sets negative_cycle when a cycle of
// negative total weight is reachable from the source. Stops early after a round that changes
// nothing. Throws std::invalid_argument for a source or an edge head outside 0 .. n-1.
ShortestPaths bellman_ford(const Graph& g, int source);

}  // namespace course::data_structures
