// Tests for exercise 11, Dijkstra and Bellman-Ford (modules/data_structures/learner/shortest_paths.cpp).
//
// Oracles: the worked examples of CLRS 4th ed. (Figures 22.4 and 22.6), recomputed by hand in the
// comments; small graphs built to create stale heap entries and negative cycles; the Floyd-Warshall
// triple loop (written here, O(n^3), obviously right) on seeded random graphs. Dijkstra's cost is
// its own count of relaxations, bounded by the number of edges. Each test calls the exercise first,
// so a stub shows "not started".
#include "data_structures/shortest_paths.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;
constexpr std::int64_t kInf = kUnreachable;

Graph weighted_graph(int n, const std::vector<std::tuple<int, int, std::int64_t>>& edges) {
    Graph g(static_cast<std::size_t>(n));
    for (auto [u, v, w] : edges) g[std::size_t(u)].push_back({v, w});
    return g;
}

// FloydWarshall: all-pairs distances d[i][j] (kInf where no path), and whether vertex i lies on or
// behind a negative cycle (d[i][i] < 0). CLRS 23.2.
struct FloydWarshall {
    std::vector<std::vector<std::int64_t>> d;
    explicit FloydWarshall(const Graph& g) : d(g.size(), std::vector<std::int64_t>(g.size(), kInf)) {
        const std::size_t n = g.size();
        for (std::size_t i = 0; i < n; ++i) d[i][i] = 0;
        for (std::size_t u = 0; u < n; ++u) {
            for (const Edge& e : g[u]) d[u][std::size_t(e.to)] = std::min(d[u][std::size_t(e.to)], e.weight);
        }
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t i = 0; i < n; ++i) {
                if (d[i][k] == kInf) continue;
                for (std::size_t j = 0; j < n; ++j) {
                    if (d[k][j] != kInf) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
                }
            }
        }
    }
    // negative_cycle_reachable: some vertex reachable from s lies on a negative cycle.
    bool negative_cycle_reachable(std::size_t s) const {
        for (std::size_t i = 0; i < d.size(); ++i) {
            if (d[s][i] != kInf && d[i][i] < 0) return true;
        }
        return false;
    }
};

// IsShortestPathTree: dist equals want, and every parent is a vertex with an edge to v whose weight
// closes the gap exactly: dist[parent] + w == dist[v].
::testing::AssertionResult IsShortestPathTree(const Graph& g, int source, const ShortestPaths& sp, const std::vector<std::int64_t>& want) {
    if (sp.dist.size() != want.size()) return ::testing::AssertionFailure() << "dist has " << sp.dist.size() << " entries, expected " << want.size();
    for (std::size_t v = 0; v < want.size(); ++v) {
        if (sp.dist[v] != want[v]) {
            return ::testing::AssertionFailure() << "dist[" << v << "] = " << (sp.dist[v] == kInf ? std::string("unreachable") : std::to_string(sp.dist[v]))
                                                 << ", expected " << (want[v] == kInf ? std::string("unreachable") : std::to_string(want[v]))
                                                 << " (source " << source << ", " << g.size() << " vertices)";
        }
    }
    if (sp.parent.size() != g.size()) return ::testing::AssertionFailure() << "parent has " << sp.parent.size() << " entries";
    for (std::size_t v = 0; v < g.size(); ++v) {
        const int p = sp.parent[v];
        if (int(v) == source || want[v] == kInf) {
            if (p != -1) return ::testing::AssertionFailure() << "parent[" << v << "] = " << p << ", expected -1";
            continue;
        }
        const bool ok = p >= 0 && std::size_t(p) < g.size() && want[std::size_t(p)] != kInf &&
                        std::any_of(g[std::size_t(p)].begin(), g[std::size_t(p)].end(),
                                    [&](const Edge& e) { return e.to == int(v) && want[std::size_t(p)] + e.weight == want[v]; });
        if (!ok) return ::testing::AssertionFailure() << "parent[" << v << "] = " << p << " has no edge to " << v << " on a shortest path";
    }
    // The tree as a whole: from every reached vertex the parents lead back to the source. Each
    // parent above can be right on its own while several form a cycle through edges of weight 0.
    for (std::size_t v = 0; v < g.size(); ++v) {
        if (want[v] == kInf) continue;
        int at = int(v);
        for (std::size_t hops = 0; at != source && hops < g.size(); ++hops) at = sp.parent[std::size_t(at)];
        if (at != source) {
            return ::testing::AssertionFailure() << "the parents from " << v << " do not lead back to the source " << source
                                                 << " within " << g.size() << " steps: they form a cycle (a relaxation with <= "
                                                 << "instead of < re-parents a vertex through a zero-weight cycle)";
        }
    }
    return ::testing::AssertionSuccess();
}

