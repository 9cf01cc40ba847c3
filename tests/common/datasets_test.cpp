// datasets_test.cpp: the course's data sets (common/include/course/datasets.hpp): the spiral
// against its stated formula, the shipped digits file (row count, label counts, known pixels), IDX
// files plain and gzip-compressed, and every refusal, on small bad files made in a temporary folder.
// Not a graded exercise: the course's own tests (ctest -R common.datasets).
#include <gtest/gtest.h>

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/datasets.hpp"
#include "course/random.hpp"

namespace {

namespace fs = std::filesystem;
using course::Dataset;

// TempDir: a fresh folder for one test's files, removed after it.
class TempDir {
public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() /
                ("course_datasets_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes, bool gzip) {
    if (gzip) {
        gzFile f = gzopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(gzwrite(f, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
        gzclose(f);
    } else {
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                    std::streamsize(bytes.size()));
    }
}

void put32(std::vector<unsigned char>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back((unsigned char)(v >> shift));
}

// idx_images / idx_labels: IDX files written by hand, byte by byte.
std::vector<unsigned char> idx_images(std::uint32_t magic, std::uint32_t n, std::uint32_t rows, std::uint32_t cols,
                                      const std::vector<unsigned char>& pixels) {
    std::vector<unsigned char> out;
    put32(out, magic);
    put32(out, n);
    put32(out, rows);
    put32(out, cols);
    out.insert(out.end(), pixels.begin(), pixels.end());
    return out;
}
std::vector<unsigned char> idx_labels(std::uint32_t magic, std::uint32_t n, const std::vector<unsigned char>& labels) {
    std::vector<unsigned char> out;
    put32(out, magic);
    put32(out, n);
    out.insert(out.end(), labels.begin(), labels.end());
    return out;
}

// ExpectRuntimeError: `call` throws std::runtime_error whose message holds every part.
template <typename Call>
void ExpectRuntimeError(Call call, const std::vector<std::string>& parts) {
    try {
        call();
        ADD_FAILURE() << "expected std::runtime_error mentioning " << ::testing::PrintToString(parts);
    } catch (const std::runtime_error& e) {
        for (const auto& part : parts)
            EXPECT_NE(std::string(e.what()).find(part), std::string::npos)
                << "the message \"" << e.what() << "\" does not mention \"" << part << "\"";
    }
}

// A 3-line CSV of 65 fields each (pixels 0..16 cycling, label = line index).
std::string digits_line(int label, int bad_column = 0, const std::string& bad_value = "") {
    std::string line;
    for (int c = 1; c <= 65; ++c) {
        if (c > 1) line += ',';
        if (c == bad_column) line += bad_value;
        else line += c <= 64 ? std::to_string(c % 17) : std::to_string(label);
    }
    return line + "\n";
}

TEST(Spiral, FollowsTheStatedFormulaPointByPoint) {
    // The oracle: the header's formula, in double, with the draws in the stated order. The data set
    // stores floats, so each coordinate is the double value rounded once: within 2^-24 of |r| <= 1.
    const int points = 7, classes = 3;
    const Dataset data = course::make_spiral(points, classes, 42);
    ASSERT_EQ(data.n, points * classes);
    ASSERT_EQ(data.features, 2);
    ASSERT_EQ(data.classes, classes);
    ASSERT_EQ(data.x.size(), std::size_t(2 * points * classes));
    ASSERT_EQ(data.y.size(), std::size_t(points * classes));
    course::Rng rng(42);
    for (int k = 0; k < classes; ++k)
        for (int i = 0; i < points; ++i) {
            const double r = double(i) / double(points - 1);
            const double theta = 4.0 * k + 4.0 * r + 0.2 * rng.normal();
            const int row = k * points + i;
            EXPECT_NEAR(data.x[2 * row], r * std::sin(theta), 0x1p-24) << "class " << k << " point " << i;
            EXPECT_NEAR(data.x[2 * row + 1], r * std::cos(theta), 0x1p-24) << "class " << k << " point " << i;
            EXPECT_EQ(data.y[row], k);
        }
}

TEST(Spiral, RadiusRunsFromZeroToOneAndTheSeedDecides) {
    const Dataset a = course::make_spiral(100, 3, 1), b = course::make_spiral(100, 3, 1);
    const Dataset c = course::make_spiral(100, 3, 2);
    EXPECT_EQ(a.x, b.x) << "the same seed must give the same points";
    EXPECT_NE(a.x, c.x) << "another seed must give other points";
    for (int k = 0; k < 3; ++k) {
        const int first = k * 100, last = k * 100 + 99;
        EXPECT_EQ(std::hypot(a.x[2 * first], a.x[2 * first + 1]), 0.0f);
        EXPECT_NEAR(std::hypot(a.x[2 * last], a.x[2 * last + 1]), 1.0, 1e-6);
    }
    const Dataset one = course::make_spiral(1, 2, 3);  // r = 0: both points at the origin
    EXPECT_EQ(one.x, std::vector<float>(4, 0.0f));
    EXPECT_EQ(one.y, (std::vector<int>{0, 1}));
}

TEST(Spiral, RefusesBadSizes) {
    EXPECT_NO_THROW(course::make_spiral(2, 2, 0));
    EXPECT_THROW(course::make_spiral(0, 3, 0), std::invalid_argument);
    EXPECT_THROW(course::make_spiral(-1, 3, 0), std::invalid_argument);
    EXPECT_THROW(course::make_spiral(3, 0, 0), std::invalid_argument);
    EXPECT_THROW(course::make_spiral(3, -2, 0), std::invalid_argument);
    EXPECT_THROW(course::make_spiral(65536, 65536, 0), std::invalid_argument);  // 2^32 points
}

TEST(Digits, ShippedFileHasItsRowsLabelsAndPixels) {
    const Dataset data = course::load_digits_csv(course::data_path("digits/digits.csv"));
    ASSERT_EQ(data.n, course::kDigitsRows);
    ASSERT_EQ(data.features, 64);
    ASSERT_EQ(data.classes, 10);
    ASSERT_EQ(data.x.size(), std::size_t(1797 * 64));
    std::array<int, 10> counts{};
    for (int label : data.y) ++counts[std::size_t(label)];
    EXPECT_EQ(counts, (std::array<int, 10>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}));
    // Known pixels (data/digits/README.md; `awk -F, 'NR==1{print $5, $11, $65}'`): row 0 is a 0
    // with pixel 4 = 9 and pixel 10 = 13; the last row is an 8 with pixel 2 = 10; scaled by 1/16.
    EXPECT_EQ(data.y[0], 0);
    EXPECT_EQ(data.x[4], 9.0f / 16.0f);
    EXPECT_EQ(data.x[10], 13.0f / 16.0f);
    EXPECT_EQ(data.y[1796], 8);
    EXPECT_EQ(data.x[1796 * 64 + 2], 10.0f / 16.0f);
    for (float v : data.x) ASSERT_TRUE(v >= 0.0f && v <= 1.0f) << v;
    // The documented split: within each class, every fifth row tests.
    const course::TrainTest split = course::stratified_split(data, course::kDigitsTestPeriod);
    EXPECT_EQ(split.train.n, 1442);
    EXPECT_EQ(split.test.n, 355);
    std::array<int, 10> in_test{};
    for (int label : split.test.y) ++in_test[std::size_t(label)];
    EXPECT_EQ(in_test, (std::array<int, 10>{35, 36, 35, 36, 36, 36, 36, 35, 34, 36}));
}

TEST(Digits, ReadsASmallFileAndScalesByOneSixteenth) {
    TempDir dir;
    const std::string path = dir.file("ok.csv");
    write_text(path, digits_line(3) + digits_line(9));
    const Dataset data = course::load_digits_csv(path);
    ASSERT_EQ(data.n, 2);
    EXPECT_EQ(data.y, (std::vector<int>{3, 9}));
    EXPECT_EQ(data.x[0], 1.0f / 16.0f);
    EXPECT_EQ(data.x[15], 16.0f / 16.0f);  // column 16: 16 % 17 = 16
    EXPECT_EQ(data.x[16], 0.0f);           // column 17: 0
    EXPECT_EQ(data.x[64], 1.0f / 16.0f);
}

TEST(Digits, RefusesBadFilesNamingLineAndColumn) {
    TempDir dir;
    const std::string path = dir.file("bad.csv");
    write_text(path, digits_line(1) + digits_line(2));
    EXPECT_NO_THROW(course::load_digits_csv(path));  // the valid call first
    ExpectRuntimeError([&] { course::load_digits_csv(dir.file("missing.csv")); }, {"missing.csv", "cannot open"});
    write_text(path, "");
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "no rows"});
    write_text(path, digits_line(1) + digits_line(2, 7, "x"));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "line 2, column 7", "\"x\""});
    write_text(path, digits_line(1, 3, "2.5"));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 1, column 3", "\"2.5\""});
    write_text(path, digits_line(1, 5, "17"));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 1, column 5", "pixel 17"});
    write_text(path, digits_line(1, 5, "-1"));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 1, column 5", "pixel -1"});
    write_text(path, digits_line(10));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 1, column 65", "label 10"});
    write_text(path, digits_line(0) + "1,2,3\n");
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 2", "3 fields, expected 65"});
    std::string long_line = digits_line(4);
    long_line.insert(long_line.size() - 1, ",0");
    write_text(path, long_line);
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 1", "more than 65"});
    write_text(path, digits_line(0) + "\n" + digits_line(1));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {"line 2 is empty"});
}

