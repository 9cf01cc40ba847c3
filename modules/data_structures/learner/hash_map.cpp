// Exercise 7: hash map with open addressing. Contract: include/data_structures/hash_map.hpp
// Notes: docs/data_structures.md#hash_map.  Hints: ./course hint data_structures hash_map
// Grade it:  ./course grade data_structures hash_map
//
// The layout is in the header: slots_ (key, value) and ctrl_ (0 = empty), both `capacity` long.
//     home(key) = hash(key) & (capacity - 1),   probe i = (home + i) & (capacity - 1)
#include "data_structures/hash_map.hpp"

#include <algorithm>

#include "course/error.hpp"

namespace course::data_structures {

HashMap::HashMap() = default;

std::size_t HashMap::size() const { return size_; }
std::size_t HashMap::capacity() const { return slots_.size(); }

std::size_t HashMap::home_slot(std::uint64_t key) const {
    check_has_slots(slots_.empty());
    // TODO(learner): mix the key's bits, then mask with capacity - 1.
    // Hint: the identity hash puts the keys k << 32 all in slot 0; use a mixing function such as
    // the splitmix64 finalizer (xor-shift, multiply, xor-shift, multiply, xor-shift).
    COURSE_TODO("HashMap::home_slot");
}

std::optional<std::uint64_t> HashMap::find(std::uint64_t key) const {
    // TODO(learner): walk from the home slot until the key or an empty slot.
    COURSE_TODO("HashMap::find");
}

bool HashMap::contains(std::uint64_t key) const {
    COURSE_TODO("HashMap::contains");
}

std::size_t HashMap::probe_count(std::uint64_t key) const {
    // TODO(learner): the same walk as find, counting the slots it inspects.
    COURSE_TODO("HashMap::probe_count");
}

void HashMap::reserve(std::size_t n) {
    // TODO(learner): grow to the smallest power of two >= kMinCapacity with
    // capacity * kMaxLoadFactor >= n, and reinsert every entry at its new home.
    COURSE_TODO("HashMap::reserve");
}

bool HashMap::insert_or_assign(std::uint64_t key, std::uint64_t value) {
    // TODO(learner): grow first if size + 1 would pass the load factor; then walk the chain:
    // replace the value if the key is there, else take the empty slot that ends it.
    COURSE_TODO("HashMap::insert_or_assign");
}

bool HashMap::erase(std::uint64_t key) {
    // TODO(learner): find the key's slot (the hole), then walk the rest of the cluster and move
    // back every entry that may move into the hole without passing its own home slot.
    // Hint: just emptying the slot cuts the probe chain of every key stored behind it.
    COURSE_TODO("HashMap::erase");
}

void HashMap::clear() {
    COURSE_TODO("HashMap::clear");
}

void HashMap::for_each(const std::function<void(std::uint64_t key, std::uint64_t value)>& visit) const {
    // TODO(learner): visit every full slot.
    COURSE_TODO("HashMap::for_each");
}

}  // namespace course::data_structures