// CLRS Figure 22.6, with s, t, x, y, z = 0, 1, 2, 3, 4. By hand: y = 5 (s -> y); t = 8 (s -> y -> t);
// z = 7 (s -> y -> z); x = 9 (s -> y -> t -> x, better than 13 via z and 14 via y).
Graph clrs_dijkstra_example() {
    return weighted_graph(5, {{0, 1, 10}, {0, 3, 5}, {1, 2, 1}, {1, 3, 2}, {2, 4, 4}, {3, 1, 3}, {3, 2, 9}, {3, 4, 2}, {4, 0, 7}, {4, 2, 6}});
}

TEST(Dijkstra, MatchesTheWorkedExampleOfClrs) {
    const Graph g = clrs_dijkstra_example();
    const ShortestPaths sp = dijkstra(g, 0);
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 8, 9, 5, 7}));
    EXPECT_EQ(sp.relaxations, 10) << "every vertex is reachable, so each of the 10 edges is relaxed exactly once";
    EXPECT_FALSE(sp.negative_cycle);
}

TEST(Dijkstra, SkipsStaleHeapEntries) {
    // 0 -> 1 (10), 0 -> 2 (1), 2 -> 1 (1), 1 -> 3 (1). Settling 0 pushes (10, 1) and (1, 2); settling
    // 2 lowers dist[1] to 2 and pushes (2, 1). Vertex 1 is settled at 2, and the entry (10, 1) comes
    // out last, stale: relaxing 1's edges again would count 5 relaxations for 4 edges.
    const Graph g = weighted_graph(4, {{0, 1, 10}, {0, 2, 1}, {2, 1, 1}, {1, 3, 1}});
    const ShortestPaths sp = dijkstra(g, 0);
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 2, 1, 3}));
    EXPECT_EQ(sp.relaxations, 4) << "the stale entry (10, 1) must be skipped, not processed as a new vertex";
}

TEST(Dijkstra, MatchesFloydWarshallOnRandomGraphs) {
    std::mt19937_64 rng(20261126);
    for (int trial = 0; trial < 40; ++trial) {
        const int n = 1 + int(rng() % 60);
        const int m = int(rng() % std::uint64_t(6 * n + 1));
        Graph g(static_cast<std::size_t>(n));
        // Weights 0 .. 1000, zeros included; some edges 10^12, to pass the 32-bit range.
        for (int i = 0; i < m; ++i) {
            const std::int64_t w = rng() % 10 == 0 ? std::int64_t(1e12) : std::int64_t(rng() % 1001);
            g[rng() % std::size_t(n)].push_back({int(rng() % std::uint64_t(n)), w});
        }
        const FloydWarshall fw(g);
        const int source = int(rng() % std::uint64_t(n));
        const ShortestPaths sp = dijkstra(g, source);
        EXPECT_TRUE(IsShortestPathTree(g, source, sp, fw.d[std::size_t(source)]))
            << "trial " << trial << ": n = " << n << ", m = " << m << ", seed 20261126";
        EXPECT_LE(sp.relaxations, std::int64_t(edge_count(g)))
            << "trial " << trial << ": Dijkstra relaxes each edge at most once (when its tail is settled); more means a "
            << "vertex was processed twice, from a stale heap entry";
    }
}

