// graded_main.cpp: the main() of every test program in the course.
//
// It runs GoogleTest as usual and adds one line per test for the grader:
//     [course] passed      LuDecompose.SolvesRandomSystems
//     [course] not-started LuDecompose.SolvesRandomSystems: lu_decompose is not implemented yet ...
//     [course] failing     LuDecompose.SolvesRandomSystems: tests/linear_algebra/lu_test.cpp:42: ...
// A test is "not started" when its first failure is a course::NotImplemented thrown by a stub.
// A test that crashes says so before the process dies:
//     [course] crashed     LuDecompose.SolvesRandomSystems: segmentation fault (SIGSEGV) in
//                          lu_decompose (modules/linear_algebra/learner/lu.cpp:31): an access ...
// and one that outlives its time budget (test_limits.hpp):
//     [course] timed-out   LuDecompose.SolvesRandomSystems: still running after 5 s, ...
// An exception that escapes a test is named with the function that threw it and the place
// (exception_origin.hpp):
//     [course] failing     LuSolve.SolvesHandWorked3x3System: std::invalid_argument from lu_solve
//                          (modules/linear_algebra/learner/lu.cpp:23): lu_solve: b has 2 entries ...
//
// The build passes
//     --course_look_at=<file>      the file to open when a test fails (the learner's exercise file
//                                  for graded tests), printed after the failures;
//     --course_budget=<seconds>    the time budget of each test;
//     --course_stop_folder=<dir>   where a timed-out test leaves its mark, and
//     --course_exercise=<m>.<ex>   the mark's name (test_limits.hpp).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "course/error.hpp"
#include "exception_origin.hpp"
#include "test_limits.hpp"

