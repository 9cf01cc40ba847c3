// course/gcc_pr105593.hpp: silences one known false warning of GCC 12, and nothing else.
//
// GCC before 13 warns "'__Y' may be used uninitialized" (-Wmaybe-uninitialized, and
// -Wuninitialized) inside its own avx512fintrin.h whenever an AVX-512 intrinsic that takes an
// "undefined" merge operand (_mm256_undefined_pd() and kin, written `__Y = __Y`) is inlined into
// optimized code: GCC bug 105593, fixed in GCC 13. Eigen's AVX-512 packet code reaches it in
// nearly every file, so a -march=native build on an AVX-512 machine fails with -Werror.
//
// The build force-includes this header (-include) first in every course file on GCC < 13.
// The diagnostic state is recorded by source location, so the two warnings are off for the
// intrinsics headers only: an uninitialized variable in course code is still reported.
// (A precompiled header does not keep this state, which is why the build does not precompile
// headers where this header is needed: cmake/CourseModule.cmake, course_use_precompiled_headers.)
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13 && defined(__x86_64__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif
