// Reference for exercise 6: encode and decode (contract: include/tokenization/encode.hpp).
#include "tokenization/encode.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "course/error.hpp"
#include "tokenization/pretokenize.hpp"

namespace course::tokenization {
namespace {

// MergeTable: (left, right) -> (rank, result), open addressing with linear probing over a power of
// two of slots, at most half full. The key packs the two ids in 64 bits; no id is -1, so the all-ones
// key marks an empty slot. When a pair occurs twice in the merges, the lower rank is kept.
class MergeTable {
public:
    struct Found {
        int rank = -1;
        int result = -1;
    };

    explicit MergeTable(const std::vector<Merge>& merges) {
        std::size_t capacity = 16;
        while (capacity < 2 * merges.size()) capacity *= 2;
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (std::size_t r = 0; r < merges.size(); ++r) {
            const std::uint64_t key = pack(merges[r].left, merges[r].right);
            std::size_t i = slot_of(key);
            while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask_;
            if (slots_[i].key == key) continue;  // a repeated pair: the lower rank stays
            slots_[i] = Slot{key, int(r), merges[r].result};
        }
    }

    Found find(int left, int right) const {
        const std::uint64_t key = pack(left, right);
        for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.key == key) return {s.rank, s.result};
            if (s.key == kEmpty) return {};
        }
    }

private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    struct Slot {
        std::uint64_t key = kEmpty;
        int rank = -1;
        int result = -1;
    };
    static std::uint64_t pack(int left, int right) {
        return (std::uint64_t(std::uint32_t(left)) << 32) | std::uint32_t(right);
    }
    std::size_t slot_of(std::uint64_t key) const {
        return std::size_t((key * 0x9E3779B97F4A7C15ull) >> 32) & mask_;
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

// Cache: pre-token bytes -> ids, looked up by string_view without making a string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using Cache = std::unordered_map<std::string, std::vector<int>, StringHash, std::equal_to<>>;

// Merger: the scratch arrays of one word's merge, kept from word to word.
struct Merger {
    std::vector<int> token, next, prev;
    std::vector<std::uint64_t> heap, pending;
};

// A candidate pair as one integer, (rank, position) in its high and low halves: the heap's order is
// the rank's, then the position's (leftmost first).
std::uint64_t candidate(int rank, int pos) { return (std::uint64_t(std::uint32_t(rank)) << 32) | std::uint32_t(pos); }
int rank_of(std::uint64_t c) { return int(c >> 32); }
int pos_of(std::uint64_t c) { return int(std::uint32_t(c)); }

}  // namespace

struct Encoder::State {
    explicit State(Bpe b) : bpe(std::move(b)), table(bpe.merges) {}
    Bpe bpe;
    MergeTable table;
    Cache cache;
};

namespace {

// merge_word: the ids of one pre-token, appended to `out`. The parts are a linked list over the
// positions 0 .. n-1 (a merge keeps the left position, so position 0 stays the head); the heap holds
// (rank, position) of candidate pairs, lowest first. A popped candidate is stale when its position
// no longer holds merges[rank].left followed by merges[rank].right. While the pairs of one rank are
// merged, new pairs of a lower rank wait in `pending` (GPT-2 joins every occurrence of a rank before
// it looks again); new pairs of a higher rank can go straight in, after every pair of this rank.
void merge_word(const Encoder::State& st, std::string_view word, Merger& m, std::vector<int>& out,
                EncodeStats& stats) {
    const int n = int(word.size());
    ++stats.words_merged;
    if (n == 1) {
        out.push_back(st.bpe.byte_ids[static_cast<unsigned char>(word[0])]);
        return;
    }
    m.token.resize(std::size_t(n));
    m.next.resize(std::size_t(n));
    m.prev.resize(std::size_t(n));
    m.heap.clear();
    m.pending.clear();
    for (int i = 0; i < n; ++i) {
        m.token[std::size_t(i)] = st.bpe.byte_ids[static_cast<unsigned char>(word[std::size_t(i)])];
        m.next[std::size_t(i)] = i + 1 < n ? i + 1 : -1;
        m.prev[std::size_t(i)] = i - 1;
    }
    for (int i = 0; i + 1 < n; ++i) {
        ++stats.pair_lookups;
        const auto f = st.table.find(m.token[std::size_t(i)], m.token[std::size_t(i + 1)]);
        if (f.rank >= 0) m.heap.push_back(candidate(f.rank, i));
    }
    const auto later = std::greater<>{};
    std::make_heap(m.heap.begin(), m.heap.end(), later);
    int current = -1;
    const auto consider = [&](int pos) {  // the pair starting at `pos`, if it has a merge
        const int right = m.next[std::size_t(pos)];
        if (right < 0) return;
        ++stats.pair_lookups;
        const auto f = st.table.find(m.token[std::size_t(pos)], m.token[std::size_t(right)]);
        if (f.rank < 0) return;
        if (f.rank < current) {
            m.pending.push_back(candidate(f.rank, pos));
        } else {
            m.heap.push_back(candidate(f.rank, pos));
            std::push_heap(m.heap.begin(), m.heap.end(), later);
        }
    };
    for (;;) {
        if (!m.pending.empty() && (m.heap.empty() || rank_of(m.heap.front()) != current)) {
            for (const std::uint64_t c : m.pending) {
                m.heap.push_back(c);
                std::push_heap(m.heap.begin(), m.heap.end(), later);
            }
            m.pending.clear();
        }
        if (m.heap.empty()) break;
        std::pop_heap(m.heap.begin(), m.heap.end(), later);
        const std::uint64_t top = m.heap.back();
        m.heap.pop_back();
        ++stats.heap_pops;
        const int rank = rank_of(top);
        const int pos = pos_of(top);
        current = rank;
        const Merge& merge = st.bpe.merges[std::size_t(rank)];
        const int right = m.next[std::size_t(pos)];
        if (m.token[std::size_t(pos)] != merge.left || right < 0 || m.token[std::size_t(right)] != merge.right) {
            continue;  // stale: one of its parts was merged since it was pushed
        }
        m.token[std::size_t(pos)] = merge.result;
        m.token[std::size_t(right)] = -1;
        const int after = m.next[std::size_t(right)];
        m.next[std::size_t(pos)] = after;
        if (after >= 0) m.prev[std::size_t(after)] = pos;
        if (m.prev[std::size_t(pos)] >= 0) consider(m.prev[std::size_t(pos)]);
        consider(pos);
    }
    for (int i = 0; i >= 0; i = m.next[std::size_t(i)]) out.push_back(m.token[std::size_t(i)]);
}

// encode_ordinary: `text` without special tokens: pretokenize, then each pre-token from the cache
// or merged (and cached when short enough; the cache is cleared before it would exceed its capacity).
void encode_ordinary(const Encoder::State& st, std::string_view text, Cache& cache, Merger& merger,
                     std::vector<int>& out, EncodeStats& stats) {
    for (const std::string_view word : pretokenize(text)) {
        if (word.size() > Encoder::kCacheMaxWordBytes) {
            merge_word(st, word, merger, out, stats);
            continue;
        }
        if (const auto it = cache.find(word); it != cache.end()) {
            ++stats.cache_hits;
            out.insert(out.end(), it->second.begin(), it->second.end());
            continue;
        }
        const std::size_t start = out.size();
        merge_word(st, word, merger, out, stats);
        if (cache.size() >= Encoder::kCacheCapacity) cache.clear();
        cache.emplace(std::string(word), std::vector<int>(out.begin() + std::ptrdiff_t(start), out.end()));
    }
}

// find_special: the first special token at or after `from` (the longest at that offset), or null.
const SpecialToken* find_special(const Bpe& bpe, std::string_view text, std::size_t from, std::size_t& at) {
    const SpecialToken* best = nullptr;
    for (const SpecialToken& s : bpe.special_tokens) {
        const std::size_t p = text.find(s.text, from);
        if (p == std::string_view::npos) continue;
        if (best == nullptr || p < at || (p == at && s.text.size() > best->text.size())) {
            best = &s;
            at = p;
        }
    }
    return best;
}

std::vector<int> encode_with(const Encoder::State& st, std::string_view text, SpecialTokens specials, Cache& cache,
                             EncodeStats& stats) {
    std::vector<int> out;
    out.reserve(text.size() / 3 + 1);
    Merger merger;
    if (specials == SpecialTokens::as_text || st.bpe.special_tokens.empty()) {
        encode_ordinary(st, text, cache, merger, out, stats);
        return out;
    }
    std::size_t from = 0;
    for (;;) {
        std::size_t at = 0;
        const SpecialToken* s = find_special(st.bpe, text, from, at);
        if (s == nullptr) break;
        COURSE_CHECK(specials == SpecialTokens::allowed, "encode: the special token \"", s->text,
                     "\" at byte offset ", at,
                     " is disallowed (pass SpecialTokens::allowed to emit its id, or as_text to encode it as text)");
        encode_ordinary(st, text.substr(from, at - from), cache, merger, out, stats);
        out.push_back(s->id);
        from = at + s->text.size();
    }
    encode_ordinary(st, text.substr(from), cache, merger, out, stats);
    return out;
}

}  // namespace

Encoder::Encoder(Bpe bpe) {
    check_bpe("Encoder", bpe);
    state_ = std::make_unique<State>(std::move(bpe));
}

Encoder::~Encoder() = default;
Encoder::Encoder(Encoder&&) noexcept = default;
Encoder& Encoder::operator=(Encoder&&) noexcept = default;

std::vector<int> Encoder::encode(std::string_view text, SpecialTokens specials) {
    EncodeStats stats;
    return encode(text, specials, stats);
}

std::vector<int> Encoder::encode(std::string_view text, SpecialTokens specials, EncodeStats& stats) {
    return encode_with(*state_, text, specials, state_->cache, stats);
}

std::vector<std::vector<int>> Encoder::encode_batch(std::span<const std::string_view> documents, int threads,
                                                    SpecialTokens specials) const {
    check_encode_batch_arguments("encode_batch", threads);
    const auto n = std::ptrdiff_t(documents.size());
    std::vector<std::vector<int>> result(documents.size());
    std::vector<std::exception_ptr> errors(documents.size());
    const State& st = *state_;
#pragma omp parallel num_threads(threads)
    {
        Cache cache;  // each thread its own
        EncodeStats stats;
#pragma omp for schedule(dynamic, 1)
        for (std::ptrdiff_t d = 0; d < n; ++d) {
            try {
                result[std::size_t(d)] = encode_with(st, documents[std::size_t(d)], specials, cache, stats);
            } catch (...) {
                errors[std::size_t(d)] = std::current_exception();
            }
        }
    }
    for (const std::exception_ptr& e : errors) {
        if (e) std::rethrow_exception(e);
    }
    return result;
}

std::string Encoder::decode(std::span<const int> ids) const {
    const std::vector<std::string>& tokens = state_->bpe.tokens;
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const int id = ids[i];
        COURSE_CHECK(id >= 0 && std::size_t(id) < tokens.size(), "decode: ids[", i, "] = ", id,
                     " is not a token id, expected an id in [0, ", tokens.size(), ")");
        out += tokens[std::size_t(id)];
    }
    return out;
}

const Bpe& Encoder::bpe() const { return state_->bpe; }

std::size_t Encoder::cache_size() const { return state_->cache.size(); }

}  // namespace course::tokenization
