// Reference solution: hash map with open addressing. Contract: include/data_structures/hash_map.hpp
//
// Layout: slots_[i] = {key, value} and ctrl_[i] in two flat arrays, capacity a power of two so that
// "mod capacity" is a mask. The hash h = mix(key) gives both the home slot (its low bits) and a
// 7-bit tag (its top bits), kept in ctrl_ as 0x80 | tag; 0 marks an empty slot. ctrl_ has
// kGroupWidth - 1 more bytes than there are slots: ctrl_[capacity + d] repeats ctrl_[d], so that
// the control bytes of the 16 slots i, i+1, ..., i+15 (mod capacity) can be read as one contiguous
// group from any i, with no wrap-around case. set_ctrl keeps the copies equal.
//
// find compares a whole group of 16 control bytes with the tag at once (SSE2 on x86-64, plain
// 64-bit words elsewhere) and reads a slot only where the tag matches; Swiss tables
// (absl::flat_hash_map) are built the same way. Why groups: out of cache the speed of independent
// lookups is set by how many the processor keeps in flight, and a branch it guesses wrong throws
// away the ones it had started. Walking one slot at a time, the loop's exit depends on each loaded
// byte and is guessed wrong often; a group of 16 nearly always contains the key, or the empty slot
// that ends a miss, so every branch of a lookup goes the usual way. The one-slot-at-a-time walk is
// kept in insert_or_assign, erase and probe_count, where it is clearer.
#include "data_structures/hash_map.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "course/error.hpp"

namespace course::data_structures {
namespace {

// mix: a 64-bit hash from one 64 x 64 -> 128-bit multiplication by 2^64 / golden ratio (an odd
// constant), folded by xoring the high half into the low half. The low half carries the key's low
// bits upward, the high half brings its high bits down, so the low bits that pick the home slot
// and the top bits that make the tag depend on the whole key: keys that differ only in their high
// bits (k << 32), where the identity hash would put every key in slot 0, spread out. One multiply
// keeps the lookup's chain of dependent instructions short (see find).
inline std::uint64_t mix(std::uint64_t x) {
    __extension__ using Product = unsigned __int128;
    const Product p = Product(x) * 0x9e3779b97f4a7c15ULL;
    return std::uint64_t(p) ^ std::uint64_t(p >> 64);
}

// tag_of: the control byte of a full slot whose key hashes to h: bit 7 set, so never 0 (empty).
inline std::uint8_t tag_of(std::uint64_t h) { return std::uint8_t(0x80 | (h >> 57)); }

// kGroupWidth: the number of control bytes find compares at once. Both versions of scan_group
// below read exactly 16 (one SSE2 register, or two 64-bit words).
constexpr std::size_t kGroupWidth = 16;
static_assert(kGroupWidth == 16, "scan_group reads 16 control bytes at once");

// GroupMasks: for the group of slots i .. i+15, bit d of `match` is set where slot i + d holds the
// tag, bit d of `empty` where slot i + d is empty.
struct GroupMasks {
    unsigned match;
    unsigned empty;
};

#if defined(__SSE2__)
// scan_group: 16 byte compares in one instruction each, and movemask to gather the 16 results
// into the low bits of an integer.
inline GroupMasks scan_group(const std::uint8_t* group, std::uint8_t tag) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(group));
    const __m128i tags = _mm_set1_epi8(char(tag));
    return {unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, tags))),
            unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_setzero_si128())))};
}
#else
constexpr std::uint64_t kLowSeven = 0x7f7f7f7f7f7f7f7fULL;  // 0x7f in every byte
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;  // 0x80 in every byte

// zero_bytes: bit 7 of byte d set exactly where byte d of x is 0. (x & 0x7f) + 0x7f sets bit 7
// when the low seven bits are not all 0 and never carries into the next byte; or-ing x adds bit 7
// itself.
inline std::uint64_t zero_bytes(std::uint64_t x) { return ~(((x & kLowSeven) + kLowSeven) | x) & kHighBits; }

// byte_mask: the bits 7, 15, ..., 63 of x (one per byte) gathered into bits 0..7. The multiplier
// has a bit at 7k for k = 0..7; it moves bit 8d + 7 to bit 56 + d, and no two products overlap.
inline unsigned byte_mask(std::uint64_t x) { return unsigned((x * 0x0002040810204081ULL) >> 56); }

