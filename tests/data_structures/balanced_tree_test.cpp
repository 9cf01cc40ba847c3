// Tests for exercise 8, the AVL tree (modules/data_structures/learner/balanced_tree.cpp).
//
// Oracles: hand-worked rotations on three keys; std::set on seeded random operation sequences;
// the AVL invariants checked by walking the nodes (BST order, stored heights and sizes, balance in
// {-1, 0, 1}); the height bound h < 1.4405 log2(n + 2) - 0.3277 of an AVL tree with n keys
// (Knuth, TAOCP vol. 3, 6.2.3, Theorem A). Every test inserts before it asserts, so a stub shows
// "not started".
#include "data_structures/balanced_tree.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

// avl_height_bound: the largest height an AVL tree of n keys can have (Knuth, 6.2.3, Theorem A:
// h < 1.4405 log2(n + 2) - 0.3277).
double avl_height_bound(std::size_t n) { return 1.4405 * std::log2(double(n) + 2.0) - 0.3277; }

// Walker: checks every node below a root and reports the first broken invariant.
struct Walker {
    const AvlTree& tree;
    std::ostringstream problem;
    std::size_t visited = 0;

    // walk: returns the subtree's height and size through the references; false on a problem.
    // Keys must lie strictly between lo and hi (open bounds given by has_lo / has_hi).
    bool walk(std::int32_t v, bool has_lo, std::int64_t lo, bool has_hi, std::int64_t hi, int& height, int& size) {
        if (v == AvlTree::kNull) {
            height = 0;
            size = 0;
            return true;
        }
        if (++visited > tree.size() + 1) {
            problem << "the walk visits more nodes than size() = " << tree.size() << ": a child link loops";
            return false;
        }
        const AvlTree::Node& n = tree.node(v);
        if ((has_lo && n.key <= lo) || (has_hi && n.key >= hi)) {
            problem << "key " << n.key << " breaks the search-tree order: it lies outside (" << (has_lo ? std::to_string(lo) : "-inf")
                    << ", " << (has_hi ? std::to_string(hi) : "+inf") << ") of its ancestors";
            return false;
        }
        int lh = 0, ls = 0, rh = 0, rs = 0;
        if (!walk(n.left, has_lo, lo, true, n.key, lh, ls)) return false;
        if (!walk(n.right, true, n.key, has_hi, hi, rh, rs)) return false;
        height = 1 + std::max(lh, rh);
        size = 1 + ls + rs;
        if (std::abs(rh - lh) > 1) {
            problem << "node " << n.key << " has balance " << (rh - lh) << " (left height " << lh << ", right height " << rh
                    << "); AVL needs -1, 0 or +1: a rebalance was skipped or rotated the wrong way (a zig-zag shape, heavy "
                    << "child leaning inward, needs the double rotation; a straight or balanced heavy child only a single one)";
            return false;
        }
        if (n.height != height) {
            problem << "node " << n.key << " stores height " << n.height << " but its subtree has height " << height
                    << " (update heights bottom-up after every rotation)";
            return false;
        }
        if (n.size != size) {
            problem << "node " << n.key << " stores size " << n.size << " but its subtree holds " << size << " keys";
            return false;
        }
        return true;
    }
};

::testing::AssertionResult IsValidAvl(const AvlTree& tree) {
    Walker w{tree, {}, 0};
    int height = 0, size = 0;
    if (!w.walk(tree.root(), false, 0, false, 0, height, size)) return ::testing::AssertionFailure() << w.problem.str();
    if (std::size_t(size) != tree.size()) {
        return ::testing::AssertionFailure() << "the nodes below the root hold " << size << " keys, size() says " << tree.size();
    }
    if (height != tree.height()) {
        return ::testing::AssertionFailure() << "height() is " << tree.height() << ", the walk finds " << height;
    }
    if (double(height) >= avl_height_bound(tree.size()) + 1e-9 && tree.size() > 0) {
        return ::testing::AssertionFailure() << "height " << height << " with " << tree.size() << " keys exceeds the AVL bound "
                                             << avl_height_bound(tree.size());
    }
    return ::testing::AssertionSuccess();
}

