// Reference solution: AVL tree with subtree sizes. Contract: include/data_structures/balanced_tree.hpp
//
// insert and erase are recursive: each call returns the index of the (possibly new) root of the
// subtree it was given, and on the way back up every node on the path recomputes its height and
// size and is rebalanced. The recursion depth is the height, at most about 1.44 * log2(n + 2):
// 45 levels for 2^31 keys.
#include "data_structures/balanced_tree.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::data_structures {
namespace {

using Node = AvlTree::Node;
constexpr std::int32_t kNull = AvlTree::kNull;

// Nodes: the tree's private arrays, handed to the recursive helpers (which, living in an anonymous
// namespace, cannot see the class's private members themselves).
struct Nodes {
    std::vector<Node>& nodes;
    std::vector<std::int32_t>& free;
    std::int64_t& rotations;

    std::int32_t height(std::int32_t v) const { return v == kNull ? 0 : nodes[v].height; }
    std::int32_t size(std::int32_t v) const { return v == kNull ? 0 : nodes[v].size; }
    // balance: height(right) - height(left); the AVL rule keeps it in {-1, 0, 1}.
    std::int32_t balance(std::int32_t v) const { return height(nodes[v].right) - height(nodes[v].left); }

    // update: recompute v's height and size from its children's.
    void update(std::int32_t v) {
        Node& n = nodes[v];
        n.height = 1 + std::max(height(n.left), height(n.right));
        n.size = 1 + size(n.left) + size(n.right);
    }

    // rotate_right: v's left child l becomes the subtree's root; l's right subtree moves under v.
    //         v              l
    //        / \            / \     (subtrees a, b, c keep their order: a < l < b < v < c)
    //       l   c   ->     a   v
    //      / \                / \    (only l and v change height and size)
    //     a   b              b   c
    std::int32_t rotate_right(std::int32_t v) {
        const std::int32_t l = nodes[v].left;
        nodes[v].left = nodes[l].right;
        nodes[l].right = v;
        update(v);
        update(l);
        ++rotations;
        return l;
    }
    // rotate_left: the mirror image.
    std::int32_t rotate_left(std::int32_t v) {
        const std::int32_t r = nodes[v].right;
        nodes[v].right = nodes[r].left;
        nodes[r].left = v;
        update(v);
        update(r);
        ++rotations;
        return r;
    }

    // rebalance: update v, and if its balance is -2 or +2 rotate it back into {-1, 0, 1}. When the
    // heavy child leans the other way (left-right or right-left), a single rotation would only move
    // the imbalance to the other side: rotate the child first (the double rotation).
    std::int32_t rebalance(std::int32_t v) {
        update(v);
        const std::int32_t b = balance(v);
        if (b < -1) {
            if (balance(nodes[v].left) > 0) nodes[v].left = rotate_left(nodes[v].left);
            return rotate_right(v);
        }
        if (b > 1) {
            if (balance(nodes[v].right) < 0) nodes[v].right = rotate_right(nodes[v].right);
            return rotate_left(v);
        }
        return v;
    }

    std::int32_t allocate(std::int64_t key) {
        Node fresh;
        fresh.key = key;
        if (!free.empty()) {
            const std::int32_t v = free.back();
            free.pop_back();
            nodes[v] = fresh;
            return v;
        }
        nodes.push_back(fresh);
        return std::int32_t(nodes.size() - 1);
    }

    // insert: into the subtree at v; returns its new root. Indices, not references: push_back in
    // allocate may move the vector.
    std::int32_t insert(std::int32_t v, std::int64_t key, bool& inserted) {
        if (v == kNull) {
            inserted = true;
            return allocate(key);
        }
        if (key < nodes[v].key) {
            const std::int32_t child = insert(nodes[v].left, key, inserted);
            nodes[v].left = child;
        } else if (key > nodes[v].key) {
            const std::int32_t child = insert(nodes[v].right, key, inserted);
            nodes[v].right = child;
        } else {
            return v;  // already there
        }
        return inserted ? rebalance(v) : v;
    }

