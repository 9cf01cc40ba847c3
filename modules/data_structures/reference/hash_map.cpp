// Reference solution: hash map with open addressing. Contract: include/data_structures/hash_map.hpp
//
// Layout: slots_[i] = {key, value} and ctrl_[i] in two flat arrays of `capacity` entries, capacity
// a power of two so that "mod capacity" is a mask. The hash h = mix(key) gives both the home slot
// (its low bits) and a 7-bit tag (its top bits), kept in ctrl_ as 0x80 | tag; 0 marks an empty slot.
//
// find reads the control bytes 8 at a time, as one 64-bit word, and finds the tag matches and the
// empty slots among them with a few bit operations (SWAR: SIMD within a register). Swiss tables
// (absl::flat_hash_map) do the same with 16 bytes and SSE2. Why groups: out of cache the speed of
// independent lookups is set by how many the processor keeps in flight, and a branch it guesses
// wrong throws away the ones it had started. Walking one slot at a time, the loop's exit depends on
// each loaded byte and is guessed wrong often; a group of 8 nearly always contains the empty slot
// that ends a miss, so the exit becomes predictable. The one-slot-at-a-time walk is kept in
// insert_or_assign, erase and probe_count, where it is clearer.
#include "data_structures/hash_map.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "course/error.hpp"

