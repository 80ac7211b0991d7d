# -DCUTOVER_FUZZ=ON: libFuzzer targets (tests/fuzz) with AddressSanitizer and UBSan, in a build
# directory of their own (tests/fuzz/run.sh makes one). Needs clang 16 (Debian 12: clang-16
# libclang-rt-16-dev; packaging/install-deps.sh --with-fuzz): libstdc++ 12 offers std::expected
# only when __cpp_concepts >= 202002, which clang 14 cannot compile (P0848, conditionally trivial
# special members) and clang 16 implements without advertising it, hence the define below.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR CMAKE_CXX_COMPILER_VERSION VERSION_LESS 16)
    message(FATAL_ERROR "CUTOVER_FUZZ needs clang 16 or later (-DCMAKE_CXX_COMPILER=clang++-16), "
                        "not ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
endif()
# Everything is instrumented for coverage (fuzzer-no-link) and checked; only the fuzz targets
# link libFuzzer's main.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined
                    -U__cpp_concepts -D__cpp_concepts=202002L -Wno-builtin-macro-redefined)
add_link_options(-fsanitize=address,undefined)
