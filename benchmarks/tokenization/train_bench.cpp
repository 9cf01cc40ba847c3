// Benchmarks of the BPE trainers, bpe_train (exercise 4, the plain way) and bpe_train_fast (exercise
// 5), side by side on the course's English corpus.
//
// The same file builds twice: over the reference (tokenization_bench_reference) and over the
// learner's files (tokenization_bench_learner); a stub's row says "not implemented yet". Run both
// with `./course bench tokenization` (release preset, -O3).
//
//   BM_TrainPlain/<corpus>/merges:M   bpe_train to 256 + M tokens, once (Iterations(1): the plain
//                                     way takes seconds to minutes); not kjv at 10 000 merges
//   BM_TrainFast/<corpus>/merges:M    bpe_train_fast, the same merges
//   <corpus>: kjv_1mb (the first 1 MB, whole lines) and kjv (4.3 MB).
//
// What is timed is the training on the word table; count_words (pretokenize and count) runs once,
// outside the timing. Counters: `merges` per second, `input_bytes` per second (the corpus bytes the
// table stands for), `words` (distinct pre-tokens) and, for the fast trainer, `word_updates` (words
// read to apply merges, BpeTrainStats).
//
// Times are CPU times (the trainers are single-threaded; on a shared machine the wall clock also
// counts other programs). Napkin math: the 1 MB corpus has 7 611 distinct words of 53 936 bytes in
// all. The plain way recounts every pair of every word per merge through an ordered map (~54 000
// lookups of ~50 ns): ~2.5 ms a merge, ~5 s for 2 000 merges. The fast way counts once, then per
// merge reads the words holding the pair (49 102 word reads over the 2 000 merges, 25 a merge):
// ~20 us a merge, a speedup of the order of 100.
//
// The corpus: data/generated/kjv.txt and kjv_1mb.txt, written by benchmarks/tokenization/make_corpus.sh
// from Debian's bible-kjv (public domain); a row says how to make them when they are missing.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "course/datasets.hpp"
#include "course/error.hpp"
#include "tokenization/bpe_train.hpp"
#include "tokenization/bpe_train_fast.hpp"

namespace {

namespace tk = course::tokenization;

constexpr const char* kMissingCorpus =
    "data/generated/kjv.txt or kjv_1mb.txt is missing: run benchmarks/tokenization/make_corpus.sh (needs "
    "Debian's bible-kjv)";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Corpus: a text's size and its word table (count_words), made once per corpus; `error` says why
// there is no table (file missing, count_words not implemented yet).
struct Corpus {
    std::size_t bytes = 0;
    std::vector<tk::WordCount> words;
    const char* error = nullptr;
};

const Corpus& corpus(const std::string& name) {
    static std::map<std::string, Corpus> cache;
    const auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    Corpus& c = cache[name];
    const std::string text = read_file(course::data_path("generated/" + name + ".txt"));
    c.bytes = text.size();
    if (text.empty()) {
        c.error = kMissingCorpus;
        return c;
    }
    try {
        c.words = tk::count_words(text);
    } catch (const course::NotImplemented&) {
        c.error = "count_words is not implemented yet";
    }
    return c;
}

template <class Train>
void run_training(benchmark::State& state, const std::string& name, Train train) {
    const Corpus& c = corpus(name);
    if (c.error) {
        state.SkipWithError(c.error);
        return;
    }
    const int merges = int(state.range(0));
    std::size_t made = 0;
    tk::BpeTrainStats stats;
    try {
        for (auto _ : state) {
            const tk::Bpe bpe = train(c.words, 256 + merges, stats);
            made = bpe.merges.size();
            benchmark::DoNotOptimize(bpe.tokens.data());
        }
    } catch (const course::NotImplemented&) {
        state.SkipWithError("not implemented yet");
        return;
    }
    state.counters["merges"] = benchmark::Counter(double(made), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["input_bytes"] = benchmark::Counter(double(c.bytes), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["words"] = double(c.words.size());
    if (stats.merges > 0) state.counters["word_updates"] = double(stats.word_updates);
}

void BM_TrainPlain(benchmark::State& state, const std::string& name) {
    run_training(state, name, [](const std::vector<tk::WordCount>& words, int vocab_size, tk::BpeTrainStats&) {
        return tk::bpe_train(words, vocab_size);
    });
}

void BM_TrainFast(benchmark::State& state, const std::string& name) {
    run_training(state, name, [](const std::vector<tk::WordCount>& words, int vocab_size, tk::BpeTrainStats& stats) {
        return tk::bpe_train_fast(words, vocab_size, &stats);
    });
}

}  // namespace

// The plain rows run once each (Iterations(1)); BM_TrainPlain/kjv/merges:10000 takes about a minute.
BENCHMARK_CAPTURE(BM_TrainPlain, kjv_1mb, std::string("kjv_1mb"))
    ->Name("BM_TrainPlain/kjv_1mb")->ArgName("merges")->Arg(2000)->Arg(10000)->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_TrainPlain, kjv, std::string("kjv"))
    ->Name("BM_TrainPlain/kjv")->ArgName("merges")->Arg(2000)->Arg(10000)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_TrainFast, kjv_1mb, std::string("kjv_1mb"))
    ->Name("BM_TrainFast/kjv_1mb")->ArgName("merges")->Arg(2000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TrainFast, kjv, std::string("kjv"))
    ->Name("BM_TrainFast/kjv")->ArgName("merges")->Arg(2000)->Arg(10000)->Unit(benchmark::kMillisecond);
