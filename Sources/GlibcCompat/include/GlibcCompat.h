// See hypotf.c: keeps deployed binaries within provided.al2023's glibc 2.34.
#ifndef WATCHPOST_GLIBC_COMPAT_H
#define WATCHPOST_GLIBC_COMPAT_H
float hypotf(float x, float y);
#endif
