#include "course/datasets.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>

#include "course/error.hpp"
#include "course/random.hpp"

#ifndef COURSE_SOURCE_DATA_DIR
#error "COURSE_SOURCE_DATA_DIR (the source tree's data folder) is set by common/common.cmake"
#endif

namespace course {

namespace {

template <typename... Parts>
[[noreturn]] void file_error(const std::string& path, const Parts&... parts) {
    throw std::runtime_error(concat(path, ": ", parts...));
}

}  // namespace

std::string data_path(std::string_view relative) {
    const char* from_environment = std::getenv("COURSE_DATA_DIR");
    std::string dir = from_environment && *from_environment ? from_environment : COURSE_SOURCE_DATA_DIR;
    if (!dir.empty() && dir.back() != '/') dir += '/';
    return dir + std::string(relative);
}

Dataset make_spiral(int points_per_class, int classes, std::uint64_t seed) {
    COURSE_CHECK(points_per_class >= 1, "make_spiral: points_per_class = ", points_per_class, ", expected >= 1");
    COURSE_CHECK(classes >= 1, "make_spiral: classes = ", classes, ", expected >= 1");
    const long long total = (long long)points_per_class * classes;
    COURSE_CHECK(total <= std::numeric_limits<int>::max(), "make_spiral: points_per_class * classes = ", total,
                 " does not fit an int");
    Dataset data;
    data.n = int(total);
    data.features = 2;
    data.classes = classes;
    data.x.resize(std::size_t(total) * 2);
    data.y.resize(std::size_t(total));
    Rng rng(seed);
    for (int k = 0; k < classes; ++k) {
        for (int i = 0; i < points_per_class; ++i) {
            const double r = points_per_class == 1 ? 0.0 : double(i) / double(points_per_class - 1);
            const double theta = 4.0 * k + 4.0 * r + 0.2 * rng.normal();
            const std::size_t row = std::size_t(k) * points_per_class + i;
            data.x[2 * row] = float(r * std::sin(theta));
            data.x[2 * row + 1] = float(r * std::cos(theta));
            data.y[row] = k;
        }
    }
    return data;
}

Dataset load_digits_csv(const std::string& path) {
    constexpr int kPixels = 64;
    std::ifstream in(path);
    if (!in) file_error(path, "cannot open the file (expected the digits CSV: 64 pixels and a label a line)");
    Dataset data;
    data.features = kPixels;
    data.classes = 10;
    std::string line;
    long long line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const char* p = line.data();
        const char* end = line.data() + line.size();
        if (line.empty())
            file_error(path, "line ", line_number, " is empty, expected 64 pixels in [0, 16] then a label in [0, 9], "
                       "separated by commas (no blank line, also not at the end of the file)");
        int column = 0;
        for (;;) {
            ++column;
            if (p == end)  // after a comma, at the end of the line
                file_error(path, "line ", line_number, ", column ", column, ": nothing after the comma that ends "
                           "the line, expected ", column == kPixels + 2 ? "no comma after the label (65 fields: 64 "
                           "pixels then a label)" : "an integer (65 fields: 64 pixels in [0, 16] then a label in [0, 9])");
            if (*p == ',')
                file_error(path, "line ", line_number, ", column ", column, ": an empty field (two commas in a row), "
                           "expected an integer (65 fields: 64 pixels in [0, 16] then a label in [0, 9])");
            int value = 0;
            const auto [next, error] = std::from_chars(p, end, value);
            if (error != std::errc() || (next != end && *next != ',')) {
                const char* field_end = p;
                while (field_end != end && *field_end != ',') ++field_end;
                file_error(path, "line ", line_number, ", column ", column, ": \"", std::string(p, field_end),
                           "\" is not an integer (expected 64 pixels in [0, 16] then a label in [0, 9])");
            }
            if (column > kPixels + 1)
                file_error(path, "line ", line_number, ": more than ", kPixels + 1,
                           " fields (expected 64 pixels then a label)");
            if (column <= kPixels) {
                if (value < 0 || value > 16)
                    file_error(path, "line ", line_number, ", column ", column, ": pixel ", value,
                               " is outside [0, 16]");
                data.x.push_back(float(value) / 16.0f);
            } else {
                if (value < 0 || value > 9)
                    file_error(path, "line ", line_number, ", column ", column, ": label ", value,
                               " is outside [0, 9]");
                data.y.push_back(value);
            }
            if (next == end) break;
            p = next + 1;
        }
        if (column != kPixels + 1)
            file_error(path, "line ", line_number, ": ", column, " fields, expected ", kPixels + 1,
                       " (64 pixels then a label)");
        COURSE_CHECK(data.n < std::numeric_limits<int>::max(), "load_digits_csv: ", path, ": too many rows");
        ++data.n;
    }
    if (data.n == 0) file_error(path, "no rows (expected 64 pixels and a label a line)");
    return data;
}