namespace {

// lines_of: the lines of a GoogleTest message, trimmed, without empty ones.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
        if (!line.empty()) lines.push_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

// equality_failure: an EXPECT_EQ's two sides, (expression, value), the value "" where the
// expression is a literal: "lu.perm is { 0, 1 }, expected { 1, 0 }".
std::string equality_failure(const std::vector<std::pair<std::string, std::string>>& sides) {
    if (sides.size() < 2) return sides.empty() ? "" : sides[0].first;
    const auto& [a, a_value] = sides[0];
    const auto& [b, b_value] = sides[1];
    if (!a_value.empty() && b_value.empty()) return a + " is " + a_value + ", expected " + b;
    if (a_value.empty() && !b_value.empty()) return b + " is " + b_value + ", expected " + a;
    if (a_value.empty()) return a + " differs from " + b;
    return a + " is " + a_value + ", " + b + " is " + b_value + " (expected equal)";
}

// one_line squeezes a GoogleTest failure message into one line that shows the values compared:
//     EXPECT_TRUE(AllClose(...))   "Value of: ..." / "Actual: false (<why>)" / "Expected: true"
//                                  -> <why>
//     EXPECT_TRUE(r.converged)     -> r.converged is false, expected true
//     EXPECT_EQ(a, b)              "Expected equality of these values:" / a / "Which is: 1" / b ...
//                                  -> a is 1, b is 2 (expected equal)
//     EXPECT_NEAR, EXPECT_THROW    their lines joined
//     EXPECT_LE & co, anything else   its first line
// followed by " | " and what the test streamed after the assertion (its explanation).
std::string one_line(const std::string& message) {
    std::vector<std::string_view> lines = lines_of(message);
    std::string head;
    std::size_t rest = lines.size();  // the first line of the test's own explanation
    if (lines.size() >= 3 && lines[0].starts_with("Value of: ") && lines[1].starts_with("Actual: ")) {
        std::string_view actual = lines[1].substr(8);
        const auto paren = actual.find(" (");
        if (paren != std::string_view::npos) {  // an AssertionResult's message: "(" <lines> ")"
            std::vector<std::string_view> why = {actual.substr(paren + 2)};
            std::size_t k = 2;
            while (k < lines.size() && !lines[k].starts_with("Expected: ")) why.push_back(lines[k++]);
            if (why.back().ends_with(')')) why.back().remove_suffix(1);
            head = std::string(why.front());
            rest = k + 1;
            // No explanation streamed after it: the result's own last line ("likely cause: ...").
            if (rest >= lines.size() && why.size() > 1 && why.back().starts_with("likely cause"))
                head += " | " + std::string(why.back());
        } else {
            head = std::string(lines[0].substr(10)) + " is " + std::string(actual) + ", expected " +
                   std::string(lines[2].substr(10));
            rest = 3;
        }
    } else if (!lines.empty() && lines[0] == "Expected equality of these values:") {
        std::size_t k = 1;
        std::vector<std::pair<std::string, std::string>> sides;  // (expression, value or "")
        while (k < lines.size() && sides.size() < 2) {
            std::pair<std::string, std::string> side{std::string(lines[k++]), ""};
            if (k < lines.size() && lines[k].starts_with("Which is: ")) side.second = std::string(lines[k++].substr(10));
            sides.push_back(side);
        }
        head = equality_failure(sides);
        while (k < lines.size() && lines[k].starts_with("With diff:")) k = lines.size();
        rest = k;
    } else if (!lines.empty() && lines[0] == "Failed") {
        if (lines.size() > 1) head = std::string(lines[1]);
        rest = 2;
    } else if (!lines.empty() && lines[0].starts_with("The difference between ")) {  // EXPECT_NEAR
        std::size_t k = 0;
        for (; k < lines.size() && (k == 0 || !lines[k - 1].ends_with(".")); ++k) head += (k ? " " : "") + std::string(lines[k]);
        rest = k;
    } else if (lines.size() >= 2 && lines[0].starts_with("Expected: ") && lines[1].starts_with("Actual: ")) {
        head = std::string(lines[0]) + " " + std::string(lines[1]);  // EXPECT_THROW
        rest = 2;
    } else if (!lines.empty()) {  // EXPECT_LE & co: "Expected: (a) <= (b), actual: 1 vs 2"
        head = std::string(lines[0]);
        rest = 1;
    }
    if (rest < lines.size()) {
        const std::string_view explanation = lines.back();
        if (explanation != head) head += " | " + std::string(explanation);
    }
    if (head.size() > 300) head = head.substr(0, 297) + "...";
    return head;
}

// escaped_exception: the line for an exception that left the test body, 'C++ exception with
// description "<what>" thrown in the test body.': its type, the function that threw it and where,
// then what it says.
std::string escaped_exception(const std::string& message) {
    const std::string_view key = "C++ exception with description \"";
    std::string what = message;
    const auto at = message.find(key);
    if (at != std::string::npos) {
        what = message.substr(at + key.size());
        const auto end = what.rfind("\" thrown in ");
        if (end != std::string::npos) what.resize(end);
    }
    if (course::grading::last_exception_was_bad_alloc())
        what += " (out of memory: this test's process reached the course's limit of " +
                std::to_string(course::grading::kMemoryLimitBytes >> 30) + " GiB; docs/grading.md, \"Limits\")";
    const std::string origin = course::grading::describe_last_exception();
    std::string line = origin.empty() ? "an exception: " + what : origin + ": " + what;
    if (line.size() > 400) line = line.substr(0, 397) + "...";
    return line;
}

// The test running now, for the crash handler: a fixed buffer, since a signal handler may not
// allocate.
char current_test[512] = "(before the first test)";

// signal_name and signal_meaning: a fatal signal, and what it usually means in a learner's code.
const char* signal_name(int signal) {
    switch (signal) {
        case SIGSEGV: return "segmentation fault (SIGSEGV)";
        case SIGABRT: return "aborted (SIGABRT)";
        case SIGFPE: return "arithmetic error (SIGFPE)";
        case SIGBUS: return "bus error (SIGBUS)";
        case SIGILL: return "illegal instruction (SIGILL)";
        default: return "killed by a signal";
    }
}

const char* signal_meaning(int signal) {
    switch (signal) {
        case SIGSEGV: return "an access outside an array, or through a null or dangling pointer";
        case SIGABRT: return "a failed assert (an index past the end of a std::vector, std::span or std::array; run the test alone to read it), a write past a local array, or an exception that could not be caught (one thrown inside an OpenMP region, say)";
        case SIGFPE: return "an integer division by zero";
        case SIGBUS: return "a misaligned or unmapped address";
        case SIGILL: return "code built for another CPU, or a corrupted stack";
        default: return "";
    }
}

// write_text: write(2) all of `text`.
void write_text(const char* text) {
    size_t left = std::strlen(text);
    while (left > 0) {
        const ssize_t n = write(STDOUT_FILENO, text, left);
        if (n <= 0) return;
        text += n;
        left -= size_t(n);
    }
}

// place_of_crash: where the crash happened in the course's code, or "". Finding it allocates and
// runs addr2line, which a signal handler must not do (the crash may have left malloc locked or the
// stack smashed), so a child process does it (fork is safe in a handler) and writes it to a pipe:
// if the child crashes or hangs, the parent reads nothing and goes on after at most 5 s.
void place_of_crash(char* out, std::size_t size) {
    out[0] = '\0';
    int fds[2];
    if (pipe(fds) != 0) return;
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        std::signal(SIGALRM, SIG_DFL);
        alarm(5);
        const std::string place = course::grading::describe_current_place();
        (void)!write(fds[1], place.data(), place.size());
        _exit(0);
    }
    close(fds[1]);
    std::size_t used = 0;
    if (child > 0) {
        pollfd ready{fds[0], POLLIN, 0};
        while (used + 1 < size && poll(&ready, 1, 5000) > 0) {
            const ssize_t n = read(fds[0], out + used, size - 1 - used);
            if (n <= 0) break;
            used += std::size_t(n);
        }
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
    }
    out[used] = '\0';
    close(fds[0]);
}

