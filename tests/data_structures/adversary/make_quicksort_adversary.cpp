// make_quicksort_adversary: writes the keys of quicksort_adversary_6000.inc, an input on which the
// reference's quicksort (median of three, three-way partition) splits off only a few keys at every
// partition. Run once, offline; the tests never need it:
//
//   g++ -std=c++20 -O1 -I modules/data_structures/include -I common/include -o /tmp/make_adversary
//       tests/data_structures/adversary/make_quicksort_adversary.cpp
//   /tmp/make_adversary 6000 > tests/data_structures/adversary/quicksort_adversary_6000.inc
//
// (GCC 12.2, from the repository's root; the output depends only on the reference's comparisons.)
//
// The method is McIlroy's ("A Killer Adversary for Quicksort", Software: Practice and Experience
// 29(4), 1999): every key starts as "gas", a value not fixed yet and larger than every fixed one.
// When two gas keys are compared, one of them (the likely pivot) is frozen to the next smallest
// value. The sort then sees the pivot as small at every partition. The keys frozen in this order,
// and the gas left at the end as equal largest keys, make an input on which the same sort takes the
// same path.
#include <cstdio>
#include <cstdlib>
#include <vector>

// The reference itself, so that the input follows its exact path (its helpers are in an unnamed
// namespace of this translation unit).
#include "../../../modules/data_structures/reference/comparison_sorts.cpp"

namespace {

struct Adversary {
    std::vector<long> value;  // the frozen value of each key, or gas
    long gas = 0, frozen = 0, candidate = 0;

    long compare(long x, long y) {
        if (value[x] == gas && value[y] == gas) value[x == candidate ? x : y] = frozen++;
        if (value[x] == gas) {
            candidate = x;
        } else if (value[y] == gas) {
            candidate = y;
        }
        return value[x] - value[y];
    }
};

Adversary adversary;

// Key: an element of the array under sort, known by its index in the input.
struct Key {
    long id;
};
bool operator<(const Key& a, const Key& b) { return adversary.compare(a.id, b.id) < 0; }
bool operator==(const Key& a, const Key& b) { return adversary.compare(a.id, b.id) == 0; }

}  // namespace

int main(int argc, char** argv) {
    const long n = argc > 1 ? std::atol(argv[1]) : 6000;
    adversary.gas = n;
    adversary.value.assign(static_cast<std::size_t>(n), n);
    std::vector<Key> keys(static_cast<std::size_t>(n));
    for (long i = 0; i < n; ++i) keys[static_cast<std::size_t>(i)].id = i;
    course::data_structures::quicksort_impl(std::span<Key>(keys));
    std::printf("// %ld keys from make_quicksort_adversary.cpp (McIlroy's adversary against the reference quicksort)\n", n);
    for (long i = 0; i < n; ++i) std::printf("%ld,%s", adversary.value[static_cast<std::size_t>(i)], i % 20 == 19 ? "\n" : "");
    std::printf("\n");
}
