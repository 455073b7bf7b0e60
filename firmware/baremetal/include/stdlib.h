// The part of <stdlib.h> the bare-metal runtime provides.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

// Ends the simulation with `code` as npuvp's exit status (through HTIF).
__attribute__((noreturn)) void exit(int code);
int abs(int v);
long labs(long v);

#ifdef __cplusplus
}
#endif
