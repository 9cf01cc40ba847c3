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
#include "data_structures/counted.hpp"

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
    EXPECT_TRUE(cache.contains(1)) << course::testing::kValidCallFirst;
    EXPECT_TRUE(ThrowsInvalidArgument([] { LruCache bad(0); }, {"LruCache", "capacity 0"}));
}

TEST(LruCache, GetAndPutReadAConstantNumberOfListEntries) {
    // Cost, counted: order_ stores each key as a CachedKey, and every read of one adds a step
    // (lru_cache.hpp). With the hash map, get and put find their node without reading any key in the
    // list; only an eviction reads one (the back entry's key, to erase it from the map). A get that
    // searches the list instead reads up to size() = 1000 keys per call. The operations below all
    // aim at the back of a full cache of 1000, the far end for a search from the front:
    //   1000 gets of the least recently used key (a hit that moves it to the front),
    //   1000 gets of keys never stored (a miss: a search reads the whole list),
    //   1000 puts that update the least recently used key,
    //   1000 puts of new keys (each evicts the back).
    // The reference reads 1000 keys in all (the evictions); the bound allows 2 per operation.
    constexpr std::uint64_t kCapacity = 1000;
    LruCache cache(kCapacity);
    for (std::uint64_t k = 0; k < kCapacity; ++k) cache.put(k, k);  // 0 at the back, 999 at the front
    CountScope scope;
    for (std::uint64_t k = 0; k < kCapacity; ++k) {
        ASSERT_EQ(cache.get(k), std::optional<std::uint64_t>(k)) << "key " << k << " is the least recently used";
    }
    const std::int64_t after_hits = scope.steps();
    for (std::uint64_t k = 0; k < kCapacity; ++k) ASSERT_EQ(cache.get(kCapacity + k), std::nullopt);
    const std::int64_t after_misses = scope.steps();
    for (std::uint64_t k = 0; k < kCapacity; ++k) cache.put(k, k + 1);  // 0 is at the back again
    const std::int64_t after_updates = scope.steps();
    for (std::uint64_t k = 0; k < kCapacity; ++k) cache.put(2 * kCapacity + k, 0);  // evicts 0, 1, ..., 999
    const std::int64_t total = scope.steps();
    EXPECT_LE(after_hits, std::int64_t(2 * kCapacity))
        << "1000 get hits read " << after_hits << " keys in the list: get must find its node through where_, not search order_";
    EXPECT_LE(after_misses - after_hits, std::int64_t(2 * kCapacity))
        << "1000 get misses read " << after_misses - after_hits << " keys in the list: a miss must be known from where_ alone";
    EXPECT_LE(after_updates - after_misses, std::int64_t(2 * kCapacity))
        << "1000 puts of cached keys read " << after_updates - after_misses << " keys in the list";
    EXPECT_LE(total - after_updates, std::int64_t(2 * kCapacity))
        << "1000 puts with an eviction each read " << total - after_updates << " keys in the list";
    EXPECT_EQ(cache.size(), kCapacity);
    EXPECT_FALSE(cache.contains(kCapacity - 1)) << "the 1000 new keys evicted every old one";
    EXPECT_EQ(cache.get(2 * kCapacity), std::optional<std::uint64_t>(0));
}

TEST(LruCache, UpdateInAFullCacheEvictsNothing) {
    // Special point: put of a cached key when size == capacity changes no size; evicting first
    // (or evicting whenever size == capacity) loses an entry. Capacity 1, then capacity 3.
    LruCache one(1);
    one.put(5, 1);
    one.put(5, 2);
    EXPECT_EQ(one.size(), 1u);
    EXPECT_EQ(one.get(5), std::optional<std::uint64_t>(2)) << "capacity 1: updating the only key keeps it";
    LruCache three(3);
    for (std::uint64_t k : {1, 2, 3}) three.put(k, k);
    three.put(1, 10);  // full, but 1 is cached: an update, no eviction
    EXPECT_EQ(three.keys_by_recency(), (Keys{1, 3, 2}));
    three.put(4, 40);  // now 2, the least recently used, goes
    EXPECT_EQ(three.keys_by_recency(), (Keys{4, 1, 3}));
    EXPECT_EQ(three.get(1), std::optional<std::uint64_t>(10));
}

TEST(LruCache, EvictedKeysCanReturnAndTheCacheKeepsWorking) {
    // The object after each eviction: a key evicted and put again is a new entry, the most recent;
    // the cache cycles through 10 000 evictions and its list and map stay in step.
    LruCache cache(3);
    for (std::uint64_t k = 0; k < 10000; ++k) cache.put(k % 5, k);  // keys 0..4 in turn: every put evicts
    // The last puts were keys 2, 3, 4 (k = 9997, 9998, 9999), so 4 is the most recent.
    EXPECT_EQ(cache.keys_by_recency(), (Keys{4, 3, 2}));
    EXPECT_EQ(cache.get(3), std::optional<std::uint64_t>(9998));
    EXPECT_EQ(cache.get(0), std::nullopt) << "0 was evicted by the put of 3";
    cache.put(0, 1);  // 0 returns; 2 (least recently used after get(3)) goes
    EXPECT_EQ(cache.keys_by_recency(), (Keys{0, 3, 4}));
    EXPECT_EQ(cache.size(), 3u);
}

TEST(LruCache, HugeCapacityIsOnlyAnUpperBound) {
    // A capacity far beyond memory (2^64 - 1 means "never evict") must not allocate anything in
    // proportion to it: memory follows the entries stored. (The reference used to reserve
    // capacity buckets in its hash map up front, which throws for such a capacity.)
    LruCache cache(std::numeric_limits<std::size_t>::max());
    for (std::uint64_t k = 0; k < 1000; ++k) cache.put(k, k);
    EXPECT_EQ(cache.size(), 1000u) << "nothing is evicted below the capacity";
    EXPECT_EQ(cache.get(0), std::optional<std::uint64_t>(0));
    EXPECT_EQ(cache.capacity(), std::numeric_limits<std::size_t>::max());
    LruCache big(std::size_t{1} << 40);
    big.put(1, 2);
    EXPECT_EQ(big.get(1), std::optional<std::uint64_t>(2));
}

}  // namespace
}  // namespace course::data_structures
