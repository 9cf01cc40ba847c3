// Tests for exercise 10, BFS and topological sort (modules/data_structures/learner/graph_search.cpp).
//
// Oracles: small graphs worked by hand; grid graphs (the BFS distance from a corner is the
// Manhattan distance); a brute-force relaxation (repeat dist[v] = min(dist[v], dist[u] + 1) over all
// edges until nothing changes) on seeded random graphs; for the topological sort, the property
// itself (a permutation with every edge pointing forward) and graphs built with or without cycles
// on purpose. Each test calls the exercise first, so a stub shows "not started".
#include "data_structures/graph_search.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;

Graph graph_of(int n, const std::vector<std::pair<int, int>>& edges) {
    Graph g(static_cast<std::size_t>(n));
    for (auto [u, v] : edges) g[std::size_t(u)].push_back({v, 1});
    return g;
}

// oracle_hops: the fewest edges from source, by relaxing every edge until nothing changes
// (at most n rounds). Slow, obviously right.
std::vector<int> oracle_hops(const Graph& g, int source) {
    std::vector<int> dist(g.size(), -1);
    dist[std::size_t(source)] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t u = 0; u < g.size(); ++u) {
            if (dist[u] < 0) continue;
            for (const Edge& e : g[u]) {
                if (dist[std::size_t(e.to)] < 0 || dist[u] + 1 < dist[std::size_t(e.to)]) {
                    dist[std::size_t(e.to)] = dist[u] + 1;
                    changed = true;
                }
            }
        }
    }
    return dist;
}

// IsShortestPathTree: dist matches want, and each parent is a vertex one closer with an edge to v.
::testing::AssertionResult IsShortestPathTree(const Graph& g, int source, const BfsTree& t, const std::vector<int>& want) {
    if (t.dist != want) {
        for (std::size_t v = 0; v < want.size() && v < t.dist.size(); ++v) {
            if (t.dist[v] != want[v]) {
                return ::testing::AssertionFailure() << "dist[" << v << "] = " << t.dist[v] << ", expected " << want[v]
                                                     << " (source " << source << ", " << g.size() << " vertices)";
            }
        }
        return ::testing::AssertionFailure() << "dist has " << t.dist.size() << " entries, expected " << want.size();
    }
    if (t.parent.size() != g.size()) return ::testing::AssertionFailure() << "parent has " << t.parent.size() << " entries";
    for (std::size_t v = 0; v < g.size(); ++v) {
        const int p = t.parent[v];
        if (int(v) == source || want[v] < 0) {
            if (p != -1) return ::testing::AssertionFailure() << "parent[" << v << "] = " << p << ", expected -1";
            continue;
        }
        const bool has_edge = p >= 0 && std::size_t(p) < g.size() &&
                              std::any_of(g[std::size_t(p)].begin(), g[std::size_t(p)].end(), [&](const Edge& e) { return e.to == int(v); });
        if (!has_edge || want[std::size_t(p)] + 1 != want[v]) {
            return ::testing::AssertionFailure() << "parent[" << v << "] = " << p << " is not a vertex at distance "
                                                 << want[v] - 1 << " with an edge to " << v;
        }
    }
    return ::testing::AssertionSuccess();
}

// IsTopologicalOrder: order is a permutation of 0 .. n-1 with every edge u -> v pointing forward.
::testing::AssertionResult IsTopologicalOrder(const Graph& g, const std::vector<int>& order) {
    const std::size_t n = g.size();
    if (order.size() != n) return ::testing::AssertionFailure() << "the order lists " << order.size() << " vertices, the graph has " << n;
    std::vector<int> position(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
        const int v = order[i];
        if (v < 0 || std::size_t(v) >= n || position[std::size_t(v)] != -1) {
            return ::testing::AssertionFailure() << "order[" << i << "] = " << v << " is out of range or repeated";
        }
        position[std::size_t(v)] = int(i);
    }
    for (std::size_t u = 0; u < n; ++u) {
        for (const Edge& e : g[u]) {
            if (position[u] >= position[std::size_t(e.to)]) {
                return ::testing::AssertionFailure() << "the edge " << u << " -> " << e.to << " points backward: " << u << " at position "
                                                     << position[u] << ", " << e.to << " at " << position[std::size_t(e.to)]
                                                     << " (list vertices in reverse order of finishing)";
            }
        }
    }
    return ::testing::AssertionSuccess();
}

