// data_structures_checks.hpp: seeded inputs and sequence comparisons shared by the module's tests.
//
//   SeededRng       std::mt19937_64 with the two draws the tests need (its raw output is fixed by
//                   the C++ standard, so the inputs are the same with every standard library).
//   random_keys     n int64 keys mixing full-range values, many duplicates and the type's extremes.
//   SameSequence    compares two sequences and reports the size, the number of differences, the
//                   first one with both values, and a hint when the result is a known wrong shape.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <type_traits>
#include <vector>

namespace course::data_structures::testing {

// SeededRng: reproducible draws for the tests.
class SeededRng {
public:
    explicit SeededRng(std::uint64_t seed) : engine_(seed) {}
    // next: 64 uniformly random bits.
    std::uint64_t next() { return engine_(); }
    // below: an integer in [0, n), n > 0 (the modulo bias, below 2^-40 for the sizes here, is harmless).
    std::uint64_t below(std::uint64_t n) { return engine_() % n; }

private:
    std::mt19937_64 engine_;
};

// random_keys: n keys; about 1/8 from [-8, 8] (so runs of duplicates), 1/16 at or next to the
// int64 extremes and 0, the rest uniform over all 2^64 values.
inline std::vector<std::int64_t> random_keys(std::size_t n, std::uint64_t seed) {
    constexpr std::int64_t lo = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t hi = std::numeric_limits<std::int64_t>::max();
    const std::int64_t extremes[] = {lo, lo + 1, -1, 0, 1, hi - 1, hi};
    SeededRng rng(seed);
    std::vector<std::int64_t> keys(n);
    for (auto& key : keys) {
        const std::uint64_t kind = rng.below(16);
        if (kind < 2) {
            key = static_cast<std::int64_t>(rng.below(17)) - 8;
        } else if (kind == 2) {
            key = extremes[rng.below(std::size(extremes))];
        } else {
            key = static_cast<std::int64_t>(rng.next());
        }
    }
    return keys;
}

// SameSequence: got == want element by element, with a diagnosis when not.
// (want may be a braced list: SameSequence(got, {1, 2, 3}).)
template <typename T>
::testing::AssertionResult SameSequence(const std::vector<T>& got, const std::type_identity_t<std::vector<T>>& want) {
    if (got == want) return ::testing::AssertionSuccess();
    std::ostringstream out;
    if (got.size() != want.size()) {
        out << "got " << got.size() << " elements, want " << want.size();
        return ::testing::AssertionFailure() << out.str();
    }
    std::size_t differ = 0, first = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i] != want[i]) {
            if (differ == 0) first = i;
            ++differ;
        }
    }
    out << differ << " of " << got.size() << " elements differ; first at [" << first << "]: got " << got[first]
        << ", want " << want[first];
    const std::vector<T> reversed(want.rbegin(), want.rend());
    if (got == reversed && got.size() > 1) out << " (the result is the expected one reversed)";
    return ::testing::AssertionFailure() << out.str();
}

}  // namespace course::data_structures::testing

// ---- stack_bytes_used: the stack a call uses, measured (for "O(1) memory" and "O(log n) stack") ----
#include <pthread.h>

#include <cstring>
#include <exception>
#include <functional>
#include <stdexcept>

#include "course/testing.hpp"

namespace course::data_structures::testing {

// stack_bytes_used: runs work() on a thread of its own, whose 16 MiB stack (GuardPages: with a
// guard page below it so that an overflow faults instead of writing past it) is first filled with
// a pattern; returns how many bytes from the top work() overwrote. An exception thrown by work()
// (a stub's NotImplemented) is thrown again here.
inline std::size_t stack_bytes_used(const std::function<void()>& work) {
    constexpr std::size_t kStack = std::size_t{16} << 20;  // whole pages: the stack starts on a page
    constexpr unsigned char kPattern = 0xA5;
    const course::testing::GuardPages memory(kStack);
    auto* stack = reinterpret_cast<unsigned char*>(memory.end() - kStack);
    std::memset(stack, kPattern, kStack);
    struct Job {
        const std::function<void()>* work;
        std::exception_ptr error;
    } job{&work, nullptr};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack, kStack);
    pthread_t thread;
    const auto run = [](void* arg) -> void* {
        auto* j = static_cast<Job*>(arg);
        try {
            (*j->work)();
        } catch (...) {
            j->error = std::current_exception();
        }
        return nullptr;
    };
    const int created = pthread_create(&thread, &attr, run, &job);
    pthread_attr_destroy(&attr);
    if (created != 0) throw std::runtime_error("stack_bytes_used: pthread_create failed");
    pthread_join(thread, nullptr);
    std::size_t untouched = 0;
    while (untouched < kStack && stack[untouched] == kPattern) ++untouched;
    if (job.error) std::rethrow_exception(job.error);
    return kStack - untouched;
}

}  // namespace course::data_structures::testing