    // remove_min: detach the smallest node of the subtree at v into `min`; returns the new root.
    std::int32_t remove_min(std::int32_t v, std::int32_t& min) {
        if (nodes[v].left == kNull) {
            min = v;
            return nodes[v].right;
        }
        nodes[v].left = remove_min(nodes[v].left, min);
        return rebalance(v);
    }

    // erase: from the subtree at v; returns its new root. A node with two children is replaced by
    // its successor, the smallest node of its right subtree.
    std::int32_t erase(std::int32_t v, std::int64_t key, bool& erased) {
        if (v == kNull) return kNull;
        if (key < nodes[v].key) {
            nodes[v].left = erase(nodes[v].left, key, erased);
        } else if (key > nodes[v].key) {
            nodes[v].right = erase(nodes[v].right, key, erased);
        } else {
            erased = true;
            const Node gone = nodes[v];
            free.push_back(v);
            if (gone.left == kNull) return gone.right;
            if (gone.right == kNull) return gone.left;
            std::int32_t successor = kNull;
            const std::int32_t right = remove_min(gone.right, successor);
            nodes[successor].left = gone.left;
            nodes[successor].right = right;
            return rebalance(successor);
        }
        return erased ? rebalance(v) : v;
    }
};

}  // namespace

AvlTree::AvlTree() = default;

std::size_t AvlTree::size() const { return size_; }
int AvlTree::height() const { return root_ == kNull ? 0 : nodes_[root_].height; }
std::int64_t AvlTree::rotations() const { return rotations_; }

bool AvlTree::insert(std::int64_t key) {
    bool inserted = false;
    root_ = Nodes{nodes_, free_, rotations_}.insert(root_, key, inserted);
    if (inserted) ++size_;
    return inserted;
}

bool AvlTree::erase(std::int64_t key) {
    bool erased = false;
    root_ = Nodes{nodes_, free_, rotations_}.erase(root_, key, erased);
    if (erased) --size_;
    return erased;
}

bool AvlTree::contains(std::int64_t key) const {
    for (std::int32_t v = root_; v != kNull;) {
        const Node& n = nodes_[v];
        if (key == n.key) return true;
        v = key < n.key ? n.left : n.right;
    }
    return false;
}

std::size_t AvlTree::rank(std::int64_t key) const {
    // Going right past a node counts the node and its whole left subtree as smaller than key.
    std::size_t smaller = 0;
    for (std::int32_t v = root_; v != kNull;) {
        const Node& n = nodes_[v];
        if (key <= n.key) {
            v = n.left;
        } else {
            smaller += std::size_t(1 + (n.left == kNull ? 0 : nodes_[n.left].size));
            v = n.right;
        }
    }
    return smaller;
}

std::int64_t AvlTree::kth_smallest(std::size_t k) const {
    check_kth_index(k, size_);
    for (std::int32_t v = root_;;) {
        const Node& n = nodes_[v];
        const std::size_t left_size = n.left == kNull ? 0 : std::size_t(nodes_[n.left].size);
        if (k < left_size) {
            v = n.left;
        } else if (k == left_size) {
            return n.key;
        } else {
            k -= left_size + 1;
            v = n.right;
        }
    }
}

std::vector<std::int64_t> AvlTree::in_order() const {
    // Iterative in-order walk: go left as far as possible, pushing the path; pop, emit, go right.
    std::vector<std::int64_t> out;
    out.reserve(size_);
    std::vector<std::int32_t> path;
    std::int32_t v = root_;
    while (v != kNull || !path.empty()) {
        while (v != kNull) {
            path.push_back(v);
            v = nodes_[v].left;
        }
        v = path.back();
        path.pop_back();
        out.push_back(nodes_[v].key);
        v = nodes_[v].right;
    }
    return out;
}

}  // namespace course::data_structures
