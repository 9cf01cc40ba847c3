// plot_data: writes the data of the backprop module's plots into <out_dir>, as plain
// whitespace-separated columns that plot.gp draws (./course plot backprop runs this program built
// over the reference and over your files, then gnuplot).
//
//   digits_curve.dat     epoch  train_loss  test_loss  test_accuracy   the digits, 64-64-10, Adam
//   spiral_points.dat    x  y  label                                   CS231n's spiral, 3 x 100 points
//   spiral_regions.dat   x  y  predicted_class                         a 200 x 200 grid over [-1.2, 1.2]^2
//   fashion_curve.dat    epoch  train_loss  test_loss  test_accuracy  samples_per_second   (fashion_mnist)
//
// The runs are the tests' (tests/backprop/training_test.cpp: LearnsTheDigits, LearnsTheSpiral),
// longer. A program whose exercise throws course::NotImplemented (not done yet) writes nothing for
// that plot; the script then draws the reference alone.
//
// Usage: backprop_plot_<variant> <out_dir>                       the digits and the spiral
//        backprop_plot_<variant> <out_dir> fashion_mnist [epochs] also the 784-256-256-10 MLP on
//            Fashion-MNIST (Debian's dataset-fashion-mnist; never downloaded), one line per epoch
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "backprop/mlp.hpp"
#include "backprop/training.hpp"
#include "course/datasets.hpp"
#include "course/error.hpp"

