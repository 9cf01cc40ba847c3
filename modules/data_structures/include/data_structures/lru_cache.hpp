// LRU cache: a map of bounded size that evicts the least recently used entry, with O(1) get and put.
// Notes: docs/data_structures.md#lru_cache.
//
// The entries form a list ordered by recency, the most recently used at the front; a hash map
// finds each entry's list node directly. get moves the entry it finds to the front; put inserts at
// the front (or updates and moves an existing key) and, when that makes size > capacity, evicts the
// entry at the back:
//
//     get(k):    hit -> move k to the front, return its value;  miss -> nothing
//     put(k, v): k present -> update, move to front;  else insert at front, evict the back if full
//
// Cost: O(1) expected for get and put (one hash lookup, a constant number of list splices).
// A serving system caches key/value blocks of recent prompts this way; CPU caches approximate it.
// Source: CLRS 4th ed., 10.2 (doubly linked lists), 11 (hash tables); Knuth, TAOCP vol. 1, 2.2.5.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "course/error.hpp"
#include "data_structures/counted.hpp"

namespace course::data_structures {

class LruCache {
public:
    // LruCache: an empty cache holding at most `capacity` entries. Throws std::invalid_argument for
    // capacity 0 (nothing could ever be stored).
    explicit LruCache(std::size_t capacity);

    // get: the value of key, and key becomes the most recently used; nothing on a miss.
    std::optional<std::uint64_t> get(std::uint64_t key);
    // put: store value under key as the most recently used entry; if the cache then holds more than
    // capacity entries, evict the least recently used one.
    void put(std::uint64_t key, std::uint64_t value);
    // contains: is key cached? Does not count as a use.
    bool contains(std::uint64_t key) const;

    // size: the number of entries; capacity: the most it holds.
    std::size_t size() const;
    std::size_t capacity() const;

    // keys_by_recency: every cached key, most recently used first. O(size).
    std::vector<std::uint64_t> keys_by_recency() const;

private:
    // check_capacity: the constructor refuses capacity 0 (not the lesson).
    static void check_capacity(std::size_t capacity) {
        COURSE_CHECK(capacity > 0, "LruCache: capacity 0; a cache must hold at least one entry");
    }

    // CachedKey: a key as order_ stores it; it converts to and from std::uint64_t, and every read
    // (the conversion to std::uint64_t) counts one step (count_step, counted.hpp). The tests count
    // the keys an operation reads in the list: get and put read at most one (the evicted entry's),
    // where a get that searches the list for its key reads up to size() of them.
    class CachedKey {
    public:
        CachedKey(std::uint64_t key) : key_(key) {}  // implicit: order_.emplace_front(key, value)
        operator std::uint64_t() const {
            count_step();
            return key_;
        }

    private:
        std::uint64_t key_;
    };

    using Entry = std::pair<CachedKey, std::uint64_t>;  // (key, value)
    std::size_t capacity_;
    std::list<Entry> order_;  // most recently used at the front
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> where_;  // key -> its node in order_
};

}  // namespace course::data_structures