TEST(BfsShortestPaths, HandWorkedGraph) {
    // 0 -> 1, 0 -> 2, 1 -> 2, 1 -> 3, 2 -> 3, 3 -> 4, 4 -> 0, 5 -> 4 (5 is unreachable from 0).
    // By hand: 1 and 2 are one edge from 0 (the edge 1 -> 2 must not make 2 two edges away),
    // 3 is two edges away, 4 three.
    const Graph g = graph_of(6, {{0, 1}, {0, 2}, {1, 2}, {1, 3}, {2, 3}, {3, 4}, {4, 0}, {5, 4}});
    const BfsTree t = bfs_shortest_paths(g, 0);
    EXPECT_EQ(t.dist, (std::vector<int>{0, 1, 1, 2, 3, -1}))
        << "a vertex's distance is fixed when it is first discovered; marking it visited only when it leaves the "
           "queue lets 1 -> 2 overwrite dist[2] = 1 with 2";
    EXPECT_TRUE(IsShortestPathTree(g, 0, t, {0, 1, 1, 2, 3, -1}));
    const BfsTree from5 = bfs_shortest_paths(g, 5);
    // From 5: 5 -> 4 (1), 4 -> 0 (2), 0 -> 1 and 0 -> 2 (3), then 3 (4).
    EXPECT_EQ(from5.dist, (std::vector<int>{2, 3, 3, 4, 1, 0}));
}

TEST(BfsShortestPaths, GridDistancesAreManhattanDistances) {
    // An undirected rows x cols grid: from the corner (0, 0), cell (i, j) is i + j edges away.
    const int rows = 30, cols = 41;
    Graph g(static_cast<std::size_t>(rows * cols));
    auto id = [&](int i, int j) { return i * cols + j; };
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) {
            if (i + 1 < rows) {
                g[std::size_t(id(i, j))].push_back({id(i + 1, j), 1});
                g[std::size_t(id(i + 1, j))].push_back({id(i, j), 1});
            }
            if (j + 1 < cols) {
                g[std::size_t(id(i, j))].push_back({id(i, j + 1), 1});
                g[std::size_t(id(i, j + 1))].push_back({id(i, j), 1});
            }
        }
    }
    std::vector<int> want(g.size());
    for (int i = 0; i < rows; ++i) {
        for (int j = 0; j < cols; ++j) want[std::size_t(id(i, j))] = i + j;
    }
    EXPECT_TRUE(IsShortestPathTree(g, 0, bfs_shortest_paths(g, 0), want)) << "grid " << rows << " x " << cols;
}

TEST(BfsShortestPaths, MatchesBruteForceOnRandomGraphs) {
    std::mt19937_64 rng(20261126);
    for (int trial = 0; trial < 20; ++trial) {
        const int n = 1 + int(rng() % 150);
        const int m = int(rng() % std::uint64_t(3 * n + 1));
        Graph g(static_cast<std::size_t>(n));
        for (int i = 0; i < m; ++i) g[rng() % std::size_t(n)].push_back({int(rng() % std::uint64_t(n)), 1});
        const int source = int(rng() % std::uint64_t(n));
        EXPECT_TRUE(IsShortestPathTree(g, source, bfs_shortest_paths(g, source), oracle_hops(g, source)))
            << "trial " << trial << ": n = " << n << ", m = " << m << ", source " << source << ", seed 20261126";
    }
}

