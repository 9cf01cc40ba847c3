// course_report: the tables that ./course prints, read from the files the tools write, with real
// parsers (nlohmann::json for module manifests and Google Benchmark's output, pugixml for ctest's
// JUnit report). The meta tests run it over committed fixtures (tests/common/fixtures/).
//
//   course_report grade <module.json> <junit.xml> [--also JUNIT]... [--build DIR] [--only EX]
//                       [--broken EX]... [--first EX] [--timeout SECONDS] [--tsv FILE] [--color]
//       The grade table of one module: per exercise its state (passing, failing, not started, does
//       not compile, no tests ran), tests passed, and the first failure in one line. A report given
//       with --also (a later run of one exercise) replaces the results of the tests it holds.
//       --first puts an exercise at the top. Exit status 0 when every exercise graded (or the one
//       of --only) passes, 1 otherwise.
//
//   course_report bench <reference.json> <learner.json> [--library REGEX]
//       Google Benchmark's JSON output of the reference and the learner's programs, side by side;
//       then, for the families that report peak_fraction (the matmul ladder), one table per size.
#include <pugixml.hpp>
#include <regex.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// Colors, on only with --color (./course passes it when writing to a terminal).
struct Style {
    std::string bold, dim, red, green, reset;
};
Style make_style(bool color) {
    if (!color) return {};
    return {"\033[1m", "\033[2m", "\033[31m", "\033[32m", "\033[0m"};
}

json read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    try {
        return json::parse(in);
    } catch (const json::parse_error& e) {
        throw std::runtime_error(path + ": not valid JSON: " + e.what());
    }
}

// ---------------------------------------------------------------------------------------------
// grade

// TestResult: one ctest test (one GoogleTest case) of the JUnit report.
struct TestResult {
    std::string state;   // passed, failing, not-started, crashed, timed-out
    std::string detail;  // the first failure, or why there is none
};

// course_line: the "[course] <state> <Suite.Test>: <detail>" line that graded_main.cpp prints.
std::optional<TestResult> course_line(const std::string& output) {
    std::istringstream lines(output);
    std::string line;
    const std::string marker = "[course] ";
    while (std::getline(lines, line)) {
        if (line.rfind(marker, 0) != 0) continue;
        std::istringstream words(line.substr(marker.size()));
        std::string state, name;
        words >> state >> name;
        if (state != "passed" && state != "failing" && state != "not-started" && state != "crashed" &&
            state != "timed-out")
            continue;
        std::string detail;
        const auto colon = line.find(": ", marker.size() + state.size() + 1);
        if (colon != std::string::npos) detail = line.substr(colon + 2);
        return TestResult{state, detail};
    }
    return std::nullopt;
}

// read_junit: (test name, result) in ctest's order. A test without a [course] line ended before
// it could print one: killed at the time limit (its time reached `timeout`), or crashed.
using Results = std::vector<std::pair<std::string, TestResult>>;
Results read_junit(const std::string& path, double timeout) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_file(path.c_str());
    Results results;
    if (parsed.status == pugi::status_no_document_element) return results;  // an empty file
    if (!parsed) throw std::runtime_error(path + ": not valid XML: " + parsed.description());
    for (const pugi::xml_node test : doc.child("testsuite").children("testcase")) {
        const std::string name = test.attribute("name").value();
        const std::string status = test.attribute("status").value();
        const double seconds = test.attribute("time").as_double();
        if (status == "notrun" || status == "disabled") continue;
        if (auto line = course_line(test.child_value("system-out"))) {
            results.push_back({name, *line});
        } else if (status == "run") {
            results.push_back({name, {"passed", ""}});
        } else if (timeout > 0 && seconds >= 0.95 * timeout) {
            char text[96];
            std::snprintf(text, sizeof text, "timed out after %.0f s (an endless loop?)", seconds);
            results.push_back({name, {"timed-out", text}});
        } else {
            results.push_back({name, {"crashed", "crashed before reporting (run it alone to see why)"}});
        }
    }
    return results;
}

struct ExerciseGrade {
    std::string name, state, first;
    int passed = 0, count = 0;
};

