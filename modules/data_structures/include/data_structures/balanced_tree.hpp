// Balanced binary search tree: an AVL tree of distinct 64-bit keys, with order statistics.
// Notes: docs/data_structures.md#balanced_tree.
//
// A binary search tree keeps every key of a node's left subtree below the node's key and every key
// of its right subtree above it, so a search follows one path from the root. The AVL rule keeps
// that path short: at every node the heights of the two subtrees differ by at most one,
//
//     balance(v) = height(v.right) - height(v.left)  in {-1, 0, +1}     height(empty) = 0
//
// which bounds the height of a tree of n keys by about 1.44 * log2(n + 2) (Adelson-Velsky and
// Landis 1962; Knuth, TAOCP vol. 3, 6.2.3). An insert or erase that breaks the rule at a node
// restores it with one rotation (left-left or right-right case) or two (left-right or right-left,
// the double rotation) on the way back up. Each node also stores the size of its subtree, which
// answers rank(key) and kth_smallest(k) along one root-to-leaf path (CLRS, 17.1).
//
// Cost: insert, erase, contains, rank and kth_smallest are O(log n) worst case; an insert rotates at
// most twice, an erase at most twice per level. in_order is O(n). The tests count the keys an
// operation reads (Node::key is a StoredKey, below): a search reads one or two per level of its path,
// so at most a few times the height, where a search that scans the nodes (or in_order) reads up to n.
//
// Layout: the nodes live in one vector and point to each other by index (kNull for no child), so
// the tree needs no destructor and copies with its vector. Erased nodes go to a free list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

class AvlTree {
public:
    static constexpr std::int32_t kNull = -1;

    // StoredKey: a key as a Node stores it; it converts to and from std::int64_t, and every read
    // (the conversion to std::int64_t) counts one step (count_step, counted.hpp). Copying a node or
    // a StoredKey reads nothing.
    class StoredKey {
    public:
        StoredKey(std::int64_t key = 0) : key_(key) {}  // implicit: node.key = key
        operator std::int64_t() const {
            count_step();
            return key_;
        }

    private:
        std::int64_t key_;
    };

    // Node: one key with the links and the two numbers the tree keeps up to date.
    struct Node {
        StoredKey key = 0;
        std::int32_t left = kNull;   // index of the left child in the node vector, or kNull
        std::int32_t right = kNull;  // index of the right child, or kNull
        std::int32_t height = 1;     // 1 + max(height(left), height(right)); a leaf has height 1
        std::int32_t size = 1;       // 1 + size(left) + size(right): the keys in this subtree
    };

    AvlTree();

    // insert: add key; returns false (and changes nothing) when it is already there. O(log n).
    bool insert(std::int64_t key);
    // erase: remove key; returns whether it was there. O(log n). A node with two children takes the
    // key of its in-order successor (the smallest key of its right subtree), whose node is removed.
    bool erase(std::int64_t key);
    // contains: is key in the tree? O(log n).
    bool contains(std::int64_t key) const;

    // size: the number of keys. height: of the root (0 for the empty tree, 1 for one key).
    std::size_t size() const;
    int height() const;

    // rank: the number of keys strictly less than key (key need not be in the tree). O(log n).
    std::size_t rank(std::int64_t key) const;
    // kth_smallest: the key with exactly k smaller keys, k in [0, size). O(log n).
    // Throws std::invalid_argument for k >= size(), the empty tree included.
    std::int64_t kth_smallest(std::size_t k) const;

    // in_order: every key in increasing order (the in-order traversal). O(n).
    std::vector<std::int64_t> in_order() const;

    // rotations: the single rotations done since construction (a double rotation counts 2).
    std::int64_t rotations() const;

    // root and node: read-only access to the structure, for the tests' invariant checks.
    std::int32_t root() const { return root_; }
    const Node& node(std::int32_t index) const { return nodes_.at(std::size_t(index)); }

private:
    // check_kth_index: kth_smallest's k < size (not its lesson).
    static void check_kth_index(std::size_t k, std::size_t size) {
        COURSE_CHECK(k < size, "AvlTree::kth_smallest: k = ", k, " but the tree holds ", size,
                     " keys (k counts from 0, so it must be < size)");
    }

    std::vector<Node> nodes_;          // every node ever allocated; erased ones are on free_
    std::vector<std::int32_t> free_;   // indices of erased nodes, reused by insert
    std::int32_t root_ = kNull;        // index of the root, kNull for the empty tree
    std::size_t size_ = 0;             // number of keys
    std::int64_t rotations_ = 0;       // single rotations so far
};

}  // namespace course::data_structures
