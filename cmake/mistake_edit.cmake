# mistake_edit.cmake: a known mistake stored as a small edit of its exercise's reference.
#
# Most known mistakes are the reference with a few lines changed. Instead of a full copy that
# would drift from the reference, such a mistake is a file tests/<module>/mistakes/<name>.edit:
#
#     // <name>: what is wrong, in a few comment lines (they replace the reference's opening
#     // comment at the top of the generated file)
#     @@ replace
#     <lines of the reference, exactly as they are there>
#     @@ with
#     <the lines the mistake has instead (none, to delete them)>
#     @@ end
#     ... more @@ replace / @@ with / @@ end blocks, applied in order
#
# Each `replace` text must occur exactly once in the reference (as changed by the blocks before
# it); add a neighbouring line to make it unique. course_apply_mistake_edit writes the result to
# the build tree at configure time, and configuring fails, naming the file and the block, when a
# block no longer applies (the reference has changed under it).

# course_apply_mistake_edit(<edit file> <reference file> <output file>)
function(course_apply_mistake_edit edit_file reference_file output_file)
  file(READ ${edit_file} edit)
  file(READ ${reference_file} code)
  if(NOT CMAKE_SCRIPT_MODE_FILE)  # configuring: an edit of either file configures again
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${edit_file} ${reference_file})
  endif()

  # The reference's opening comment ("Reference solution: ...") gives way to the mistake's.
  string(SUBSTRING "${code}" 0 2 head)
  while(head STREQUAL "//")
    string(FIND "${code}" "\n" line_end)
    if(line_end EQUAL -1)
      break()
    endif()
    math(EXPR line_end "${line_end} + 1")
    string(SUBSTRING "${code}" ${line_end} -1 code)
    string(SUBSTRING "${code}" 0 2 head)
  endwhile()

  # The description: everything before the first block.
  string(FIND "${edit}" "@@ replace\n" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "${edit_file}: no '@@ replace' block")
  endif()
  string(SUBSTRING "${edit}" 0 ${start} description)
  string(REGEX REPLACE "\n\n+$" "\n" description "${description}")  # the blank line before the blocks
  string(SUBSTRING "${edit}" ${start} -1 rest)

  set(block 0)
  while(NOT rest STREQUAL "")
    math(EXPR block "${block} + 1")
    set(where "${edit_file}, block ${block}")
    string(FIND "${rest}" "@@ replace\n" at_replace)
    string(FIND "${rest}" "@@ with\n" at_with)
    string(FIND "${rest}" "@@ end\n" at_end)
    if(NOT at_replace EQUAL 0 OR at_with EQUAL -1 OR at_end EQUAL -1 OR at_end LESS at_with)
      message(FATAL_ERROR "${where}: expected '@@ replace', '@@ with' and '@@ end' lines, in this order")
    endif()
    math(EXPR old_begin "11")  # length of "@@ replace\n"
    math(EXPR old_length "${at_with} - ${old_begin}")
    math(EXPR new_begin "${at_with} + 8")  # length of "@@ with\n"
    math(EXPR new_length "${at_end} - ${new_begin}")
    string(SUBSTRING "${rest}" ${old_begin} ${old_length} old)
    string(SUBSTRING "${rest}" ${new_begin} ${new_length} new)
    math(EXPR next "${at_end} + 7")  # length of "@@ end\n"
    string(SUBSTRING "${rest}" ${next} -1 rest)
    string(REGEX REPLACE "^\n+" "" rest "${rest}")  # blank lines between blocks

    # Exactly one occurrence of `old` in the code as it is now.
    string(FIND "${code}" "${old}" at)
    if(old STREQUAL "" OR at EQUAL -1)
      message(FATAL_ERROR "${where}: its '@@ replace' lines are not in ${reference_file}: "
                          "the reference has changed; update the mistake")
    endif()
    string(LENGTH "${old}" old_size)
    math(EXPR after "${at} + ${old_size}")
    string(SUBSTRING "${code}" 0 ${at} before_text)
    string(SUBSTRING "${code}" ${after} -1 after_text)
    string(FIND "${after_text}" "${old}" again)
    if(NOT again EQUAL -1)
      message(FATAL_ERROR "${where}: its '@@ replace' lines occur more than once in ${reference_file}: "
                          "add a neighbouring line to make them unique")
    endif()
    set(code "${before_text}${new}${after_text}")
  endwhile()

  set(root ${PROJECT_SOURCE_DIR})
  if(CMAKE_SCRIPT_MODE_FILE)
    get_filename_component(root ${edit_file} DIRECTORY)
  endif()
  file(RELATIVE_PATH edit_name ${root} ${edit_file})
  file(RELATIVE_PATH reference_name ${root} ${reference_file})
  set(result "// Generated at configure time: ${reference_name} with the edit ${edit_name}.\n")
  string(APPEND result "${description}${code}")
  if(EXISTS ${output_file})
    file(READ ${output_file} previous)
    if(previous STREQUAL result)
      return()  # unchanged: keep the timestamp, nothing to rebuild
    endif()
  endif()
  file(WRITE ${output_file} "${result}")
endfunction()

# Script mode, for the self-test (check_mistake_edit.cmake):
#   cmake -DEDIT=<edit> -DREFERENCE=<reference> -DOUTPUT=<output> -P mistake_edit.cmake
if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  course_apply_mistake_edit(${EDIT} ${REFERENCE} ${OUTPUT})
endif()