namespace {

// GzFile: a file read through zlib (gzip-compressed or plain), closed on every path out.
struct GzClose {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzClose>;

GzFile open_gz(const std::string& path) {
    GzFile file(gzopen(path.c_str(), "rb"));
    if (!file) file_error(path, "cannot open the file (expected an IDX file, plain or .gz)");
    return file;
}

// read_exactly: `count` bytes, or an error naming how many were expected and how many were read.
void read_exactly(gzFile_s* file, const std::string& path, unsigned char* out, std::size_t count,
                  std::size_t already_read, std::string_view what) {
    std::size_t done = 0;
    while (done < count) {
        const unsigned chunk = unsigned(std::min<std::size_t>(count - done, 1u << 30));
        const int got = gzread(file, out + done, chunk);
        if (got < 0) {
            int code = 0;
            file_error(path, "read error after ", already_read + done, " bytes: ", gzerror(file, &code));
        }
        if (got == 0) break;
        done += std::size_t(got);
    }
    if (done < count)
        file_error(path, "truncated ", what, ": expected ", already_read + count, " bytes, read ",
                   already_read + done);
}

std::uint32_t big_endian(const unsigned char* b) {
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

std::string hex(std::uint32_t value) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xf];
    return out;
}

// read_idx_header: the magic number, which must be `magic` (`kind` says what it stands for), then
// `dims` big-endian counts into counts[0 .. dims-1]; a truncated header names the bytes expected.
void read_idx_header(gzFile_s* file, const std::string& path, std::uint32_t magic, const char* kind, int dims,
                     std::uint32_t* counts) {
    unsigned char header[16];
    read_exactly(file, path, header, 4, 0, "header");  // the magic number first
    const std::uint32_t found = big_endian(header);
    if (found != magic) file_error(path, "magic number ", hex(found), ", expected ", hex(magic), " (", kind, ")");
    read_exactly(file, path, header + 4, 4 * std::size_t(dims), 4, "header");
    for (int d = 0; d < dims; ++d) counts[d] = big_endian(header + 4 + 4 * d);
}

// check_idx_size: the file holds exactly header_bytes + payload_bytes once uncompressed, checked
// before anything is allocated for the payload (a header that claims 2^31 images of a file of a
// few bytes is an error here, not a bad_alloc). A plain file's size is its size on disk; a gzip
// file's is its trailer's ISIZE, the uncompressed size mod 2^32 (RFC 1952, one member, as gzip
// writes it), and deflate packs at most 1032 bytes into one, which bounds the size from above.
void check_idx_size(const std::string& path, std::uint64_t header_bytes, std::uint64_t payload_bytes,
                    const std::string& payload) {
    std::ifstream in(path, std::ios::binary);
    if (!in) file_error(path, "cannot open the file (expected an IDX file, plain or .gz)");
    in.seekg(0, std::ios::end);
    const auto on_disk = std::uint64_t(std::streamoff(in.tellg()));
    unsigned char start[2] = {0, 0}, trailer[4] = {0, 0, 0, 0};
    in.seekg(0);
    in.read(reinterpret_cast<char*>(start), 2);
    const bool gzip = on_disk >= 18 && start[0] == 0x1f && start[1] == 0x8b;  // 18: gzip's header and trailer
    const std::uint64_t expected = header_bytes + payload_bytes;
    std::uint64_t holds = on_disk;
    bool fits = expected == on_disk;
    if (gzip) {
        in.seekg(std::streamoff(on_disk - 4));
        in.read(reinterpret_cast<char*>(trailer), 4);
        holds = std::uint64_t(trailer[0]) | std::uint64_t(trailer[1]) << 8 | std::uint64_t(trailer[2]) << 16 |
                std::uint64_t(trailer[3]) << 24;
        fits = expected % (std::uint64_t(1) << 32) == holds && expected / 1032 <= on_disk;
    }
    if (!fits)
        file_error(path, "the file holds ", holds, " bytes", gzip ? " once uncompressed (its gzip trailer's size)" : "",
                   ", expected ", expected, " bytes = a ", header_bytes, "-byte header + ", payload,
                   ": truncated, or its header's counts are wrong");
}

}  // namespace

