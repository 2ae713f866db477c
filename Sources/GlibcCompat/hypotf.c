// A static Swift binary built on Debian 12 binds `hypotf@GLIBC_2.35` from libm (through the
// static Glibc overlay); Amazon Linux 2023 has glibc 2.34, so such a bootstrap would not start
// there. Defining hypotf here satisfies the link without that symbol version. A shim calling
// `hypot` does not help (it binds 2.35 too); sqrt has been in glibc since 2.2.5.
//
// Computing in double is exact for the squares of floats and the sum fits without overflow,
// so one rounding (sqrt, then the cast) matches glibc's own float implementation; IEEE 754
// special cases are handled first: an infinity wins over a NaN.
#include "GlibcCompat.h"

#include <math.h>

float hypotf(float x, float y) {
    if (isinf(x) || isinf(y)) return INFINITY;
    if (isnan(x) || isnan(y)) return NAN;
    double dx = (double)x, dy = (double)y;
    return (float)sqrt(dx * dx + dy * dy);
}
