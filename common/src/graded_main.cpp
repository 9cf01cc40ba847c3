// graded_main.cpp: the main() of every test program in the course.
//
// It runs GoogleTest as usual and adds one line per test for the grader:
//     [course] passed      LuDecompose.SolvesRandomSystems
//     [course] not-started LuDecompose.SolvesRandomSystems: lu_decompose is not implemented yet ...
//     [course] failing     LuDecompose.SolvesRandomSystems: tests/linear_algebra/lu_test.cpp:42: ...
// A test is "not started" when its first failure is a course::NotImplemented thrown by a stub.
// A test that crashes says so before the process dies:
//     [course] crashed     LuDecompose.SolvesRandomSystems: segmentation fault (SIGSEGV): ...
//
// The build passes --course_look_at=<file>: the file to open when a test fails (the learner's
// exercise file for graded tests), printed after the failures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>
#include <string_view>

#include "course/error.hpp"

namespace {

// one_line squeezes a GoogleTest failure message into one line: its most telling first line
// ("Actual: false (...)" of an AllClose, or the exception's text), then " | " and the last line,
// which holds the test's own explanation when it streams one.
std::string one_line(const std::string& message) {
    std::string_view text = message;
    for (std::string_view key : {"Actual: false (", "C++ exception with description \""}) {
        const auto at = text.find(key);
        if (at != std::string_view::npos) {
            text = text.substr(at + key.size());
            break;
        }
    }
    while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    const auto thrown = text.find("\" thrown in ");
    if (thrown != std::string_view::npos) text = text.substr(0, thrown);
    std::string line(text.substr(0, text.find('\n')));
    const auto last_break = text.rfind('\n');
    if (last_break != std::string_view::npos) {
        std::string_view last = text.substr(last_break + 1);
        while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
        if (!last.empty() && last != line) line += " | " + std::string(last);
    }
    if (line.size() > 240) line = line.substr(0, 237) + "...";
    return line;
}

// The test running now, for the crash handler: a fixed buffer, since a signal handler may not
// allocate.
char current_test[512] = "(before the first test)";

// signal_meaning: what a fatal signal usually means in a learner's code.
const char* signal_meaning(int signal) {
    switch (signal) {
        case SIGSEGV: return "segmentation fault (SIGSEGV): an access outside an array, or through a null or dangling pointer";
        case SIGABRT: return "aborted (SIGABRT): a failed assert, a bad allocation, or an exception that could not be caught (one thrown inside an OpenMP region, say)";
        case SIGFPE: return "arithmetic error (SIGFPE): an integer division by zero";
        case SIGBUS: return "bus error (SIGBUS): a misaligned or unmapped address";
        case SIGILL: return "illegal instruction (SIGILL): code built for another CPU, or a corrupted stack";
        default: return "killed by a signal";
    }
}

// write_text: write(2) all of `text` (async-signal-safe, unlike printf).
void write_text(const char* text) {
    size_t left = std::strlen(text);
    while (left > 0) {
        const ssize_t n = write(STDOUT_FILENO, text, left);
        if (n <= 0) return;
        text += n;
        left -= size_t(n);
    }
}

// on_fatal_signal prints the grader's line for the crashed test, then dies of the same signal, so
// that ctest still sees the crash.
extern "C" void on_fatal_signal(int signal) {
    write_text("[course] crashed ");
    write_text(current_test);
    write_text(": ");
    write_text(signal_meaning(signal));
    write_text("\n");
    std::signal(signal, SIG_DFL);
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
    explicit GradeListener(std::string look_at) : look_at_(std::move(look_at)) {}

    void OnTestStart(const ::testing::TestInfo& info) override {
        first_failure_.clear();
        std::snprintf(current_test, sizeof current_test, "%s.%s", info.test_suite_name(), info.name());
        fflush(stdout);
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
        const std::string file = result.file_name() ? result.file_name() : "";
        const auto tests = file.rfind("tests/");
        first_failure_ = (tests == std::string::npos ? file : file.substr(tests)) + ":" +
                         std::to_string(result.line_number()) + ": " + one_line(message);
    }

    void OnTestEnd(const ::testing::TestInfo& info) override {
        const std::string name = std::string(info.test_suite_name()) + "." + info.name();
        if (info.result()->Passed()) {
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
    std::string first_failure_;
    bool not_started_ = false;
    bool any_failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    std::string look_at;
    const std::string_view flag = "--course_look_at=";
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]).starts_with(flag)) look_at = argv[i] + flag.size();
    ::testing::UnitTest::GetInstance()->listeners().Append(new GradeListener(look_at));
    install_crash_handlers();
    return RUN_ALL_TESTS();
}