TEST(AvlTree, InsertAndContainsOnSmallCase) {
    AvlTree tree;
    EXPECT_TRUE(tree.insert(5));
    EXPECT_TRUE(tree.insert(3));
    EXPECT_TRUE(tree.insert(8));
    EXPECT_FALSE(tree.insert(3)) << "3 is already there";
    EXPECT_EQ(tree.size(), 3u);
    EXPECT_EQ(tree.height(), 2) << "5 with children 3 and 8";
    EXPECT_TRUE(tree.contains(5));
    EXPECT_TRUE(tree.contains(3));
    EXPECT_TRUE(tree.contains(8));
    EXPECT_FALSE(tree.contains(4));
    EXPECT_EQ(tree.rotations(), 0) << "5, 3, 8 needs no rotation";
    EXPECT_TRUE(IsValidAvl(tree));
}

TEST(AvlTree, SingleRotationOnThreeSortedKeys) {
    // 1, 2, 3: after 3 the root 1 has balance +2 and its right child balance +1 (right-right):
    // one left rotation makes 2 the root with children 1 and 3.
    AvlTree tree;
    for (std::int64_t k : {1, 2, 3}) tree.insert(k);
    ASSERT_NE(tree.root(), AvlTree::kNull);
    EXPECT_EQ(tree.node(tree.root()).key, 2);
    EXPECT_EQ(tree.height(), 2);
    EXPECT_EQ(tree.rotations(), 1);
    EXPECT_TRUE(IsValidAvl(tree));
}

TEST(AvlTree, DoubleRotationOnZigZagKeys) {
    // 3, 1, 2: the root 3 has balance -2, its left child 1 balance +1 (left-right): rotate 1 left,
    // then 3 right. A single right rotation would make 1 the root with right child 3 and 2 below
    // it: balance +2 again. Likewise 1, 3, 2 (right-left).
    for (const auto& keys : {std::vector<std::int64_t>{3, 1, 2}, std::vector<std::int64_t>{1, 3, 2}}) {
        AvlTree tree;
        for (std::int64_t k : keys) tree.insert(k);
        ASSERT_NE(tree.root(), AvlTree::kNull);
        EXPECT_EQ(tree.node(tree.root()).key, 2) << "insertion order " << keys[0] << ", " << keys[1] << ", " << keys[2]
                                                 << ": the middle key must end up at the root (double rotation)";
        EXPECT_EQ(tree.height(), 2);
        EXPECT_EQ(tree.rotations(), 2) << "a double rotation counts as two";
        EXPECT_TRUE(IsValidAvl(tree));
    }
}

TEST(AvlTree, StaysBalancedUnderSortedAndReverseInsertions) {
    // The worst case of a plain search tree (a path of n nodes); AVL keeps about log2(n).
    for (bool reverse : {false, true}) {
        AvlTree tree;
        const std::int64_t n = 3000;
        for (std::int64_t i = 0; i < n; ++i) {
            ASSERT_TRUE(tree.insert(reverse ? n - i : i));
            if (i % 50 == 0 || i < 64) {
                ASSERT_TRUE(IsValidAvl(tree)) << (reverse ? "reverse" : "sorted") << " insertion, i = " << i;
            }
        }
        ASSERT_TRUE(IsValidAvl(tree));
        EXPECT_LE(tree.height(), 13) << "sorted insertions of 3000 keys; a perfect tree has height 12";
    }
}

// zig_zag_order: 0, n-1, 1, n-2, 2, ...: each key lands on the inner side of the last one,
// the pattern that needs double rotations.
std::vector<std::int64_t> zig_zag_order(std::int64_t n) {
    std::vector<std::int64_t> keys;
    for (std::int64_t lo = 0, hi = n - 1; lo <= hi; ++lo, --hi) {
        keys.push_back(lo);
        if (hi != lo) keys.push_back(hi);
    }
    return keys;
}

