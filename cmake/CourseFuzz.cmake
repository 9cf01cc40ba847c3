# Fuzz targets (libFuzzer), built when COURSE_FUZZ is ON (./course test turns it on when
# `clang++ -fsanitize=fuzzer` links). A module adds them in tests/<module>/fuzz/CMakeLists.txt:
#
#   course_fuzz_target(<module> <name> RUNS <n> SOURCES <fuzz .cpp> <reference .cpp>...)
#
# builds build/fuzz/<module>/<name>_fuzz with COURSE_FUZZ_CXX (clang++) and -fsanitize=fuzzer,address
# from the sources given (paths relative to the repository), common/src/error.cpp and the include
# folders of the course and the module: no GoogleTest, no CMake target of the g++ build (a
# different compiler). The target is part of the default build and of <module>_selftest, and the
# ctest test meta.<module>.fuzz_<name> (label meta) runs it for <n> inputs (-seed=1) from the seed
# corpus tests/<module>/fuzz/corpus_<name>/ (cmake/run_fuzz.cmake: new inputs go to a scratch
# folder in the build, never into the committed corpus). A crash, a sanitizer report, an input
# slower than 20 s or a process above 2 GB fails it; the failing input is left in
# build/fuzz/<module>/<name>/ and the message says how to run it again.
set(COURSE_FUZZ_CXX "clang++" CACHE STRING "The compiler of the fuzz targets (COURSE_FUZZ): clang++ with libFuzzer")

function(course_fuzz_target module name)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "RUNS;MAX_LEN" "SOURCES")
  if(NOT arg_RUNS)
    set(arg_RUNS 10000)
  endif()
  if(NOT arg_MAX_LEN)
    set(arg_MAX_LEN 4096)
  endif()
  set(sources)
  foreach(source IN LISTS arg_SOURCES)
    list(APPEND sources ${PROJECT_SOURCE_DIR}/${source})
  endforeach()
  list(APPEND sources ${PROJECT_SOURCE_DIR}/common/src/error.cpp)
  # The headers they may include (Ninja has no implicit dependencies for a custom command).
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/common/include/*.hpp
       ${PROJECT_SOURCE_DIR}/modules/${module}/include/*.hpp)
  set(dir ${CMAKE_BINARY_DIR}/fuzz/${module})
  set(program ${dir}/${name}_fuzz)
  add_custom_command(
    OUTPUT ${program}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${COURSE_FUZZ_CXX} -std=c++20 -O1 -g -fsanitize=fuzzer,address
            -I${PROJECT_SOURCE_DIR}/common/include -I${PROJECT_SOURCE_DIR}/modules/${module}/include
            ${sources} -o ${program}
    DEPENDS ${sources} ${headers}
    COMMENT "Building the fuzz target ${module}/${name} with ${COURSE_FUZZ_CXX} -fsanitize=fuzzer,address"
    VERBATIM)
  add_custom_target(${module}_fuzz_${name} ALL DEPENDS ${program})
  if(TARGET ${module}_selftest)
    add_dependencies(${module}_selftest ${module}_fuzz_${name})
  endif()
  add_test(NAME meta.${module}.fuzz_${name}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=${program} -DWORK=${dir}/${name} -DRUNS=${arg_RUNS} -DMAX_LEN=${arg_MAX_LEN}
            -DSEEDS=${PROJECT_SOURCE_DIR}/tests/${module}/fuzz/corpus_${name}
            -P ${PROJECT_SOURCE_DIR}/cmake/run_fuzz.cmake)
  set_tests_properties(meta.${module}.fuzz_${name} PROPERTIES LABELS meta TIMEOUT 300)
endfunction()