// grade_exercise: the state of one exercise from its tests' results (named <module>.<ex>.<test>).
ExerciseGrade grade_exercise(const std::string& module, const std::string& ex,
                             const Results& results, bool broken) {
    ExerciseGrade g{ex, "", "", 0, 0};
    if (broken) {
        g.state = "does not compile";
        g.first = "fix the compile errors above in modules/" + module + "/learner/" + ex + ".cpp";
        return g;
    }
    const std::string prefix = module + "." + ex + ".";
    int not_started = 0, failing = 0;
    std::string first_failure, first_not_started;
    for (const auto& [name, result] : results) {
        if (name.rfind(prefix, 0) != 0) continue;
        ++g.count;
        const std::string test = name.substr(prefix.size());
        if (result.state == "passed") {
            ++g.passed;
        } else if (result.state == "not-started") {
            ++not_started;
            if (first_not_started.empty()) first_not_started = test + ": " + result.detail;
        } else {
            ++failing;
            if (first_failure.empty()) first_failure = test + ": " + result.detail;
        }
    }
    g.first = first_failure.empty() ? first_not_started : first_failure;
    if (g.count == 0) g.state = "no tests ran";
    else if (g.passed == g.count) g.state = "passing";
    else if (g.passed == 0 && failing == 0) g.state = "not started";
    else g.state = "failing";
    return g;
}

// read_tsv: the previous grades (exercise \t state \t passed/total \t first failure), kept for the
// exercises not graded this time (--only).
std::map<std::string, std::string> read_tsv(const std::string& path) {
    std::map<std::string, std::string> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) rows[line.substr(0, line.find('\t'))] = line;
    return rows;
}

// merge: `later`'s result replaces `earlier`'s for a test in both; new tests go at the end.
void merge(Results& earlier, const Results& later) {
    for (const auto& [name, result] : later) {
        const auto at = std::find_if(earlier.begin(), earlier.end(), [&](const auto& r) { return r.first == name; });
        if (at != earlier.end()) at->second = result;
        else earlier.push_back({name, result});
    }
}

struct GradeOptions {
    std::string manifest, junit, build = "build", only, first, tsv;
    std::vector<std::string> also;
    std::set<std::string> broken;
    double timeout = 0;
    bool color = false;
};

