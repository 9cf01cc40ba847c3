// Tests for exercise 13, the LRU cache (modules/data_structures/learner/lru_cache.cpp).
//
// Oracles: sequences worked by hand; a naive cache (a vector in recency order, searched linearly,
// O(capacity) per operation, obviously right) on seeded random operations. Every test calls put or
// get first, so a stub shows "not started".
#include "data_structures/lru_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;
using Keys = std::vector<std::uint64_t>;

TEST(LruCache, EvictsTheLeastRecentlyUsed) {
    LruCache cache(2);
    cache.put(1, 10);
    cache.put(2, 20);
    cache.put(3, 30);  // full: 1 is the least recently used
    EXPECT_FALSE(cache.contains(1)) << "1 was used least recently and must be evicted";
    EXPECT_EQ(cache.get(2), std::optional<std::uint64_t>(20));
    EXPECT_EQ(cache.get(3), std::optional<std::uint64_t>(30));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.keys_by_recency(), (Keys{3, 2})) << "get(2) then get(3): 3 is the most recent";
}

TEST(LruCache, GetRefreshesTheEntry) {
    LruCache cache(2);
    cache.put(1, 10);
    cache.put(2, 20);
    EXPECT_EQ(cache.get(1), std::optional<std::uint64_t>(10));  // 1 is now the most recent
    cache.put(3, 30);  // evicts 2, not 1
    EXPECT_TRUE(cache.contains(1)) << "get(1) is a use: afterwards 2 is the least recently used, not 1";
    EXPECT_FALSE(cache.contains(2));
    EXPECT_EQ(cache.keys_by_recency(), (Keys{3, 1}));
}

TEST(LruCache, PutOfAnExistingKeyUpdatesAndRefreshes) {
    LruCache cache(2);
    cache.put(1, 10);
    cache.put(2, 20);
    cache.put(1, 11);  // update: no eviction, 1 becomes the most recent
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.keys_by_recency(), (Keys{1, 2}));
    cache.put(3, 30);  // evicts 2
    EXPECT_EQ(cache.get(1), std::optional<std::uint64_t>(11)) << "the updated value";
    EXPECT_FALSE(cache.contains(2));
}

TEST(LruCache, ContainsIsNotAUse) {
    LruCache cache(2);
    cache.put(1, 10);
    cache.put(2, 20);
    EXPECT_TRUE(cache.contains(1));
    cache.put(3, 30);  // contains(1) did not refresh 1: it is evicted
    EXPECT_FALSE(cache.contains(1));
    EXPECT_EQ(cache.keys_by_recency(), (Keys{3, 2}));
}

TEST(LruCache, MissesAndCapacityOne) {
    LruCache cache(1);
    EXPECT_EQ(cache.get(5), std::nullopt) << "a miss on the empty cache";
    cache.put(5, 50);
    cache.put(6, 60);
    EXPECT_EQ(cache.get(5), std::nullopt) << "capacity 1: 6 replaced 5";
    EXPECT_EQ(cache.get(6), std::optional<std::uint64_t>(60));
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.capacity(), 1u);
}

TEST(LruCache, StoresKeysAndValuesAtTheExtremes) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    LruCache cache(3);
    cache.put(0, kMax);
    cache.put(kMax, 0);
    EXPECT_EQ(cache.get(0), std::optional<std::uint64_t>(kMax));
    EXPECT_EQ(cache.get(kMax), std::optional<std::uint64_t>(0));
    EXPECT_EQ(cache.keys_by_recency(), (Keys{kMax, 0}));
}

// NaiveLru: the oracle; entries in recency order, most recent first.
struct NaiveLru {
    std::size_t capacity;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    auto find(std::uint64_t key) {
        return std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; });
    }
    std::optional<std::uint64_t> get(std::uint64_t key) {
        auto it = find(key);
        if (it == entries.end()) return std::nullopt;
        const auto entry = *it;
        entries.erase(it);
        entries.insert(entries.begin(), entry);
        return entry.second;
    }
    void put(std::uint64_t key, std::uint64_t value) {
        auto it = find(key);
        if (it != entries.end()) entries.erase(it);
        entries.insert(entries.begin(), {key, value});
        if (entries.size() > capacity) entries.pop_back();
    }
    Keys keys() const {
        Keys k;
        for (const auto& e : entries) k.push_back(e.first);
        return k;
    }
};

TEST(LruCache, MatchesNaiveCacheOnRandomOperations) {
    // For capacities 1, 7 and 100: 100 000 operations (50% put, 40% get, 10% contains) over a key
    // pool 1.5 times the capacity plus the extremes, so hits, misses, updates and evictions mix.
    for (std::size_t capacity : {std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
        std::mt19937_64 rng(20261126 + capacity);
        Keys pool;
        for (std::size_t i = 0; i < capacity + capacity / 2 + 1; ++i) pool.push_back(rng());
        pool.push_back(0);
        pool.push_back(std::numeric_limits<std::uint64_t>::max());
        LruCache cache(capacity);
        NaiveLru oracle{capacity, {}};
        for (int step = 0; step < 100000; ++step) {
            const std::uint64_t key = pool[rng() % pool.size()];
            const int op = int(rng() % 100);
            if (op < 50) {
                const std::uint64_t value = rng();
                cache.put(key, value);
                oracle.put(key, value);
            } else if (op < 90) {
                ASSERT_EQ(cache.get(key), oracle.get(key)) << "capacity " << capacity << ", step " << step << ", get(" << key << ")";
            } else {
                ASSERT_EQ(cache.contains(key), oracle.find(key) != oracle.entries.end()) << "capacity " << capacity << ", step " << step;
            }
            ASSERT_EQ(cache.size(), oracle.entries.size()) << "capacity " << capacity << ", step " << step;
            if (step % 1000 == 0) {
                ASSERT_EQ(cache.keys_by_recency(), oracle.keys()) << "capacity " << capacity << ", step " << step << ", seed "
                                                                  << 20261126 + capacity;
            }
        }
    }
}

TEST(LruCache, RefusesCapacityZero) {
    LruCache cache(1);
    cache.put(1, 1);  // valid first
    EXPECT_TRUE(cache.contains(1));
    EXPECT_TRUE(ThrowsInvalidArgument([] { LruCache bad(0); }, {"LruCache", "capacity 0"}));
}

}  // namespace
}  // namespace course::data_structures