Dataset load_idx(const std::string& images_path, const std::string& labels_path) {
    constexpr std::uint32_t kImagesMagic = 0x00000803;
    constexpr std::uint32_t kLabelsMagic = 0x00000801;

    // The images: magic, count, rows, cols, then the pixels.
    GzFile images = open_gz(images_path);
    std::uint32_t image_counts[3];
    read_idx_header(images.get(), images_path, kImagesMagic, "IDX images: unsigned bytes, 3 dimensions", 3,
                    image_counts);
    const std::uint32_t n = image_counts[0], rows = image_counts[1], cols = image_counts[2];
    if (rows == 0 || cols == 0)
        file_error(images_path, "images of ", rows, " x ", cols, " pixels, expected at least 1 x 1");
    const std::uint64_t features = std::uint64_t(rows) * cols;
    constexpr auto kIntMax = std::uint64_t(std::numeric_limits<int>::max());
    if (features > kIntMax)
        file_error(images_path, "images of ", rows, " x ", cols, " pixels: more than ", kIntMax, " pixels an image");
    const std::uint64_t pixels = features * n;  // below 2^31 * 2^32: no overflow
    // The size before any allocation: a header of 2^31 images in a short file is refused here.
    check_idx_size(images_path, 16, pixels, concat(n, " images of ", rows, " x ", cols, " pixels"));
    if (n > kIntMax || pixels > (std::uint64_t(1) << 34))
        file_error(images_path, n, " images of ", rows, " x ", cols, " pixels: too large");

    // The labels first (cheap), so that a disagreeing count is reported before reading the pixels.
    GzFile labels = open_gz(labels_path);
    std::uint32_t label_count = 0;
    read_idx_header(labels.get(), labels_path, kLabelsMagic, "IDX labels: unsigned bytes, 1 dimension", 1,
                    &label_count);
    if (label_count != n)
        file_error(labels_path, label_count, " labels, but ", images_path, " holds ", n, " images");
    check_idx_size(labels_path, 8, label_count, concat(label_count, " labels of 1 byte"));

    Dataset data;
    data.n = int(n);
    data.features = int(features);
    data.classes = 10;
    std::vector<unsigned char> bytes(std::size_t(n) * 1);
    read_exactly(labels.get(), labels_path, bytes.data(), bytes.size(), 8, "labels");
    data.y.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (bytes[i] >= 10)
            file_error(labels_path, "label ", int(bytes[i]), " at index ", i, " (byte ", 8 + i,
                       ") is outside [0, 9]");
        data.y[i] = bytes[i];
    }

    bytes.resize(std::size_t(pixels));
    read_exactly(images.get(), images_path, bytes.data(), bytes.size(), 16, "pixels");
    data.x.resize(std::size_t(pixels));
    for (std::size_t i = 0; i < bytes.size(); ++i) data.x[i] = float(bytes[i]) / 255.0f;
    return data;
}

Dataset slice_rows(const Dataset& data, int begin, int end) {
    COURSE_CHECK(0 <= begin && begin <= end && end <= data.n, "slice_rows: rows [", begin, ", ", end,
                 ") of a data set of ", data.n, " rows, expected 0 <= begin <= end <= n");
    Dataset out;
    out.n = end - begin;
    out.features = data.features;
    out.classes = data.classes;
    const auto f = std::size_t(data.features);
    out.x.assign(data.x.begin() + std::ptrdiff_t(begin * f), data.x.begin() + std::ptrdiff_t(end * f));
    out.y.assign(data.y.begin() + begin, data.y.begin() + end);
    return out;
}

TrainTest stratified_split(const Dataset& data, int period) {
    COURSE_CHECK(period >= 2, "stratified_split: period = ", period, ", expected >= 2 (one row in `period` tests)");
    std::vector<int> seen(std::size_t(std::max(data.classes, 0)), 0);
    TrainTest out;
    for (Dataset* part : {&out.train, &out.test}) {
        part->features = data.features;
        part->classes = data.classes;
    }
    const auto f = std::size_t(data.features);
    for (int i = 0; i < data.n; ++i) {
        const int label = data.y[std::size_t(i)];
        COURSE_CHECK(label >= 0 && label < data.classes, "stratified_split: y[", i, "] = ", label,
                     ", expected a label in [0, ", data.classes, ")");
        Dataset& part = ++seen[std::size_t(label)] % period == 0 ? out.test : out.train;
        part.x.insert(part.x.end(), data.x.begin() + std::ptrdiff_t(i * f), data.x.begin() + std::ptrdiff_t((i + 1) * f));
        part.y.push_back(label);
        ++part.n;
    }
    return out;
}

}  // namespace course
