# Build helpers shared by every module: warnings, sanitizers, ccache and kconform_add_test().
# Nothing project-specific lives here.

find_program(KCONFORM_CCACHE ccache)
if(KCONFORM_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${KCONFORM_CCACHE})
endif()

add_library(kconform_warnings INTERFACE)
target_compile_options(kconform_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(KCONFORM_WERROR)
  target_compile_options(kconform_warnings INTERFACE -Werror)
endif()

if(KCONFORM_SANITIZE)
  add_compile_options(-fsanitize=${KCONFORM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${KCONFORM_SANITIZE})
  if(KCONFORM_SANITIZE MATCHES "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 warns (-Wtsan) that TSan does not model Asio's atomic_thread_fence; the warning would fail -Werror.
    add_compile_options(-Wno-tsan)
  endif()
endif()

# kconform_module(name SOURCES ... DEPS ...): one static library per module, aliased kconform::name.
function(kconform_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(kconform_${name} STATIC ${M_SOURCES})
  add_library(kconform::${name} ALIAS kconform_${name})
  target_include_directories(kconform_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(kconform_${name} PUBLIC ${M_DEPS} PRIVATE kconform_warnings ${M_PRIVATE_DEPS})
  kconform_reuse_pch(kconform_${name})
endfunction()

# One precompiled header (core/pch.hpp, built for kconform_core) shared by every target: compiling it per
# target would cost ~20 s each on the 2-core CI machine.
function(kconform_reuse_pch target)
  if(NOT target STREQUAL "kconform_core")
    target_precompile_headers(${target} REUSE_FROM kconform_core)
  endif()
endfunction()

# kconform_add_test(name SOURCES ... DEPS ...): one small GoogleTest binary per module, registered with ctest.
function(kconform_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gtest_main kconform_warnings)
  kconform_reuse_pch(${name})
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
endfunction()
