// course/datasets.hpp: the small data sets the course trains on.
//
//   make_spiral       CS231n's spiral: `classes` arms of points in the plane, not linearly separable.
//   load_digits_csv   the UCI handwritten digits (8 x 8 pixels, 1 797 images), shipped in
//                     data/digits/digits.csv (see data/digits/README.md for the source and licence).
//   load_idx          MNIST-format IDX files (plain or gzip-compressed), e.g. Fashion-MNIST from
//                     Debian's optional package dataset-fashion-mnist.
//   data_path         where the course's data folder is at run time.
//
// Every loader returns a Dataset: x is (n, features), row-major fp32, y is (n,) with labels in
// [0, classes). A file that cannot be read or is not what it claims throws std::runtime_error whose
// message names the file and what was expected (line and column for the CSV).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace course {

// Dataset: n samples of `features` floats each and one label each.
struct Dataset {
    std::vector<float> x;  // (n, features), row-major
    std::vector<int> y;    // (n,), each in [0, classes)
    int n = 0;
    int features = 0;
    int classes = 0;
};

// make_spiral: the spiral of CS231n (https://cs231n.github.io/neural-networks-case-study/).
// For class k in [0, classes) and point i in [0, points_per_class), in this order:
//     r     = i / (points_per_class - 1)           (0 when points_per_class == 1; numpy's linspace)
//     theta = 4 k + 4 r + 0.2 z,   z = Rng(seed).normal(), one draw per point in the order above
//     x[k * points_per_class + i] = (r sin theta, r cos theta),   y = k
// Shapes: x is (points_per_class * classes, 2). Refused (std::invalid_argument): points_per_class
// < 1, classes < 1, or a total that does not fit an int.
Dataset make_spiral(int points_per_class, int classes, std::uint64_t seed);

// load_digits_csv: one image a line, 64 comma-separated integer pixels in [0, 16] then the label
// in [0, 9]. x = pixel / 16 (in [0, 1]); features = 64, classes = 10. The rows keep the file's
// order. Refused (std::runtime_error naming the path, the line and the column): a missing file, a
// line with another count of fields, a field that is not an integer, an empty field (two commas in
// a row, or a comma ending the line: "no comma after the label"), an empty line (also one at the
// end of the file), a pixel outside [0, 16], a label outside [0, 9], an empty file.
Dataset load_digits_csv(const std::string& path);

// load_idx: MNIST's IDX format (http://yann.lecun.com/exdb/mnist/), big-endian:
//     images: magic 0x00000803, n, rows, cols, then n * rows * cols unsigned bytes
//     labels: magic 0x00000801, n, then n unsigned bytes
// Either file may be gzip-compressed (read through zlib, which reads plain files as they are).
// x = pixel / 255 (in [0, 1]); features = rows * cols, classes = 10. Refused (std::runtime_error
// naming the path): a missing file, a wrong magic number (the value read and the one expected), a
// truncated header, a file whose size does not match its header's counts (the bytes it holds and
// the bytes expected; checked BEFORE anything is allocated, so a header that claims 2^31 images in
// a short file is this error, never bad_alloc; a gzip file's size is its trailer's, so one gzip
// member as gzip writes it), image and label counts that disagree, a label >= 10, zero rows or
// columns, a size that does not fit an int.
Dataset load_idx(const std::string& images_path, const std::string& labels_path);

// slice_rows: the rows [begin, end) of `data`, as a Dataset of its own (classes kept).
// Refused (std::invalid_argument): 0 <= begin <= end <= data.n does not hold.
Dataset slice_rows(const Dataset& data, int begin, int end);

// TrainTest: a data set cut in two.
struct TrainTest {
    Dataset train;
    Dataset test;
};

// stratified_split: within each class, every `period`-th row of that class (in file order: its
// period-th, 2 period-th, ... row) goes to test, the others to train; both keep the file's order.
// So each class gives floor(count / period) rows to test. Refused (std::invalid_argument):
// period < 2, labels outside [0, classes).
TrainTest stratified_split(const Dataset& data, int period);

// The course's split of data/digits/digits.csv is stratified_split(digits, 5): 1 442 rows train,
// 355 test (34 to 36 per class). Not the last rows: the file comes in blocks by writer, and the
// last block's writers are unlike the others (an MLP reaches about 91% there and 98% on this
// split; data/digits/README.md).
inline constexpr int kDigitsRows = 1797;
inline constexpr int kDigitsTestPeriod = 5;

// data_path: the path of `relative` in the course's data folder: $COURSE_DATA_DIR/<relative> when
// that environment variable is set, else <the source tree>/data/<relative> (compiled in).
std::string data_path(std::string_view relative);

}  // namespace course
