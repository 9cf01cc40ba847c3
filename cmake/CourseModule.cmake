# course_add_module(<module>): declares a module from its manifest, modules/<module>/module.json.
#
# For every exercise <ex> listed in the manifest it builds, from files named after the exercise:
#   <module>_<ex>_graded      tests/<module>/<ex>_test.cpp + learner/<ex>.cpp + the reference of
#                             every other exercise; ctest label <module>. This is what grades.
#   <module>_<ex>_reference   the same tests over the full reference; label `reference`.
#   <module>_<ex>_mistake_<m> the same tests over a known wrong implementation,
#                             tests/<module>/mistakes/<m>.cpp, or the reference changed by the
#                             edit tests/<module>/mistakes/<m>.edit (mistake_edit.cmake);
#                             label `mistakes` (must FAIL).
#   <module>_<ex>_stub        the same tests over the committed stub; label `stubs` (must all be
#                             "not started"). Only in the self-test build.
# and, for the module: <module>_bench_reference and <module>_bench_learner from the manifest's
# benchmark files, a manifest/file consistency check (label `meta`), and the targets
# <module>_graded (what `./course grade <module>` builds), <module>_selftest and
# <module>_reference_tests.
#
# Two kinds of build directory use these rules:
#   the grading build (build/): the learner's files, graded; no stub programs.
#   the self-test build (build-test/, COURSE_STUBS_FROM set by ./course test): the committed stubs
#     stand in for the learner's files everywhere (the benchmarks and plots "learner" programs
#     included), so nothing a learner is editing can break the course's own tests; no graded
#     programs.
# Every file compiles once into an object library and is linked into many programs.

set(COURSE_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/mistake_edit.cmake)

# course_strict_warnings(<target>): course code builds warning-free; COURSE_WERROR makes it so.
function(course_strict_warnings target)
  if(COURSE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# course_read_curriculum(<out>): the module names of modules/curriculum.txt, in curriculum order.
function(course_read_curriculum out)
  file(STRINGS ${PROJECT_SOURCE_DIR}/modules/curriculum.txt lines REGEX "^[a-z_]+$")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/modules/curriculum.txt)
  set(${out} ${lines} PARENT_SCOPE)
endfunction()

# course_add_precompiled_headers(): course_pch, the precompiled header that every test file
# reuses, and course_pch_code, the same without GoogleTest and the test helpers, for the code under
# test (COURSE_USE_PCH, set in CMakeLists.txt): GoogleTest, Eigen, the standard library and the
# course's test helpers take about a second to parse in each file, 0.2 s to load precompiled.
# Files that reuse it must be compiled with the same definitions and options, so they all take
# GoogleTest's (course_pch_user).
#
# With COURSE_SANITIZE_TEST_FILES off (the asan preset), test files are compiled without the
# sanitizers (course_unsanitized) and reuse a second precompiled header, course_pch_unsanitized,
# made the same way.
function(course_add_precompiled_headers)
  add_library(course_pch_user INTERFACE)
  target_compile_options(course_pch_user INTERFACE $<TARGET_PROPERTY:GTest::gtest,INTERFACE_COMPILE_OPTIONS>)
  target_link_libraries(course_pch_user INTERFACE OpenMP::OpenMP_CXX)
  add_library(course_unsanitized INTERFACE)
  if(NOT COURSE_SANITIZE_TEST_FILES)
    target_compile_options(course_unsanitized INTERFACE -fno-sanitize=all)
  endif()
  if(NOT COURSE_USE_PCH)
    return()
  endif()
  set(code_headers
    <algorithm> <array> <cmath> <cstddef> <cstdint> <functional> <limits> <memory> <numeric>
    <optional> <random> <span> <stdexcept> <string> <string_view> <utility> <vector>
    <Eigen/Core>
    ${PROJECT_SOURCE_DIR}/common/include/course/error.hpp
    ${PROJECT_SOURCE_DIR}/common/include/course/eigen.hpp
    ${PROJECT_SOURCE_DIR}/common/include/course/eigen_solvers.hpp
    ${PROJECT_SOURCE_DIR}/common/include/course/random.hpp)
  set(headers ${code_headers} <gtest/gtest.h> ${PROJECT_SOURCE_DIR}/common/include/course/testing.hpp)
  add_library(course_pch OBJECT ${PROJECT_SOURCE_DIR}/common/src/precompiled.cpp)
  target_link_libraries(course_pch PRIVATE course_testing course_pch_user)
  target_precompile_headers(course_pch PRIVATE ${headers})
  # The code under test (references, learner files, known mistakes) needs neither GoogleTest nor
  # the test helpers: its own precompiled header, 150 MB instead of 190, loads in 0.2 s less, which
  # is a third of the compile time of a small exercise file.
  add_library(course_pch_code OBJECT ${PROJECT_SOURCE_DIR}/common/src/precompiled.cpp)
  target_link_libraries(course_pch_code PRIVATE course_common course_pch_user)
  target_precompile_headers(course_pch_code PRIVATE ${code_headers})
  set_property(GLOBAL PROPERTY COURSE_PCH_CODE_HEADERS "${code_headers}")
  if(NOT COURSE_SANITIZE_TEST_FILES)
    add_library(course_pch_unsanitized OBJECT ${PROJECT_SOURCE_DIR}/common/src/precompiled.cpp)
    target_link_libraries(course_pch_unsanitized PRIVATE course_testing course_pch_user course_unsanitized)
    target_precompile_headers(course_pch_unsanitized PRIVATE ${headers})
  endif()
