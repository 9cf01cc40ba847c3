# The course's common targets. Included from the top CMakeLists.txt rather than added as a
# subdirectory: ninja 1.11 starts ready steps in the order build.ninja defines them, and CMake writes
# a subdirectory's steps last, so these long compiles (Eigen's decompositions, 10 s each) ran alone
# at the end of a clean build. Defined first, they run beside the short ones. Longest first.
set(common ${CMAKE_CURRENT_LIST_DIR})

# course_common: errors, Eigen aliases, seeded random inputs, cost formulas. Every module links it.
add_library(course_common STATIC ${common}/src/eigen_solvers.cpp ${common}/src/eigen_solvers_svd.cpp
                                 ${common}/src/eigen_solvers_symmetric.cpp ${common}/src/random.cpp
                                 ${common}/src/error.cpp ${common}/src/datasets.cpp)
# Eigen's own code, the oracles: not instrumented where the test files are not (the asan preset).
if(NOT COURSE_SANITIZE_TEST_FILES)
  set_source_files_properties(${common}/src/eigen_solvers.cpp ${common}/src/eigen_solvers_svd.cpp
                              ${common}/src/eigen_solvers_symmetric.cpp
                              PROPERTIES COMPILE_OPTIONS -fno-sanitize=all)
endif()
target_include_directories(course_common PUBLIC ${common}/include)
target_link_libraries(course_common PUBLIC Eigen3::Eigen)
# The data sets (course/datasets.hpp): IDX files may be gzip-compressed (zlib, Debian zlib1g-dev);
# data_path finds the source tree's data/ folder through this definition.
find_package(ZLIB REQUIRED)
target_link_libraries(course_common PRIVATE ZLIB::ZLIB)
set_property(SOURCE ${common}/src/datasets.cpp APPEND PROPERTY
             COMPILE_DEFINITIONS "COURSE_SOURCE_DATA_DIR=\"${PROJECT_SOURCE_DIR}/data\"")
course_strict_warnings(course_common)

# course_report: the grade, benchmark and ladder tables ./course prints (common/tools/course_report.cpp).
find_package(nlohmann_json 3 REQUIRED)
find_package(pugixml REQUIRED)
add_executable(course_report ${common}/tools/course_report.cpp)
target_link_libraries(course_report PRIVATE nlohmann_json::nlohmann_json pugixml)
course_strict_warnings(course_report)

# course_testing: the comparison helpers and the graded main() every test program links.
add_library(course_testing STATIC ${common}/src/testing.cpp ${common}/src/graded_main.cpp
                           ${common}/src/exception_origin.cpp ${common}/src/test_limits.cpp)
target_link_libraries(course_testing PUBLIC course_common GTest::gtest)
course_strict_warnings(course_testing)
