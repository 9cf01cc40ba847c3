// Tests for exercise 7, the open-addressing hash map (modules/data_structures/learner/hash_map.cpp).
//
// Oracles: hand-worked chains of colliding keys (found through home_slot, so they collide under
// any hash function); std::unordered_map on seeded random operation sequences; Knuth's expected
// probe counts for linear probing as the cost bound. Every test inserts before it asserts, so a
// stub shows "not started".
#include "data_structures/hash_map.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "course/testing.hpp"

namespace course::data_structures {
namespace {

using course::testing::ThrowsInvalidArgument;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// keys_with_home: the first `count` keys (from `start` upward) whose home slot is `slot`.
std::vector<std::uint64_t> keys_with_home(const HashMap& map, std::size_t slot, int count, std::uint64_t start = 1) {
    std::vector<std::uint64_t> keys;
    for (std::uint64_t k = start; int(keys.size()) < count; ++k) {
        if (map.home_slot(k) == slot) keys.push_back(k);
    }
    return keys;
}

// same_entries: the map holds exactly the oracle's entries: for_each visits each once, with the
// right value, and find agrees for every key (so no probe chain is cut).
::testing::AssertionResult same_entries(const HashMap& map, const std::unordered_map<std::uint64_t, std::uint64_t>& want) {
    if (map.size() != want.size()) {
        return ::testing::AssertionFailure() << "size() is " << map.size() << ", expected " << want.size();
    }
    std::unordered_map<std::uint64_t, std::uint64_t> seen;
    std::ostringstream problems;
    map.for_each([&](std::uint64_t key, std::uint64_t value) {
        if (!seen.emplace(key, value).second) problems << "for_each visits key " << key << " twice; ";
    });
    if (seen != want) problems << "for_each visits " << seen.size() << " entries that differ from the expected " << want.size() << "; ";
    for (const auto& [key, value] : want) {
        const auto got = map.find(key);
        if (!got) {
            problems << "find(" << key << ") misses a stored key (probe_count " << map.probe_count(key)
                     << "): a probe chain is cut, e.g. by an erase that just empties its slot";
            break;
        }
        if (*got != value) {
            problems << "find(" << key << ") = " << *got << ", expected " << value;
            break;
        }
    }
    const std::string text = problems.str();
    if (!text.empty()) return ::testing::AssertionFailure() << text;
    return ::testing::AssertionSuccess();
}

TEST(HashMap, InsertFindAndAssignOnSmallCase) {
    HashMap map;
    EXPECT_TRUE(map.insert_or_assign(7, 70)) << "7 is new";
    EXPECT_TRUE(map.insert_or_assign(11, 110));
    EXPECT_TRUE(map.insert_or_assign(3, 30));
    EXPECT_FALSE(map.insert_or_assign(11, 111)) << "11 is already there: its value is replaced";
    EXPECT_EQ(map.size(), 3u);
    EXPECT_EQ(map.find(7), std::optional<std::uint64_t>(70));
    EXPECT_EQ(map.find(11), std::optional<std::uint64_t>(111));
    EXPECT_EQ(map.find(3), std::optional<std::uint64_t>(30));
    EXPECT_EQ(map.find(4), std::nullopt);
    EXPECT_TRUE(map.contains(3));
    EXPECT_FALSE(map.contains(0)) << "0 was never inserted (a map that uses key 0 as 'empty' gets this wrong)";
    EXPECT_EQ(map.capacity(), HashMap::kMinCapacity) << "3 keys fit in the first allocation";
}

TEST(HashMap, StoresKeysAndValuesAtTheExtremes) {
    HashMap map;
    const std::vector<std::uint64_t> keys = {0, 1, kMax, kMax - 1, std::uint64_t{1} << 63};
    for (std::uint64_t k : keys) EXPECT_TRUE(map.insert_or_assign(k, kMax - k)) << "key " << k;
    for (std::uint64_t k : keys) {
        EXPECT_EQ(map.find(k), std::optional<std::uint64_t>(kMax - k))
            << "key " << k << ": every 64-bit key is a legal key; do not reserve one as the 'empty' marker";
    }
    EXPECT_TRUE(map.erase(0));
    EXPECT_TRUE(map.erase(kMax));
    EXPECT_FALSE(map.contains(0));
    EXPECT_FALSE(map.contains(kMax));
    EXPECT_EQ(map.size(), 3u);
}

TEST(HashMap, EraseInTheMiddleOfAChainKeepsLaterKeysFindable) {
    HashMap map;
    map.reserve(1);  // capacity 16
    ASSERT_EQ(map.capacity(), 16u);
    // a, b, c share home slot 5 and sit at 5, 6, 7; d has home 6 and is pushed to 8.
    // Layout by hand: [5]=a [6]=b [7]=c [8]=d.
    const auto abc = keys_with_home(map, 5, 3);
    const auto d = keys_with_home(map, 6, 1).front();
    for (std::uint64_t k : abc) map.insert_or_assign(k, k + 1000);
    map.insert_or_assign(d, d + 1000);
    EXPECT_EQ(map.probe_count(abc[2]), 3u) << "c is two slots past its home";
    EXPECT_EQ(map.probe_count(d), 3u) << "d sits at 8, two past its home 6";
    ASSERT_TRUE(map.erase(abc[0]));
    // After erasing a: b, c and d must all still be found. Emptying slot 5 would cut the chain.
    for (std::uint64_t k : {abc[1], abc[2], d}) {
        EXPECT_EQ(map.find(k), std::optional<std::uint64_t>(k + 1000))
            << "key " << k << " is lost after erasing " << abc[0] << " from the head of its chain: "
            << "an erase must not leave a hole that ends the probe chain (shift back, or leave a tombstone)";
    }
    // Backward shift moves b, c to 5, 6 and d to 7: each is one slot nearer its home.
    // (With tombstones the counts would stay 2, 3, 3; both keep the chains intact, and both are <= 3.)
    EXPECT_LE(map.probe_count(abc[1]), 2u);
    EXPECT_LE(map.probe_count(d), 3u);
    EXPECT_FALSE(map.contains(abc[0]));
    EXPECT_EQ(map.size(), 3u);
}

TEST(HashMap, EraseKeepsChainsThatWrapAroundTheEnd) {
    HashMap map;
    map.reserve(1);  // capacity 16
    // a, b, c share home slot 15: they sit at 15, 0 and 1 (the chain wraps). e has home 0 and
    // goes to 2. Erasing b (slot 0) must keep c and e findable.
    const auto abc = keys_with_home(map, 15, 3);
    const auto e = keys_with_home(map, 0, 1).front();
    for (std::uint64_t k : abc) map.insert_or_assign(k, 1);
    map.insert_or_assign(e, 2);
    EXPECT_EQ(map.probe_count(e), 3u) << "e sits at 2, two past its home 0";
    ASSERT_TRUE(map.erase(abc[1]));
    EXPECT_TRUE(map.contains(abc[0]));
    EXPECT_TRUE(map.contains(abc[2])) << "the chain of home 15 wraps from slot 15 to slots 0 and 1";
    EXPECT_TRUE(map.contains(e)) << "e's chain starts at slot 0, where b was erased";
    EXPECT_EQ(map.size(), 3u);
}

TEST(HashMap, MatchesUnorderedMapOnRandomOperations) {
    // 100 000 operations: 45% insert_or_assign, 20% erase, 35% find. Keys come from a pool of
    // 3000 small keys, keys with only high bits set (k << 40) and the extremes, so inserts
    // repeat keys, erases hit and miss, and the table grows and runs at high load.
    std::mt19937_64 rng(20261126);
    std::vector<std::uint64_t> pool;
    for (std::uint64_t k = 0; k < 2000; ++k) pool.push_back(k);
    for (std::uint64_t k = 1; k <= 1000; ++k) pool.push_back(k << 40);
    for (std::uint64_t k : {kMax, kMax - 1, std::uint64_t{1} << 63}) pool.push_back(k);
    HashMap map;
    std::unordered_map<std::uint64_t, std::uint64_t> oracle;
    for (int step = 0; step < 100000; ++step) {
        const std::uint64_t key = pool[rng() % pool.size()];
        const int op = int(rng() % 100);
        if (op < 45) {
            const std::uint64_t value = rng();
            const bool is_new = !oracle.contains(key);
            oracle[key] = value;
            ASSERT_EQ(map.insert_or_assign(key, value), is_new) << "step " << step << ", insert_or_assign(" << key << ")";
        } else if (op < 65) {
            ASSERT_EQ(map.erase(key), oracle.erase(key) == 1) << "step " << step << ", erase(" << key << ")";
        } else {
            const auto it = oracle.find(key);
            const auto want = it == oracle.end() ? std::nullopt : std::optional<std::uint64_t>(it->second);
            ASSERT_EQ(map.find(key), want) << "step " << step << ", find(" << key << "), size " << oracle.size()
                                           << ", seed 20261126";
        }
        ASSERT_EQ(map.size(), oracle.size()) << "step " << step;
        ASSERT_LE(double(map.size()), double(map.capacity()) * HashMap::kMaxLoadFactor) << "step " << step;
        if (step % 1000 == 999) {
            ASSERT_TRUE(same_entries(map, oracle)) << "after step " << step << ", seed 20261126";
        }
    }
    ASSERT_TRUE(same_entries(map, oracle));
}

TEST(HashMap, EraseEverythingThenReuse) {
    HashMap map;
    std::unordered_map<std::uint64_t, std::uint64_t> oracle;
    for (std::uint64_t k = 0; k < 5000; ++k) {
        map.insert_or_assign(k * 7919, k);
        oracle[k * 7919] = k;
    }
    // Erase every other key, check, then the rest; the map must end empty and work again.
    for (std::uint64_t k = 0; k < 5000; k += 2) {
        ASSERT_TRUE(map.erase(k * 7919)) << "k = " << k;
        oracle.erase(k * 7919);
    }
    ASSERT_TRUE(same_entries(map, oracle)) << "after erasing every other one of 5000 keys";
    for (std::uint64_t k = 1; k < 5000; k += 2) ASSERT_TRUE(map.erase(k * 7919)) << "k = " << k;
    EXPECT_EQ(map.size(), 0u);
    EXPECT_FALSE(map.erase(7919)) << "erasing a missing key returns false";
    map.for_each([](std::uint64_t key, std::uint64_t) { ADD_FAILURE() << "for_each visits " << key << " in an empty map"; });
    EXPECT_TRUE(map.insert_or_assign(42, 1));
    EXPECT_EQ(map.find(42), std::optional<std::uint64_t>(1));
}

TEST(HashMap, GrowsByDoublingAtTheMaximumLoadFactor) {
    HashMap map;
    std::size_t last_capacity = 0;
    for (std::uint64_t k = 0; k < 10000; ++k) {
        map.insert_or_assign(k, k);
        const std::size_t capacity = map.capacity();
        ASSERT_LE(double(map.size()), double(capacity) * HashMap::kMaxLoadFactor)
            << "after " << map.size() << " inserts: grow before the load factor passes " << HashMap::kMaxLoadFactor;
        ASSERT_EQ(capacity & (capacity - 1), 0u) << "capacity " << capacity << " is not a power of two";
        if (capacity != last_capacity && last_capacity != 0) {
            ASSERT_EQ(capacity, 2 * last_capacity) << "grow by doubling";
            // It grew only when it had to: the previous table was full up to the load factor.
            ASSERT_GT(double(map.size()), double(last_capacity) * HashMap::kMaxLoadFactor)
                << "grew from " << last_capacity << " to " << capacity << " at size " << map.size() << ", too early";
        }
        last_capacity = capacity;
    }
    EXPECT_EQ(map.capacity(), 16384u) << "10000 keys need 10000 / 0.75 = 13334 slots, rounded up to a power of two";
    for (std::uint64_t k = 0; k < 10000; ++k) ASSERT_EQ(map.find(k), std::optional<std::uint64_t>(k)) << "key " << k;
}

TEST(HashMap, ReserveMakesRoomWithoutGrowingLater) {
    HashMap map;
    map.insert_or_assign(1, 1);
    map.reserve(3000);
    // 3000 / 0.75 = 4000 slots, rounded up to 4096.
    EXPECT_EQ(map.capacity(), 4096u);
    EXPECT_EQ(map.find(1), std::optional<std::uint64_t>(1)) << "reserve keeps the entries";
    for (std::uint64_t k = 2; k <= 3000; ++k) map.insert_or_assign(k, k);
    EXPECT_EQ(map.capacity(), 4096u) << "3000 keys fit after reserve(3000): no growth";
    map.reserve(10);
    EXPECT_EQ(map.capacity(), 4096u) << "reserve never shrinks";
}

// mean_probe_counts: fill a table to exactly the maximum load factor with keys(i), i < n, and
// return the mean probe_count of the stored keys and of `misses` keys that are not stored.
struct ProbeMeans {
    double hit, miss;
};
template <typename KeyOf>
ProbeMeans mean_probe_counts(std::size_t capacity, KeyOf key_of, std::uint64_t miss_offset) {
    const std::size_t n = std::size_t(double(capacity) * HashMap::kMaxLoadFactor);
    HashMap map;
    map.reserve(n);
    EXPECT_EQ(map.capacity(), capacity);
    for (std::size_t i = 0; i < n; ++i) map.insert_or_assign(key_of(i), i);
    EXPECT_EQ(map.capacity(), capacity) << "the table grew before reaching the load factor";
    EXPECT_EQ(map.size(), n);
    double hits = 0, misses = 0;
    for (std::size_t i = 0; i < n; ++i) hits += double(map.probe_count(key_of(i)));
    const std::size_t m = 10000;
    for (std::size_t i = 0; i < m; ++i) misses += double(map.probe_count(key_of(i + miss_offset)));
    return {hits / double(n), misses / double(m)};
}

// Knuth (TAOCP vol. 3, 6.4, Algorithm L): with uniform hashing at load a, linear probing inspects
// (1 + 1/(1-a))/2 slots on a hit and (1 + 1/(1-a)^2)/2 on a miss: 2.5 and 8.5 at a = 3/4. The
// means over 12288 keys and 10000 misses fluctuate by a few percent around those values; the bounds
// allow 40% (hits) and 60% (misses: the miss count has a heavier tail). A hash that leaves
// structured keys clustered gives means in the hundreds.
constexpr double kHitBound = 1.4 * 2.5;
constexpr double kMissBound = 1.6 * 8.5;

TEST(HashMap, MeanProbeLengthIsShortAtMaxLoadForRandomKeys) {
    std::mt19937_64 rng(7);
    std::vector<std::uint64_t> keys(12288 + 10000);
    for (auto& k : keys) k = rng();
    const auto means = mean_probe_counts(16384, [&](std::size_t i) { return keys[i]; }, 12288);
    EXPECT_LE(means.hit, kHitBound) << "mean probes of a hit at load 0.75, random keys (seed 7)";
    EXPECT_LE(means.miss, kMissBound) << "mean probes of a miss at load 0.75, random keys (seed 7)";
    EXPECT_GE(means.hit, 1.0);
}

TEST(HashMap, MeanProbeLengthIsShortAtMaxLoadForStructuredKeys) {
    // Keys that differ only in their high bits (i << 32) and multiples of the capacity: both
    // land in slot 0 under hash(k) = k. The hash must mix high bits into the low ones.
    for (int shift : {32, 14}) {
        const auto means = mean_probe_counts(16384, [&](std::size_t i) { return std::uint64_t(i + 1) << shift; }, 20000);
        EXPECT_LE(means.hit, kHitBound)
            << "keys (i + 1) << " << shift << ": mean probes of a hit " << means.hit
            << "; a hash that keeps only the low bits of the key clusters these keys";
        EXPECT_LE(means.miss, kMissBound) << "keys (i + 1) << " << shift;
    }
}

TEST(HashMap, ProbeCountOfAHandBuiltChain) {
    HashMap map;
    map.reserve(1);  // capacity 16
    const auto keys = keys_with_home(map, 9, 4);
    for (int i = 0; i < 3; ++i) map.insert_or_assign(keys[i], 0);
    // Slots 9, 10, 11 hold keys 0, 1, 2; slot 12 is empty.
    EXPECT_EQ(map.probe_count(keys[0]), 1u);
    EXPECT_EQ(map.probe_count(keys[1]), 2u);
    EXPECT_EQ(map.probe_count(keys[2]), 3u);
    EXPECT_EQ(map.probe_count(keys[3]), 4u) << "a miss inspects slots 9, 10, 11 and the empty slot 12";
}

TEST(HashMap, ForEachVisitsEveryEntryOnce) {
    HashMap map;
    std::unordered_map<std::uint64_t, std::uint64_t> want;
    for (std::uint64_t k = 0; k < 300; ++k) {
        map.insert_or_assign(k * k, k);
        want[k * k] = k;
    }
    EXPECT_TRUE(same_entries(map, want));
}

TEST(HashMap, ClearEmptiesButKeepsCapacity) {
    HashMap map;
    for (std::uint64_t k = 0; k < 100; ++k) map.insert_or_assign(k, k);
    const std::size_t capacity = map.capacity();
    map.clear();
    EXPECT_EQ(map.size(), 0u);
    EXPECT_EQ(map.capacity(), capacity);
    for (std::uint64_t k = 0; k < 100; ++k) ASSERT_FALSE(map.contains(k)) << "key " << k << " survives clear()";
    EXPECT_TRUE(map.insert_or_assign(5, 6));
    EXPECT_EQ(map.find(5), std::optional<std::uint64_t>(6));
}

TEST(HashMap, HomeSlotRefusesAMapWithoutSlots) {
    HashMap map;
    map.insert_or_assign(1, 1);
    EXPECT_LT(map.home_slot(1), map.capacity()) << course::testing::kValidCallFirst;  // valid first
    const HashMap empty;
    EXPECT_EQ(empty.find(1), std::nullopt) << "find on a map with no slots";
    EXPECT_TRUE(ThrowsInvalidArgument([&] { (void)empty.home_slot(1); }, {"home_slot", "capacity 0"}));
}

// mean_miss_probes: the mean probe_count of one missing key per home slot (keys from `start`
// upward, skipping stored ones), so every slot of the table starts one walk.
double mean_miss_probes(const HashMap& map, std::uint64_t start) {
    std::vector<bool> covered(map.capacity(), false);
    std::size_t left = map.capacity();
    double total = 0;
    for (std::uint64_t k = start; left > 0; ++k) {
        const std::size_t home = map.home_slot(k);
        if (covered[home] || map.contains(k)) continue;
        covered[home] = true;
        --left;
        total += double(map.probe_count(k));
    }
    return total / double(map.capacity());
}

TEST(HashMap, ChurnKeepsMissesShort) {
    // Cost under insert/erase churn: 100 live keys in 1024 slots; each step inserts a new key and
    // erases the oldest, 6000 times, so every slot sees many keys come and go. Backward shift
    // leaves no trace of an erased key: the table holds 100 keys at load 0.1, and a miss inspects
    // about (1 + 1/(1 - 0.1)^2)/2 = 1.1 slots (Knuth, Algorithm L). Tombstones that are never
    // reclaimed fill the empty slots one erase at a time: misses walk ever longer runs, and once no
    // empty slot is left a miss never ends. The bound, 1.6 x 8.5 (the miss bound of the load 3/4
    // tests above), is checked every 8 steps, long before a table of live keys and tombstones could
    // fill up. (The contract asks for backward-shift deletion, which leaves no tombstone at all.)
    HashMap map;
    map.reserve(768);
    ASSERT_EQ(map.capacity(), 1024u);
    std::vector<std::uint64_t> live;
    std::uint64_t next = 1;
    for (; next <= 100; ++next) {
        map.insert_or_assign(next * 0x9E3779B97F4A7C15ULL, next);
        live.push_back(next * 0x9E3779B97F4A7C15ULL);
    }
    std::size_t oldest = 0;
    for (int step = 0; step < 6000; ++step, ++next) {
        const std::uint64_t key = next * 0x9E3779B97F4A7C15ULL;
        ASSERT_TRUE(map.insert_or_assign(key, next)) << "step " << step;
        live.push_back(key);
        ASSERT_TRUE(map.erase(live[oldest++])) << "step " << step;
        ASSERT_EQ(map.size(), 100u);
        if (step % 8 == 0) {
            const double mean = mean_miss_probes(map, std::uint64_t{1} << 62);
            ASSERT_LE(mean, kMissBound) << "after " << step + 1 << " inserts and erases with 100 live keys in 1024 slots, a miss "
                                        << "inspects " << mean << " slots on average: erased slots are not reclaimed (tombstones?)";
        }
    }
    EXPECT_EQ(map.capacity(), 1024u) << "100 live keys never need more than the 1024 slots reserved";
    for (std::size_t i = oldest; i < live.size(); ++i) ASSERT_TRUE(map.contains(live[i])) << "live key " << i;
}

// fresh_map: the keys inserted in the given order into an empty map reserved to `capacity` slots.
HashMap fresh_map(std::size_t capacity, const std::vector<std::uint64_t>& keys) {
    HashMap map;
    map.reserve(std::size_t(double(capacity) * HashMap::kMaxLoadFactor));
    for (std::uint64_t k : keys) map.insert_or_assign(k, k);
    return map;
}

TEST(HashMap, EraseLeavesTheTableAsIfTheKeyWasNeverInserted) {
    // The whole table after each erase: backward shift (Knuth, Algorithm R) leaves exactly the
    // table that inserting the remaining keys, in their order, would have built. So the miss
    // starting at every slot inspects as many slots as in that fresh table, and each stored key is
    // as far from its home. Checked after each of 4000 random inserts and erases on 16 slots holding
    // 6 to 12 keys, where runs are long and wrap around the end: a shift that moves an entry past
    // its home, skips one that could move, or stops at the first entry that must stay shows here.
    std::mt19937_64 rng(404);
    HashMap map;
    map.reserve(12);
    ASSERT_EQ(map.capacity(), 16u);
    std::vector<std::uint64_t> misses;  // misses[slot]: a key never stored, with home slot `slot`
    for (std::size_t slot = 0; slot < 16; ++slot) misses.push_back(keys_with_home(map, slot, 1, std::uint64_t{1} << 63).front());
    std::vector<std::uint64_t> order;  // the stored keys, oldest first
    for (int step = 0; step < 4000; ++step) {
        const bool insert = order.size() < 6 || (order.size() < 12 && rng() % 2 == 0);
        if (insert) {
            const std::uint64_t key = rng();
            ASSERT_TRUE(map.insert_or_assign(key, key));
            order.push_back(key);
        } else {
            const std::size_t i = rng() % order.size();
            ASSERT_TRUE(map.erase(order[i])) << "step " << step;
            order.erase(order.begin() + std::ptrdiff_t(i));
        }
        ASSERT_EQ(map.capacity(), 16u);
        const HashMap fresh = fresh_map(16, order);
        for (std::uint64_t k : order) {
            ASSERT_EQ(map.probe_count(k), fresh.probe_count(k))
                << "step " << step << " (seed 404, " << order.size() << " keys): key " << k << " is not where inserting the "
                << "remaining keys afresh puts it";
        }
        for (std::size_t slot = 0; slot < 16; ++slot) {
            const std::uint64_t miss = misses[slot];
            ASSERT_EQ(map.probe_count(miss), fresh.probe_count(miss))
                << "step " << step << " (seed 404): a miss starting at slot " << slot << " inspects " << map.probe_count(miss)
                << " slots, " << fresh.probe_count(miss) << " in the table built afresh: an erase left a slot full or "
                << "emptied one it should not have";
        }
    }
}

TEST(HashMap, LongChainsThatWrapAroundTheEndOfTheTable) {
    // Range bounds: in 32 slots, 16 keys with the same home slot h fill h, h + 1, ..., h + 15
    // (mod 32). For h = 31 the chain wraps after its first slot and its last key sits in slot 14:
    // a lookup that reads the control bytes of 16 slots at once from slot 31 reads slots 0 .. 14
    // through the copies kept past the end of the table, so every copy must be kept up to date
    // (slots 0 .. 14, also when an erase changes them). Homes 17 and 30 wrap at other points.
    for (std::size_t home : {std::size_t{31}, std::size_t{30}, std::size_t{17}}) {
        HashMap map;
        map.reserve(24);
        ASSERT_EQ(map.capacity(), 32u);
        const auto keys = keys_with_home(map, home, 17);
        for (int i = 0; i < 16; ++i) map.insert_or_assign(keys[std::size_t(i)], std::uint64_t(i));
        for (int i = 0; i < 16; ++i) {
            ASSERT_EQ(map.find(keys[std::size_t(i)]), std::optional<std::uint64_t>(i))
                << "home " << home << ": key " << i << " of the chain, in slot " << (home + std::size_t(i)) % 32;
            ASSERT_EQ(map.probe_count(keys[std::size_t(i)]), std::size_t(i) + 1)
                << "home " << home << ": key " << i << " of the chain is found after " << i + 1 << " probes";
        }
        EXPECT_FALSE(map.contains(keys[16])) << "home " << home << ": a miss walks the whole chain";
        EXPECT_EQ(map.probe_count(keys[16]), 17u) << "home " << home << ": a miss inspects the 16 keys and the empty slot after them";
        // Erase from the front, one by one: each erase shifts the whole rest of the chain back.
        for (int i = 0; i < 15; ++i) {
            ASSERT_TRUE(map.erase(keys[std::size_t(i)]));
            for (int j = i + 1; j < 16; ++j) {
                ASSERT_EQ(map.find(keys[std::size_t(j)]), std::optional<std::uint64_t>(j))
                    << "home " << home << ", after erasing the first " << i + 1 << " keys of the chain";
                ASSERT_EQ(map.probe_count(keys[std::size_t(j)]), std::size_t(j - i))
                    << "home " << home << ", key " << j << " after erasing the first " << i + 1
                    << " keys: backward shift moves each later key of the chain one slot closer to home";
            }
            ASSERT_FALSE(map.contains(keys[16]));
        }
    }
}

TEST(HashMap, AMapWithoutSlotsAnswersEverything) {
    // Special point: the map before its first insert has capacity 0 (no slots at all). Every
    // query must answer without touching a slot: probe_count is 0 (the contract), a find, an
    // erase and a clear find nothing to do.
    HashMap map;
    map.insert_or_assign(1, 1);  // the exercise's own code first
    HashMap empty;
    EXPECT_EQ(empty.capacity(), 0u);
    EXPECT_EQ(empty.probe_count(7), 0u) << "no slots: a lookup inspects none";
    EXPECT_FALSE(empty.erase(7));
    EXPECT_EQ(empty.find(7), std::nullopt);
    EXPECT_FALSE(empty.contains(0));
    empty.clear();
    empty.for_each([](std::uint64_t key, std::uint64_t) { ADD_FAILURE() << "for_each visits " << key << " in a map without slots"; });
    EXPECT_EQ(empty.size(), 0u);
    EXPECT_EQ(empty.capacity(), 0u) << "nothing above allocates";
    EXPECT_TRUE(empty.insert_or_assign(7, 8));
    EXPECT_EQ(empty.capacity(), HashMap::kMinCapacity);
}

TEST(HashMap, ReserveWithinTheCapacityChangesNothing) {
    // A reserve that needs no growth must leave the table as it is (it is O(1) then, not a
    // rehash). A chain that wraps around the end shows a rehash: reinserting in slot order moves
    // the keys of slots 0 and 1 (home 15) ahead of the key in slot 15.
    HashMap map;
    map.reserve(1);
    ASSERT_EQ(map.capacity(), 16u);
    const auto keys = keys_with_home(map, 15, 3);
    for (std::uint64_t k : keys) map.insert_or_assign(k, k);
    for (std::size_t n : {std::size_t{0}, std::size_t{3}, std::size_t{12}}) {
        map.reserve(n);
        EXPECT_EQ(map.capacity(), 16u) << "reserve(" << n << ")";
        for (std::size_t i = 0; i < keys.size(); ++i) {
            EXPECT_EQ(map.probe_count(keys[i]), i + 1) << "after reserve(" << n << "), the key inserted " << i + 1
                                                       << "th with home 15 moved: a reserve without growth rehashed";
        }
    }
}

TEST(HashMap, ReserveBeyondAnyTableThrowsLengthError) {
    // Scale: reserve(n) for n = 2^64 - 1, 2^63 and 2^62. Doubling a capacity from 16 up to hold n
    // keys passes 2^63 and wraps around to 0 for the first two (a loop that never ends); the third
    // needs 2^63 slots, which no vector holds. Each must throw std::length_error (as std::vector
    // does) and leave the map as it was.
    HashMap map;
    map.insert_or_assign(1, 2);
    EXPECT_EQ(map.find(1), std::optional<std::uint64_t>(2)) << course::testing::kValidCallFirst;  // valid first
    for (std::size_t n : {std::numeric_limits<std::size_t>::max(), std::size_t{1} << 63, std::size_t{1} << 62}) {
        EXPECT_THROW(map.reserve(n), std::length_error) << "reserve(" << n << ")";
        EXPECT_EQ(map.capacity(), HashMap::kMinCapacity) << "a reserve that throws changes nothing";
        EXPECT_EQ(map.find(1), std::optional<std::uint64_t>(2));
    }
    EXPECT_TRUE(map.insert_or_assign(3, 4)) << "the map still works after the refused reserves";
}

}  // namespace
}  // namespace course::data_structures