TEST(Dijkstra, UnreachableVerticesAndASingleVertex) {
    const Graph g = weighted_graph(4, {{0, 1, 3}, {2, 3, 1}, {3, 0, 1}});
    const ShortestPaths sp = dijkstra(g, 0);
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 3, kInf, kInf}));
    EXPECT_EQ(sp.relaxations, 1) << "only the edge 0 -> 1 leaves the reachable part";
    const ShortestPaths one = dijkstra(Graph(1), 0);
    EXPECT_EQ(one.dist, std::vector<std::int64_t>{0});
    EXPECT_EQ(one.parent, std::vector<int>{-1});
    EXPECT_EQ(one.relaxations, 0);
}

TEST(Dijkstra, RefusesNegativeWeightsAndBadVertices) {
    const Graph g = weighted_graph(3, {{0, 1, 2}, {1, 2, 2}});
    EXPECT_EQ(dijkstra(g, 0).dist, (std::vector<std::int64_t>{0, 2, 4})) << course::testing::kValidCallFirst;  // valid first
    const Graph negative = weighted_graph(3, {{0, 1, 2}, {1, 2, -1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(negative, 0); }, {"dijkstra", "1 -> 2", "negative", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(g, 3); }, {"dijkstra", "source", "3"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(g, -1); }, {"dijkstra", "source", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(Graph{}, 0); }, {"dijkstra", "0 vertices"}));
    const Graph lowest = weighted_graph(2, {{0, 1, std::numeric_limits<std::int64_t>::min()}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(lowest, 0); }, {"dijkstra", "0 -> 1", "negative"}));
    const Graph below = weighted_graph(3, {{0, 1, 2}, {2, -1, 1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(below, 0); }, {"dijkstra", "2 -> -1"}));
    const Graph out = weighted_graph(3, {{0, 5, 1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { dijkstra(out, 0); }, {"dijkstra", "0 -> 5"}));
}

// CLRS Figure 22.4, with s, t, x, y, z = 0, 1, 2, 3, 4. By hand: y = 7 (s -> y); x = 4 (s -> y -> x);
// t = 2 (s -> y -> x -> t); z = -2 (s -> y -> x -> t -> z).
TEST(BellmanFord, MatchesTheWorkedExampleOfClrs) {
    const Graph g = weighted_graph(5, {{0, 1, 6}, {0, 3, 7}, {1, 2, 5}, {1, 3, 8}, {1, 4, -4}, {2, 1, -2}, {3, 2, -3}, {3, 4, 9}, {4, 0, 2}, {4, 2, 7}});
    const ShortestPaths sp = bellman_ford(g, 0);
    EXPECT_FALSE(sp.negative_cycle) << "the cycles of this graph all weigh >= 0 (e.g. t -> x -> t = 5 - 2 = 3)";
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 2, 4, 7, -2}));
    EXPECT_LE(sp.relaxations, 5 * 10) << "at most n rounds of m relaxations";
}

TEST(BellmanFord, DetectsNegativeCyclesReachableFromTheSource) {
    // 0 -> 1 (1), 1 -> 2 (-3), 2 -> 1 (1): the cycle 1 -> 2 -> 1 weighs -3 + 1 = -2.
    EXPECT_TRUE(bellman_ford(weighted_graph(3, {{0, 1, 1}, {1, 2, -3}, {2, 1, 1}}), 0).negative_cycle);
    EXPECT_TRUE(bellman_ford(weighted_graph(1, {{0, 0, -1}}), 0).negative_cycle) << "a negative self-loop at the source";
    EXPECT_TRUE(bellman_ford(weighted_graph(4, {{0, 1, 5}, {1, 2, 5}, {2, 3, -20}, {3, 1, 5}}), 0).negative_cycle)
        << "1 -> 2 -> 3 -> 1 weighs 5 + 5 - 20 + 5 = -5";
    // A cycle of weight exactly 0 is not negative.
    const ShortestPaths zero = bellman_ford(weighted_graph(3, {{0, 1, 1}, {1, 2, -3}, {2, 1, 3}}), 0);
    EXPECT_FALSE(zero.negative_cycle) << "1 -> 2 -> 1 weighs -3 + 3 = 0";
    EXPECT_EQ(zero.dist, (std::vector<std::int64_t>{0, 1, -2}));
}

