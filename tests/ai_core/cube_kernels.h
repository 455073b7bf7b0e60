// Shared by the cube-core (AIC) test kernels: fp16 bit patterns of small
// integers (exact), so the kernels can check an mmad against integer sums.
#pragma once
#include <stdint.h>

#include "npu_intrinsics.h"

static inline uint64_t gm(const void* p) { return (uint64_t)(uintptr_t)p; }

// binary16 of an integer with |v| <= 2048 (exact).
static inline uint16_t f16_of_int(int v) {
  if (v == 0) return 0;
  uint16_t sign = v < 0 ? 0x8000 : 0;
  unsigned a = (unsigned)(v < 0 ? -v : v);
  int e = 31 - __builtin_clz(a);  // a = 1.f * 2^e
  unsigned frac = (a << (10 - e)) & 0x3ff;
  return (uint16_t)(sign | (unsigned)(e + 15) << 10 | frac);
}
