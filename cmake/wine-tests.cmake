# Helpers for Windows test suites run under Wine (cross build only).
#
#   pasv_wine_prefix(SUITE [LAB provision-args...])
#       a ctest fixture named SUITE: its setup creates a throwaway prefix in
#       build/win/prefixes/SUITE (a plain prefix, or a lab via tests/lab/provision.sh),
#       its cleanup stops that prefix's wineserver and removes it.
#   pasv_wine_test(NAME SUITE COMMAND ...)
#       a test that runs in SUITE's prefix; a Windows target as the command runs under
#       CMAKE_CROSSCOMPILING_EMULATOR (tests/wine-run.sh).
set(PASV_PREFIX_ROOT ${CMAKE_BINARY_DIR}/prefixes)

function(pasv_wine_prefix suite)
  cmake_parse_arguments(P "" "" "LAB" ${ARGN})
  set(dir ${PASV_PREFIX_ROOT}/${suite})
  if(DEFINED P_LAB OR "LAB" IN_LIST ARGN)
    set(extra --lab ${P_LAB})
  else()
    set(extra)
  endif()
  add_test(NAME ${suite}.setup COMMAND sh ${CMAKE_SOURCE_DIR}/tests/wine-prefix.sh create ${dir} ${extra})
  set_tests_properties(${suite}.setup PROPERTIES FIXTURES_SETUP ${suite} TIMEOUT 300
    ENVIRONMENT "PASV_BUILD_DIR=${CMAKE_BINARY_DIR}")
  add_test(NAME ${suite}.cleanup COMMAND sh ${CMAKE_SOURCE_DIR}/tests/wine-prefix.sh destroy ${dir})
  set_tests_properties(${suite}.cleanup PROPERTIES FIXTURES_CLEANUP ${suite} TIMEOUT 60)
endfunction()

function(pasv_wine_test name suite)
  cmake_parse_arguments(T "" "TIMEOUT" "COMMAND;ENVIRONMENT" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${T_COMMAND})
  set_tests_properties(${name} PROPERTIES
    FIXTURES_REQUIRED ${suite}
    RESOURCE_LOCK ${suite}
    TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "WINEPREFIX=${PASV_PREFIX_ROOT}/${suite};WINEDEBUG=-all;PASV_UNDER_WINE=1;PASV_BUILD_DIR=${CMAKE_BINARY_DIR};PASV_SOURCE_DIR=${CMAKE_SOURCE_DIR};${T_ENVIRONMENT}")
endfunction()