TEST(AvlTree, StaysBalancedUnderZigZagInsertions) {
    AvlTree tree;
    const auto keys = zig_zag_order(2000);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        tree.insert(keys[i]);
        ASSERT_TRUE(IsValidAvl(tree)) << "zig-zag insertion (0, 1999, 1, 1998, ...), after inserting " << keys[i]
                                      << " (step " << i << ")";
    }
    EXPECT_LT(double(tree.height()), avl_height_bound(keys.size()));
}

TEST(AvlTree, InsertRotatesAtMostTwice) {
    // One insertion raises heights along one path; the first rotation (single or double) restores
    // the height the subtree had before, so nothing above it changes (Knuth 6.2.3).
    AvlTree tree;
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t before = tree.rotations();
        tree.insert(std::int64_t(rng() % 100000));
        ASSERT_LE(tree.rotations() - before, 2) << "insert number " << i << " (seed 11)";
    }
    EXPECT_TRUE(IsValidAvl(tree));
}

TEST(AvlTree, MatchesStdSetOnRandomOperations) {
    // 100 000 operations over a pool of 1500 keys (with the int64 extremes): 35% insert, 25% erase,
    // 20% contains, 10% rank, 10% kth_smallest; std::set is the oracle.
    std::mt19937_64 rng(20261126);
    std::vector<std::int64_t> pool;
    for (int i = 0; i < 1500; ++i) pool.push_back(std::int64_t(rng() % 4000) - 2000);
    for (std::int64_t k : {kMin, kMin + 1, kMax, kMax - 1, std::int64_t{0}}) pool.push_back(k);
    AvlTree tree;
    std::set<std::int64_t> oracle;
    for (int step = 0; step < 100000; ++step) {
        const std::int64_t key = pool[rng() % pool.size()];
        const int op = int(rng() % 100);
        if (op < 35) {
            ASSERT_EQ(tree.insert(key), oracle.insert(key).second) << "step " << step << ", insert(" << key << ")";
        } else if (op < 60) {
            ASSERT_EQ(tree.erase(key), oracle.erase(key) == 1) << "step " << step << ", erase(" << key << ")";
        } else if (op < 80) {
            ASSERT_EQ(tree.contains(key), oracle.contains(key)) << "step " << step << ", contains(" << key << ")";
        } else if (op < 90) {
            const auto want = std::size_t(std::distance(oracle.begin(), oracle.lower_bound(key)));
            ASSERT_EQ(tree.rank(key), want) << "step " << step << ", rank(" << key << ")";
        } else if (!oracle.empty()) {
            const std::size_t k = rng() % oracle.size();
            ASSERT_EQ(tree.kth_smallest(k), *std::next(oracle.begin(), std::ptrdiff_t(k))) << "step " << step << ", kth_smallest(" << k << ")";
        }
        ASSERT_EQ(tree.size(), oracle.size()) << "step " << step;
        if (step % 20 == 0) {
            ASSERT_TRUE(IsValidAvl(tree)) << "after step " << step << ", seed 20261126";
        }
    }
    EXPECT_EQ(tree.in_order(), std::vector<std::int64_t>(oracle.begin(), oracle.end()));
}

TEST(AvlTree, EraseKeepsBalanceDownToEmpty) {
    AvlTree tree;
    std::vector<std::int64_t> keys(4096);
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = std::int64_t(i) * 3;
    for (std::int64_t k : keys) tree.insert(k);
    std::shuffle(keys.begin(), keys.end(), std::mt19937_64(5));
    for (std::size_t i = 0; i < keys.size(); ++i) {
        ASSERT_TRUE(tree.erase(keys[i])) << "erase(" << keys[i] << "), step " << i;
        ASSERT_FALSE(tree.contains(keys[i]));
        if (i % 16 == 0) {
            ASSERT_TRUE(IsValidAvl(tree)) << "after erasing " << keys[i] << " (step " << i << ", seed 5)";
        }
    }
    EXPECT_EQ(tree.size(), 0u);
    EXPECT_EQ(tree.height(), 0);
    EXPECT_EQ(tree.root(), AvlTree::kNull);
    EXPECT_FALSE(tree.erase(3)) << "erase on the empty tree";
    EXPECT_TRUE(tree.insert(7)) << "the tree works again after being emptied";
    EXPECT_EQ(tree.in_order(), std::vector<std::int64_t>{7});
}

