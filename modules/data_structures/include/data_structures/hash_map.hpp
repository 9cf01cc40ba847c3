// Hash map with open addressing: 64-bit keys to 64-bit values, linear probing, backward-shift
// deletion. Notes: docs/data_structures.md#hash_map.
//
// Every entry lives in one flat array of slots. A key's home slot is hash(key) mod capacity; a
// lookup inspects the home slot, then the next, and the next (wrapping around at the end), until it
// finds the key or an empty slot. The run of full slots it walks is the key's probe chain.
//
//     home(key) = hash(key) & (capacity - 1)            capacity a power of two
//     probe i   = (home(key) + i) & (capacity - 1)      i = 0, 1, 2, ...
//
// Invariant: every stored key sits at the end of an unbroken run of full slots starting at its
// home slot. A lookup stops at the first empty slot, so emptying a slot in the middle of a chain
// would hide every key behind it. erase therefore shifts the following entries of the cluster
// back (Knuth's Algorithm R, TAOCP vol. 3, 6.4), which also leaves no tombstones behind.
//
// Cost: with a hash that spreads keys uniformly and load factor a = size / capacity, a successful
// lookup inspects about (1 + 1 / (1 - a)) / 2 slots and an unsuccessful one about
// (1 + 1 / (1 - a)^2) / 2 (Knuth, 6.4, Algorithm L): 2.5 and 8.5 at the maximum load factor 3/4.
// insert, find and erase are O(1) expected; growth doubles the capacity and reinserts every entry,
// O(1) amortized per insert. Iteration visits every slot: O(capacity).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "course/error.hpp"

namespace course::data_structures {

class HashMap {
public:
    // kMaxLoadFactor: insert grows the table (doubles the capacity) before size would exceed
    // kMaxLoadFactor * capacity.
    static constexpr double kMaxLoadFactor = 0.75;
    // kMinCapacity: the capacity of the first allocation (an empty map holds no slots at all).
    static constexpr std::size_t kMinCapacity = 16;

    // HashMap: an empty map with capacity 0; the first insert allocates kMinCapacity slots.
    HashMap();

    // insert_or_assign: map key to value. Returns true when key was new, false when its value
    // was replaced. Every 64-bit key is allowed, 0 and 2^64 - 1 included. Expected O(1).
    bool insert_or_assign(std::uint64_t key, std::uint64_t value);

    // find: the value of key, or nothing. Expected O(1).
    std::optional<std::uint64_t> find(std::uint64_t key) const;

    // contains: find(key).has_value().
    bool contains(std::uint64_t key) const;

    // erase: remove key; returns whether it was there. Keeps every other key findable (see the
    // invariant above). Expected O(1).
    bool erase(std::uint64_t key);

    // size: the number of keys. capacity: the number of slots (0 or a power of two >= kMinCapacity).
    std::size_t size() const;
    std::size_t capacity() const;

    // reserve: make room for n keys without growing: afterwards capacity() * kMaxLoadFactor >= n.
    // When the capacity is already enough it changes nothing (no rehash).
    // Never shrinks. Throws std::length_error, and changes nothing, when no table the machine can
    // index holds n keys (n near 2^63: doubling the capacity must not wrap around to 0).
    void reserve(std::size_t n);

    // clear: remove every key, keep the capacity.
    void clear();

    // for_each: call visit(key, value) once for every entry, in slot order. O(capacity).
    void for_each(const std::function<void(std::uint64_t key, std::uint64_t value)>& visit) const;

    // home_slot: hash(key) & (capacity - 1), the first slot a lookup of key inspects. The tests
    // use it to build colliding keys. Throws std::invalid_argument on a map with capacity 0.
    std::size_t home_slot(std::uint64_t key) const;

    // probe_count: the number of slots a one-slot-at-a-time lookup of key inspects: for a stored
    // key, its distance from its home slot plus one; for a missing key, the slots up to and
    // including the empty slot that ends the search (0 on a map with capacity 0).
    std::size_t probe_count(std::uint64_t key) const;

private:
    // check_has_slots: home_slot refuses a map with capacity 0 (not its lesson).
    static void check_has_slots(bool no_slots) {
        COURSE_CHECK(!no_slots, "HashMap::home_slot: the map has capacity 0 (nothing inserted or reserved yet)");
    }

    struct Slot {
        std::uint64_t key;
        std::uint64_t value;
    };
    std::vector<Slot> slots_;  // capacity entries; meaningful where ctrl_ is not 0
    // ctrl_[i] == 0: slot i is empty. Otherwise it holds an entry, and the byte carries a tag of
    // 7 bits of the key's hash, 0x80 | (hash >> 57): a lookup reads slots_[i] only where the tag
    // matches (1 time in 128 for another key), so it mostly scans these bytes, 64 to a cache line.
    // Storing 1 for every entry (ignoring the tag) is correct too, only slower. ctrl_ may be
    // longer than slots_: the reference keeps 15 extra bytes that repeat ctrl_[0..14], so that
    // it can read the bytes of any 16 consecutive slots without wrapping around.
    std::vector<std::uint8_t> ctrl_;
    std::size_t size_ = 0;  // number of full slots
};

}  // namespace course::data_structures
