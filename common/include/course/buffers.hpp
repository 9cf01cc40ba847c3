// course/buffers.hpp: checks and storage for flat row-major buffers, shared by the kernels.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>
#include <string_view>

#include "course/error.hpp"

namespace course {

// check_matrix_size: a row-major (rows, cols) buffer holds exactly rows * cols elements; otherwise
// std::invalid_argument naming the function, the buffer and both sizes, e.g.
//     "matmul_packed: A has 12 elements, expected M * K = 3 * 5 = 15"
inline void check_matrix_size(std::string_view function, std::string_view name, std::size_t size,
                              std::string_view dims, int rows, int cols) {
    const std::size_t expected = std::size_t(rows) * std::size_t(cols);
    COURSE_CHECK(size == expected, function, ": ", name, " has ", size, " elements, expected ", dims, " = ", rows,
                 " * ", cols, " = ", expected);
}

// AlignedFloats: an uninitialized float buffer whose first element starts a 64-byte cache line
// (also the width of an AVX-512 register), for the packed panels of the fast matmul.
class AlignedFloats {
public:
    explicit AlignedFloats(std::size_t count)
        : count_(count), data_(static_cast<float*>(allocate(count))) {}
    std::span<float> span() { return {data_.get(), count_}; }
    float* data() { return data_.get(); }
    std::size_t size() const { return count_; }

private:
    static constexpr std::size_t kAlignment = 64;
    struct Free {
        void operator()(float* p) const { std::free(p); }
    };
    static void* allocate(std::size_t count) {
        // aligned_alloc wants a size that is a multiple of the alignment, and at least one line.
        const std::size_t bytes = (count * sizeof(float) / kAlignment + 1) * kAlignment;
        void* p = std::aligned_alloc(kAlignment, bytes);
        if (p == nullptr) throw std::bad_alloc();
        return p;
    }
    std::size_t count_;
    std::unique_ptr<float, Free> data_;
};

}  // namespace course