TEST(BfsShortestPaths, SingleVertexAndIsolatedVertices) {
    const Graph one(1);
    const BfsTree t = bfs_shortest_paths(one, 0);
    EXPECT_EQ(t.dist, std::vector<int>{0});
    EXPECT_EQ(t.parent, std::vector<int>{-1});
    const Graph isolated = graph_of(4, {{0, 0}, {2, 3}});  // a self-loop at 0
    EXPECT_EQ(bfs_shortest_paths(isolated, 0).dist, (std::vector<int>{0, -1, -1, -1}));
    EXPECT_EQ(bfs_shortest_paths(isolated, 2).dist, (std::vector<int>{-1, -1, 0, 1}));
}

TEST(BfsShortestPaths, LongPathOfAMillionVertices) {
    const int n = 1000000;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 0; v + 1 < n; ++v) g[std::size_t(v)].push_back({v + 1, 1});
    const BfsTree t = bfs_shortest_paths(g, 0);
    ASSERT_EQ(t.dist.size(), std::size_t(n));
    EXPECT_EQ(t.dist[std::size_t(n - 1)], n - 1);
    EXPECT_EQ(t.parent[std::size_t(n - 1)], n - 2);
}

TEST(BfsShortestPaths, RefusesVerticesOutOfRange) {
    const Graph g = graph_of(3, {{0, 1}, {1, 2}});
    EXPECT_EQ(bfs_shortest_paths(g, 0).dist, (std::vector<int>{0, 1, 2})) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bfs_shortest_paths(g, 3); }, {"bfs_shortest_paths", "source", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bfs_shortest_paths(g, -1); }, {"bfs_shortest_paths", "-1"}));
    const Graph bad = graph_of(3, {{0, 1}, {1, 7}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bfs_shortest_paths(bad, 0); }, {"bfs_shortest_paths", "1 -> 7"}));
    const Graph negative = graph_of(3, {{0, 1}, {2, -1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bfs_shortest_paths(negative, 0); }, {"bfs_shortest_paths", "2 -> -1"}))
        << "an edge out of range is refused even where the search would not reach it";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bfs_shortest_paths(Graph{}, 0); }, {"bfs_shortest_paths", "0 vertices"}))
        << "the empty graph has no source to start from";
}

TEST(TopologicalSort, ChainHasOneOrder) {
    // 3 -> 1 -> 4 -> 0 -> 2: the only order that points every edge forward is the chain itself.
    const Graph g = graph_of(5, {{3, 1}, {1, 4}, {4, 0}, {0, 2}});
    const auto order = topological_sort(g);
    ASSERT_TRUE(order.has_value()) << "a chain has no cycle";
    EXPECT_EQ(*order, (std::vector<int>{3, 1, 4, 0, 2}));
}

TEST(TopologicalSort, DiamondsAndCrossEdgesAreNotCycles) {
    // 0 -> 1 -> 3, 0 -> 2 -> 3: 3 is reached twice, which is not a cycle. 5 -> 0 is an edge into a
    // tree DFS has already finished (a cross edge), also not a cycle.
    const Graph g = graph_of(6, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}, {5, 0}, {5, 4}});
    const auto order = topological_sort(g);
    ASSERT_TRUE(order.has_value()) << "reaching a finished vertex again is not a cycle; only a vertex still on the DFS stack is";
    EXPECT_TRUE(IsTopologicalOrder(g, *order));
}

TEST(TopologicalSort, DetectsCycles) {
    EXPECT_FALSE(topological_sort(graph_of(3, {{0, 1}, {1, 2}, {2, 0}})).has_value()) << "the cycle 0 -> 1 -> 2 -> 0";
    EXPECT_FALSE(topological_sort(graph_of(3, {{0, 1}, {1, 1}})).has_value()) << "a self-loop at 1 is a cycle";
    EXPECT_FALSE(topological_sort(graph_of(2, {{0, 1}, {1, 0}})).has_value()) << "0 -> 1 -> 0";
    EXPECT_FALSE(topological_sort(graph_of(6, {{0, 1}, {1, 2}, {3, 4}, {4, 5}, {5, 3}})).has_value())
        << "the cycle 3 -> 4 -> 5 -> 3 is not reachable from vertex 0: start a search from every vertex";
    EXPECT_FALSE(topological_sort(graph_of(5, {{0, 1}, {0, 2}, {2, 3}, {3, 4}, {4, 2}})).has_value())
        << "the cycle 2 -> 3 -> 4 -> 2 hangs below a vertex with another, acyclic branch";
}