TEST(AvlTree, InOrderListsKeysAscending) {
    AvlTree tree;
    for (std::int64_t k : std::vector<std::int64_t>{kMax, 4, -9, kMin, 0, 4, 17}) tree.insert(k);
    EXPECT_EQ(tree.in_order(), (std::vector<std::int64_t>{kMin, -9, 0, 4, 17, kMax}))
        << "the duplicate 4 is stored once; the int64 extremes are ordinary keys";
    EXPECT_TRUE(IsValidAvl(tree));
    const AvlTree empty;
    EXPECT_TRUE(empty.in_order().empty());
}

TEST(AvlTree, RankAndKthSmallestOnSmallCase) {
    AvlTree tree;
    for (std::int64_t k : {50, 20, 80, 10, 30, 70, 90, 60}) tree.insert(k);
    // Sorted: 10 20 30 50 60 70 80 90 (positions 0..7).
    EXPECT_EQ(tree.rank(10), 0u);
    EXPECT_EQ(tree.rank(50), 3u);
    EXPECT_EQ(tree.rank(55), 4u) << "55 is not stored: 10, 20, 30 and 50 are smaller";
    EXPECT_EQ(tree.rank(1000), 8u);
    EXPECT_EQ(tree.rank(kMin), 0u);
    EXPECT_EQ(tree.kth_smallest(0), 10);
    EXPECT_EQ(tree.kth_smallest(3), 50);
    EXPECT_EQ(tree.kth_smallest(4), 60);
    EXPECT_EQ(tree.kth_smallest(7), 90);
    for (std::size_t k = 0; k < tree.size(); ++k) EXPECT_EQ(tree.rank(tree.kth_smallest(k)), k) << "rank inverts kth_smallest";
}

TEST(AvlTree, KthSmallestRefusesKOutOfRange) {
    AvlTree tree;
    tree.insert(4);
    EXPECT_EQ(tree.kth_smallest(0), 4) << course::testing::kValidCallFirst;  // valid first
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)tree.kth_smallest(1); }, {"kth_smallest", "1"}));
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)tree.kth_smallest(std::numeric_limits<std::size_t>::max()); }, {"kth_smallest"}))
        << "k = 2^64 - 1 (what -1 becomes as a size_t)";
    const AvlTree empty;
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)empty.kth_smallest(0); }, {"kth_smallest", "0"}))
        << "kth_smallest of the empty tree";
}

// shape: the tree in parenthesized form, key(left right), "-" for no child: 3(2 5(4 -)).
std::string shape(const AvlTree& tree, std::int32_t v) {
    if (v == AvlTree::kNull) return "-";
    const AvlTree::Node& n = tree.node(v);
    if (n.left == AvlTree::kNull && n.right == AvlTree::kNull) return std::to_string(n.key);
    return std::to_string(n.key) + "(" + shape(tree, n.left) + " " + shape(tree, n.right) + ")";
}

TEST(AvlTree, EraseWithABalancedHeavyChildRotatesOnce) {
    // Insert 5, 3, 8, 2, 4 (no rotation: 5 with children 3(2 4) and 8). Erasing 8 leaves 5 with
    // balance -2 and its left child 3 with balance 0, a case only erase creates. One right rotation
    // gives 3(2 5(4 -)), heights fine. A double rotation there (taking balance >= 0 of the child for
    // "leans inward") also gives a valid AVL tree, 4(3(2 -) 5), but with two rotations and the wrong
    // root: the double rotation belongs only to a child that leans inward (balance +1 here).
    AvlTree tree;
    for (std::int64_t k : {5, 3, 8, 2, 4}) tree.insert(k);
    ASSERT_EQ(tree.rotations(), 0);
    ASSERT_TRUE(tree.erase(8));
    EXPECT_EQ(shape(tree, tree.root()), "3(2 5(4 -))") << "the heavy child 3 has balance 0: one right rotation at 5";
    EXPECT_EQ(tree.rotations(), 1) << "one single rotation, not a double one";
    EXPECT_TRUE(IsValidAvl(tree));
    // The mirror image: insert 5, 7, 2, 8, 6, erase 2: one left rotation gives 7(5(- 6) 8).
    AvlTree mirror;
    for (std::int64_t k : {5, 7, 2, 8, 6}) mirror.insert(k);
    ASSERT_TRUE(mirror.erase(2));
    EXPECT_EQ(shape(mirror, mirror.root()), "7(5(- 6) 8)");
    EXPECT_EQ(mirror.rotations(), 1);
    EXPECT_TRUE(IsValidAvl(mirror));
}

TEST(AvlTree, EraseOfANodeWithTwoChildrenTakesItsSuccessor) {
    // Hand-worked: insert 50, 20, 80, 10, 30, 70, 90, 60 (no rotation: 50(20(10 30) 80(70(60 -) 90))).
    // Erasing 50 puts its successor 60 (the smallest key right of it) at the root; 70 loses its left
    // child and stays balanced. Then erase 20: successor 30, which had no children.
    AvlTree tree;
    for (std::int64_t k : {50, 20, 80, 10, 30, 70, 90, 60}) tree.insert(k);
    ASSERT_EQ(shape(tree, tree.root()), "50(20(10 30) 80(70(60 -) 90))");
    ASSERT_TRUE(tree.erase(50));
    EXPECT_EQ(shape(tree, tree.root()), "60(20(10 30) 80(70 90))");
    ASSERT_TRUE(tree.erase(20));
    EXPECT_EQ(shape(tree, tree.root()), "60(30(10 -) 80(70 90))");
    EXPECT_EQ(tree.rotations(), 0);
    EXPECT_EQ(tree.rank(60), 2u);
    EXPECT_EQ(tree.kth_smallest(2), 60);
    EXPECT_TRUE(IsValidAvl(tree));
}

TEST(AvlTree, EraseRotatesAtMostTwicePerLevel) {
    // Cost: an erase rebalances each node on its path at most once, with at most a double rotation:
    // at most 2 * height rotations (the height before the erase). Fibonacci-like trees make erases
    // rotate at several levels; here 20 000 random keys are erased in random order (seed 13).
    AvlTree tree;
    std::mt19937_64 rng(13);
    std::vector<std::int64_t> keys;
    for (int i = 0; i < 20000; ++i) {
        const std::int64_t k = std::int64_t(rng() >> 1);
        if (tree.insert(k)) keys.push_back(k);
    }
    std::shuffle(keys.begin(), keys.end(), rng);
    std::int64_t erase_rotations = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const int height = tree.height();
        const std::int64_t before = tree.rotations();
        ASSERT_TRUE(tree.erase(keys[i]));
        ASSERT_LE(tree.rotations() - before, 2 * height) << "erase number " << i << " (seed 13)";
        erase_rotations += tree.rotations() - before;
    }
    // Amortized, erases rotate rarely: fewer than one rotation per erase on random input.
    EXPECT_LT(erase_rotations, std::int64_t(keys.size())) << "rotations in " << keys.size() << " erases";
    EXPECT_EQ(tree.size(), 0u);
}

// max_node_index: the largest node index reachable from the root (-1 for the empty tree).
std::int32_t max_node_index(const AvlTree& tree, std::int32_t v) {
    if (v == AvlTree::kNull) return -1;
    const AvlTree::Node& n = tree.node(v);
    return std::max({v, max_node_index(tree, n.left), max_node_index(tree, n.right)});
}

