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
#                             "not started").
# and, for the module: <module>_bench_reference and <module>_bench_learner from the manifest's
# benchmark files, a manifest/file consistency check (label `meta`), and the targets
# <module>_graded (what `./course grade <module>` builds), <module>_selftest and
# <module>_reference_tests.

set(COURSE_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/mistake_edit.cmake)

# course_strict_warnings(<target>): course code builds warning-free; COURSE_WERROR makes it so.
function(course_strict_warnings target)
  if(COURSE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
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

  add_library(${module}_contract INTERFACE)
  target_include_directories(${module}_contract INTERFACE ${dir}/include)
  target_link_libraries(${module}_contract INTERFACE course_common OpenMP::OpenMP_CXX)

  # Pass 1: one object library per file, so each file compiles once and links many times.
  course_json_length(count "${manifest}" exercises)
  math(EXPR last "${count} - 1")
  set(exercises "")
  foreach(i RANGE ${last})
    string(JSON ex GET "${manifest}" exercises ${i} name)
    list(APPEND exercises ${ex})

    add_library(${module}_reference_${ex} OBJECT ${dir}/reference/${ex}.cpp)
    target_link_libraries(${module}_reference_${ex} PUBLIC ${module}_contract)
    course_strict_warnings(${module}_reference_${ex})

    # A stub names parameters it does not use yet; that is expected, not a warning.
    add_library(${module}_learner_${ex} OBJECT ${dir}/learner/${ex}.cpp)
    target_link_libraries(${module}_learner_${ex} PUBLIC ${module}_contract)
    target_compile_options(${module}_learner_${ex} PRIVATE -Wno-unused-parameter)

    set(stub_source ${dir}/learner/${ex}.cpp)
    if(COURSE_STUBS_FROM AND EXISTS ${COURSE_STUBS_FROM}/modules/${module}/learner/${ex}.cpp)
      set(stub_source ${COURSE_STUBS_FROM}/modules/${module}/learner/${ex}.cpp)
    endif()
    add_library(${module}_stub_${ex} OBJECT ${stub_source})
    target_link_libraries(${module}_stub_${ex} PUBLIC ${module}_contract)
    target_compile_options(${module}_stub_${ex} PRIVATE -Wno-unused-parameter)

    add_library(${module}_${ex}_test_objects OBJECT ${tests_dir}/${ex}_test.cpp)
    target_link_libraries(${module}_${ex}_test_objects PUBLIC ${module}_contract course_testing)
    course_strict_warnings(${module}_${ex}_test_objects)
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

    # Graded: the learner's exercise over the reference for the rest.
    course_add_test_program(${module}_${ex}_graded ${tests} $<TARGET_OBJECTS:${module}_learner_${ex}> ${others})
    target_link_libraries(${module}_${ex}_graded PRIVATE ${module}_contract)
    gtest_discover_tests(${module}_${ex}_graded
      TEST_PREFIX "${module}.${ex}."
      EXTRA_ARGS --course_look_at=${learner_file}
      PROPERTIES LABELS ${module} TIMEOUT 30 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE
      DISCOVERY_TIMEOUT 30)
    list(APPEND graded_targets ${module}_${ex}_graded)

    # Reference: the same tests over the full reference.
    course_add_test_program(${module}_${ex}_reference ${tests} $<TARGET_OBJECTS:${module}_reference_${ex}> ${others})
    target_link_libraries(${module}_${ex}_reference PRIVATE ${module}_contract)
    gtest_discover_tests(${module}_${ex}_reference
      TEST_PREFIX "reference.${module}.${ex}."
      EXTRA_ARGS --course_look_at=modules/${module}/reference/${ex}.cpp
      PROPERTIES LABELS reference TIMEOUT 60 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE
      DISCOVERY_TIMEOUT 30)
    list(APPEND selftest_targets ${module}_${ex}_reference)
    list(APPEND reference_targets ${module}_${ex}_reference)

    # Stub: the committed stub must make every test "not started".
    course_add_test_program(${module}_${ex}_stub ${tests} $<TARGET_OBJECTS:${module}_stub_${ex}> ${others})
    target_link_libraries(${module}_${ex}_stub PRIVATE ${module}_contract)
    add_test(NAME stubs.${module}.${ex}
      COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${module}_${ex}_stub> -DEXERCISE=${ex}
              -P ${COURSE_CMAKE_DIR}/check_stub.cmake)
    set_tests_properties(stubs.${module}.${ex} PROPERTIES LABELS stubs TIMEOUT 120 ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
    list(APPEND selftest_targets ${module}_${ex}_stub)

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
        add_test(NAME mistake.${module}.${ex}.${mistake}
          COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> "-DMISTAKE=${mistake_what}"
                  -DFILE=tests/${module}/mistakes/${mistake_file} -P ${COURSE_CMAKE_DIR}/check_mistake.cmake)
        set_tests_properties(mistake.${module}.${ex}.${mistake} PROPERTIES LABELS mistakes TIMEOUT 120
                                                                     ENVIRONMENT OMP_WAIT_POLICY=PASSIVE)
        list(APPEND selftest_targets ${target})
      endforeach()
    endif()
  endforeach()

  # Benchmarks: the same benchmark files built over the reference and over the learner's files.
  course_json_length(n_benchmarks "${manifest}" benchmarks)
  if(n_benchmarks GREATER 0)
    set(bench_sources "")
    math(EXPR last_bench "${n_benchmarks} - 1")
    foreach(j RANGE ${last_bench})
      string(JSON bench GET "${manifest}" benchmarks ${j})
      list(APPEND bench_sources ${PROJECT_SOURCE_DIR}/benchmarks/${module}/${bench})
    endforeach()
    foreach(variant reference learner)
      set(target ${module}_bench_${variant})
      add_executable(${target} ${bench_sources})
      foreach(ex IN LISTS exercises)
        target_sources(${target} PRIVATE $<TARGET_OBJECTS:${module}_${variant}_${ex}>)
      endforeach()
      target_link_libraries(${target} PRIVATE ${module}_contract course_bench_extras
                                              benchmark::benchmark_main)
      course_strict_warnings(${target})
    endforeach()
    # The smoke test runs the small cases only: rows matching the manifest's "smoke_filter"
    # (a Google Benchmark filter; default: rows ending in /n:64, or /n:64/real_time).
    string(JSON smoke_filter ERROR_VARIABLE no_smoke_filter GET "${manifest}" smoke_filter)
    if(no_smoke_filter)
      set(smoke_filter "/n:64(/real_time)?$")
    endif()
    add_test(NAME benchmarks.${module}.smoke
      COMMAND ${module}_bench_reference --benchmark_filter=${smoke_filter} --benchmark_min_time=0.01)
    set_tests_properties(benchmarks.${module}.smoke PROPERTIES LABELS benchmarks TIMEOUT 300)
    list(APPEND selftest_targets ${module}_bench_reference ${module}_bench_learner)
  endif()

  # Plot data: an optional program (manifest key "plot": {"program": ..., "script": ...}) built
  # over the reference and over the learner's files; `./course plot <module>` runs both and draws
  # what they write with the gnuplot script.
  string(JSON plot_program ERROR_VARIABLE no_plot GET "${manifest}" plot program)
  if(NOT no_plot)
    foreach(variant reference learner)
      set(target ${module}_plot_${variant})
      add_executable(${target} ${PROJECT_SOURCE_DIR}/benchmarks/${module}/${plot_program})
      foreach(ex IN LISTS exercises)
        target_sources(${target} PRIVATE $<TARGET_OBJECTS:${module}_${variant}_${ex}>)
      endforeach()
      target_link_libraries(${target} PRIVATE ${module}_contract)
      course_strict_warnings(${target})
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
  set_property(GLOBAL APPEND PROPERTY COURSE_MODULES ${module})
endfunction()

# course_add_global_targets(): after every module: course_reference_tests builds the reference test
# programs of all modules (what the sanitizer run in .ci/run needs).
function(course_add_global_targets)
  get_property(modules GLOBAL PROPERTY COURSE_MODULES)
  list(TRANSFORM modules APPEND _reference_tests OUTPUT_VARIABLE targets)
  add_custom_target(course_reference_tests DEPENDS ${targets})
endfunction()
