// Reference solution: LRU cache. Contract: include/data_structures/lru_cache.hpp
//
// std::list::splice moves a node to the front without copying it or invalidating iterators, so the
// iterators stored in where_ stay valid for as long as their entries are cached.
#include "data_structures/lru_cache.hpp"

#include "course/error.hpp"

namespace course::data_structures {

// The map is not reserved for capacity entries: the capacity is only an upper bound (2^64 - 1
// means "never evict"), and memory follows the entries actually stored.
LruCache::LruCache(std::size_t capacity) : capacity_(capacity) { check_capacity(capacity); }

std::size_t LruCache::size() const { return order_.size(); }
std::size_t LruCache::capacity() const { return capacity_; }

std::optional<std::uint64_t> LruCache::get(std::uint64_t key) {
    const auto it = where_.find(key);
    if (it == where_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);  // a use: to the front
    return it->second->second;
}

void LruCache::put(std::uint64_t key, std::uint64_t value) {
    const auto it = where_.find(key);
    if (it != where_.end()) {
        it->second->second = value;
        order_.splice(order_.begin(), order_, it->second);
        return;
    }
    order_.emplace_front(key, value);
    where_.emplace(key, order_.begin());
    if (order_.size() > capacity_) {
        where_.erase(order_.back().first);  // the least recently used
        order_.pop_back();
    }
}

bool LruCache::contains(std::uint64_t key) const { return where_.contains(key); }

std::vector<std::uint64_t> LruCache::keys_by_recency() const {
    std::vector<std::uint64_t> keys;
    keys.reserve(order_.size());
    for (const Entry& e : order_) keys.push_back(e.first);
    return keys;
}

}  // namespace course::data_structures
