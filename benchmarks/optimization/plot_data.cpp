// plot_data: writes the data of the optimization module's plots into <out_dir>, as plain
// whitespace-separated columns that plot.gp draws (./course plot optimization runs this program
// built over the reference and over your files, then gnuplot).
//
//   <problem>_<racer>.dat         k  f(x_k) - f*      for problem rosenbrock, quad_kappa1e3, quad_kappa1e6
//   rosenbrock_<racer>_path.dat   x_k(0)  x_k(1)      the iterates on Rosenbrock, for the contour plot
//
// The runs are those of the convergence race (race_problems.hpp): same start, same tolerance, same
// iteration caps. A racer whose code throws course::NotImplemented (an exercise not done yet), or
// that diverges, writes nothing; the script then draws the reference alone.
// Usage: optimization_plot_<variant> <out_dir>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "course/error.hpp"
#include "race_problems.hpp"

namespace {

using race::Problem;
using race::Racer;
using course::Vector;
using course::optimization::OptimizeResult;

constexpr int kMaxHistoryPoints = 4000;  // longer histories are thinned evenly (GD runs 1e5 steps)
constexpr int kMaxPathPoints = 300;

// iterate_at: x_k, by rerunning the (deterministic) racer with max_iterations = k.
Vector iterate_at(const Racer& racer, const Problem& p, double tol, int k) {
    return racer.run(p, {tol, k}).result.x;
}

// path_iterations: the k at which to record the path: all of them for short runs, otherwise
// kMaxPathPoints spread geometrically (the early, large steps matter most to the eye).
std::vector<int> path_iterations(int K) {
    std::set<int> ks;
    if (K <= kMaxPathPoints) {
        for (int k = 0; k <= K; ++k) ks.insert(k);
    } else {
        for (int j = 0; j <= kMaxPathPoints; ++j)
            ks.insert(int(std::lround(std::pow(double(K + 1), double(j) / kMaxPathPoints))) - 1);
        ks.insert(K);
    }
    return {ks.begin(), ks.end()};
}

// gaps_of: f(x_k) - f* for k = 0 .. K. Conjugate gradient reports only its endpoints, so its
// history is rebuilt by reruns, as the paths are.
std::vector<double> gaps_of(const Racer& racer, const Problem& p, double tol, const OptimizeResult& r) {
    std::vector<double> gaps;
    if (racer.name == "conjugate_gradient") {
        for (int k = 0; k <= r.iterations; ++k) gaps.push_back(p.objective.value(iterate_at(racer, p, tol, k)) - p.f_star);
        return gaps;
    }
    for (double f : r.history) gaps.push_back(f - p.f_star);
    return gaps;
}

void write_history(const std::string& file, const std::vector<double>& gaps) {
    std::ofstream out(file);
    const size_t stride = std::max<size_t>(1, gaps.size() / kMaxHistoryPoints);
    out.precision(10);
    out << "# k  f(x_k) - f*\n";
    for (size_t k = 0; k < gaps.size(); k += stride) out << k << ' ' << gaps[k] << '\n';
    if ((gaps.size() - 1) % stride != 0) out << gaps.size() - 1 << ' ' << gaps.back() << '\n';
}

void write_path(const std::string& file, const Racer& racer, const Problem& p, double tol, int K) {
    std::ofstream out(file);
    out.precision(10);
    out << "# x1  x2   (iterates x_k of " << racer.name << " on Rosenbrock)\n";
    for (int k : path_iterations(K)) {
        const Vector x = iterate_at(racer, p, tol, k);
        out << x(0) << ' ' << x(1) << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " <out_dir>\n";
        return 2;
    }
    const std::string dir = argv[1];
    Eigen::setNbThreads(1);  // small products: threads cost more than they save
    const Problem problems[] = {race::rosenbrock(), race::quadratic(100, 1e3, "quad_kappa1e3"),
                                race::quadratic(100, 1e6, "quad_kappa1e6")};
    int written = 0;
    for (const Problem& p : problems) {
        const double tol = p.gradient_tolerance();
        for (const Racer& racer : race::racers()) {
            try {
                const race::RaceResult run = racer.run(p, {tol, p.max_iterations});
                if (!run.applicable) continue;
                write_history(dir + "/" + p.name + "_" + racer.name + ".dat", gaps_of(racer, p, tol, run.result));
                if (p.name == "rosenbrock")
                    write_path(dir + "/rosenbrock_" + racer.name + "_path.dat", racer, p, tol, run.result.iterations);
                ++written;
            } catch (const course::NotImplemented&) {
                std::cerr << p.name << " / " << racer.name << ": not implemented yet, skipped\n";
            } catch (const course::optimization::DivergedError& e) {
                std::cerr << p.name << " / " << racer.name << ": " << e.what() << ", skipped\n";
            }
        }
    }
    std::cerr << "plot_data: wrote " << written << " runs into " << dir << "\n";
    return 0;
}
