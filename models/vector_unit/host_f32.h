// binary32 arithmetic in round-to-nearest-even on the host FPU: a fast path
// that gives exactly the bits of npuvp_softfloat's f32_* (Env{kRne}) for
// +, -, *, /, sqrt and fma, where the caller does not need exception flags
// (the vector unit has no fflags).
//
// Why it is exact: IEEE-754 requires these operations to be correctly
// rounded, so a conforming host computes the same value as softfloat. The
// only freedom IEEE leaves is the NaN result; softfloat always returns the
// canonical quiet NaN 0x7fc00000, so every NaN result is canonicalised here.
// Tininess detection (before/after rounding) only changes flags, not values.
//
// Assumptions about the host, checked at compile time where C++ allows:
//   - float is IEEE-754 binary32 (is_iec559) and evaluated in float
//     (FLT_EVAL_METHOD 0: SSE on x86-64, AArch64; not x87);
//   - the default floating-point environment: round to nearest even, no
//     flush-to-zero / denormals-are-zero. Nothing in npuvp changes it (only
//     the softfloat tests call fesetround, and they restore it), and npuvp is
//     not built with -ffast-math;
//   - no contraction of a*b+c into fma by the compiler (the library is
//     compiled with -ffp-contract=off) — here every operation is one call.
// tests/vector_unit/host_f32_test.cpp compares every function against
// softfloat on special, boundary and random inputs.
#pragma once

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace npuvp::vector_unit::hf {

static_assert(std::numeric_limits<float>::is_iec559, "the host float must be IEEE-754 binary32");
static_assert(sizeof(float) == sizeof(uint32_t));
static_assert(FLT_EVAL_METHOD == 0, "float arithmetic must be evaluated in binary32 (no x87 excess precision)");

inline float f(uint32_t u) {
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
inline uint32_t bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
// softfloat's NaN result: the canonical quiet NaN.
inline uint32_t canon(float x) {
  const uint32_t u = bits(x);
  return (u & 0x7fffffffu) > 0x7f800000u ? 0x7fc00000u : u;
}

inline uint32_t add(uint32_t a, uint32_t b) { return canon(f(a) + f(b)); }
inline uint32_t sub(uint32_t a, uint32_t b) { return canon(f(a) - f(b)); }
inline uint32_t mul(uint32_t a, uint32_t b) { return canon(f(a) * f(b)); }
inline uint32_t div(uint32_t a, uint32_t b) { return canon(f(a) / f(b)); }
inline uint32_t sqrt(uint32_t a) { return canon(std::sqrt(f(a))); }
inline uint32_t fma(uint32_t a, uint32_t b, uint32_t c) { return canon(std::fma(f(a), f(b), f(c))); }

// f32_to_i32 in round-to-nearest-even for |x| < 2^22 (the caller guarantees
// the range): adding and subtracting 1.5 * 2^23 rounds to an integer RNE.
inline int32_t to_i32_rne_small(uint32_t a) {
  const float magic = 12582912.0f;  // 1.5 * 2^23
  const float r = (f(a) + magic) - magic;
  return static_cast<int32_t>(r);
}
// Exact for |v| <= 2^24.
inline uint32_t from_i32_small(int32_t v) { return bits(static_cast<float>(v)); }

}  // namespace npuvp::vector_unit::hf
