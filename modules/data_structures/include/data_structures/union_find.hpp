// Union-find (disjoint sets) with path compression and union by rank, and Kruskal's minimum
// spanning forest. Notes: docs/data_structures.md#union_find.
//
// The sets are trees of parent pointers; the root names the set. find(x) follows parents from x to
// the root; path compression then points every vertex of that path straight at the root. unite(a, b)
// hangs the root of lower rank below the other (union by rank; equal ranks: the second root goes
// below the first, whose rank grows by one). A rank bounds the height of its tree and strictly
// increases along every path to a root:
//
//     rank(parent(x)) > rank(x)  for every non-root x,      rank(x) <= log2(n)
//
// Cost: m operations on n elements take O(m alpha(n)) parent steps, alpha the inverse Ackermann
// function (<= 4 for any n that fits in memory): O(1) amortized in practice. Union by rank alone
// gives O(log n) per find; path compression alone O(log n) amortized.
//
// Kruskal: scan the edges by increasing weight and keep each one that joins two different sets:
// the kept edges form a minimum spanning forest (a minimum spanning tree of every connected
// component). Cost O(m log m) for the sort, O(m alpha(n)) for the unions.
// Source: CLRS 4th ed., 19.3 (disjoint-set forests), 21.2 (Kruskal); Tarjan, "Efficiency of a good
// but not linear set union algorithm" (JACM 1975).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "course/error.hpp"

namespace course::data_structures {

class UnionFind {
public:
    // UnionFind: n singleton sets {0}, {1}, ..., {n-1}. Throws std::invalid_argument for n < 0.
    explicit UnionFind(int n);

    // find: the root of x's set; compresses the path from x. Adds the number of parent pointers
    // followed from x to the root (x's depth) to find_steps(). Throws std::invalid_argument for x
    // outside 0 .. n-1.
    int find(int x);
    // unite: merge the sets of a and b (union by rank); returns false when they were one set already.
    bool unite(int a, int b);
    // connected: find(a) == find(b).
    bool connected(int a, int b);

    // size: n. set_count: the number of disjoint sets (n minus the successful unites).
    int size() const;
    int set_count() const;

    // find_steps: the parent pointers followed by every find so far (unite and connected call find).
    std::int64_t find_steps() const { return find_steps_; }
    // parent_of, rank_of: read-only access to the forest, for the tests' invariant checks.
    int parent_of(int x) const { return parent_.at(std::size_t(x)); }
    int rank_of(int x) const { return rank_.at(std::size_t(x)); }

private:
    // check_element_count, check_element: n >= 0 for the constructor, 0 <= x < n for find (not
    // their lesson).
    static void check_element_count(int n) {
        COURSE_CHECK(n >= 0, "UnionFind: n = ", n, " elements; the number of elements cannot be negative");
    }
    static void check_element(int x, std::size_t n) {
        COURSE_CHECK(x >= 0 && std::size_t(x) < n, "UnionFind::find: element ", x, " is out of range 0 to ",
                     int(n) - 1);
    }

    std::vector<int> parent_;       // parent_[x] == x for a root
    std::vector<int> rank_;         // an upper bound on the height of x's subtree
    int sets_ = 0;                  // number of roots
    std::int64_t find_steps_ = 0;   // parent pointers followed by find
};

// WeightedEdge: the undirected edge {u, v} of a given weight.
struct WeightedEdge {
    int u = 0;
    int v = 0;
    std::int64_t weight = 0;
    bool operator==(const WeightedEdge&) const = default;
};

// check_kruskal_input: kruskal_mst refuses n < 0 and an endpoint outside 0 .. n-1 (not its lesson).
inline void check_kruskal_input(int n, const std::vector<WeightedEdge>& edges) {
    COURSE_CHECK(n >= 0, "kruskal_mst: n = ", n, " vertices; the number of vertices cannot be negative");
    for (const WeightedEdge& e : edges) {
        COURSE_CHECK(e.u >= 0 && e.u < n && e.v >= 0 && e.v < n, "kruskal_mst: the edge {", e.u, ", ", e.v,
                     "} has an endpoint out of range; the graph has ", n, " vertices, numbered 0 to ", n - 1);
    }
}

// kruskal_mst: a minimum spanning forest of the undirected graph on n vertices with the given
// edges, as the list of kept edges in the order Kruskal keeps them (by weight; ties in input order).
// It has n - c edges for c connected components. Self-loops are never kept.
// Cost: O(m log m) for a stable sort of the edges, then nearly O(1) per edge with a UnionFind.
// Throws std::invalid_argument for n < 0 or an endpoint outside 0 .. n-1.
std::vector<WeightedEdge> kruskal_mst(int n, std::vector<WeightedEdge> edges);

}  // namespace course::data_structures