TEST(Idx, ReadsPlainAndGzipFiles) {
    TempDir dir;
    // 3 images of 2 x 3 pixels: pixel j of image i = 40 i + j, and 255 as the last pixel of image 2.
    std::vector<unsigned char> pixels;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 6; ++j) pixels.push_back((unsigned char)(40 * i + j));
    pixels.back() = 255;
    for (bool gzip : {false, true}) {
        const std::string images = dir.file(gzip ? "images.gz" : "images"), labels = dir.file(gzip ? "labels.gz" : "labels");
        write_bytes(images, idx_images(0x803, 3, 2, 3, pixels), gzip);
        write_bytes(labels, idx_labels(0x801, 3, {7, 0, 9}), gzip);
        const Dataset data = course::load_idx(images, labels);
        ASSERT_EQ(data.n, 3) << (gzip ? "gzip" : "plain");
        EXPECT_EQ(data.features, 6);
        EXPECT_EQ(data.classes, 10);
        EXPECT_EQ(data.y, (std::vector<int>{7, 0, 9}));
        ASSERT_EQ(data.x.size(), 18u);
        for (std::size_t i = 0; i < 18; ++i) EXPECT_EQ(data.x[i], float(pixels[i]) / 255.0f) << i;
        EXPECT_EQ(data.x[17], 1.0f);
    }
}