// on_fatal_signal prints the grader's line for the crashed test, with the place in the course's
// code where it happened, then dies of the same signal, so that ctest still sees the crash.
extern "C" void on_fatal_signal(int signal) {
    for (int fatal : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) std::signal(fatal, SIG_DFL);
    static char place[1024];
    place_of_crash(place, sizeof place);
    write_text("[course] crashed ");
    write_text(current_test);
    write_text(": ");
    write_text(signal_name(signal));
    if (place[0] != '\0') {
        write_text(" in ");
        write_text(place);
    }
    write_text(": ");
    write_text(signal_meaning(signal));
    write_text("\n");
    std::raise(signal);
}

// install_crash_handlers: not under AddressSanitizer, whose own handlers give the better report.
void install_crash_handlers() {
#if !defined(__SANITIZE_ADDRESS__)
    for (int signal : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) std::signal(signal, on_fatal_signal);
#endif
}

class GradeListener : public ::testing::EmptyTestEventListener {
public:
    GradeListener(std::string look_at, course::grading::TimeBudget budget)
        : look_at_(std::move(look_at)), budget_(std::move(budget)) {}

    void OnTestStart(const ::testing::TestInfo& info) override {
        first_failure_.clear();
        std::snprintf(current_test, sizeof current_test, "%s.%s", info.test_suite_name(), info.name());
        fflush(stdout);
        course::grading::start_clock(budget_, current_test);
    }

    void OnTestPartResult(const ::testing::TestPartResult& result) override {
        if (!result.failed() || !first_failure_.empty()) return;
        const std::string message = result.message();
        if (message.find(course::kNotImplementedMarker) != std::string::npos) {
            not_started_ = true;
            first_failure_ = one_line(message.substr(message.find(course::kNotImplementedMarker) +
                                                     course::kNotImplementedMarker.size()));
            return;
        }
        not_started_ = false;
        if (result.line_number() < 0) {  // no place: an exception escaped the test
            first_failure_ = escaped_exception(message);
            return;
        }
        const std::string file = result.file_name() ? result.file_name() : "";
        const auto tests = file.rfind("tests/");
        first_failure_ = (tests == std::string::npos ? file : file.substr(tests)) + ":" +
                         std::to_string(result.line_number()) + ": " + one_line(message);
    }

    void OnTestEnd(const ::testing::TestInfo& info) override {
        course::grading::stop_clock();
        const std::string name = std::string(info.test_suite_name()) + "." + info.name();
        if (info.result()->Skipped()) {
            printf("[course] skipped %s\n", name.c_str());  // --gtest_fail_fast after a failure
        } else if (info.result()->Passed()) {
            printf("[course] passed %s\n", name.c_str());
        } else {
            printf("[course] %s %s: %s\n", not_started_ ? "not-started" : "failing", name.c_str(),
                   first_failure_.c_str());
            any_failed_ = true;
        }
        fflush(stdout);
    }

    void OnTestProgramEnd(const ::testing::UnitTest&) override {
        if (any_failed_ && !look_at_.empty()) printf("[course] look at: %s\n", look_at_.c_str());
    }

private:
    std::string look_at_;
    course::grading::TimeBudget budget_;
    std::string first_failure_;
    bool not_started_ = false;
    bool any_failed_ = false;
};

// flag_value: the value of --<name>=<value> among the arguments, or "".
std::string flag_value(int argc, char** argv, std::string_view name) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.starts_with(name) && arg.substr(name.size()).starts_with("=")) return std::string(arg.substr(name.size() + 1));
    }
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    const std::string look_at = flag_value(argc, argv, "--course_look_at");
    course::grading::TimeBudget budget;
    budget.seconds = std::atoi(flag_value(argc, argv, "--course_budget").c_str());
    budget.stop_folder = flag_value(argc, argv, "--course_stop_folder");
    budget.exercise = flag_value(argc, argv, "--course_exercise");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    budget.seconds *= 5;  // instrumented code runs a few times slower
#endif

    // ctest runs one test per process (--gtest_filter=Suite.Test): if another test of the exercise
    // timed out in this run, this one reports that instead of spending its budget on the same loop.
    const std::string only_test = ::testing::GTEST_FLAG(filter);
    if (only_test.find_first_of("*?:-") == std::string::npos) {
        const std::string reason = course::grading::skip_reason(budget, only_test);
        if (!reason.empty()) {
            printf("[course] failing %s: %s\n", only_test.c_str(), reason.c_str());
            return 1;
        }
    }

    course::grading::cap_memory();
    ::testing::UnitTest::GetInstance()->listeners().Append(new GradeListener(look_at, budget));
    install_crash_handlers();
    return RUN_ALL_TESTS();
}
