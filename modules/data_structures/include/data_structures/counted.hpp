// Counted: a key type that counts what the code under test does with it.
//
// The data_structures tests grade cost, not only answers: "quicksort makes at most c * n * log2(n)
// comparisons on sorted input" holds or fails the same way on every machine, whatever its speed.
// So the containers and algorithms offer an overload for Counted, whose comparisons, copies and
// moves add one to process-wide counters that a test resets and reads:
//
//     CountScope scope;                      // zero the counters
//     quicksort(std::span<Counted>(keys));
//     EXPECT_LE(scope.comparisons(), bound);
//
// A CountScope can also set a comparison budget: the comparison that would exceed it throws
// ComparisonBudgetExceeded. That is how a test catches a search that loops forever, without waiting
// for a timeout: a loop that never ends compares without end.
//
// Structures that count their own work (a linked list's node hops) call count_step(), with its own
// counter and budget (StepBudgetExceeded).
//
// Comparisons look at `key` only. `payload` travels with the key and is never compared: the
// stability tests store each element's original position in it.
// Not thread-safe (the counters are plain integers); the tests are single-threaded.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace course::data_structures {

// Counters: what has been done to Counted values since the last reset.
struct Counters {
    std::int64_t comparisons = 0;         // calls of ==, !=, <, <=, >, >= and <=>
    std::int64_t copies = 0;              // copy constructions and copy assignments
    std::int64_t moves = 0;               // move constructions and move assignments
    std::int64_t comparison_budget = -1;  // >= 0: the comparison that would exceed it throws
    std::int64_t steps = 0;               // calls of count_step(): link hops, probes
    std::int64_t step_budget = -1;        // >= 0: the step that would exceed it throws
};

// counters: the one set of counters of the program (an inline function's static is shared by
// every translation unit).
inline Counters& counters() {
    static Counters instance;
    return instance;
}

// ComparisonBudgetExceeded: thrown by a comparison once the budget of the active CountScope is
// spent. Derives from std::runtime_error, so it is neither a caller's mistake
// (std::invalid_argument) nor a missing exercise (course::NotImplemented).
class ComparisonBudgetExceeded : public std::runtime_error {
public:
    explicit ComparisonBudgetExceeded(std::int64_t budget)
        : std::runtime_error("comparison budget of " + std::to_string(budget) +
                             " exceeded: the code under test compares far more often than it should "
                             "(a loop that never ends?)") {}
};

// StepBudgetExceeded: thrown by count_step() once the step budget of the active CountScope is spent.
class StepBudgetExceeded : public std::runtime_error {
public:
    explicit StepBudgetExceeded(std::int64_t budget)
        : std::runtime_error("step budget of " + std::to_string(budget) +
                             " exceeded: the code under test walks far more often than it should "
                             "(a loop that never ends?)") {}
};

// count_comparison: adds one comparison, and throws once the budget is exceeded.
inline void count_comparison() {
    Counters& c = counters();
    ++c.comparisons;
    if (c.comparison_budget >= 0 && c.comparisons > c.comparison_budget) {
        throw ComparisonBudgetExceeded(c.comparison_budget);
    }
}

// count_step: adds one step (a node hop, a probe), and throws once the step budget is exceeded.
inline void count_step() {
    Counters& c = counters();
    ++c.steps;
    if (c.step_budget >= 0 && c.steps > c.step_budget) throw StepBudgetExceeded(c.step_budget);
}

// Counted: a 64-bit key that counts its comparisons, copies and moves.
// kDestroyedKey: the key of a Counted after its destructor ran (no test uses it as a key).
inline constexpr std::int64_t kDestroyedKey = -0x5A5A5A5A5A5A5A5A;

struct Counted {
    std::int64_t key = 0;
    std::int64_t payload = 0;  // carried along, never compared (e.g. the original position)

    Counted() = default;
    explicit Counted(std::int64_t key_, std::int64_t payload_ = 0) : key(key_), payload(payload_) {}

    Counted(const Counted& other) : key(other.key), payload(other.payload) { ++counters().copies; }
    Counted(Counted&& other) noexcept : key(other.key), payload(other.payload) { ++counters().moves; }
    Counted& operator=(const Counted& other) {
        key = other.key;
        payload = other.payload;
        ++counters().copies;
        return *this;
    }
    Counted& operator=(Counted&& other) noexcept {
        key = other.key;
        payload = other.payload;
        ++counters().moves;
        return *this;
    }
    // Destroyed, it holds kDestroyedKey: a read through a dangling reference (an element of a
    // buffer already freed) then shows as that key instead of a plausible one. The store is
    // volatile so that the compiler keeps it although the object's life ends there.
    ~Counted() { *static_cast<volatile std::int64_t*>(&key) = kDestroyedKey; }

    // One comparison each; C++20 rewrites <, <=, >, >= through <=> and != through ==.
    friend bool operator==(const Counted& a, const Counted& b) {
        count_comparison();
        return a.key == b.key;
    }
    friend std::strong_ordering operator<=>(const Counted& a, const Counted& b) {
        count_comparison();
        return a.key <=> b.key;
    }
    // The sum of the keys (payloads dropped), so that a Counted can be a path weight (Dijkstra on
    // BasicGraph<Counted>, shortest_paths.hpp). Not a comparison: not counted.
    friend Counted operator+(const Counted& a, const Counted& b) { return Counted(a.key + b.key); }
};

// CountScope: zeroes the counters when created, optionally with a comparison budget, and lifts the
// budgets when it goes out of scope (also when a comparison or a step threw).
//
//     CountScope scope(/*comparison_budget=*/64);
//     EXPECT_THROW(search_that_never_ends(...), ComparisonBudgetExceeded);
class CountScope {
public:
    CountScope() { counters() = Counters{}; }
    explicit CountScope(std::int64_t comparison_budget) {
        counters() = Counters{};
        counters().comparison_budget = comparison_budget;
    }
    ~CountScope() {
        counters().comparison_budget = -1;
        counters().step_budget = -1;
    }
    CountScope(const CountScope&) = delete;
    CountScope& operator=(const CountScope&) = delete;

    std::int64_t comparisons() const { return counters().comparisons; }
    std::int64_t copies() const { return counters().copies; }
    std::int64_t moves() const { return counters().moves; }
    std::int64_t steps() const { return counters().steps; }
    // transfers: copies plus moves, every time an element is carried from one place to another.
    std::int64_t transfers() const { return counters().copies + counters().moves; }
    // limit_steps: from now on, the step that would make steps() exceed budget throws.
    void limit_steps(std::int64_t budget) { counters().step_budget = budget; }
    // reset: zero the counts again (the budgets stay).
    void reset() {
        const Counters old = counters();
        counters() = Counters{};
        counters().comparison_budget = old.comparison_budget;
        counters().step_budget = old.step_budget;
    }
};

// to_counted: Counted values with the given keys, each with its position as payload.
inline std::vector<Counted> to_counted(std::span<const std::int64_t> keys) {
    std::vector<Counted> out;
    out.reserve(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i], static_cast<std::int64_t>(i));
    return out;
}

// keys_of: the keys of a span of Counted values, in order (does not count: reads `key` directly).
inline std::vector<std::int64_t> keys_of(std::span<const Counted> values) {
    std::vector<std::int64_t> out;
    out.reserve(values.size());
    for (const Counted& v : values) out.push_back(v.key);
    return out;
}

}  // namespace course::data_structures
