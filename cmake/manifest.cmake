# manifest.cmake: writes modules/<MODULE>/module.json as tab-separated lines for the course
# script (which must not need Python or jq):
#   module    <name>  <title>
#   exercise  <number> <name> <title>
#   hint      <exercise> <number> <text>
#   mistake   <exercise> <file> <what>
#   cmake -DROOT=<repo> -DMODULE=<name> -DOUT=<file> -P cmake/manifest.cmake
cmake_minimum_required(VERSION 3.22)
file(READ ${ROOT}/modules/${MODULE}/module.json manifest)
string(JSON title GET "${manifest}" title)
set(text "module\t${MODULE}\t${title}\n")
string(JSON count LENGTH "${manifest}" exercises)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON ex GET "${manifest}" exercises ${i} name)
  string(JSON ex_title GET "${manifest}" exercises ${i} title)
  math(EXPR number "${i} + 1")
  string(APPEND text "exercise\t${number}\t${ex}\t${ex_title}\n")
  string(JSON n_hints ERROR_VARIABLE err LENGTH "${manifest}" exercises ${i} hints)
  if(NOT err AND n_hints GREATER 0)
    math(EXPR last_hint "${n_hints} - 1")
    foreach(j RANGE ${last_hint})
      string(JSON hint GET "${manifest}" exercises ${i} hints ${j})
      math(EXPR hint_number "${j} + 1")
      string(APPEND text "hint\t${ex}\t${hint_number}\t${hint}\n")
    endforeach()
  endif()
  string(JSON n_mistakes ERROR_VARIABLE err LENGTH "${manifest}" exercises ${i} mistakes)
  if(NOT err AND n_mistakes GREATER 0)
    math(EXPR last_mistake "${n_mistakes} - 1")
    foreach(j RANGE ${last_mistake})
      string(JSON file GET "${manifest}" exercises ${i} mistakes ${j} file)
      string(JSON what GET "${manifest}" exercises ${i} mistakes ${j} what)
      string(APPEND text "mistake\t${ex}\t${file}\t${what}\n")
    endforeach()
  endif()
endforeach()
file(WRITE ${OUT} "${text}")
