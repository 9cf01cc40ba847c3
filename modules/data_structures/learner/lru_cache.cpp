// Exercise 13: LRU cache. Contract: include/data_structures/lru_cache.hpp
// Notes: docs/data_structures.md#lru_cache.  Hints: ./course hint data_structures lru_cache
// Grade it:  ./course grade data_structures lru_cache
//
//     get(k):    hit -> move k to the front, return its value;  miss -> nothing
//     put(k, v): k present -> update, move to front;  else insert at front, evict the back if full
//
// The layout is in the header: order_ (a std::list, most recent first) and where_ (key -> list node).
#include "data_structures/lru_cache.hpp"

#include "course/error.hpp"

namespace course::data_structures {

LruCache::LruCache(std::size_t capacity) : capacity_(capacity) {
    check_capacity(capacity);
}

std::size_t LruCache::capacity() const { return capacity_; }

std::size_t LruCache::size() const {
    COURSE_TODO("LruCache::size");
}

std::optional<std::uint64_t> LruCache::get(std::uint64_t key) {
    // TODO(learner): look the key up in where_; on a hit move its node to the front of order_.
    // Hint: order_.splice(order_.begin(), order_, node) moves one node in O(1), and iterators stay valid.
    COURSE_TODO("LruCache::get");
}

void LruCache::put(std::uint64_t key, std::uint64_t value) {
    // TODO(learner): update and move to the front, or insert at the front; then evict from the back
    // (erase its key from where_ too) while size > capacity.
    COURSE_TODO("LruCache::put");
}

bool LruCache::contains(std::uint64_t key) const {
    COURSE_TODO("LruCache::contains");
}

std::vector<std::uint64_t> LruCache::keys_by_recency() const {
    COURSE_TODO("LruCache::keys_by_recency");
}

}  // namespace course::data_structures
