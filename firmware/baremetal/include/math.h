// The part of <math.h> the bare-metal runtime provides: the functions that
// are single RV64D/F instructions.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

static inline double sqrt(double x) {
  double r;
  __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
  return r;
}
static inline float sqrtf(float x) {
  float r;
  __asm__("fsqrt.s %0, %1" : "=f"(r) : "f"(x));
  return r;
}
static inline double fabs(double x) { return __builtin_fabs(x); }
static inline float fabsf(float x) { return __builtin_fabsf(x); }

#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

#ifdef __cplusplus
}
#endif
