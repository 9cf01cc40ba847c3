// Known mistake: the topological sort keeps only "visited or not", so it cannot tell an edge back to a
// vertex on the DFS stack (a cycle) from an edge to a finished one: it returns an order for a cyclic
// graph, with some edge pointing backward. Contract: include/data_structures/graph_search.hpp
#include "data_structures/graph_search.hpp"

#include <algorithm>
#include <cstdint>

namespace course::data_structures {
namespace {

// The three colors of depth-first search (CLRS 20.3): white = not reached yet, gray = on the DFS
// stack (started, not finished), black = finished. An edge to a gray vertex closes a cycle.
enum class Color : std::uint8_t { kWhite, kGray, kBlack };

// Frame: a vertex on the explicit DFS stack, with the index of the next edge to look at.
struct Frame {
    int vertex;
    std::size_t next_edge;
};

}  // namespace

BfsTree bfs_shortest_paths(const Graph& g, int source) {
    check_graph(g, "bfs_shortest_paths");
    check_vertex(g, source, "bfs_shortest_paths", "the source");
    BfsTree tree{std::vector<int>(g.size(), -1), std::vector<int>(g.size(), -1)};
    // The queue is a vector read from the front: every vertex enters it at most once, so it never
    // holds more than n entries and nothing is ever removed.
    std::vector<int> queue;
    queue.reserve(g.size());
    tree.dist[source] = 0;
    queue.push_back(source);
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const int u = queue[head];
        for (const Edge& e : g[u]) {
            if (tree.dist[e.to] != -1) continue;  // already discovered: by a path at most as short
            tree.dist[e.to] = tree.dist[u] + 1;   // mark when discovered, not when dequeued
            tree.parent[e.to] = u;
            queue.push_back(e.to);
        }
    }
    return tree;
}

std::optional<std::vector<int>> topological_sort(const Graph& g) {
    check_graph(g, "topological_sort");
    const std::size_t n = g.size();
    std::vector<Color> color(n, Color::kWhite);
    std::vector<int> finished;  // vertices in the order DFS finishes them
    finished.reserve(n);
    std::vector<Frame> stack;
    for (std::size_t start = 0; start < n; ++start) {
        if (color[start] != Color::kWhite) continue;
        color[start] = Color::kGray;
        stack.push_back({int(start), 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const auto& edges = g[top.vertex];
            if (top.next_edge == edges.size()) {  // every edge explored: finish the vertex
                color[top.vertex] = Color::kBlack;
                finished.push_back(top.vertex);
                stack.pop_back();
                continue;
            }
            const int v = edges[top.next_edge++].to;
            // the mistake: an edge to a gray vertex (still on the stack) is treated like any visited one
            if (color[v] == Color::kWhite) {
                color[v] = Color::kGray;
                stack.push_back({v, 0});  // invalidates `top`; it is not used again
            }
        }
    }
    // A vertex finishes after everything reachable from it, so reversed, every edge points forward.
    std::reverse(finished.begin(), finished.end());
    return finished;
}

}  // namespace course::data_structures
