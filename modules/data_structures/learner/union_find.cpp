// Exercise 12: union-find and Kruskal. Contract: include/data_structures/union_find.hpp
// Notes: docs/data_structures.md#union_find.  Hints: ./course hint data_structures union_find
// Grade it:  ./course grade data_structures union_find
//
//     rank(parent(x)) > rank(x) for every non-root x;   m operations cost O(m alpha(n)) steps
#include "data_structures/union_find.hpp"

#include <algorithm>
#include <numeric>

#include "course/error.hpp"

namespace course::data_structures {

UnionFind::UnionFind(int n) {
    check_element_count(n);
    // TODO(learner): every element is its own root, of rank 0; n sets.
    COURSE_TODO("UnionFind::UnionFind");
}

int UnionFind::size() const { return int(parent_.size()); }
int UnionFind::set_count() const { return sets_; }

int UnionFind::find(int x) {
    check_element(x, parent_.size());
    // TODO(learner): follow parents to the root, adding one to find_steps_ per pointer followed;
    // then point every vertex of the path straight at the root (path compression).
    COURSE_TODO("UnionFind::find");
}

bool UnionFind::unite(int a, int b) {
    // TODO(learner): find both roots; hang the root of lower rank below the other; on equal ranks
    // the second goes below the first, whose rank grows by one.
    COURSE_TODO("UnionFind::unite");
}

bool UnionFind::connected(int a, int b) {
    COURSE_TODO("UnionFind::connected");
}

std::vector<WeightedEdge> kruskal_mst(int n, std::vector<WeightedEdge> edges) {
    check_kruskal_input(n, edges);
    // TODO(learner): stable_sort the edges by weight; keep each edge whose ends are in different sets.
    // Hint: stable_sort, not sort: ties must stay in input order for the result to be the one expected.
    COURSE_TODO("kruskal_mst");
}

}  // namespace course::data_structures