TEST(AvlTree, ErasedNodesAreReused) {
    // The object after erases (memory): erased nodes go to a free list and inserts take them
    // back (balanced_tree.hpp, "Layout"), so a tree that never holds more than 1000 keys uses the
    // node indices 0 .. 999 only, however many keys come and go. Without the free list the node
    // vector grows by one node per insert: 5000 rounds of churn would reach index 5999.
    AvlTree tree;
    for (std::int64_t k = 0; k < 1000; ++k) tree.insert(k);
    for (std::int64_t k = 0; k < 5000; ++k) {
        ASSERT_TRUE(tree.erase(k));
        ASSERT_TRUE(tree.insert(k + 1000));
    }
    EXPECT_EQ(tree.size(), 1000u);
    EXPECT_LT(max_node_index(tree, tree.root()), 1000) << "the tree holds 1000 keys but uses a node index past 999: erased nodes are not reused";
    EXPECT_TRUE(IsValidAvl(tree));
}

// ---- Cost: the keys an operation reads ----
// Node::key is a StoredKey, and every read of one counts a step (balanced_tree.hpp). A search
// reads the key of each node on its path once or twice (key < node.key, then node.key < key), so
// an operation on a tree of height h reads at most 2h keys; the bound below allows 3h + 3. An AVL
// tree of n keys has h < 1.4405 log2(n + 2) - 0.3277 (avl_height_bound): h <= 18 for n <= 8191.

// KeyReads: the most keys one operation read, and which.
struct KeyReads {
    std::int64_t most = 0;
    std::string which;
    template <typename Work>
    void count(const std::string& what, Work work) {
        CountScope scope;
        work();
        if (scope.steps() > most) most = scope.steps(), which = what;
    }
};

TEST(AvlTree, OperationsReadAFewKeysPerLevel) {
    // Sorted insertions, the input that turns a plain search tree into a path: the even keys
    // 0, 2, ..., 8188 (4095 keys, a perfect tree of height 12), then every odd key in order, then
    // erases in order. Every operation, on keys present and absent, reads at most 3 h + 3 keys,
    // h = 18 the AVL bound for 8191 keys: 57. A search that scans the node vector, or a rank or
    // k-th smallest that lists the keys in order first, reads up to n.
    const std::int64_t n = 4095;
    const std::int64_t bound = 3 * std::int64_t(avl_height_bound(2 * n + 1)) + 3;
    AvlTree tree;
    KeyReads reads;
    for (std::int64_t i = 0; i < n; ++i) reads.count("insert(" + std::to_string(2 * i) + ")", [&] { tree.insert(2 * i); });
    ASSERT_EQ(bound, 57);
    ASSERT_TRUE(IsValidAvl(tree));
    for (std::int64_t k = -1; k <= 2 * n; ++k) {
        reads.count("contains(" + std::to_string(k) + ")", [&] { EXPECT_EQ(tree.contains(k), k >= 0 && k % 2 == 0 && k < 2 * n); });
        reads.count("rank(" + std::to_string(k) + ")", [&] { EXPECT_EQ(tree.rank(k), std::size_t(std::clamp<std::int64_t>((k + 1) / 2, 0, n))); });
    }
    for (std::int64_t i = 0; i < n; ++i) {
        reads.count("kth_smallest(" + std::to_string(i) + ")", [&] { EXPECT_EQ(tree.kth_smallest(std::size_t(i)), 2 * i); });
    }
    for (std::int64_t i = 0; i < n; ++i) reads.count("insert(" + std::to_string(2 * i + 1) + ")", [&] { tree.insert(2 * i + 1); });
    ASSERT_TRUE(IsValidAvl(tree));
    for (std::int64_t k = 0; k < 2 * n; k += 3) reads.count("erase(" + std::to_string(k) + ")", [&] { EXPECT_TRUE(tree.erase(k)); });
    ASSERT_TRUE(IsValidAvl(tree));
    EXPECT_LE(reads.most, bound) << reads.which << " read " << reads.most << " keys, more than 3 h + 3 = " << bound
                                 << " for a tree of height h <= 18: follow one path from the root (rank and "
                                    "kth_smallest by the subtree sizes), do not scan the nodes or list the keys";
}

}  // namespace
}  // namespace course::data_structures
