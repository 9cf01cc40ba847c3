// plot_data: writes the data of the attention module's plot into <out_dir>, as plain
// whitespace-separated columns that plot.gp draws (./course plot attention runs this program built
// over the reference and over your files, then gnuplot).
//
//   attention_tokens.dat    index  token                  the 12 tokens of the sentence below
//   attention_weights.dat   key  query  probability        P of one causal head, T = 12, T * T lines
//
// The sentence is "the cat sat on the mat because it was tired and slept". The head is made by
// hand so that its pattern reads at a glance (no training): key j is the one-hot code e_j (hs = 16)
// scaled by 3, and query t asks for the previous token e_(t-1) with weight 1, itself with weight
// 0.4, and three tokens ask for a word further back: "it" and "slept" for "cat" (their subject),
// "tired" for "it", with weight 1.2. A score is then 9 w / sqrt(16) = 2.25 w: the previous token
// takes about e^2.25 = 9.5 times the weight of a token not asked for, a link about 15 times. What the heat map
// shows: the causal triangle (nothing above the diagonal: no token sees a later one), row 0 all on
// "the" (the first token sees only itself), the bright band just below the diagonal (the previous
// token), and the links of "it" and "slept" back to "cat" and of "tired" to "it", left of that band.
//
// A program whose attention_forward throws course::NotImplemented (not done yet) writes nothing;
// the script then draws "not done yet" in its place.
//
// Usage: attention_plot_<variant> <out_dir>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "attention/attention_forward.hpp"
#include "course/error.hpp"

namespace {

using namespace course::attention;

constexpr int kT = 12, kHs = 16;
const char* const kTokens[kT] = {"the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired", "and", "slept"};

void attention_map(const std::string& dir) {
    std::vector<float> q(kT * kHs, 0.0f), k(kT * kHs, 0.0f), v(kT * kHs, 0.0f);
    for (int j = 0; j < kT; ++j) {
        k[j * kHs + j] = 3.0f;  // key j: "I am token j"
        v[j * kHs + j] = 1.0f;  // value j: the same code (out_t then shows P's row t)
    }
    for (int t = 0; t < kT; ++t) {
        q[t * kHs + t] += 3.0f * 0.4f;                    // a little of itself
        if (t > 0) q[t * kHs + (t - 1)] += 3.0f * 1.0f;  // the previous token
    }
    const int kCat = 1, kIt = 7;
    for (int t : {7, 11}) q[t * kHs + kCat] += 3.0f * 1.2f;  // it, slept -> cat
    q[9 * kHs + kIt] += 3.0f * 1.2f;                           // tired -> it
    std::vector<float> out(kT * kHs), att(kT * kT);
    attention_forward(out, att, q, k, v, kT, kHs, {.causal = true});

    std::ofstream tokens(dir + "/attention_tokens.dat");
    tokens << "# index token\n";
    for (int t = 0; t < kT; ++t) tokens << t << ' ' << kTokens[t] << '\n';
    std::ofstream weights(dir + "/attention_weights.dat");
    weights << "# key query probability (one causal head, T = " << kT << ", hs = " << kHs << ")\n";
    for (int t = 0; t < kT; ++t) {
        for (int j = 0; j < kT; ++j) weights << j << ' ' << t << ' ' << att[t * kT + j] << '\n';
        weights << '\n';
    }
    std::printf("attention: the weights of one causal head over %d tokens\n", kT);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <out_dir>\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    std::filesystem::create_directories(dir);
    try {
        attention_map(dir);
    } catch (const course::NotImplemented& e) {
        std::printf("attention: not done yet (%s)\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plot_data: %s\n", e.what());
        return 1;
    }
    return 0;
}