int grade(const GradeOptions& o) {
    const Style s = make_style(o.color);
    const json manifest = read_json(o.manifest);
    const std::string module = manifest.at("module");
    Results results = read_junit(o.junit, o.timeout);
    for (const auto& path : o.also) merge(results, read_junit(path, o.timeout));
    const auto previous = o.tsv.empty() ? std::map<std::string, std::string>{} : read_tsv(o.tsv);

    std::vector<std::string> exercises;
    for (const json& ex : manifest.at("exercises")) exercises.push_back(ex.at("name"));
    // --first: the exercise being worked on goes to the top (./course watch).
    if (!o.first.empty()) {
        const auto at = std::find(exercises.begin(), exercises.end(), o.first);
        if (at != exercises.end()) std::rotate(exercises.begin(), at, at + 1);
    }
    size_t width = 18;
    for (const auto& ex : exercises) width = std::max(width, ex.size());
    std::map<std::string, int> number;
    for (size_t i = 0; i < manifest.at("exercises").size(); ++i) number[manifest["exercises"][i].at("name")] = int(i) + 1;

    std::printf("\n%s%s%s: %s\n\n", s.bold.c_str(), module.c_str(), s.reset.c_str(),
                manifest.at("title").get<std::string>().c_str());
    std::printf("  %-3s %-*s %-17s %s\n", "#", int(width), "exercise", "state", "tests passed");
    std::ostringstream tsv;
    int passing = 0, total = 0;
    std::string next;
    bool only_passes = false;
    for (const auto& ex : exercises) {
        if (!o.only.empty() && ex != o.only) {
            if (previous.count(ex)) tsv << previous.at(ex) << '\n';
            continue;
        }
        ++total;
        const ExerciseGrade g = grade_exercise(module, ex, results, o.broken.count(ex) > 0);
        const std::string& color = g.state == "passing" ? s.green : g.state == "not started" ? s.dim : s.red;
        if (g.state == "passing") ++passing;
        std::printf("  %-3d %-*s %s%-17s%s %d/%d\n", number[ex], int(width), ex.c_str(), color.c_str(),
                    g.state.c_str(), s.reset.c_str(), g.passed, g.count);
        if (g.state != "passing" && g.state != "not started" && !g.first.empty())
            std::printf("      %s%s%s\n", s.dim.c_str(), g.first.c_str(), s.reset.c_str());
        if (next.empty() && g.state != "passing") next = ex;
        if (ex == o.only) only_passes = g.state == "passing";
        tsv << ex << '\t' << g.state << '\t' << g.passed << '/' << g.count << '\t' << g.first << '\n';
    }
    if (!o.tsv.empty()) std::ofstream(o.tsv) << tsv.str();

    std::printf("\n");
    if (o.only.empty()) std::printf("  %s%d/%d exercises passing%s\n", s.bold.c_str(), passing, total, s.reset.c_str());
    if (!next.empty()) {
        std::printf("\n  Next: modules/%s/learner/%s.cpp   (hints: ./course hint %s %s)\n", module.c_str(), next.c_str(),
                    module.c_str(), next.c_str());
        std::printf("  Details of its tests: ctest --test-dir %s -R '^%s\\.%s\\.' --output-on-failure\n",
                    o.build.c_str(), module.c_str(), next.c_str());
    } else if (o.only.empty()) {
        std::printf("  %sAll done.%s Compare your kernels with the reference: ./course bench %s\n", s.green.c_str(),
                    s.reset.c_str(), module.c_str());
    } else {
        std::printf("  %s%s passes.%s The whole module: ./course grade %s\n", s.green.c_str(), o.only.c_str(),
                    s.reset.c_str(), module.c_str());
    }
    const bool all_pass = o.only.empty() ? passing == total : only_passes;
    return all_pass ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// bench

// Pattern: a POSIX extended regular expression, the dialect of the course script's awk and grep
// (std::regex would add seconds to this file's compile time for nothing).
class Pattern {
public:
    explicit Pattern(const std::string& text) {
        if (regcomp(&re_, text.c_str(), REG_EXTENDED | REG_NOSUB) != 0)
            throw std::runtime_error("not a regular expression: " + text);
    }
    ~Pattern() { regfree(&re_); }
    Pattern(const Pattern&) = delete;
    Pattern& operator=(const Pattern&) = delete;
    bool found_in(const std::string& text) const { return regexec(&re_, text.c_str(), 0, nullptr, 0) == 0; }

private:
    regex_t re_;
};

// split: the parts of `text` between the '/'s.
std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, '/')) parts.push_back(part);
    return parts;
}

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// without_real_time: the name without Google Benchmark's "/real_time" suffix.
std::string without_real_time(std::string name) {
    const std::string suffix = "/real_time";
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        name.resize(name.size() - suffix.size());
    return name;
}

// Row: one benchmark of one program: its rate (flops or bytes per second) or its time.
struct Row {
    bool error = false;
    std::optional<double> flops, bytes, peak_fraction;
    double real_time = 0, threads = 1;
    std::string time_unit;
};

// read_rows: name -> row, in first-seen order. Repetitions: the median when Google Benchmark
// reports aggregates, else the last run; other aggregates (mean, stddev, cv) are skipped.
std::vector<std::pair<std::string, Row>> read_rows(const std::string& path) {
    const json doc = read_json(path);
    std::vector<std::pair<std::string, Row>> rows;
    std::map<std::string, size_t> index;
    std::set<std::string> has_median;
    for (const json& b : doc.value("benchmarks", json::array())) {
        std::string name = b.value("run_name", b.at("name").get<std::string>());
        const bool aggregate = b.value("run_type", "iteration") == "aggregate";
        if (aggregate && b.value("aggregate_name", "") != "median") continue;
        if (!aggregate && has_median.count(name)) continue;
        Row r;
        r.error = b.value("error_occurred", false);
        if (b.contains("flops")) r.flops = b["flops"].get<double>();
        if (b.contains("bytes")) r.bytes = b["bytes"].get<double>();
        if (b.contains("peak_fraction")) r.peak_fraction = b["peak_fraction"].get<double>();
        r.real_time = b.value("real_time", 0.0);
        r.threads = b.value("threads", 1.0);
        r.time_unit = b.value("time_unit", "");
        if (aggregate) has_median.insert(name);
        if (!index.count(name)) {
            index[name] = rows.size();
            rows.push_back({name, r});
        } else {
            rows[index[name]].second = r;
        }
    }
    return rows;
}