TEST(BellmanFord, IgnoresNegativeCyclesTheSourceCannotReach) {
    // 2 -> 3 -> 2 weighs -4, but nothing leads from 0 to 2.
    const Graph g = weighted_graph(4, {{0, 1, 1}, {2, 3, -5}, {3, 2, 1}, {3, 0, 1}});
    const ShortestPaths sp = bellman_ford(g, 0);
    EXPECT_FALSE(sp.negative_cycle) << "the negative cycle 2 -> 3 -> 2 is not reachable from 0";
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 1, kInf, kInf}));
    EXPECT_TRUE(bellman_ford(g, 2).negative_cycle) << "from 2 it is";
}

TEST(BellmanFord, MatchesFloydWarshallWithNegativeEdges) {
    // Negative edges without negative cycles: reweight nonnegative weights with random potentials,
    // w'(u, v) = w(u, v) + p(u) - p(v). Every cycle keeps its weight (>= 0), single edges go negative.
    std::mt19937_64 rng(31);
    for (int trial = 0; trial < 40; ++trial) {
        const int n = 1 + int(rng() % 50);
        std::vector<std::int64_t> p(static_cast<std::size_t>(n));
        for (auto& x : p) x = std::int64_t(rng() % 2001) - 1000;
        Graph g(static_cast<std::size_t>(n));
        const int m = int(rng() % std::uint64_t(5 * n + 1));
        for (int i = 0; i < m; ++i) {
            const std::size_t u = rng() % std::size_t(n), v = rng() % std::size_t(n);
            g[u].push_back({int(v), std::int64_t(rng() % 500) + p[u] - p[v]});
        }
        const FloydWarshall fw(g);
        const int source = int(rng() % std::uint64_t(n));
        const ShortestPaths sp = bellman_ford(g, source);
        ASSERT_FALSE(sp.negative_cycle) << "trial " << trial << ": no negative cycle exists (seed 31)";
        EXPECT_TRUE(IsShortestPathTree(g, source, sp, fw.d[std::size_t(source)])) << "trial " << trial << ", n = " << n << ", seed 31";
        EXPECT_LE(sp.relaxations, std::int64_t(n) * std::int64_t(edge_count(g))) << "at most n rounds over m edges";
    }
}

TEST(BellmanFord, AgreesWithFloydWarshallOnNegativeCycles) {
    // Random weights in [-20, 100]: some graphs get negative cycles, some do not.
    std::mt19937_64 rng(77);
    int with_cycle = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const int n = 2 + int(rng() % 20);
        Graph g(static_cast<std::size_t>(n));
        const int m = int(rng() % std::uint64_t(3 * n + 1));
        for (int i = 0; i < m; ++i) g[rng() % std::size_t(n)].push_back({int(rng() % std::uint64_t(n)), std::int64_t(rng() % 121) - 20});
        const FloydWarshall fw(g);
        const bool want = fw.negative_cycle_reachable(0);
        with_cycle += want;
        const ShortestPaths sp = bellman_ford(g, 0);
        EXPECT_EQ(sp.negative_cycle, want) << "trial " << trial << ": n = " << n << ", m = " << m << ", seed 77";
        if (!want) {
            EXPECT_TRUE(IsShortestPathTree(g, 0, sp, fw.d[0])) << "trial " << trial;
        }
    }
    EXPECT_GT(with_cycle, 5) << "the random graphs should include negative cycles";
    EXPECT_LT(with_cycle, 55);
}

