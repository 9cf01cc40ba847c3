// Exercise 11: Dijkstra and Bellman-Ford. Contract: include/data_structures/shortest_paths.hpp
// Notes: docs/data_structures.md#shortest_paths.  Hints: ./course hint data_structures shortest_paths
// Grade it:  ./course grade data_structures shortest_paths
//
//     dist[source] = 0,   dist[v] = min over edges u -> v of dist[u] + w(u, v)
//
// Count every edge you relax (examine) in relaxations: the tests bound it.
#include "data_structures/shortest_paths.hpp"

#include <functional>
#include <queue>
#include <utility>

namespace course::data_structures {

ShortestPaths dijkstra(const Graph& g, int source) {
    check_graph(g, "dijkstra");
    check_vertex(g, source, "dijkstra", "the source");
    check_no_negative_weight(g);
    // TODO(learner): a min-heap of (distance, vertex): std::priority_queue with std::greater.
    // Take the closest entry; relax the edges of its vertex, pushing every vertex whose distance drops.
    // Hint: a vertex can be in the heap several times; only its first entry to come out counts.
    COURSE_TODO("dijkstra");
}

BasicShortestPaths<Counted> dijkstra(const BasicGraph<Counted>& g, int source) {
    // TODO(learner): the same algorithm on Counted weights, whose comparisons the tests count.
    // Write dijkstra once as a template over the weight type W (W(0), W(kUnreachable), d + w, <)
    // and call it from both overloads.
    COURSE_TODO("dijkstra");
}

ShortestPaths bellman_ford(const Graph& g, int source) {
    check_graph(g, "bellman_ford");
    check_vertex(g, source, "bellman_ford", "the source");
    // TODO(learner): up to n - 1 rounds relaxing every edge out of a reached vertex (stop after a
    // round that changes nothing); if one more round still lowers a distance, set negative_cycle.
    COURSE_TODO("bellman_ford");
}

}  // namespace course::data_structures
