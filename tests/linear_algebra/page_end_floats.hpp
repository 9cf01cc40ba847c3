// page_end_floats.hpp: a copy of some floats that ends exactly where an inaccessible page begins,
// so that reading even one float past its end is a segmentation fault (POSIX: mmap, mprotect).
//
// A NaN margin (GuardedBuffer) shows a read past the end only when the value read reaches the
// result. A SIMD tail that loads a whole vector past the end and drops the extra lanes, or a loop
// that runs one step too far into a value it then ignores, reads memory that is not its own all
// the same: in a program whose buffer ends at a page, it crashes. These tests make that happen
// every time.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <new>
#include <span>
#include <vector>

namespace course::linear_algebra {

class PageEndFloats {
public:
    explicit PageEndFloats(const std::vector<float>& values)
        : page_(std::size_t(sysconf(_SC_PAGESIZE))),
          data_bytes_((values.size() * sizeof(float) + page_ - 1) / page_ * page_) {
        void* mapped = mmap(nullptr, data_bytes_ + page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapped == MAP_FAILED) throw std::bad_alloc();
        base_ = static_cast<char*>(mapped);
        if (mprotect(base_ + data_bytes_, page_, PROT_NONE) != 0) {
            munmap(base_, data_bytes_ + page_);
            throw std::bad_alloc();
        }
        float* first = reinterpret_cast<float*>(base_ + data_bytes_) - values.size();
        std::copy(values.begin(), values.end(), first);
        values_ = {first, values.size()};
    }
    PageEndFloats(const PageEndFloats&) = delete;
    PageEndFloats& operator=(const PageEndFloats&) = delete;
    ~PageEndFloats() { munmap(base_, data_bytes_ + page_); }

    // span: the floats; the byte after the last one is the first of an inaccessible page.
    std::span<const float> span() const { return values_; }

private:
    std::size_t page_, data_bytes_;
    char* base_ = nullptr;
    std::span<const float> values_;
};

}  // namespace course::linear_algebra
