// Reference solution: Dijkstra and Bellman-Ford. Contract: include/data_structures/shortest_paths.hpp
#include "data_structures/shortest_paths.hpp"

#include <functional>
#include <queue>
#include <utility>

namespace course::data_structures {
namespace {

ShortestPaths unreached(std::size_t n) {
    return ShortestPaths{std::vector<std::int64_t>(n, kUnreachable), std::vector<int>(n, -1), 0, false};
}

// dijkstra_impl: Dijkstra over weights of type W (std::int64_t, or Counted for the tests' count of
// comparisons): distances are compared only through < and >, and added with +.
template <typename W>
BasicShortestPaths<W> dijkstra_impl(const BasicGraph<W>& g, int source) {
    check_graph(g, "dijkstra");
    check_vertex(g, source, "dijkstra", "the source");
    check_no_negative_weight(g);
    BasicShortestPaths<W> sp{std::vector<W>(g.size(), W(kUnreachable)), std::vector<int>(g.size(), -1), 0, false};
    // A min-heap of (distance, vertex). A vertex is pushed again whenever its distance drops, so the
    // heap may hold stale entries; an entry is stale when its distance is no longer dist[v]. Since
    // distances only drop, the first entry of v to come out is the current one: v is then settled
    // and its later entries are skipped.
    using Entry = std::pair<W, int>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    std::vector<bool> settled(g.size(), false);
    sp.dist[source] = W(0);
    heap.push({W(0), source});
    while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (settled[u]) continue;  // a stale entry
        settled[u] = true;
        for (const auto& e : g[u]) {
            ++sp.relaxations;
            const int v = e.to;
            const W through_u = d + e.weight;
            if (through_u < sp.dist[v]) {
                sp.dist[v] = through_u;
                sp.parent[v] = u;
                heap.push({through_u, v});
            }
        }
    }
    return sp;
}

}  // namespace

ShortestPaths dijkstra(const Graph& g, int source) { return dijkstra_impl(g, source); }
BasicShortestPaths<Counted> dijkstra(const BasicGraph<Counted>& g, int source) { return dijkstra_impl(g, source); }

ShortestPaths bellman_ford(const Graph& g, int source) {
    check_graph(g, "bellman_ford");
    check_vertex(g, source, "bellman_ford", "the source");
    const std::size_t n = g.size();
    ShortestPaths sp = unreached(n);
    sp.dist[source] = 0;
    // relax_all: one round over every edge leaving a reached vertex; true when a distance dropped.
    auto relax_all = [&] {
        bool changed = false;
        for (std::size_t u = 0; u < n; ++u) {
            if (sp.dist[u] == kUnreachable) continue;  // no path yet: inf + w is not a distance
            for (const Edge& e : g[u]) {
                ++sp.relaxations;
                if (sp.dist[u] + e.weight < sp.dist[e.to]) {
                    sp.dist[e.to] = sp.dist[u] + e.weight;
                    sp.parent[e.to] = int(u);
                    changed = true;
                }
            }
        }
        return changed;
    };
    // n - 1 rounds find every shortest path (a shortest path has at most n - 1 edges); one more
    // round that still changes something proves a reachable negative cycle.
    for (std::size_t round = 0; round + 1 < n; ++round) {
        if (!relax_all()) return sp;
    }
    sp.negative_cycle = relax_all();
    return sp;
}

}  // namespace course::data_structures