namespace {

using namespace course::backprop;

void write_curve(const std::string& path, const std::vector<EpochRecord>& records, bool with_rate) {
    std::ofstream out(path);
    out << "# epoch train_loss test_loss test_accuracy" << (with_rate ? " samples_per_second" : "") << "\n";
    for (const EpochRecord& r : records) {
        out << r.epoch + 1 << ' ' << r.train_loss << ' ' << r.test_loss << ' ' << r.test_accuracy;
        if (with_rate) out << ' ' << r.samples_per_second;
        out << '\n';
    }
}

void digits(const std::string& dir) {
    const course::TrainTest data = course::stratified_split(
        course::load_digits_csv(course::data_path("digits/digits.csv")), course::kDigitsTestPeriod);
    Mlp net = mlp_create({64, 64, 10}, 1);
    TrainConfig config;
    config.epochs = 30;
    config.batch_size = 32;
    config.optimizer = Optimizer::adam;
    config.learning_rate = 3e-3f;
    const std::vector<EpochRecord> records = train_classifier(net, data.train, data.test, config);
    write_curve(dir + "/digits_curve.dat", records, false);
    std::printf("digits: test accuracy %.2f%% after %d epochs\n", 100 * records.back().test_accuracy, config.epochs);
}

void spiral(const std::string& dir) {
    const course::Dataset data = course::make_spiral(100, 3, 0);
    Mlp net = mlp_create({2, 32, 32, 3}, 1);
    TrainConfig config;
    config.epochs = 100;
    config.batch_size = 32;
    config.optimizer = Optimizer::adam;
    config.learning_rate = 0.03f;
    config.cosine_schedule = true;
    config.warmup_steps = 20;
    config.min_learning_rate = 0.003f;
    const std::vector<EpochRecord> records = train_classifier(net, data, data, config);
    std::printf("spiral: training accuracy %.2f%% after %d epochs\n", 100 * records.back().test_accuracy,
                config.epochs);

    std::ofstream points(dir + "/spiral_points.dat");
    points << "# x y label\n";
    for (int i = 0; i < data.n; ++i) points << data.x[2 * i] << ' ' << data.x[2 * i + 1] << ' ' << data.y[i] << '\n';

    // The decision regions: the predicted class on a grid, through the net's forward pass.
    constexpr int kGrid = 200;
    constexpr float kLimit = 1.2f;
    std::vector<float> grid(2 * kGrid * kGrid), logits(3 * kGrid * kGrid);
    for (int r = 0; r < kGrid; ++r)
        for (int c = 0; c < kGrid; ++c) {
            grid[2 * (r * kGrid + c)] = -kLimit + 2 * kLimit * c / (kGrid - 1);
            grid[2 * (r * kGrid + c) + 1] = -kLimit + 2 * kLimit * r / (kGrid - 1);
        }
    mlp_forward(net, logits, grid, kGrid * kGrid);
    std::ofstream regions(dir + "/spiral_regions.dat");
    regions << "# x y predicted_class\n";
    for (int r = 0; r < kGrid; ++r) {
        for (int c = 0; c < kGrid; ++c) {
            const int i = r * kGrid + c;
            int best = 0;
            for (int v = 1; v < 3; ++v)
                if (logits[3 * i + v] > logits[3 * i + best]) best = v;
            regions << grid[2 * i] << ' ' << grid[2 * i + 1] << ' ' << best << '\n';
        }
        regions << '\n';  // gnuplot's grid format: a blank line between rows
    }
}

int fashion_mnist(const std::string& dir, int epochs) {
    const std::string root = "/usr/share/datasets/fashion-mnist/";
    if (!std::filesystem::exists(root + "train-images-idx3-ubyte.gz")) {
        std::printf("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist\n"
                    "(Debian's package, %s*.gz; the course never downloads it)\n", root.c_str());
        return 2;
    }
    const course::Dataset train =
        course::load_idx(root + "train-images-idx3-ubyte.gz", root + "train-labels-idx1-ubyte.gz");
    const course::Dataset test = course::load_idx(root + "t10k-images-idx3-ubyte.gz", root + "t10k-labels-idx1-ubyte.gz");
    const int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    std::printf("Fashion-MNIST: %d training and %d test images of %d pixels; 784-256-256-10 MLP, Adam, "
                "batches of 128, %d epochs, %d threads\n", train.n, test.n, train.features, epochs, threads);
    Mlp net = mlp_create({784, 256, 256, 10}, 1);
    TrainConfig config;
    config.epochs = epochs;
    config.batch_size = 128;
    config.optimizer = Optimizer::adam;
    config.learning_rate = 1e-3f;
    config.cosine_schedule = true;
    config.warmup_steps = 100;
    config.min_learning_rate = 1e-4f;
    config.threads = threads;
    const int steps_per_epoch = train.n / config.batch_size + (train.n % config.batch_size != 0);
    // The progress line, after each epoch's last step: the epoch's mean training loss, the test
    // accuracy of the net as it stands (one more pass over the test set) and the rate of the
    // epoch's training steps ONLY. The test-set passes (this callback's, and train_classifier's
    // own after each epoch, which falls between one epoch's last step and the next one's first)
    // are outside the clock: each step is timed from the end of the previous callback to the start
    // of its own, and an epoch's first step, whose start the callback cannot see (the shuffle and
    // train_classifier's evaluation come before it), is left out of both the time and the rows.
    double epoch_loss = 0.0;
    double step_seconds = 0.0;     // this epoch's timed steps
    long long timed_rows = 0;      // their rows
    std::vector<double> eval_seconds;  // per epoch, this callback's test-set pass (inside r.seconds)
    auto last_exit = std::chrono::steady_clock::now();
    config.on_step = [&](const StepInfo& info) {
        const auto entry = std::chrono::steady_clock::now();
        epoch_loss += double(info.loss) * double(info.rows.size());
        if (info.step % steps_per_epoch != 0) {  // not the epoch's first step
            step_seconds += std::chrono::duration<double>(entry - last_exit).count();
            timed_rows += (long long)info.rows.size();
        }
        if ((info.step + 1) % steps_per_epoch == 0) {
            const Evaluation now = evaluate_classifier(net, test, 1000, threads);
            eval_seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - entry).count());
            std::printf("  epoch %2d/%d  train loss %.4f  test accuracy %.2f%%  %.0f samples/s (training steps only)\n",
                        info.epoch + 1, epochs, epoch_loss / train.n, 100 * now.accuracy,
                        step_seconds > 0 ? double(timed_rows) / step_seconds : 0.0);
            std::fflush(stdout);
            epoch_loss = 0.0;
            step_seconds = 0.0;
            timed_rows = 0;
        }
        last_exit = std::chrono::steady_clock::now();
    };
    std::vector<EpochRecord> records = train_classifier(net, train, test, config);
    // r.seconds times the epoch's steps, this callback included: take its test-set pass out.
    double seconds = 0.0;
    for (EpochRecord& r : records) {
        const std::size_t e = std::size_t(r.epoch);
        if (e < eval_seconds.size() && r.seconds > eval_seconds[e]) {
            r.seconds -= eval_seconds[e];
            r.samples_per_second = train.n / r.seconds;
        }
        seconds += r.seconds;
        std::printf("epoch %2d  train loss %.4f  test loss %.4f  test accuracy %.2f%%  %.0f samples/s  (%.1f s)\n",
                    r.epoch + 1, r.train_loss, r.test_loss, 100 * r.test_accuracy, r.samples_per_second, r.seconds);
    }
    std::printf("Fashion-MNIST: %.2f%% test accuracy after %d epochs, %.1f s of training steps (no test-set pass)\n",
                100 * records.back().test_accuracy, epochs, seconds);
    write_curve(dir + "/fashion_curve.dat", records, true);
    return 0;
}

// run: one plot's data, or a note when its exercise is not done yet.
template <typename Plot>
void run(const char* what, Plot plot) {
    try {
        plot();
    } catch (const course::NotImplemented& e) {
        std::printf("%s: not drawn (%s)\n", what, e.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <out_dir> [fashion_mnist [epochs]]\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    std::filesystem::create_directories(dir);
    try {
        if (argc >= 3 && std::string(argv[2]) != "fashion_mnist") {
            std::fprintf(stderr, "plot_data: unknown program '%s'; the one there is: fashion_mnist [epochs]\n", argv[2]);
            return 2;
        }
        if (argc >= 3) {
            const int epochs = argc >= 4 ? std::atoi(argv[3]) : 5;
            int status = 0;
            run("fashion_mnist", [&] { status = fashion_mnist(dir, epochs < 1 ? 5 : epochs); });
            return status;
        }
        run("digits", [&] { digits(dir); });
        run("spiral", [&] { spiral(dir); });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plot_data: %s\n", e.what());
        return 1;
    }
    return 0;
}