// scan_group: the same with two 64-bit words of 8 control bytes each (SWAR: SIMD within a register).
inline GroupMasks scan_group(const std::uint8_t* group, std::uint8_t tag) {
    const std::uint64_t tags = 0x0101010101010101ULL * tag;
    GroupMasks masks{0, 0};
    for (unsigned half = 0; half < 2; ++half) {
        std::uint64_t word;
        std::memcpy(&word, group + 8 * half, 8);
        masks.match |= byte_mask(zero_bytes(word ^ tags)) << (8 * half);
        masks.empty |= byte_mask(zero_bytes(word)) << (8 * half);
    }
    return masks;
}
#endif

// capacity_for: the smallest power of two >= kMinCapacity whose kMaxLoadFactor share holds n keys.
// For n beyond 3/4 of 2^63 no power of two fits in a size_t: doubling past 2^63 would wrap to 0 and
// loop forever, so it throws std::length_error instead (as std::vector does for too large a size).
std::size_t capacity_for(std::size_t n) {
    std::size_t capacity = HashMap::kMinCapacity;
    while (double(capacity) * HashMap::kMaxLoadFactor < double(n)) {
        if (capacity > std::numeric_limits<std::size_t>::max() / 2) {
            throw std::length_error("HashMap::reserve: no table of at most 2^63 slots holds " + std::to_string(n) + " keys");
        }
        capacity *= 2;
    }
    return capacity;
}

// set_ctrl: ctrl[i] = byte for a table of `capacity` slots, and its copy ctrl[capacity + i] when
// i is among the first kGroupWidth - 1 slots (see the layout above).
void set_ctrl(std::vector<std::uint8_t>& ctrl, std::size_t capacity, std::size_t i, std::uint8_t byte) {
    ctrl[i] = byte;
    if (i < kGroupWidth - 1) ctrl[capacity + i] = byte;
}

}  // namespace

HashMap::HashMap() = default;

std::size_t HashMap::size() const { return size_; }
std::size_t HashMap::capacity() const { return slots_.size(); }

std::size_t HashMap::home_slot(std::uint64_t key) const {
    check_has_slots(slots_.empty());
    return mix(key) & (slots_.size() - 1);
}

std::optional<std::uint64_t> HashMap::find(std::uint64_t key) const {
    if (slots_.empty()) return std::nullopt;
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t h = mix(key);
    const std::uint8_t tag = tag_of(h);
    for (std::size_t i = h & mask;; i = (i + kGroupWidth) & mask) {
        const GroupMasks group = scan_group(ctrl_.data() + i, tag);
        // Only the slots before the first empty one belong to the chain. With no empty slot in
        // the group, (0 & -0) - 1 is all ones and keeps every match: no branch needed.
        unsigned match = group.match & ((group.empty & -group.empty) - 1);
        for (; match != 0; match &= match - 1) {
            const std::size_t j = (i + std::size_t(std::countr_zero(match))) & mask;
            if (slots_[j].key == key) [[likely]] return slots_[j].value;
        }
        if (group.empty != 0) [[likely]] return std::nullopt;  // the chain ends in this group: not stored
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
    std::vector<std::uint8_t> old_ctrl(wanted + kGroupWidth - 1, 0);
    old_slots.swap(slots_);
    old_ctrl.swap(ctrl_);
    const std::size_t mask = wanted - 1;
    for (std::size_t j = 0; j < old_slots.size(); ++j) {
        if (old_ctrl[j] == 0) continue;
        std::size_t i = mix(old_slots[j].key) & mask;
        while (ctrl_[i] != 0) i = (i + 1) & mask;  // keys are distinct: no comparison needed
        slots_[i] = old_slots[j];
        set_ctrl(ctrl_, wanted, i, old_ctrl[j]);  // the tag depends on the key only, not on the capacity
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
    set_ctrl(ctrl_, slots_.size(), i, tag);
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
            set_ctrl(ctrl_, slots_.size(), hole, ctrl_[j]);
            hole = j;
        }
    }
    set_ctrl(ctrl_, slots_.size(), hole, 0);
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