TEST(Idx, RefusesBadFilesSayingWhatWasExpected) {
    TempDir dir;
    const std::string images = dir.file("images"), labels = dir.file("labels");
    const std::vector<unsigned char> pixels(12, 1);
    write_bytes(images, idx_images(0x803, 2, 2, 3, pixels), false);
    write_bytes(labels, idx_labels(0x801, 2, {1, 2}), false);
    EXPECT_NO_THROW(course::load_idx(images, labels));  // the valid call first

    ExpectRuntimeError([&] { course::load_idx(dir.file("none"), labels); }, {"none", "cannot open"});
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("none")); }, {"none", "cannot open"});
    // The two files swapped: each magic number is the other's.
    ExpectRuntimeError([&] { course::load_idx(labels, images); }, {labels, "0x00000801", "expected 0x00000803"});
    write_bytes(dir.file("bad_labels"), idx_labels(0x803, 2, {1, 2}), false);
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("bad_labels")); },
                       {"bad_labels", "0x00000803", "expected 0x00000801"});
    // Truncated: the pixels (16 + 12 bytes expected), the labels (8 + 2), the header itself.
    write_bytes(dir.file("short_images"), idx_images(0x803, 2, 2, 3, std::vector<unsigned char>(11, 1)), true);
    ExpectRuntimeError([&] { course::load_idx(dir.file("short_images"), labels); },
                       {"short_images", "holds 27 bytes once uncompressed", "expected 28 bytes"});
    write_bytes(dir.file("short_labels"), idx_labels(0x801, 2, {1}), false);
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("short_labels")); },
                       {"short_labels", "holds 9 bytes", "expected 10 bytes"});
    write_bytes(dir.file("stub"), {0, 0, 8, 3, 0}, false);
    ExpectRuntimeError([&] { course::load_idx(dir.file("stub"), labels); }, {"stub", "expected 16 bytes, read 5"});
    // Counts that disagree, a label >= 10, an empty image.
    write_bytes(dir.file("three_labels"), idx_labels(0x801, 3, {1, 2, 3}), false);
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("three_labels")); }, {"3 labels", "2 images"});
    write_bytes(dir.file("label_10"), idx_labels(0x801, 2, {1, 10}), false);
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("label_10")); }, {"label 10", "index 1", "[0, 9]"});
    write_bytes(dir.file("no_cols"), idx_images(0x803, 2, 2, 0, {}), false);
    ExpectRuntimeError([&] { course::load_idx(dir.file("no_cols"), labels); }, {"2 x 0"});
}

