// The part of <stdio.h> the bare-metal runtime provides: formatted output to
// the HTIF console (fd 1). Conversions: d i u x X o c s p % and f F, with the
// flags - 0 + space #, width and precision (also as *), and the length
// modifiers hh h l ll z j t. %f is exact (correctly rounded like glibc) for
// values of magnitude at least 2^-72 or precisions up to 20.
#pragma once

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap);
int snprintf(char* buf, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap);
int sprintf(char* buf, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
int putchar(int ch);
int puts(const char* s);

#ifdef __cplusplus
}
#endif
