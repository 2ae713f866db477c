// A static Swift binary built on Debian 12 binds `hypotf@GLIBC_2.35` from libm (through the
// static Glibc overlay); Amazon Linux 2023 has glibc 2.34, so such a bootstrap would not start
// there. Defining hypotf here satisfies the link without that symbol version. A shim calling
// `hypot` does not help (it binds 2.35 too); sqrt has been in glibc since 2.2.5.
//
// This follows glibc's own float implementation (sysdeps/ieee754/flt-32/e_hypotf.c and the
// 2.35 wrapper): the squares of floats are exact in double and their sum cannot overflow, so
// one sqrt and the cast give the same result; an infinity wins over a quiet NaN (not over a
// signaling one), and an overflow to infinity from finite arguments sets errno to ERANGE.
// Tests/LambdaRuntimeTests/HypotfTests.swift compares it with libm's over many values.
#define _GNU_SOURCE
#include "GlibcCompat.h"

#include <errno.h>
#include <math.h>

float hypotf(float x, float y) {
    if (isinf(x) && !issignaling(y)) return INFINITY;
    if (isinf(y) && !issignaling(x)) return INFINITY;
    if (isnan(x) || isnan(y)) return fabsf(x) * fabsf(y);
    double dx = (double)x, dy = (double)y;
    float result = (float)sqrt(dx * dx + dy * dy);
    if (isinf(result)) errno = ERANGE;
    return result;
}
