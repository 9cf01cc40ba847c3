// Benchmarks: the open-addressing HashMap against std::unordered_map and absl::flat_hash_map, on
// n random 64-bit keys (n = 10^6 and 10^7, plus a small n for the smoke run).
//
// Rows: BM_HashMapInsert/<map>/n:<n> builds a map of n keys from empty (no reserve: growth is part
// of the cost); BM_HashMapFindHit/<map> looks up stored keys in random order; BM_HashMapFindMiss
// looks up keys that are not stored. <map> is `course` (the reference in the reference binary, your
// file in the learner's), `std` or `absl`. The counter `items` is a rate: keys inserted or looked
// up per second.
//
// Napkin math. At n = 10^7 the course's table has 2^24 slots of 16 bytes (268 MB) plus 16 MB of
// control bytes, far beyond the caches: a random hit costs one DRAM miss for its slot (and one for
// its control bytes, unless they are cached), about 80-100 ns each if taken one at a time. The
// lookups of consecutive iterations are independent, so an out-of-order core overlaps several
// misses and the measured time per lookup is well below one latency; what limits it is how many
// lookups fit in the core's window at once, and how many cache lines each touches.
// std::unordered_map chains nodes: bucket array, then node, two dependent misses. A flat table's
// hit needs the control bytes and one slot; its miss usually needs the control bytes only.
// Measured on the course's machine (docs/data_structures.md#hash_map): std::unordered_map hits
// about 64-80 ns, absl::flat_hash_map hits about 42-77 ns and misses about 12-41 ns (10^6 and 10^7
// keys). absl's find is inlined into the loop below
// from its header; BM_Find inlines the course's too (see the comment there).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "course/error.hpp"
#include "data_structures/hash_map.hpp"

#if COURSE_HAVE_ABSL
#include "absl/container/flat_hash_map.h"
#endif

namespace {

using course::data_structures::HashMap;

// random_keys: n distinct-with-overwhelming-probability 64-bit keys from a seeded generator. Keys
// for misses come from another seed: a collision among 2 * 10^7 draws of 2^64 values has
// probability about 10^-5.
std::vector<std::uint64_t> random_keys(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> keys(n);
    for (auto& k : keys) k = rng();
    return keys;
}

// queries: 2^20 keys drawn at random from `keys`, so every lookup goes to a random place of the
// table (the query array itself is read in order, which the prefetcher handles).
constexpr std::size_t kQueries = std::size_t{1} << 20;
std::vector<std::uint64_t> queries_from(const std::vector<std::uint64_t>& keys, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint64_t> out(kQueries);
    for (auto& q : out) q = keys[rng() % keys.size()];
    return out;
}

// The three maps behind one interface: insert, find (0 when missing, the value otherwise).
struct CourseMap {
    HashMap map;
    void insert(std::uint64_t k, std::uint64_t v) { map.insert_or_assign(k, v); }
    std::uint64_t find(std::uint64_t k) const {
        const auto v = map.find(k);
        return v ? *v : 0;
    }
};
struct StdMap {
    std::unordered_map<std::uint64_t, std::uint64_t> map;
    void insert(std::uint64_t k, std::uint64_t v) { map.insert_or_assign(k, v); }
    std::uint64_t find(std::uint64_t k) const {
        const auto it = map.find(k);
        return it == map.end() ? 0 : it->second;
    }
};
#if COURSE_HAVE_ABSL
struct AbslMap {
    absl::flat_hash_map<std::uint64_t, std::uint64_t> map;
    void insert(std::uint64_t k, std::uint64_t v) { map.insert_or_assign(k, v); }
    std::uint64_t find(std::uint64_t k) const {
        const auto it = map.find(k);
        return it == map.end() ? 0 : it->second;
    }
};
#endif

// implemented: false (and the row skipped) when the learner's HashMap is still the stub.
template <typename Map>
bool implemented(benchmark::State& state) {
    try {
        Map m;
        m.insert(1, 1);
        benchmark::DoNotOptimize(m.find(1));
        return true;
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return false;
    }
}

template <typename Map>
void BM_Insert(benchmark::State& state) {
    if (!implemented<Map>(state)) return;
    const auto keys = random_keys(std::size_t(state.range(0)), 1);
    for (auto _ : state) {
        auto m = std::make_unique<Map>();
        for (std::uint64_t k : keys) m->insert(k, k);
        benchmark::DoNotOptimize(m->find(keys[0]));
        state.PauseTiming();  // freeing 10^7 nodes of std::unordered_map is not an insert
        m.reset();
        state.ResumeTiming();
    }
    state.counters["items"] = benchmark::Counter(double(keys.size()), benchmark::Counter::kIsIterationInvariantRate);
}

// built_map: the map of the n keys random_keys(n, 1), each with the odd value k | 1 (a hit is never
// 0). Built once per map type and n and kept until the next n: Google Benchmark calls a benchmark
// function several times while it picks the iteration count, and building 10^7 keys each time
// would take minutes.
template <typename Map>
const Map& built_map(std::size_t n) {
    static std::unique_ptr<Map> map;
    static std::size_t built_n = 0;
    if (!map || built_n != n) {
        map.reset();  // free the previous one first: at 10^7 keys a map takes 0.3 to 0.6 GB
        map = std::make_unique<Map>();
        for (std::uint64_t k : random_keys(n, 1)) map->insert(k, k | 1);
        built_n = n;
    }
    return *map;
}

// BM_Find: one lookup per iteration, cycling through the 2^20 queries; the values are summed so
// that no lookup can be optimized away.
//
// flatten: inline every call made here that can be inlined, HashMap::find included, although it
// lives in another file: absl's find is inlined from its header, and a real call costs the course's
// map a third of its speed (more instructions per lookup, fewer lookups in flight, and GCC returns
// the std::optional through the stack). Across files this needs the link-time optimization of the
// release preset; in other builds the call stays a call.
template <typename Map, bool kHit>
[[gnu::flatten]] void BM_Find(benchmark::State& state) {
    if (!implemented<Map>(state)) return;
    const std::size_t n = std::size_t(state.range(0));
    const Map& m = built_map<Map>(n);
    const auto queries = kHit ? queries_from(random_keys(n, 1), 2) : random_keys(kQueries, 3);
    std::uint64_t sum = 0;
    std::size_t i = 0;
    for (auto _ : state) {
        sum += m.find(queries[i]);
        i = (i + 1) & (kQueries - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.counters["items"] = benchmark::Counter(1.0, benchmark::Counter::kIsIterationInvariantRate);
}

// Registration: for each n, all the rows of one map type in a row, so that each map is built once.
template <typename Map>
void register_rows(const char* name, std::int64_t n) {
    const std::string suffix = std::string("/") + name;
    benchmark::RegisterBenchmark(("BM_HashMapInsert" + suffix).c_str(), BM_Insert<Map>)->ArgName("n")->Arg(n)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_HashMapFindHit" + suffix).c_str(), BM_Find<Map, true>)->ArgName("n")->Arg(n);
    benchmark::RegisterBenchmark(("BM_HashMapFindMiss" + suffix).c_str(), BM_Find<Map, false>)->ArgName("n")->Arg(n);
}

const bool registered = [] {
    for (std::int64_t n : {std::int64_t{64}, std::int64_t{1000000}, std::int64_t{10000000}}) {
        register_rows<CourseMap>("course", n);
        register_rows<StdMap>("std", n);
#if COURSE_HAVE_ABSL
        register_rows<AbslMap>("absl", n);
#endif
    }
    return true;
}();

}  // namespace