TEST(Idx, ReadsFashionMnistWhenInstalled) {
    // Optional: Debian's dataset-fashion-mnist. The test set, 10 000 images of 28 x 28.
    const std::string dir = "/usr/share/datasets/fashion-mnist/";
    if (!fs::exists(dir + "t10k-images-idx3-ubyte.gz")) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const Dataset data = course::load_idx(dir + "t10k-images-idx3-ubyte.gz", dir + "t10k-labels-idx1-ubyte.gz");
    EXPECT_EQ(data.n, 10000);
    EXPECT_EQ(data.features, 784);
    std::array<int, 10> counts{};
    for (int label : data.y) ++counts[std::size_t(label)];
    for (int k = 0; k < 10; ++k) EXPECT_EQ(counts[std::size_t(k)], 1000) << "class " << k;
}

TEST(SliceRows, KeepsRowsLabelsAndRefusesBadRanges) {
    const Dataset data = course::make_spiral(3, 2, 5);
    const Dataset part = course::slice_rows(data, 2, 5);
    EXPECT_EQ(part.n, 3);
    EXPECT_EQ(part.features, 2);
    EXPECT_EQ(part.classes, 2);
    EXPECT_EQ(part.y, (std::vector<int>{0, 1, 1}));
    EXPECT_EQ(part.x, std::vector<float>(data.x.begin() + 4, data.x.begin() + 10));
    EXPECT_EQ(course::slice_rows(data, 6, 6).n, 0);
    EXPECT_THROW(course::slice_rows(data, -1, 2), std::invalid_argument);
    EXPECT_THROW(course::slice_rows(data, 3, 2), std::invalid_argument);
    EXPECT_THROW(course::slice_rows(data, 0, 7), std::invalid_argument);
}

TEST(StratifiedSplit, SendsEveryPeriodthRowOfEachClassToTest) {
    Dataset data;
    data.features = 1;
    data.classes = 3;
    data.y = {0, 1, 0, 0, 2, 1, 0, 1, 2, 0};
    data.n = 10;
    for (int i = 0; i < 10; ++i) data.x.push_back(float(i));
    const course::TrainTest split = course::stratified_split(data, 2);
    // Class 0 is at rows 0 2 3 6 9: rows 2 and 6 test; class 1 at 1 5 7: row 5; class 2 at 4 8: row 8.
    EXPECT_EQ(split.test.x, (std::vector<float>{2, 5, 6, 8}));
    EXPECT_EQ(split.test.y, (std::vector<int>{0, 1, 0, 2}));
    EXPECT_EQ(split.train.x, (std::vector<float>{0, 1, 3, 4, 7, 9}));
    EXPECT_EQ(split.train.n + split.test.n, 10);
    EXPECT_EQ(split.test.features, 1);
    EXPECT_EQ(split.train.classes, 3);
    EXPECT_THROW(course::stratified_split(data, 1), std::invalid_argument);
    data.y[3] = 3;
    EXPECT_THROW(course::stratified_split(data, 2), std::invalid_argument);
}