TEST(BellmanFord, RefusesBadVertices) {
    const Graph g = weighted_graph(2, {{0, 1, -1}});
    EXPECT_EQ(bellman_ford(g, 0).dist, (std::vector<std::int64_t>{0, -1})) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bellman_ford(g, 2); }, {"bellman_ford", "source", "2"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bellman_ford(g, -1); }, {"bellman_ford", "source", "-1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bellman_ford(g, std::numeric_limits<int>::min()); }, {"bellman_ford", "-2147483648"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bellman_ford(Graph{}, 0); }, {"bellman_ford", "0 vertices"}));
    const Graph out = weighted_graph(2, {{1, -3, 1}});
    EXPECT_TRUE(ThrowsInvalidArgument([&] { bellman_ford(out, 0); }, {"bellman_ford", "1 -> -3"}));
}

TEST(Dijkstra, ParentsLeadBackToTheSourceThroughZeroWeightCycles) {
    // 0 -> 1 (1), 1 -> 2 (0), 2 -> 1 (0), 2 -> 3 (0). By hand: dist = 0, 1, 1, 1 with parents
    // -1, 0, 1, 2. Relaxing 2 -> 1 finds 1 + 0 = dist[1], a tie: only a strict improvement may change
    // parent[1], else 1 and 2 become each other's parents, each correct on its own.
    const Graph g = weighted_graph(4, {{0, 1, 1}, {1, 2, 0}, {2, 1, 0}, {2, 3, 0}});
    const ShortestPaths sp = dijkstra(g, 0);
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, {0, 1, 1, 1}));
    EXPECT_EQ(sp.parent, (std::vector<int>{-1, 0, 1, 2}));
    const ShortestPaths bf = bellman_ford(g, 0);
    EXPECT_FALSE(bf.negative_cycle) << "1 -> 2 -> 1 weighs 0";
    EXPECT_TRUE(IsShortestPathTree(g, 0, bf, {0, 1, 1, 1}));
}

TEST(Dijkstra, ZeroWeightsEverywhere) {
    // Special point: every weight 0, so every reachable distance is 0 and every relaxation a tie.
    // A complete digraph on 30 vertices (with self-loops): 900 edges, each relaxed exactly once.
    Graph g(30);
    for (int u = 0; u < 30; ++u) {
        for (int v = 0; v < 30; ++v) g[std::size_t(u)].push_back({v, 0});
    }
    const ShortestPaths sp = dijkstra(g, 7);
    EXPECT_TRUE(IsShortestPathTree(g, 7, sp, std::vector<std::int64_t>(30, 0)));
    EXPECT_EQ(sp.relaxations, 900) << "30 vertices with 30 edges each: settle each vertex once (skip stale queue "
                                      "entries), so that every edge is relaxed exactly once, even when every "
                                      "relaxation is a tie";
}

TEST(BellmanFord, StopsAfterTheFirstRoundWithoutChange) {
    // Cost: the chain 0 -> 1 -> ... -> 199 (weight -1 each), edges listed in path order. Round 1
    // relaxes the 199 edges in that order and finds every distance (dist[v] = -v); round 2 changes
    // nothing, and the algorithm stops: 2 * 199 relaxations. Without the early stop it runs all
    // n - 1 = 199 rounds and the check: 200 * 199.
    const int n = 200;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 0; v + 1 < n; ++v) g[std::size_t(v)].push_back({v + 1, -1});
    const ShortestPaths sp = bellman_ford(g, 0);
    std::vector<std::int64_t> want(static_cast<std::size_t>(n));
    for (int v = 0; v < n; ++v) want[std::size_t(v)] = -v;
    EXPECT_TRUE(IsShortestPathTree(g, 0, sp, want));
    EXPECT_FALSE(sp.negative_cycle);
    EXPECT_LE(sp.relaxations, 2 * (n - 1)) << "a round that changes nothing ends Bellman-Ford: 2 rounds of 199 edges";
}