namespace course::data_structures {
namespace {

// mix: the splitmix64 finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014). Every input bit flips each output bit with probability about 1/2,
// so masking off the low bits gives a uniform home slot even for keys that differ only in their
// high bits (k << 32), where the identity hash would put every key in slot 0.
inline std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// tag_of: the control byte of a full slot whose key hashes to h: bit 7 set, so never 0 (empty).
inline std::uint8_t tag_of(std::uint64_t h) { return std::uint8_t(0x80 | (h >> 57)); }

constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;   // 0x01 in every byte
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;  // 0x80 in every byte

// load_group: the control bytes of slots i .. i+7 (mod capacity) as one little-endian word: byte d
// belongs to slot i + d. Only the last 7 starting points wrap around and need the slow path.
inline std::uint64_t load_group(const std::vector<std::uint8_t>& ctrl, std::size_t i) {
    std::uint64_t word = 0;
    if (i + 8 <= ctrl.size()) {
        std::memcpy(&word, ctrl.data() + i, 8);
    } else {
        const std::size_t mask = ctrl.size() - 1;
        for (unsigned d = 0; d < 8; ++d) word |= std::uint64_t(ctrl[(i + d) & mask]) << (8 * d);
    }
    return word;
}

// capacity_for: the smallest power of two >= kMinCapacity whose kMaxLoadFactor share holds n keys.
std::size_t capacity_for(std::size_t n) {
    std::size_t capacity = HashMap::kMinCapacity;
    while (double(capacity) * HashMap::kMaxLoadFactor < double(n)) capacity *= 2;
    return capacity;
}

}  // namespace

HashMap::HashMap() = default;

std::size_t HashMap::size() const { return size_; }
std::size_t HashMap::capacity() const { return slots_.size(); }

std::size_t HashMap::home_slot(std::uint64_t key) const {
    COURSE_CHECK(!slots_.empty(), "HashMap::home_slot: the map has capacity 0 (nothing inserted or reserved yet)");
    return mix(key) & (slots_.size() - 1);
}

std::optional<std::uint64_t> HashMap::find(std::uint64_t key) const {
    if (slots_.empty()) return std::nullopt;
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t h = mix(key);
    const std::uint64_t tags = kLowBits * tag_of(h);  // the tag in every byte
    // Ask for the home slot's cache line now: a hit usually sits there or just after it, and the
    // fetch then overlaps the load of the control bytes instead of waiting for it (out of cache,
    // one memory latency per hit instead of two in a row).
    __builtin_prefetch(&slots_[h & mask]);
    for (std::size_t i = h & mask;; i = (i + 8) & mask) {
        const std::uint64_t group = load_group(ctrl_, i);
        // empty: bit 7 of byte d set where slot i + d is empty (full bytes have bit 7 set).
        const std::uint64_t empty = ~group & kHighBits;
        // match: bit 7 of byte d set where the byte equals the tag (x has a zero byte there). The
        // classic zero-byte test can also flag a byte just above a true zero; such a false match
        // only costs one key comparison.
        const std::uint64_t x = group ^ tags;
        std::uint64_t match = (x - kLowBits) & ~x & kHighBits;
        // Only slots before the first empty one belong to the chain.
        if (empty != 0) match &= (empty & -empty) - 1;
        for (; match != 0; match &= match - 1) {
            const std::size_t j = (i + std::size_t(std::countr_zero(match) / 8)) & mask;
            if (slots_[j].key == key) return slots_[j].value;
        }
        if (empty != 0) return std::nullopt;  // the chain ends in this group: key is not stored
    }
}

bool HashMap::contains(std::uint64_t key) const { return find(key).has_value(); }

std::size_t HashMap::probe_count(std::uint64_t key) const {
    if (slots_.empty()) return 0;
    const std::size_t mask = slots_.size() - 1;
    std::size_t probes = 1;
    for (std::size_t i = mix(key) & mask; ctrl_[i] != 0 && slots_[i].key != key; i = (i + 1) & mask) ++probes;
    return probes;
}

void HashMap::reserve(std::size_t n) {
    const std::size_t wanted = capacity_for(n);
    if (wanted <= slots_.size()) return;
    // Rehash: every entry moves to its home slot in the larger table (the low bits of its hash
    // now include one more bit). The old table is a list of entries to reinsert.
    std::vector<Slot> old_slots(wanted);
    std::vector<std::uint8_t> old_ctrl(wanted, 0);
    old_slots.swap(slots_);
    old_ctrl.swap(ctrl_);
    const std::size_t mask = wanted - 1;
    for (std::size_t j = 0; j < old_slots.size(); ++j) {
        if (old_ctrl[j] == 0) continue;
        std::size_t i = mix(old_slots[j].key) & mask;
        while (ctrl_[i] != 0) i = (i + 1) & mask;  // keys are distinct: no comparison needed
        slots_[i] = old_slots[j];
        ctrl_[i] = old_ctrl[j];  // the tag depends on the key only, not on the capacity
    }
}

bool HashMap::insert_or_assign(std::uint64_t key, std::uint64_t value) {
    if (double(size_ + 1) > double(slots_.size()) * kMaxLoadFactor) reserve(size_ + 1);
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t h = mix(key);
    const std::uint8_t tag = tag_of(h);
    std::size_t i = h & mask;
    for (; ctrl_[i] != 0; i = (i + 1) & mask) {
        if (ctrl_[i] == tag && slots_[i].key == key) {
            slots_[i].value = value;
            return false;
        }
    }
    slots_[i] = {key, value};
    ctrl_[i] = tag;
    ++size_;
    return true;
}

bool HashMap::erase(std::uint64_t key) {
    if (slots_.empty()) return false;
    const std::size_t mask = slots_.size() - 1;
    std::size_t hole = mix(key) & mask;
    for (; ctrl_[hole] != 0; hole = (hole + 1) & mask) {
        if (slots_[hole].key == key) break;
    }
    if (ctrl_[hole] == 0) return false;
    // Backward shift (Knuth, Algorithm R): walk the rest of the cluster. An entry at slot j whose
    // home h is cyclically outside (hole, j] can move back into the hole without jumping over
    // its own home; it does, and its old slot becomes the new hole. An entry whose home lies in
    // (hole, j] must stay, or a lookup starting at h would miss it.
    for (std::size_t j = (hole + 1) & mask; ctrl_[j] != 0; j = (j + 1) & mask) {
        const std::size_t home = mix(slots_[j].key) & mask;
        const std::size_t distance_home = (j - home) & mask;  // how far j is past its home
        const std::size_t distance_hole = (j - hole) & mask;  // how far j is past the hole
        if (distance_home >= distance_hole) {
            slots_[hole] = slots_[j];
            ctrl_[hole] = ctrl_[j];
            hole = j;
        }
    }
    ctrl_[hole] = 0;
    --size_;
    return true;
}

void HashMap::clear() {
    std::fill(ctrl_.begin(), ctrl_.end(), std::uint8_t{0});
    size_ = 0;
}

void HashMap::for_each(const std::function<void(std::uint64_t key, std::uint64_t value)>& visit) const {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        if (ctrl_[i] != 0) visit(slots_[i].key, slots_[i].value);
    }
}

}  // namespace course::data_structures