TEST(Digits, NamesTheLineAndWhatWasExpectedForATrailingCommaAnEmptyFieldAndAnEmptyLine) {
    TempDir dir;
    const std::string path = dir.file("commas.csv");
    write_text(path, digits_line(1) + digits_line(2));
    EXPECT_NO_THROW(course::load_digits_csv(path));  // the valid call first
    // A comma after the label: the 66th field is empty.
    std::string trailing = digits_line(3);
    trailing.insert(trailing.size() - 1, ",");
    write_text(path, digits_line(1) + trailing);
    ExpectRuntimeError([&] { course::load_digits_csv(path); },
                       {path, "line 2, column 66", "nothing after the comma", "no comma after the label"});
    // A comma ending a short line: an integer was expected there.
    write_text(path, "1,2,\n");
    ExpectRuntimeError([&] { course::load_digits_csv(path); },
                       {path, "line 1, column 3", "nothing after the comma", "expected an integer"});
    // Two commas in a row.
    write_text(path, digits_line(1, 3, ""));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "line 1, column 3", "empty field", "integer"});
    // Empty lines: in the middle, at the end of the file, and one holding only "\r".
    write_text(path, digits_line(0) + "\n" + digits_line(1));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "line 2 is empty", "64 pixels", "no blank line"});
    write_text(path, digits_line(0) + digits_line(1) + "\n");
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "line 3 is empty"});
    write_text(path, digits_line(0) + "\r\n" + digits_line(1));
    ExpectRuntimeError([&] { course::load_digits_csv(path); }, {path, "line 2 is empty"});
}

TEST(Idx, ChecksTheFileSizeAgainstTheHeaderBeforeAllocating) {
    // Headers that claim far more than the file holds: 2^31 images of 1 x 1 (past int), and 2^24
    // images of 28 x 28 (13 GB, within the 2^34-pixel cap: without the size check the loader
    // allocates 13 GB and throws bad_alloc, or is killed). Both plain and gzip-compressed (the
    // size is then the gzip trailer's). And a file with bytes past its pixels or labels.
    TempDir dir;
    const std::string images = dir.file("images"), labels = dir.file("labels");
    write_bytes(images, idx_images(0x803, 2, 2, 3, std::vector<unsigned char>(12, 1)), false);
    write_bytes(labels, idx_labels(0x801, 2, {1, 2}), false);
    EXPECT_NO_THROW(course::load_idx(images, labels));  // the valid call first
    for (bool gzip : {false, true}) {
        const std::string huge = dir.file(gzip ? "huge.gz" : "huge"), big = dir.file(gzip ? "big.gz" : "big");
        write_bytes(huge, idx_images(0x803, 0x80000000u, 1, 1, {1, 2, 3}), gzip);
        ExpectRuntimeError([&] { course::load_idx(huge, labels); },
                           {huge, "holds 19 bytes", "expected 2147483664 bytes", "2147483648 images of 1 x 1"});
        write_bytes(big, idx_images(0x803, 1u << 24, 28, 28, {1, 2, 3}), gzip);
        ExpectRuntimeError([&] { course::load_idx(big, labels); },
                           {big, "holds 19 bytes", "expected 13153337360 bytes", "16777216 images of 28 x 28"});
    }
    write_bytes(dir.file("long_images"), idx_images(0x803, 2, 2, 3, std::vector<unsigned char>(13, 1)), true);
    ExpectRuntimeError([&] { course::load_idx(dir.file("long_images"), labels); },
                       {"long_images", "holds 29 bytes", "expected 28 bytes"});
    write_bytes(dir.file("long_labels"), idx_labels(0x801, 2, {1, 2, 3}), false);
    ExpectRuntimeError([&] { course::load_idx(images, dir.file("long_labels")); },
                       {"long_labels", "holds 11 bytes", "expected 10 bytes", "2 labels"});
}

}  // namespace