TEST(BellmanFord, ANegativeCycleCostsExactlyNRounds) {
    // Cost: 0 -> v (weight 0) for v = 1 .. 49, and the cycle 1 -> 2 -> ... -> 49 -> 1 of weight -1
    // per edge: m = 98. Vertex 0 comes first in every round, so from round 1 on every vertex is
    // reached and every round relaxes all 98 edges; the cycle lowers a distance in every round.
    // n - 1 = 49 rounds and the one extra round that detects the cycle: at most n * m = 4900
    // relaxations. A loop that runs n rounds before the check costs 51 * 98.
    const int n = 50;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 1; v < n; ++v) g[0].push_back({v, 0});
    for (int v = 1; v < n; ++v) g[std::size_t(v)].push_back({v + 1 < n ? v + 1 : 1, -1});
    const ShortestPaths sp = bellman_ford(g, 0);
    EXPECT_TRUE(sp.negative_cycle);
    EXPECT_LE(sp.relaxations, std::int64_t(n) * 98) << "n - 1 rounds and one more to detect the cycle, 98 edges each";
    EXPECT_GE(sp.relaxations, std::int64_t(n - 1) * 98 + 1) << "the cycle is only proved by a round after the n - 1 rounds";
}

TEST(BellmanFord, SlowestPropagationNeedsAllNMinusOneRounds) {
    // The chain 199 -> 198 -> ... -> 0 (weight 1 each) from the source 199: the vertices are scanned
    // 0, 1, ..., 199, against the chain, so each round extends the known path by one edge, and the
    // last distance (dist[0] = 199) is found in round 199 = n - 1. A loop that stops one round early
    // leaves dist[0] unreachable; the check round then changes something and reports a negative
    // cycle that does not exist.
    const int n = 200;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 1; v < n; ++v) g[std::size_t(v)].push_back({v - 1, 1});
    const ShortestPaths sp = bellman_ford(g, n - 1);
    std::vector<std::int64_t> want(static_cast<std::size_t>(n));
    for (int v = 0; v < n; ++v) want[std::size_t(v)] = n - 1 - v;
    EXPECT_FALSE(sp.negative_cycle);
    EXPECT_TRUE(IsShortestPathTree(g, n - 1, sp, want));
}

TEST(ShortestPaths, LargeWeightsKeepExactSums) {
    // Scale: weights of 10^15 and -10^15 (far past 32 bits; still exact in int64). By hand:
    // 0 -> 1 (10^15), 1 -> 2 (-10^15 + 3), 0 -> 2 (10^15): dist[2] = min(3, 10^15) = 3, parent 1.
    // 0 -> 3 (4 * 10^15): a path weight 4000 times 2^40.
    const std::int64_t big = 1'000'000'000'000'000;
    const Graph g = weighted_graph(4, {{0, 1, big}, {1, 2, -big + 3}, {0, 2, big}, {0, 3, 4 * big}});
    const ShortestPaths bf = bellman_ford(g, 0);
    EXPECT_FALSE(bf.negative_cycle);
    EXPECT_TRUE(IsShortestPathTree(g, 0, bf, {0, big, 3, 4 * big}));
    const Graph positive = weighted_graph(4, {{0, 1, big}, {1, 2, 3}, {0, 2, 2 * big}, {2, 3, 4 * big}});
    EXPECT_TRUE(IsShortestPathTree(positive, 0, dijkstra(positive, 0), {0, big, big + 3, 5 * big + 3}));
}

// ---- Cost: Dijkstra's heap, counted ----
// dijkstra also runs on Counted weights (shortest_paths.hpp): its distances are then Counted, and
// every comparison of two of them, and every copy and move of one, counts. With a binary heap of
// (distance, vertex) entries that may hold stale ones, at most m + 1 entries are pushed and popped,
// each push compares at most bit_width(m + 1) times (one per level it rises) and each pop at most
// 2 bit_width(m + 1) (the two children of each level it sinks), and each relaxation compares once:
// m + 3 (m + 1) bit_width(m + 1) comparisons of entries. An entry comparison may compare the
// distances twice (a pair's operator< written as a.first < b.first || !(b.first < a.first) && ...),
// so the bound allows (m + 1) (6 bit_width(m + 1) + 3), a stale-entry test per pop included (the
// reference: 524 493 on the star below, 28% of it). A heap moves an entry once per level on a push
// and up to twice per level on a pop, a relaxation copies its distance a few times (into dist,
// into the entry), and a comparator that takes its entries by value copies two per comparison:
// copies and moves are bounded by twice the comparisons' bound (the reference: 787 265 on the
// star, 21% of it). A search for the closest vertex by a scan of the distances
// compares n^2 / 2 times, and a queue kept sorted in a vector moves O(n) entries per push or pop.