endfunction()

# course_use_precompiled_headers(<target>... [FROM <pch target>]): the targets reuse a precompiled
# header, course_pch unless FROM names another, and take the definitions it was made with.
function(course_use_precompiled_headers)
  cmake_parse_arguments(arg "" "FROM" "" ${ARGN})
  if(NOT arg_FROM)
    set(arg_FROM course_pch)
  endif()
  foreach(target IN LISTS arg_UNPARSED_ARGUMENTS)
    target_link_libraries(${target} PRIVATE course_pch_user)
    if(COURSE_USE_PCH)
      target_precompile_headers(${target} REUSE_FROM ${arg_FROM})
    endif()
  endforeach()
endfunction()

# course_compile_test_file(<target>): a test file's object library: strict warnings, -O1 where
# COURSE_TEST_FILES_O1 is on, and no sanitizers (with their own precompiled header) where
# COURSE_SANITIZE_TEST_FILES is off.
function(course_compile_test_file target)
  course_strict_warnings(${target})
  if(COURSE_TEST_FILES_O1)
    target_compile_options(${target} PRIVATE -O1)
  endif()
  if(COURSE_SANITIZE_TEST_FILES)
    course_use_precompiled_headers(${target})
  else()
    target_link_libraries(${target} PRIVATE course_unsanitized)
    course_use_precompiled_headers(${target} FROM course_pch_unsanitized)
  endif()
endfunction()

# course_manifest_list(<out> <json> <key>...): the array at <key>... as a CMake list of indices.
function(course_json_length out json)
  string(JSON n ERROR_VARIABLE err LENGTH "${json}" ${ARGN})
  if(err)
    set(n 0)
  endif()
  set(${out} ${n} PARENT_SCOPE)
endfunction()

# course_library_target(<out> <name> <module>): the imported target of a Debian library that a
# manifest's "libraries" names: "pcre2" (libpcre2-dev: PCRE2's 8-bit regular expressions, with its
# JIT), "icu" (libicu-dev: ICU's common library, the Unicode character database) or "nlohmann_json"
# (nlohmann-json3-dev: JSON files). Found once.
function(course_library_target out name module)
  if(name STREQUAL "pcre2")
    if(NOT TARGET PkgConfig::COURSE_PCRE2)
      find_package(PkgConfig REQUIRED)
      pkg_check_modules(COURSE_PCRE2 REQUIRED IMPORTED_TARGET GLOBAL libpcre2-8)
    endif()
    set(${out} PkgConfig::COURSE_PCRE2 PARENT_SCOPE)
  elseif(name STREQUAL "nlohmann_json")
    if(NOT TARGET nlohmann_json::nlohmann_json)
      find_package(nlohmann_json 3 REQUIRED)
    endif()
    set(${out} nlohmann_json::nlohmann_json PARENT_SCOPE)
  elseif(name STREQUAL "icu")
    if(NOT TARGET ICU::uc)
      find_package(ICU REQUIRED COMPONENTS uc)
    endif()
    set(${out} ICU::uc PARENT_SCOPE)
  else()
    message(FATAL_ERROR "modules/${module}/module.json: \"libraries\" names \"${name}\"; the course knows \"pcre2\", \"icu\" and \"nlohmann_json\" "
                        "(cmake/CourseModule.cmake, course_library_target)")
  endif()
