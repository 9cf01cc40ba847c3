// Exercise 8: AVL tree with order statistics. Contract: include/data_structures/balanced_tree.hpp
// Notes: docs/data_structures.md#balanced_tree.  Hints: ./course hint data_structures balanced_tree
// Grade it:  ./course grade data_structures balanced_tree
//
//     balance(v) = height(v.right) - height(v.left)  in {-1, 0, +1}     height(empty) = 0
//
// The nodes live in nodes_ and refer to each other by index (AvlTree::kNull = no child).
// Helper functions go in an anonymous namespace; give them nodes_ (and rotations_) by reference.
// A node's key reads as a std::int64_t; the tests count those reads (a search reads a path, not n).
#include "data_structures/balanced_tree.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::data_structures {

AvlTree::AvlTree() = default;

std::size_t AvlTree::size() const { return size_; }
std::int64_t AvlTree::rotations() const { return rotations_; }

int AvlTree::height() const {
    COURSE_TODO("AvlTree::height");
}

bool AvlTree::insert(std::int64_t key) {
    // TODO(learner): insert recursively, returning the new root of each subtree; on the way back
    // up, update height and size and rebalance with a single or a double rotation.
    // Hint: when v is left-heavy (balance -2) and its left child is right-heavy, rotate the child
    // left first: a single right rotation alone just moves the imbalance to the other side.
    COURSE_TODO("AvlTree::insert");
}

bool AvlTree::erase(std::int64_t key) {
    // TODO(learner): a node with two children is replaced by its successor (the smallest key of
    // its right subtree); rebalance every node on the way back up.
    COURSE_TODO("AvlTree::erase");
}

bool AvlTree::contains(std::int64_t key) const {
    COURSE_TODO("AvlTree::contains");
}

std::size_t AvlTree::rank(std::int64_t key) const {
    // TODO(learner): walk down; each time you go right, add 1 + size(left subtree).
    COURSE_TODO("AvlTree::rank");
}

std::int64_t AvlTree::kth_smallest(std::size_t k) const {
    check_kth_index(k, size_);
    // TODO(learner): compare k with the size of the left subtree to choose the branch.
    COURSE_TODO("AvlTree::kth_smallest");
}

std::vector<std::int64_t> AvlTree::in_order() const {
    COURSE_TODO("AvlTree::in_order");
}

}  // namespace course::data_structures