// counted_graph: g with Counted weights.
BasicGraph<Counted> counted_graph(const Graph& g) {
    BasicGraph<Counted> out(g.size());
    for (std::size_t u = 0; u < g.size(); ++u) {
        for (const Edge& e : g[u]) out[u].push_back({int(e.to), Counted(e.weight)});
    }
    return out;
}

// HeapWork: the comparisons and the copies and moves of Counted distances of one dijkstra call, under
// a budget of comparisons (a scan for the closest vertex stops at the first comparison past it).
struct HeapWork {
    std::int64_t comparisons = 0, transfers = 0;
    bool over_budget = false;
    std::vector<std::int64_t> dist;
    std::int64_t relaxations = 0;
};
HeapWork dijkstra_work(const BasicGraph<Counted>& g, int source, std::int64_t budget) {
    HeapWork work;
    CountScope scope(budget);
    try {
        const BasicShortestPaths<Counted> sp = dijkstra(g, source);
        work.comparisons = scope.comparisons();
        work.transfers = scope.transfers();
        work.dist = keys_of(sp.dist);
        work.relaxations = sp.relaxations;
    } catch (const ComparisonBudgetExceeded&) {
        work.over_budget = true;
        work.comparisons = budget + 1;
    }
    return work;
}

std::int64_t heap_bound(std::int64_t m) { return (m + 1) * (6 * std::int64_t(std::bit_width(std::uint64_t(m + 1))) + 3); }

TEST(Dijkstra, HeapCostIsCountedOnAWideFrontier) {
    // The source has an edge to each of 20 000 leaves, of weights 20 000 .. 1 (the last pushed is
    // the closest): the heap holds them all at once. m = 20 000: bound 20 001 * (6 * 15 + 3) = 1 860 093;
    // a scan of all the distances for the closest unsettled vertex compares 2 * 10^8 times.
    const int leaves = 20000;
    Graph g(static_cast<std::size_t>(leaves + 1));
    for (int v = 1; v <= leaves; ++v) g[0].push_back({v, leaves + 1 - v});
    const std::int64_t bound = heap_bound(leaves);
    ASSERT_EQ(bound, 1860093);
    const HeapWork work = dijkstra_work(counted_graph(g), 0, bound);
    EXPECT_FALSE(work.over_budget) << "Dijkstra on a star of 20000 leaves compared distances more than " << bound
                                   << " times: take the closest vertex from a binary heap (std::priority_queue), "
                                   << "not by a scan of all the distances";
    if (work.over_budget) return;
    EXPECT_LE(work.transfers, 2 * bound) << "Dijkstra on a star of 20000 leaves copied or moved distances " << work.transfers
                                     << " times: a binary heap moves an entry a few times per level; a queue kept "
                                     << "sorted in a vector shifts all of its entries";
    EXPECT_EQ(work.relaxations, leaves);
    ASSERT_EQ(work.dist.size(), std::size_t(leaves + 1));
    EXPECT_EQ(work.dist[1], leaves);
    EXPECT_EQ(work.dist[std::size_t(leaves)], 1);
}