TEST(TopologicalSort, RandomDagsAndRandomCycles) {
    std::mt19937_64 rng(99);
    for (int trial = 0; trial < 30; ++trial) {
        // A DAG: hide an order (a random permutation) and only add edges that go forward in it.
        const int n = 1 + int(rng() % 200);
        std::vector<int> hidden(static_cast<std::size_t>(n));
        std::iota(hidden.begin(), hidden.end(), 0);
        std::shuffle(hidden.begin(), hidden.end(), rng);
        Graph g(static_cast<std::size_t>(n));
        const int m = int(rng() % std::uint64_t(4 * n));
        for (int i = 0; i < m && n > 1; ++i) {
            std::size_t a = rng() % std::size_t(n), b = rng() % std::size_t(n);
            if (a == b) continue;
            if (a > b) std::swap(a, b);
            g[std::size_t(hidden[a])].push_back({hidden[b], 1});
        }
        const auto order = topological_sort(g);
        ASSERT_TRUE(order.has_value()) << "trial " << trial << ": a DAG with " << n << " vertices and " << edge_count(g)
                                       << " edges is reported cyclic (seed 99)";
        EXPECT_TRUE(IsTopologicalOrder(g, *order)) << "trial " << trial << ", seed 99";
        // Close a cycle: an edge from the last vertex of a forward path back to its first.
        if (n >= 2) {
            const std::size_t a = rng() % std::size_t(n - 1);
            g[std::size_t(hidden[a])].push_back({hidden[a + 1], 1});
            g[std::size_t(hidden[a + 1])].push_back({hidden[a], 1});
            EXPECT_FALSE(topological_sort(g).has_value()) << "trial " << trial << ": the 2-cycle " << hidden[a] << " <-> "
                                                          << hidden[a + 1] << " is missed (seed 99)";
        }
    }
}

TEST(TopologicalSort, EmptyGraphAndIsolatedVertices) {
    const auto empty = topological_sort(Graph{});
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());
    const Graph isolated(4);
    const auto order = topological_sort(isolated);
    ASSERT_TRUE(order.has_value());
    EXPECT_TRUE(IsTopologicalOrder(isolated, *order)) << "4 vertices without edges: any permutation";
}

TEST(TopologicalSort, LongChainDoesNotOverflowTheStack) {
    // 10^6 vertices in one chain: a recursive DFS nests 10^6 calls, far beyond the usual 8 MB stack.
    const int n = 1000000;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 0; v + 1 < n; ++v) g[std::size_t(v + 1)].push_back({v, 1});  // n-1 -> ... -> 0
    const auto order = topological_sort(g);
    ASSERT_TRUE(order.has_value());
    ASSERT_EQ(order->size(), std::size_t(n));
    EXPECT_EQ(order->front(), n - 1);
    EXPECT_EQ(order->back(), 0);
}

