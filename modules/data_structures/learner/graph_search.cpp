// Exercise 10: BFS shortest paths and topological sort. Contract: include/data_structures/graph_search.hpp
// Notes: docs/data_structures.md#graph_search.  Hints: ./course hint data_structures graph_search
// Grade it:  ./course grade data_structures graph_search
//
//     BFS: dist[source] = 0,  dist[v] = 1 + dist[u] for the first u whose edge reaches v
//     topological order: every edge u -> v has u before v; none exists if there is a cycle
#include "data_structures/graph_search.hpp"

#include <algorithm>

namespace course::data_structures {

BfsTree bfs_shortest_paths(const Graph& g, int source) {
    check_graph(g, "bfs_shortest_paths");
    check_vertex(g, source, "bfs_shortest_paths", "the source");
    // TODO(learner): a FIFO queue of discovered vertices; set dist and parent when a vertex is
    // first discovered (pushed), not when it is taken out.
    COURSE_TODO("bfs_shortest_paths");
}

std::optional<std::vector<int>> topological_sort(const Graph& g) {
    check_graph(g, "topological_sort");
    // TODO(learner): depth-first search from every unvisited vertex with an explicit stack of
    // (vertex, next edge); list vertices as they finish, then reverse the list.
    // Hint: "visited" is not enough to see a cycle: keep three states (not seen, on the stack,
    // finished); an edge to a vertex that is still on the stack closes a cycle.
    COURSE_TODO("topological_sort");
}

}  // namespace course::data_structures