TEST(Dijkstra, HeapCostIsCountedOnARandomGraph) {
    // 3000 vertices, 12 000 edges of weights 0 .. 1000 (seed 5): the same bounds, and the distances
    // of the int64 overload (the reference: 58 410 comparisons, 90 972 copies and moves, 11 766
    // relaxations; the bound is 1 044 087, and a scan for the closest vertex makes about 4.4 * 10^6).
    std::mt19937_64 rng(5);
    Graph g(3000);
    for (int i = 0; i < 12000; ++i) g[rng() % 3000].push_back({int(rng() % 3000), std::int64_t(rng() % 1001)});
    const std::int64_t m = std::int64_t(edge_count(g));
    const HeapWork work = dijkstra_work(counted_graph(g), 0, heap_bound(m));
    const ShortestPaths plain = dijkstra(g, 0);
    EXPECT_FALSE(work.over_budget) << "Dijkstra on 3000 vertices and " << m << " edges compared distances more than "
                                   << heap_bound(m) << " times (seed 5)";
    if (work.over_budget) return;
    EXPECT_LE(work.transfers, 2 * heap_bound(m)) << "Dijkstra on 3000 vertices copied or moved distances " << work.transfers << " times";
    EXPECT_EQ(work.dist, plain.dist) << "the Counted and the int64 overloads must find the same distances (seed 5)";
    EXPECT_EQ(work.relaxations, plain.relaxations);
}

TEST(Dijkstra, WideFrontierOfThreeHundredThousandVertices) {
    // A wide frontier: the source has an edge to each of 300 000 leaves (weights 1 .. 300 000 in
    // reverse order), so the queue holds them all at once. With a binary heap each push and pop
    // costs O(log n); a queue searched linearly for its minimum costs O(n) per pop, 4.5 * 10^10
    // steps in all, far beyond the test's time budget.
    // The heap is counted first, on the same graph with Counted weights (the bound of the tests
    // above: 300 001 * (6 * 19 + 3) = 35 100 117 comparisons): a scan stops at the budget at once
    // instead of running out the time budget.
    const int leaves = 300000;
    Graph g(static_cast<std::size_t>(leaves + 1));
    for (int v = 1; v <= leaves; ++v) g[0].push_back({v, leaves + 1 - v});
    const HeapWork work = dijkstra_work(counted_graph(g), 0, heap_bound(leaves));
    ASSERT_FALSE(work.over_budget) << "Dijkstra on a star of 300000 leaves compared distances more than "
                                   << heap_bound(leaves) << " times: take the closest vertex from a binary heap";
    const ShortestPaths sp = dijkstra(g, 0);
    ASSERT_EQ(sp.dist.size(), std::size_t(leaves + 1));
    EXPECT_EQ(sp.dist[1], leaves);
    EXPECT_EQ(sp.dist[std::size_t(leaves)], 1);
    EXPECT_EQ(sp.parent[std::size_t(leaves)], 0);
    EXPECT_EQ(sp.relaxations, leaves);
}

TEST(BellmanFord, EdgeReadsShowTheEarlyStop) {
    // The chain of StopsAfterTheFirstRoundWithoutChange (0 -> 1 -> ... -> 199, weight -1, listed in
    // path order), counted by the edge heads read (graph.hpp) instead of the algorithm's own count
    // of relaxations: 2 rounds of 199 edges, at most 3 reads per edge (the test of dist[v] and, on a
    // change, dist[v] and parent[v]): 1194 (the reference: 796). Without the early stop, 199 rounds
    // and the check read at least 200 * 199 = 39 800.
    const int n = 200;
    Graph g(static_cast<std::size_t>(n));
    for (int v = 0; v + 1 < n; ++v) g[std::size_t(v)].push_back({v + 1, -1});
    CountScope scope;
    const ShortestPaths sp = bellman_ford(g, 0);
    const std::int64_t reads = scope.steps();
    EXPECT_FALSE(sp.negative_cycle);
    EXPECT_EQ(sp.dist[std::size_t(n - 1)], -(n - 1));
    EXPECT_LE(reads, 3 * 2 * (n - 1)) << "Bellman-Ford read " << reads << " edge heads on a chain that one round "
                                      << "solves: stop after the first round that changes nothing (2 rounds, at most "
                                      << 3 * 2 * (n - 1) << " reads)";
}

}  // namespace
}  // namespace course::data_structures