std::string rate_text(const Row& r) {
    char text[64];
    if (r.error) return "not implemented";
    if (r.flops) std::snprintf(text, sizeof text, "%.2f GFLOP/s", *r.flops / 1e9);
    else if (r.bytes) std::snprintf(text, sizeof text, "%.2f GB/s", *r.bytes / 1e9);
    else std::snprintf(text, sizeof text, "%.3g %s", r.real_time, r.time_unit.c_str());
    return text;
}

std::optional<double> rate_value(const Row& r) {
    if (r.error) return std::nullopt;
    if (r.flops) return r.flops;
    return r.bytes;
}

void bench_table(const std::vector<std::pair<std::string, Row>>& reference,
                 const std::vector<std::pair<std::string, Row>>& learner, const Pattern& library) {
    std::map<std::string, Row> mine;
    for (const auto& [name, row] : learner) mine[name] = row;
    std::printf("  %-34s %18s %18s %10s\n", "benchmark", "reference", "yours", "yours/ref");
    for (const auto& [name, ref] : reference) {
        std::string yours = "-", ratio;
        if (library.found_in(name)) {
            yours = "(library)";
        } else if (mine.count(name)) {
            yours = rate_text(mine[name]);
            const auto a = rate_value(ref), b = rate_value(mine[name]);
            if (a && b && *a > 0 && *b > 0) {
                char text[32];
                std::snprintf(text, sizeof text, "%.2fx", *b / *a);
                ratio = text;
            }
        }
        std::printf("  %-34s %18s %18s %10s\n", name.c_str(), rate_text(ref).c_str(), yours.c_str(), ratio.c_str());
    }
}

// Ladder rows: BM_<Family>/<rung>/n:<n>[/real_time] with a peak_fraction counter.
struct Rung {
    std::string name;
    double flops = 0, share = 0, threads = 1;
};

void ladder_table(const std::vector<std::pair<std::string, Row>>& reference,
                  const std::vector<std::pair<std::string, Row>>& learner, const Pattern& library) {
    std::map<int, double> peak;
    std::vector<std::pair<std::string, std::string>> tables;  // (family, n) in first-seen order
    std::map<std::pair<std::string, std::string>, std::vector<Rung>> rungs;
    for (const auto& [name, row] : reference) {
        // BM_PeakFma/threads:<t>, and the ladder's BM_<Family>/<rung>/n:<n>.
        const std::vector<std::string> part = split(without_real_time(name));
        if (part.size() == 2 && part[0] == "BM_PeakFma" && part[1].rfind("threads:", 0) == 0 &&
            all_digits(part[1].substr(8)) && row.flops)
            peak[std::stoi(part[1].substr(8))] = *row.flops;
        if (!row.peak_fraction || row.error || !row.flops) continue;
        if (part.size() != 3 || part[0].rfind("BM_", 0) != 0 || part[2].rfind("n:", 0) != 0 || !all_digits(part[2].substr(2)))
            continue;
        const std::pair<std::string, std::string> key{part[0], part[2].substr(2)};
        if (!rungs.count(key)) tables.push_back(key);
        rungs[key].push_back({part[1], *row.flops, *row.peak_fraction, row.threads});
    }
    if (tables.empty()) return;
    std::map<std::string, double> mine;
    for (const auto& [name, row] : learner)
        if (!row.error && row.flops) mine[without_real_time(name)] = *row.flops;

    std::printf("\nThe ladder, reference kernels: GFLOP/s, and the share of the peak BM_PeakFma measured in this run");
    if (peak.count(1)) std::printf(" (%.1f GFLOP/s on 1 thread", peak[1] / 1e9);
    if (peak.count(1) && peak.count(2)) std::printf(", %.1f on 2", peak[2] / 1e9);
    if (peak.count(1)) std::printf(")");
    std::printf("\n");
    for (const auto& key : tables) {
        const auto& list = rungs[key];
        // The yardstick at a thread count: OpenBLAS, else Eigen.
        auto yardstick = [&](double threads) -> const Rung* {
            for (const char* lib : {"openblas", "eigen"})
                for (const Rung& r : list)
                    if (r.threads == threads && r.name.rfind(lib, 0) == 0) return &r;
            return nullptr;
        };
        const Rung* one = yardstick(1);
        const std::string yard_name = one && one->name.rfind("openblas", 0) == 0 ? "OpenBLAS" : "Eigen";
        std::printf("\n  %s, n = %s\n", key.first.c_str(), key.second.c_str());
        std::printf("    %-22s %7s %9s %8s %11s %11s %10s\n", "rung", "threads", "GFLOP/s", "of peak", "vs previous",
                    ("vs " + yard_name).c_str(), "yours");
        const Rung* previous = nullptr;
        for (const Rung& r : list) {
            const bool lib = library.found_in("/" + r.name);
            char vs_prev[32] = "-", vs_lib[32] = "-", yours[32] = "-";
            if (!lib && previous && previous->flops > 0) std::snprintf(vs_prev, sizeof vs_prev, "%.2fx", r.flops / previous->flops);
            const Rung* y = yardstick(r.threads);
            if (y && y != &r && y->flops > 0) std::snprintf(vs_lib, sizeof vs_lib, "%.2fx", r.flops / y->flops);
            const std::string mine_key = key.first + "/" + r.name + "/n:" + key.second;
            if (lib) yours[0] = '\0';
            else if (mine.count(mine_key)) std::snprintf(yours, sizeof yours, "%.1f", mine[mine_key] / 1e9);
            std::printf("    %-22s %7d %9.1f %7.0f%% %11s %11s %10s\n", (r.name + (lib ? " (library)" : "")).c_str(),
                        int(r.threads), r.flops / 1e9, 100 * r.share, vs_prev, vs_lib, yours);
            if (!lib) previous = &r;
        }
    }
}

