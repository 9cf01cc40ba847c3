// Reference solution: union-find and Kruskal. Contract: include/data_structures/union_find.hpp
#include "data_structures/union_find.hpp"

#include <algorithm>
#include <numeric>

#include "course/error.hpp"

namespace course::data_structures {

UnionFind::UnionFind(int n) {
    check_element_count(n);
    parent_.resize(std::size_t(n));
    std::iota(parent_.begin(), parent_.end(), 0);  // every element its own root
    rank_.assign(std::size_t(n), 0);
    sets_ = n;
}

int UnionFind::size() const { return int(parent_.size()); }
int UnionFind::set_count() const { return sets_; }

int UnionFind::find(int x) {
    check_element(x, parent_.size());
    // Two passes: find the root, counting the steps; then point every vertex of the path at it.
    int root = x;
    while (parent_[std::size_t(root)] != root) {
        root = parent_[std::size_t(root)];
        ++find_steps_;
    }
    while (parent_[std::size_t(x)] != root) {
        const int next = parent_[std::size_t(x)];
        parent_[std::size_t(x)] = root;
        x = next;
    }
    return root;
}

bool UnionFind::unite(int a, int b) {
    int ra = find(a), rb = find(b);
    if (ra == rb) return false;
    // Union by rank: the shorter tree goes below the taller one, so heights grow only when two
    // trees of equal rank meet, and a tree of rank r has at least 2^r elements.
    if (rank_[std::size_t(ra)] < rank_[std::size_t(rb)]) std::swap(ra, rb);
    parent_[std::size_t(rb)] = ra;
    if (rank_[std::size_t(ra)] == rank_[std::size_t(rb)]) ++rank_[std::size_t(ra)];
    --sets_;
    return true;
}

bool UnionFind::connected(int a, int b) { return find(a) == find(b); }

std::vector<WeightedEdge> kruskal_mst(int n, std::vector<WeightedEdge> edges) {
    check_kruskal_input(n, edges);
    // Cut property (CLRS 21.1): the lightest edge between two components of the forest built so
    // far belongs to some minimum spanning forest. Scanning by weight, the first edge that joins two
    // sets is such an edge. stable_sort keeps ties in input order, so the result is deterministic.
    std::stable_sort(edges.begin(), edges.end(), [](const WeightedEdge& a, const WeightedEdge& b) { return a.weight < b.weight; });
    UnionFind sets(n);
    std::vector<WeightedEdge> forest;
    for (const WeightedEdge& e : edges) {
        if (sets.unite(e.u, e.v)) forest.push_back(e);
        if (sets.set_count() == 1) break;  // one tree spans everything: no later edge can join sets
    }
    return forest;
}

}  // namespace course::data_structures
