# cutover_add_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [LABEL unit|integration|ui]
#                  [TIMEOUT <seconds>])
# Builds one Qt Test executable and registers it with CTest. Every test runs with the
# offscreen platform and forced asserts, so a GUI test never needs a display.
function(cutover_add_test)
    cmake_parse_arguments(T "" "NAME;LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
    if(NOT T_LABEL)
        set(T_LABEL unit)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Cutover::flags Qt6::Test cutover_test_support ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE QT_FORCE_ASSERTS
        CUTOVER_TEST_BINARY_DIR="${CMAKE_BINARY_DIR}"
        CUTOVER_TEST_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS ${T_LABEL}
        TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_FORCE_ASSERTS=1;CUTOVER_KVDEMO_DIR=${CMAKE_BINARY_DIR}/examples/kvdemo")
endfunction()
