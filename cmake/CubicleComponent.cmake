# cubicle_component(<target> CUBICLE <name>)
#
# Puts every source of <target> into cubicle <name>: compiles them with the
# Cubicle plugin, and links the runtime into executables (libraries pass it
# on to whatever links them).  Needs clang 19 as the C/C++ compiler.
#
# Used in Cubicle's own tree and installed with find_package(Cubicle CONFIG).
# Expects CUBICLE_PLUGIN (path of libCubicle.so) and the target
# Cubicle::runtime.
function(cubicle_component target)
  cmake_parse_arguments(ARG "" "CUBICLE" "" ${ARGN})
  if(NOT ARG_CUBICLE)
    message(FATAL_ERROR "cubicle_component(${target}): CUBICLE <name> is required")
  endif()
  if(NOT ARG_CUBICLE MATCHES "^[A-Za-z0-9_-]+$")
    message(FATAL_ERROR "cubicle_component(${target}): invalid cubicle name "
      "'${ARG_CUBICLE}' (letters, digits, '_' and '-')")
  endif()
  foreach(lang C CXX)
    if(CMAKE_${lang}_COMPILER_LOADED AND NOT
       (CMAKE_${lang}_COMPILER_ID STREQUAL "Clang" AND
        CMAKE_${lang}_COMPILER_VERSION VERSION_GREATER_EQUAL 19 AND
        CMAKE_${lang}_COMPILER_VERSION VERSION_LESS 20))
      message(FATAL_ERROR "cubicle_component(${target}): the ${lang} compiler "
        "must be clang 19 (configure with -DCMAKE_${lang}_COMPILER=clang-19 or "
        "clang++-19), not ${CMAKE_${lang}_COMPILER_ID} "
        "${CMAKE_${lang}_COMPILER_VERSION}")
    endif()
  endforeach()
  target_compile_options(${target} PRIVATE
    "-fplugin=${CUBICLE_PLUGIN}" "-fpass-plugin=${CUBICLE_PLUGIN}"
    "-fplugin-arg-cubicle-name=${ARG_CUBICLE}")
  # Objects depend on the plugin that compiled them.
  get_target_property(sources ${target} SOURCES)
  set_property(SOURCE ${sources} TARGET_DIRECTORY ${target} APPEND PROPERTY
    OBJECT_DEPENDS "${CUBICLE_PLUGIN}")
  if(TARGET Cubicle)
    add_dependencies(${target} Cubicle)
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_link_libraries(${target} PRIVATE Cubicle::runtime)
  else()
    target_link_libraries(${target} PUBLIC Cubicle::runtime)
  endif()
  set_property(TARGET ${target} APPEND PROPERTY INTERFACE_CUBICLE ${ARG_CUBICLE})
endfunction()
