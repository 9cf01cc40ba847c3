// attention_test_helpers.hpp: what the attention tests share: a per-element tolerance check that
// names the first and the worst element by [row, col], and seeded uniform floats in [lo, hi).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "course/random.hpp"

namespace course::attention::test_helpers {

// Within: every |got - want| <= tol (per element); on failure the count, and the first and the
// worst element at [row, col] of a matrix of `cols` columns, with `hint` added when the worst is NaN.
inline ::testing::AssertionResult Within(std::span<const float> got, const std::vector<double>& want,
                                         const std::vector<double>& tol, int cols, const std::string& what,
                                         const std::string& nan_hint = "") {
    int bad = 0;
    std::size_t first = 0, worst = 0;
    double worst_ratio = -1;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double err = std::abs(double(got[i]) - want[i]);
        if (err <= tol[i]) continue;
        const double ratio = std::isnan(err) ? INFINITY : err / tol[i];
        if (bad++ == 0) first = i;
        if (ratio > worst_ratio) worst_ratio = ratio, worst = i;
    }
    if (bad == 0) return ::testing::AssertionSuccess();
    std::ostringstream out;
    out.precision(10);
    out << what << ": " << bad << " of " << got.size() << " elements differ";
    for (std::size_t i : {first, worst})
        out << "\n  " << (i == first ? "first" : "worst") << " at [" << i / cols << ", " << i % cols << "]: got "
            << got[i] << ", want " << want[i] << " (tolerance " << tol[i] << ")";
    if (!nan_hint.empty() && std::isnan(got[worst])) out << "\n  NaN: " << nan_hint;
    return ::testing::AssertionFailure() << out.str();
}

// random_floats: n floats uniform in [lo, hi) from the course's seeded generator.
inline std::vector<float> random_floats(std::size_t n, double lo, double hi, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<float> x(n);
    for (float& value : x) value = float(rng.uniform(lo, hi));
    return x;
}

}  // namespace course::attention::test_helpers
