# check_mistake_edit.cmake: the self-test of mistake_edit.cmake (ctest meta.common.mistake_edit).
#   cmake -DWORK=<scratch directory> -P check_mistake_edit.cmake
# A good edit gives exactly the expected file; an edit whose lines are missing from the reference,
# occur twice there, or lack a marker fails with a message that names the block.
set(apply ${CMAKE_CURRENT_LIST_DIR}/mistake_edit.cmake)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/reference.cpp "// Reference solution: sum.\nint sum(int n) {\n    int s = 0;  // step\n    for (int i = 1; i <= n; ++i) s += i;\n    return s;  // step\n}\n")

# run_edit(<name> <edit text>): apply it; sets run_rc and run_output.
function(run_edit name text)
  file(WRITE ${WORK}/${name}.edit "${text}")
  execute_process(COMMAND ${CMAKE_COMMAND} -DEDIT=${WORK}/${name}.edit -DREFERENCE=${WORK}/reference.cpp
                          -DOUTPUT=${WORK}/${name}.cpp -P ${apply}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(run_rc ${rc} PARENT_SCOPE)
  set(run_output "${out}${err}" PARENT_SCOPE)
endfunction()

# expect_failure(<name> <edit text> <words the message must contain>)
function(expect_failure name text words)
  run_edit(${name} "${text}")
  if(run_rc EQUAL 0)
    message(FATAL_ERROR "mistake_edit: the edit '${name}' should have been refused, but it applied")
  endif()
  string(REGEX REPLACE "[ \n]+" " " said "${run_output}")  # CMake wraps long messages
  string(FIND "${said}" "${words}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "mistake_edit: refusing '${name}' should say '${words}', said:\n${run_output}")
  endif()
endfunction()

# A good edit, two blocks with a blank line between them; the description replaces the opening comment.
run_edit(good "// Known mistake: starts at 0 and stops before n.\n\n@@ replace\n    for (int i = 1; i <= n; ++i) s += i;\n@@ with\n    for (int i = 0; i < n; ++i) s += i;\n@@ end\n\n@@ replace\n    return s;  // step\n@@ with\n    return s;  // wrong\n@@ end\n")
if(NOT run_rc EQUAL 0)
  message(FATAL_ERROR "mistake_edit: a good edit was refused:\n${run_output}")
endif()
file(READ ${WORK}/good.cpp got)
set(want "// Generated at configure time: reference.cpp with the edit good.edit.\n// Known mistake: starts at 0 and stops before n.\nint sum(int n) {\n    int s = 0;  // step\n    for (int i = 0; i < n; ++i) s += i;\n    return s;  // wrong\n}\n")
if(NOT got STREQUAL want)
  message(FATAL_ERROR "mistake_edit: the good edit gave\n${got}\ninstead of\n${want}")
endif()

expect_failure(missing "// x\n@@ replace\n    return 0;\n@@ with\n    return 1;\n@@ end\n" "missing.edit, block 1: its '@@ replace' lines are not in")
expect_failure(twice "// x\n@@ replace\n    int s = 0;  // step\n@@ with\n    int s = 1;  // step\n@@ end\n@@ replace\n  // step\n@@ with\n\n@@ end\n" "twice.edit, block 2: its '@@ replace' lines occur more than once")
expect_failure(no_end "// x\n@@ replace\n    return s;  // step\n@@ with\n    return 0;\n" "no_end.edit, block 1: expected '@@ replace', '@@ with' and '@@ end'")
expect_failure(no_block "// x\n" "no_block.edit: no '@@ replace' block")
message(STATUS "mistake_edit: a good edit applies exactly; missing, repeated and malformed blocks are refused by name")