TEST(TopologicalSort, RefusesEdgesOutOfRange) {
    const Graph g = graph_of(2, {{0, 1}});
    EXPECT_EQ(topological_sort(g), std::optional<std::vector<int>>(std::vector<int>{0, 1})) << course::testing::kValidCallFirst;  // valid first
    const Graph bad = graph_of(2, {{0, 1}, {1, 2}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { topological_sort(bad); }, {"topological_sort", "1 -> 2", "2 vertices"}));
    const Graph negative = graph_of(2, {{0, 1}, {1, -1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { topological_sort(negative); }, {"topological_sort", "1 -> -1"}));
}

TEST(BfsShortestPaths, WideFrontierOfHalfAMillionVertices) {
    // A wide frontier: the source has an edge to each of 500 000 leaves (every 1000th leaf has an
    // edge back), so the queue holds them all at once. A queue whose pop shifts the rest forward
    // (erase at the front of a vector) costs O(n) per pop, 1.25 * 10^11 moves in all, far beyond the
    // test's time budget; a read index (or std::queue) costs O(1).
    const int leaves = 500000;
    Graph g(static_cast<std::size_t>(leaves + 1));
    for (int v = 1; v <= leaves; ++v) g[0].push_back({v, 1});
    for (int v = 1000; v <= leaves; v += 1000) g[std::size_t(v)].push_back({0, 1});
    const BfsTree t = bfs_shortest_paths(g, 0);
    ASSERT_EQ(t.dist.size(), std::size_t(leaves + 1));
    EXPECT_EQ(std::count(t.dist.begin(), t.dist.end(), 1), leaves) << "every leaf is one edge away";
    EXPECT_EQ(t.dist[0], 0) << "the edges back to the source must not give it a distance";
    EXPECT_EQ(t.parent[std::size_t(leaves)], 0);
}

TEST(BfsShortestPaths, ParentsLeadBackToTheSource) {
    // The tree as a whole, on a random graph with many cycles: from every reached vertex, the
    // parents reach the source in exactly dist[v] steps.
    std::mt19937_64 rng(8);
    const int n = 2000;
    Graph g(static_cast<std::size_t>(n));
    for (int i = 0; i < 6000; ++i) g[rng() % std::size_t(n)].push_back({int(rng() % std::uint64_t(n)), 1});
    const BfsTree t = bfs_shortest_paths(g, 3);
    ASSERT_TRUE(IsShortestPathTree(g, 3, t, oracle_hops(g, 3))) << "seed 8";
    for (int v = 0; v < n; ++v) {
        if (t.dist[std::size_t(v)] < 0) continue;
        int at = v;
        for (int hops = 0; hops < t.dist[std::size_t(v)]; ++hops) at = t.parent[std::size_t(at)];
        ASSERT_EQ(at, 3) << "the parents from " << v << " do not reach the source in dist = " << t.dist[std::size_t(v)] << " steps";
    }
}

// ---- Cost: the edges a search reads ----
// Every read or copy of an edge's head (Edge::to, an EdgeHead) counts one step (graph.hpp); the
// argument checks read the heads without counting. An O(n + m) search looks at each edge a
// constant number of times: the reference's BFS reads a head once to see whether it is new and
// three times more when it is (dist, parent, the queue), its DFS once. The bounds allow 4m + 2n.
// Under a budget of steps, a search that reads far more stops at the first step past it
// (StepBudgetExceeded) instead of running on.

// edge_reads: the edge heads work() reads, or budget + 1 when it tried to read more than budget.
template <typename Work>
std::int64_t edge_reads(std::int64_t budget, Work work) {
    CountScope scope;
    scope.limit_steps(budget);
    try {
        work();
    } catch (const StepBudgetExceeded&) {
        return budget + 1;
    }
    return scope.steps();
}

// star_graph: 0 -> v for v = 1 .. leaves, and the chain 1 -> 2 -> ... -> 9 (part of the order fixed).
Graph star_graph(int leaves) {
    Graph g(static_cast<std::size_t>(leaves + 1));
    for (int v = 1; v <= leaves; ++v) g[0].push_back({v, 1});
    for (int v = 1; v < 9; ++v) g[std::size_t(v)].push_back({v + 1, 1});
    return g;
}

TEST(TopologicalSort, ReadsEachEdgeOnce) {
    // A vertex of 20 000 edges: the search comes back to vertex 0 after each of them. Resuming at
    // the next edge index reads each edge once, m = 20 008 in all; scanning 0's edges from the first
    // for one not yet seen reads 2 * 10^8, and so does copying them each time 0 is back on top.
    const Graph g = star_graph(20000);
    const std::int64_t m = std::int64_t(edge_count(g)), n = std::int64_t(g.size());
    const std::int64_t budget = 4 * m + 2 * n;
    std::optional<std::vector<int>> order;
    const std::int64_t reads = edge_reads(budget, [&] { order = topological_sort(g); });
    EXPECT_LE(reads, budget) << "the topological sort of a star of 20000 edges read more than " << budget
                             << " edge heads: resume each vertex at its next edge (keep the index on the stack), "
                             << "and take its edges by reference, not by copy";
    if (reads <= budget) {
        ASSERT_TRUE(order.has_value());
        EXPECT_TRUE(IsTopologicalOrder(g, *order));
    }
}

TEST(BfsShortestPaths, ReadsEachEdgeAFewTimes) {
    // A star of 20 000 leaves with an edge back to the source from every 100th leaf, and a random
    // graph of 2000 vertices and 8000 edges: at most 4m + 2n edge heads read.
    const Graph star = star_graph(20000);
    Graph random(2000);
    std::mt19937_64 rng(12);
    for (int i = 0; i < 8000; ++i) random[rng() % 2000].push_back({int(rng() % 2000), 1});
    Graph with_back_edges = star;
    for (int v = 100; v <= 20000; v += 100) with_back_edges[std::size_t(v)].push_back({0, 1});
    for (const Graph* g : {&with_back_edges, &random}) {
        const std::int64_t m = std::int64_t(edge_count(*g)), n = std::int64_t(g->size());
        const std::int64_t budget = 4 * m + 2 * n;
        BfsTree t;
        const std::int64_t reads = edge_reads(budget, [&] { t = bfs_shortest_paths(*g, 0); });
        EXPECT_LE(reads, budget) << "BFS on " << n << " vertices and " << m << " edges read more than " << budget
                                 << " edge heads: scan each vertex's edges once, when it leaves the queue";
        if (reads > budget) continue;
        if (g == &random) {
            EXPECT_TRUE(IsShortestPathTree(*g, 0, t, oracle_hops(*g, 0))) << "seed 12";
        } else {  // every leaf is one edge from the source (checked directly: the star's parent 0 has 20 000 edges to scan)
            EXPECT_EQ(std::count(t.dist.begin(), t.dist.end(), 1), 20000);
            EXPECT_EQ(std::count(t.parent.begin(), t.parent.end(), 0), 20000);
        }
    }
}

TEST(TopologicalSort, WideStarIsLinear) {
    // A vertex with 500 000 edges, 0 -> v for every other v (plus 1 -> 2 -> ... -> 9, to fix part
    // of the order). The search returns to vertex 0 after each of its edges; resuming at the next
    // edge index is O(1), while rescanning 0's edges from the first for one not yet seen costs
    // O(degree) each time, 1.25 * 10^11 steps in all, far beyond the test's time budget.
    // The edges are counted too (ReadsEachEdgeOnce above): under a budget of 4m + 2n edge reads a
    // search that rescans or copies 0's edges stops at once instead of running out the time budget.
    const int n = 500000;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 1; v < n; ++v) g[0].push_back({v, 1});
    for (int v = 1; v < 9; ++v) g[std::size_t(v)].push_back({v + 1, 1});
    const std::int64_t budget = 4 * std::int64_t(edge_count(g)) + 2 * n;
    std::optional<std::vector<int>> order;
    ASSERT_LE(edge_reads(budget, [&] { order = topological_sort(g); }), budget)
        << "the topological sort of a star of 500000 edges read more than " << budget << " edge heads";
    ASSERT_TRUE(order.has_value());
    EXPECT_EQ(order->front(), 0) << "0 has edges to every other vertex: it comes first";
    EXPECT_TRUE(IsTopologicalOrder(g, *order));
}

}  // namespace
}  // namespace course::data_structures
