// test_limits.cpp: see test_limits.hpp.
#include "test_limits.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <string>

namespace course::grading {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kUnderSanitizer = true;
#else
constexpr bool kUnderSanitizer = false;
#endif

std::atomic<bool> memory_capped{false};

// AllocationTooLarge: what operator new throws for one allocation above the limit. A bad_alloc,
// as the standard requires, with a message that says what happened.
class AllocationTooLarge : public std::bad_alloc {
public:
    explicit AllocationTooLarge(std::size_t bytes) {
        std::snprintf(message_, sizeof message_,
                      "allocation of %zu bytes (%.1f GiB) exceeds the course's limit of %zu GiB for one test "
                      "(docs/grading.md, \"Limits\"): is a size computed wrong, or an array sized by the "
                      "range of the values instead of their count?",
                      bytes, double(bytes) / double(std::size_t(1) << 30), kMemoryLimitBytes >> 30);
    }
    const char* what() const noexcept override { return message_; }

private:
    char message_[320];
};

// What a timed-out test prints, and where it leaves its mark: prepared when the test starts,
// since the signal handler may only write(2), open(2) and _exit(2).
char timeout_line[1024];
char mark_path[1024];
char mark_text[512];

void write_all(int fd, const char* text) {
    std::size_t left = std::strlen(text);
    while (left > 0) {
        const ssize_t n = write(fd, text, left);
        if (n <= 0) return;
        text += n;
        left -= std::size_t(n);
    }
}

extern "C" void on_time_budget_spent(int) {
    write_all(STDOUT_FILENO, timeout_line);
    if (mark_path[0] != '\0') {
        const int fd = open(mark_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            write_all(fd, mark_text);
            close(fd);
        }
    }
    _exit(124);  // the exit status of timeout(1)
}

// modified_after: whether file a was modified at or after file b.
bool modified_after(const std::string& a, const std::string& b) {
    struct stat sa, sb;
    if (stat(a.c_str(), &sa) != 0 || stat(b.c_str(), &sb) != 0) return false;
    return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
           (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec >= sb.st_mtim.tv_nsec);
}

std::string mark_of(const TimeBudget& budget) { return budget.stop_folder + "/" + budget.exercise; }

}  // namespace

void cap_memory() {
    if (kUnderSanitizer) return;
    rlimit limit{};
    if (getrlimit(RLIMIT_DATA, &limit) == 0 && (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > kMemoryLimitBytes)) {
        limit.rlim_cur = kMemoryLimitBytes;
        setrlimit(RLIMIT_DATA, &limit);
    }
    memory_capped = true;
}

std::string skip_reason(const TimeBudget& budget, const std::string& test) {
    if (budget.stop_folder.empty() || budget.exercise.empty()) return "";
    const std::string mark = mark_of(budget);
    if (!modified_after(mark, "/proc/self/exe")) return "";  // none, or from before this build
    std::ifstream in(mark);
    std::string first;
    std::getline(in, first);
    if (first.empty() || first == test) return "";
    return "not run: " + first + " timed out first, after " + std::to_string(budget.seconds) +
           " s; fix that one, then grade again";
}

void start_clock(const TimeBudget& budget, const std::string& test) {
    if (budget.seconds <= 0) return;
    std::snprintf(timeout_line, sizeof timeout_line,
                  "[course] timed-out %s: still running after %d s, the time budget of this exercise's tests "
                  "(the reference needs a small part of it): an endless loop, or far more work than needed?\n",
                  test.c_str(), budget.seconds);
    mark_path[0] = '\0';
    if (!budget.stop_folder.empty() && !budget.exercise.empty()) {
        mkdir(budget.stop_folder.c_str(), 0755);
        std::snprintf(mark_path, sizeof mark_path, "%s", mark_of(budget).c_str());
        std::snprintf(mark_text, sizeof mark_text, "%s\n", test.c_str());
    }
    std::signal(SIGALRM, on_time_budget_spent);
    alarm(unsigned(budget.seconds));
}

void stop_clock() { alarm(0); }

}  // namespace course::grading

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// operator new with the course's limit on one allocation. The array, nothrow and sized forms of
// the standard library call this one; the standard library's operator delete (free) matches it.
void* operator new(std::size_t bytes) {
    if (course::grading::memory_capped && bytes > course::grading::kMemoryLimitBytes)
        throw course::grading::AllocationTooLarge(bytes);
    for (;;) {
        if (void* memory = std::malloc(bytes == 0 ? 1 : bytes)) return memory;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}
#endif