int bench(const std::string& reference_path, const std::string& learner_path, const std::string& library) {
    const Pattern library_re(library);
    const auto reference = read_rows(reference_path);
    const auto learner = read_rows(learner_path);
    bench_table(reference, learner, library_re);
    ladder_table(reference, learner, library_re);
    return 0;
}

// ---------------------------------------------------------------------------------------------

int usage() {
    std::fprintf(stderr,
                 "usage: course_report grade <module.json> <junit.xml> [--also JUNIT]... [--build DIR] [--only EX]\n"
                 "                           [--broken EX]... [--first EX] [--timeout SECONDS] [--tsv FILE] [--color]\n"
                 "       course_report bench <reference.json> <learner.json> [--library REGEX]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 3) return usage();
    // value_of: the word after option i, or an error naming the option.
    auto value_of = [&](size_t& i) -> std::string {
        if (i + 1 >= args.size()) throw std::runtime_error(args[i] + " needs a value");
        return args[++i];
    };
    try {
        if (args[0] == "grade") {
            GradeOptions o;
            o.manifest = args[1];
            o.junit = args[2];
            for (size_t i = 3; i < args.size(); ++i) {
                if (args[i] == "--build") o.build = value_of(i);
                else if (args[i] == "--also") o.also.push_back(value_of(i));
                else if (args[i] == "--only") o.only = value_of(i);
                else if (args[i] == "--first") o.first = value_of(i);
                else if (args[i] == "--broken") o.broken.insert(value_of(i));
                else if (args[i] == "--timeout") o.timeout = std::stod(value_of(i));
                else if (args[i] == "--tsv") o.tsv = value_of(i);
                else if (args[i] == "--color") o.color = true;
                else throw std::runtime_error("unknown option " + args[i]);
            }
            return grade(o);
        }
        if (args[0] == "bench") {
            std::string library = "/(eigen|openblas|std|absl)|PeakFma";
            for (size_t i = 3; i < args.size(); ++i) {
                if (args[i] == "--library") library = value_of(i);
                else throw std::runtime_error("unknown option " + args[i]);
            }
            return bench(args[1], args[2], library);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "course_report: %s\n", e.what());
        return 2;
    }
    return usage();
}