endfunction()

# course_add_test_program(<target> <look_at> <sources or objects>...): a gtest program with the
# course's graded main().
function(course_add_test_program target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE course_testing)
endfunction()

function(course_add_module module)
  set(dir ${PROJECT_SOURCE_DIR}/modules/${module})
  set(tests_dir ${PROJECT_SOURCE_DIR}/tests/${module})
  file(READ ${dir}/module.json manifest)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/module.json)
  string(JSON manifest_module GET "${manifest}" module)
  if(NOT manifest_module STREQUAL module)
    message(FATAL_ERROR "modules/${module}/module.json says \"module\": \"${manifest_module}\"; it must be the folder's name, \"${module}\"")
  endif()

  # A module being written may have a manifest before its first exercise: nothing to build yet.
  course_json_length(count "${manifest}" exercises)
  if(count EQUAL 0)
    message(STATUS "modules/${module}/module.json lists no exercise yet: ${module} is not built")
    return()
  endif()

  add_library(${module}_contract INTERFACE)
  target_include_directories(${module}_contract INTERFACE ${dir}/include)
  target_link_libraries(${module}_contract INTERFACE course_common OpenMP::OpenMP_CXX)
  # "compile_options" (optional): flags for every file of the module (contract users: references,
  # learner files, mistakes, tests), e.g. data_structures' -fno-optimize-sibling-calls, so that a
  # recursion stays a recursion in every build and a stack test grades it the same way everywhere.
  # "depends_on" (optional): modules whose code this one calls, e.g. a layer that multiplies
  # through linear_algebra's GEMM. Every file of this module sees their headers and links their
  # REFERENCE library (<dep>_reference), never a learner's files: a learner's mistake in one module
  # cannot fail the grades of another (the capstone is the one place where a learner's own modules
  # are linked together). Only the headers and the library come along ($<LINK_ONLY:...>), not the
  # other module's compile_options. A dependency comes earlier in modules/curriculum.txt.
  course_json_length(n_depends "${manifest}" depends_on)
  if(n_depends GREATER 0)
    math(EXPR last_depend "${n_depends} - 1")
    foreach(k RANGE ${last_depend})
      string(JSON dependency GET "${manifest}" depends_on ${k})
      if(NOT TARGET ${dependency}_reference)
        message(FATAL_ERROR "modules/${module}/module.json: \"depends_on\" names \"${dependency}\", which is not a module "
                            "built before ${module}: it must have modules/${dependency}/module.json and come earlier "
                            "in modules/curriculum.txt")
      endif()
      target_include_directories(${module}_contract INTERFACE ${PROJECT_SOURCE_DIR}/modules/${dependency}/include)
      target_link_libraries(${module}_contract INTERFACE $<LINK_ONLY:${dependency}_reference>)
    endforeach()
  endif()

  # "libraries" (optional): Debian libraries that every file of the module links, by the names
  # course_library_target knows, e.g. the tokenization module's "pcre2" and "icu". ./course setup
  # installs their -dev packages (PACKAGES in the course script).
  course_json_length(n_libraries "${manifest}" libraries)
  if(n_libraries GREATER 0)
    math(EXPR last_library "${n_libraries} - 1")
    foreach(k RANGE ${last_library})
      string(JSON library GET "${manifest}" libraries ${k})
      course_library_target(library_target ${library} ${module})
      target_link_libraries(${module}_contract INTERFACE ${library_target})
    endforeach()
  endif()

  # A precompiled header carries the optimization flags it was made with: GCC restores them when
  # it loads one, so a module with options of its own gets its own precompiled header for the code
  # under test (${module}_pch_code), made with those options; else they would be lost silently.
  set(code_pch course_pch_code)
  course_json_length(n_options "${manifest}" compile_options)
  if(n_options GREATER 0)
    math(EXPR last_option "${n_options} - 1")
    foreach(k RANGE ${last_option})
      string(JSON option GET "${manifest}" compile_options ${k})
      target_compile_options(${module}_contract INTERFACE ${option})
    endforeach()
    if(COURSE_USE_PCH)
      set(code_pch ${module}_pch_code)
      get_property(code_headers GLOBAL PROPERTY COURSE_PCH_CODE_HEADERS)
      add_library(${code_pch} OBJECT ${PROJECT_SOURCE_DIR}/common/src/precompiled.cpp)
      target_link_libraries(${code_pch} PRIVATE ${module}_contract course_pch_user)
      target_precompile_headers(${code_pch} PRIVATE ${code_headers})
    endif()
  endif()

  # The self-test build replaces the learner's files by the committed stubs.
  set(selftest OFF)
  if(COURSE_STUBS_FROM)
    set(selftest ON)
  endif()

  # Pass 1: one object library per file, so each file compiles once and links many times.
  course_json_length(count "${manifest}" exercises)
  math(EXPR last "${count} - 1")
  set(exercises "")
  set(checked_objects "")
  foreach(i RANGE ${last})
    string(JSON ex GET "${manifest}" exercises ${i} name)
    list(APPEND exercises ${ex})

    add_library(${module}_reference_${ex} OBJECT ${dir}/reference/${ex}.cpp)
    target_link_libraries(${module}_reference_${ex} PUBLIC ${module}_contract)
    course_strict_warnings(${module}_reference_${ex})

    # The learner's file (grading build) or the committed stub (self-test build). A stub names
    # parameters it does not use yet; that is expected, not a warning.
    if(selftest)
      set(learner_source ${COURSE_STUBS_FROM}/modules/${module}/learner/${ex}.cpp)
      if(NOT EXISTS ${learner_source})
        message(FATAL_ERROR "The self-test build needs the committed stub ${learner_source}")
      endif()
    else()
      set(learner_source ${dir}/learner/${ex}.cpp)
    endif()
    add_library(${module}_learner_${ex} OBJECT ${learner_source})
    target_link_libraries(${module}_learner_${ex} PUBLIC ${module}_contract)
    target_compile_options(${module}_learner_${ex} PRIVATE -Wno-unused-parameter)

    add_library(${module}_${ex}_test_objects OBJECT ${tests_dir}/${ex}_test.cpp)
    target_link_libraries(${module}_${ex}_test_objects PUBLIC ${module}_contract course_testing)
    course_compile_test_file(${module}_${ex}_test_objects)
    course_use_precompiled_headers(${module}_reference_${ex} ${module}_learner_${ex} FROM ${code_pch})
    list(APPEND checked_objects ${module}_reference_${ex} ${module}_${ex}_test_objects)
  endforeach()

  add_library(${module}_reference STATIC)
  foreach(ex IN LISTS exercises)
    target_sources(${module}_reference PRIVATE $<TARGET_OBJECTS:${module}_reference_${ex}>)
  endforeach()
  target_link_libraries(${module}_reference PUBLIC ${module}_contract)

  # Pass 2: the test programs.
  set(graded_targets "")
  set(selftest_targets "")
  set(reference_targets "")
  foreach(i RANGE ${last})
    string(JSON ex GET "${manifest}" exercises ${i} name)
    set(others "")
    foreach(other IN LISTS exercises)
      if(NOT other STREQUAL ex)
        list(APPEND others $<TARGET_OBJECTS:${module}_reference_${other}>)
      endif()
    endforeach()
    set(tests $<TARGET_OBJECTS:${module}_${ex}_test_objects>)
    set(learner_file modules/${module}/learner/${ex}.cpp)
    # The time budget of each test (common/src/test_limits.hpp): 5 s, or the manifest's
    # "time_budget_seconds" for an exercise whose reference needs more than a tenth of that.
    string(JSON budget ERROR_VARIABLE no_budget GET "${manifest}" exercises ${i} time_budget_seconds)
    if(no_budget)
      set(budget 5)
    endif()

    if(NOT selftest)
      # Graded: the learner's exercise over the reference for the rest.
      course_add_test_program(${module}_${ex}_graded ${tests} $<TARGET_OBJECTS:${module}_learner_${ex}> ${others})
      target_link_libraries(${module}_${ex}_graded PRIVATE ${module}_contract)
      gtest_discover_tests(${module}_${ex}_graded
        TEST_PREFIX "${module}.${ex}."
        EXTRA_ARGS --course_look_at=${learner_file} --course_budget=${budget}
                   --course_stop_folder=${CMAKE_BINARY_DIR}/timed_out --course_exercise=${module}.${ex}
        PROPERTIES LABELS ${module} TIMEOUT 30 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE
        DISCOVERY_TIMEOUT 30)
      list(APPEND graded_targets ${module}_${ex}_graded)
    endif()

    # Reference: the same tests over the full reference.
    course_add_test_program(${module}_${ex}_reference ${tests} $<TARGET_OBJECTS:${module}_reference_${ex}> ${others})
    target_link_libraries(${module}_${ex}_reference PRIVATE ${module}_contract)
    gtest_discover_tests(${module}_${ex}_reference
      TEST_PREFIX "reference.${module}.${ex}."
      EXTRA_ARGS --course_look_at=modules/${module}/reference/${ex}.cpp --course_budget=${budget}
      PROPERTIES LABELS reference TIMEOUT 60 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE
      DISCOVERY_TIMEOUT 30)
    list(APPEND selftest_targets ${module}_${ex}_reference)
    list(APPEND reference_targets ${module}_${ex}_reference)

    # Stub: the committed stub must make every test "not started" (self-test build only).
    if(selftest)
      course_add_test_program(${module}_${ex}_stub ${tests} $<TARGET_OBJECTS:${module}_learner_${ex}> ${others})
      target_link_libraries(${module}_${ex}_stub PRIVATE ${module}_contract)
      add_test(NAME stubs.${module}.${ex}
        COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${module}_${ex}_stub> -DEXERCISE=${ex}
                -P ${COURSE_CMAKE_DIR}/check_stub.cmake)
      set_tests_properties(stubs.${module}.${ex} PROPERTIES LABELS stubs TIMEOUT 120 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
      list(APPEND selftest_targets ${module}_${ex}_stub)
    endif()

    # Known mistakes: each must make at least one test fail.
    course_json_length(n_mistakes "${manifest}" exercises ${i} mistakes)
    if(n_mistakes GREATER 0)
      math(EXPR last_mistake "${n_mistakes} - 1")
      foreach(j RANGE ${last_mistake})
        string(JSON mistake_file GET "${manifest}" exercises ${i} mistakes ${j} file)
        string(JSON mistake_what GET "${manifest}" exercises ${i} mistakes ${j} what)
        get_filename_component(mistake ${mistake_file} NAME_WE)
        set(target ${module}_${ex}_mistake_${mistake})
        set(mistake_source ${tests_dir}/mistakes/${mistake_file})
        if(mistake_file MATCHES "\\.edit$")  # an edit of the reference: see mistake_edit.cmake
          set(mistake_source ${CMAKE_BINARY_DIR}/mistakes/${module}/${mistake}.cpp)
          course_apply_mistake_edit(${tests_dir}/mistakes/${mistake_file} ${dir}/reference/${ex}.cpp
                                    ${mistake_source})
        endif()
        course_add_test_program(${target} ${tests} ${mistake_source} ${others})
        target_link_libraries(${target} PRIVATE ${module}_contract)
        target_compile_options(${target} PRIVATE -Wno-unused-parameter)
        course_use_precompiled_headers(${target} FROM ${code_pch})
        add_test(NAME mistake.${module}.${ex}.${mistake}
          COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> "-DMISTAKE=${mistake_what}"
                  -DFILE=tests/${module}/mistakes/${mistake_file} -P ${COURSE_CMAKE_DIR}/check_mistake.cmake)
        set_tests_properties(mistake.${module}.${ex}.${mistake} PROPERTIES LABELS mistakes TIMEOUT 120
                                                                     ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
        list(APPEND selftest_targets ${target})
      endforeach()
    endif()
    # Half done: another exercise as a learner leaves it half-way (its reference with one function
    # still COURSE_TODO, tests/<module>/half_done/<name>.edit), under this exercise's reference and
    # tests: its NotImplemented must come out of this exercise's functions cleanly, so that the
    # tests that reach it show "not started" (never a crash: an exception escaping an OpenMP
    # region, say) and the others pass.
    # Manifest key "half_done": [{"file": ..., "of": <exercise>, "what": ...}]. Self-test build.
    course_json_length(n_half_done "${manifest}" exercises ${i} half_done)
    if(selftest AND n_half_done GREATER 0)
      math(EXPR last_half_done "${n_half_done} - 1")
      foreach(j RANGE ${last_half_done})
        string(JSON half_file GET "${manifest}" exercises ${i} half_done ${j} file)
        string(JSON half_of GET "${manifest}" exercises ${i} half_done ${j} of)
        string(JSON half_what GET "${manifest}" exercises ${i} half_done ${j} what)
        get_filename_component(half ${half_file} NAME_WE)
        set(half_source ${CMAKE_BINARY_DIR}/half_done/${module}/${half}.cpp)
        course_apply_mistake_edit(${tests_dir}/half_done/${half_file} ${dir}/reference/${half_of}.cpp ${half_source})
        set(rest "")
        foreach(other IN LISTS exercises)
          if(NOT other STREQUAL ex AND NOT other STREQUAL half_of)
            list(APPEND rest $<TARGET_OBJECTS:${module}_reference_${other}>)
          endif()
        endforeach()
        set(target ${module}_${ex}_half_done_${half})
        course_add_test_program(${target} ${tests} $<TARGET_OBJECTS:${module}_reference_${ex}> ${half_source} ${rest})
        target_link_libraries(${target} PRIVATE ${module}_contract)
        target_compile_options(${target} PRIVATE -Wno-unused-parameter)
        course_use_precompiled_headers(${target} FROM ${code_pch})
        add_test(NAME stubs.${module}.${ex}.${half}
          COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> -DHALF_DONE=ON
                  "-DEXERCISE=${ex} over a half-done ${half_of} (${half_what})" -P ${COURSE_CMAKE_DIR}/check_stub.cmake)
        set_tests_properties(stubs.${module}.${ex}.${half} PROPERTIES LABELS stubs TIMEOUT 120
                                                                    ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
        list(APPEND selftest_targets ${target})
      endforeach()
    endif()
  endforeach()

  # Benchmarks: the manifest's benchmark files compile once and link twice, over the reference and
  # over the learner's files (the stubs in the self-test build).
  course_json_length(n_benchmarks "${manifest}" benchmarks)
  if(n_benchmarks GREATER 0)
    set(bench_sources "")
    math(EXPR last_bench "${n_benchmarks} - 1")
    foreach(j RANGE ${last_bench})
      string(JSON bench GET "${manifest}" benchmarks ${j})
      list(APPEND bench_sources ${PROJECT_SOURCE_DIR}/benchmarks/${module}/${bench})
    endforeach()
    add_library(${module}_bench_objects OBJECT ${bench_sources})
    target_link_libraries(${module}_bench_objects PUBLIC ${module}_contract course_bench_extras benchmark::benchmark)
    course_strict_warnings(${module}_bench_objects)
    course_use_precompiled_headers(${module}_bench_objects FROM ${code_pch})
    list(APPEND checked_objects ${module}_bench_objects)
    foreach(variant reference learner)
      set(target ${module}_bench_${variant})
      add_executable(${target} $<TARGET_OBJECTS:${module}_bench_objects>)
      foreach(ex IN LISTS exercises)
        target_sources(${target} PRIVATE $<TARGET_OBJECTS:${module}_${variant}_${ex}>)
      endforeach()
      target_link_libraries(${target} PRIVATE ${module}_contract course_bench_extras benchmark::benchmark_main)
    endforeach()
    # The smoke test runs the small cases only: rows matching the manifest's "smoke_filter"
    # (a Google Benchmark filter; default: rows ending in /n:64, or /n:64/real_time). It runs
    # alone: OpenMP rows on two threads crawl when other tests hold the cores.
    string(JSON smoke_filter ERROR_VARIABLE no_smoke_filter GET "${manifest}" smoke_filter)
    if(no_smoke_filter)
      set(smoke_filter "/n:64(/real_time)?$")
    endif()
    add_test(NAME benchmarks.${module}.smoke
      COMMAND ${module}_bench_reference --benchmark_filter=${smoke_filter} --benchmark_min_time=0.01)
    set_tests_properties(benchmarks.${module}.smoke PROPERTIES LABELS benchmarks TIMEOUT 300 RUN_SERIAL ON
                                                               ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
    list(APPEND selftest_targets ${module}_bench_reference ${module}_bench_learner)
  endif()

  # Plot data: an optional program (manifest key "plot": {"program": ..., "script": ...}) built
  # over the reference and over the learner's files; `./course plot <module>` runs both and draws
  # what they write with the gnuplot script.
  string(JSON plot_program ERROR_VARIABLE no_plot GET "${manifest}" plot program)
  if(NOT no_plot)
    add_library(${module}_plot_objects OBJECT ${PROJECT_SOURCE_DIR}/benchmarks/${module}/${plot_program})
    target_link_libraries(${module}_plot_objects PUBLIC ${module}_contract)
    course_strict_warnings(${module}_plot_objects)
    course_use_precompiled_headers(${module}_plot_objects FROM ${code_pch})
    list(APPEND checked_objects ${module}_plot_objects)
    foreach(variant reference learner)
      set(target ${module}_plot_${variant})
      add_executable(${target} $<TARGET_OBJECTS:${module}_plot_objects>)
      foreach(ex IN LISTS exercises)
        target_sources(${target} PRIVATE $<TARGET_OBJECTS:${module}_${variant}_${ex}>)
      endforeach()
      target_link_libraries(${target} PRIVATE ${module}_contract)
    endforeach()
    list(APPEND selftest_targets ${module}_plot_reference ${module}_plot_learner)
  endif()

  # The manifest, the files, the README and the lecture notes agree.
  add_test(NAME meta.${module}.manifest
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -DMODULE=${module}
            -P ${COURSE_CMAKE_DIR}/check_module.cmake)
  set_tests_properties(meta.${module}.manifest PROPERTIES LABELS meta TIMEOUT 60)

  add_custom_target(${module}_graded DEPENDS ${graded_targets})
  add_custom_target(${module}_selftest DEPENDS ${graded_targets} ${selftest_targets})
  add_custom_target(${module}_reference_tests DEPENDS ${reference_targets})
  # What the instruction-set check of .ci/run compiles (objects only): the course's own sources.
  add_custom_target(${module}_compile_check DEPENDS ${checked_objects})
  set_property(GLOBAL APPEND PROPERTY COURSE_MODULES ${module})
endfunction()

# course_add_global_targets(): after every module: course_reference_tests builds the reference test
# programs of all modules (what the sanitizer run in .ci/run needs).
# course_compile_check compiles every course source file of every module (references, tests,
# benchmarks, plots) into objects, without linking or running: .ci/run builds it for the other
# vector width.
function(course_add_global_targets)
  get_property(modules GLOBAL PROPERTY COURSE_MODULES)
  list(TRANSFORM modules APPEND _reference_tests OUTPUT_VARIABLE targets)
  add_custom_target(course_reference_tests DEPENDS ${targets})
  list(TRANSFORM modules APPEND _compile_check OUTPUT_VARIABLE checks)
  add_custom_target(course_compile_check DEPENDS ${checks} course_common course_testing)
endfunction()
