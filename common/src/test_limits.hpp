// test_limits.hpp: the time and memory a graded test may use (docs/grading.md, "Limits").
//
// Time: each test has a budget, a few seconds (the references need well under a tenth of it).
// A test still running at the end of its budget prints
//     [course] timed-out Suite.Test: still running after 5 s ...
// and its process ends. It also leaves a mark in the stop folder, so that the exercise's other
// tests, started after it, end at once ("not run: Suite.Test timed out first") instead of each
// spending its budget on the same endless loop.
//
// Memory: a test process may use kMemoryLimitBytes. One allocation above it throws at once
// ("allocation of N bytes exceeds the course's limit"), and the process's data segment is capped
// there (setrlimit), so that a runaway test fails instead of swapping the learner's machine.
// Neither limit applies under the sanitizers, which reserve terabytes of address space.
#pragma once

#include <cstddef>
#include <string>

namespace course::grading {

inline constexpr std::size_t kMemoryLimitBytes = std::size_t(4) << 30;  // 4 GiB

// cap_memory: setrlimit(RLIMIT_DATA) to kMemoryLimitBytes (unless lower already), and turn on the
// check of every operator new.
void cap_memory();

// TimeBudget: the time limit of the tests of one exercise.
struct TimeBudget {
    int seconds = 0;            // 0: no limit
    std::string stop_folder;    // where a timed-out test leaves its mark ("" for none)
    std::string exercise;       // <module>.<exercise>, the mark's name
};

// skip_reason: why `test` must not run: a mark left by another test of the exercise that timed
// out since this program was built; "" when it may run.
std::string skip_reason(const TimeBudget& budget, const std::string& test);

// start_clock: from now, `test` has budget.seconds; stop_clock: it finished in time.
void start_clock(const TimeBudget& budget, const std::string& test);
void stop_clock();

}  // namespace course::grading
