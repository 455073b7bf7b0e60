// Element arithmetic of the vector unit, bit-exact and host-independent.
//
// Values travel as bit patterns in the low bits of a uint32_t (f16/bf16/s16/
// u16: 16 bits, f32/s32/u32: 32, s8/u8: 8). isa/XNPU.md "Numerics" is the
// specification; every floating-point step goes through npuvp_softfloat with
// round-to-nearest-even unless a rounding mode is given.
#pragma once

#include <cstdint>

#include "isa/xnpu.h"

namespace npuvp::vector_unit::num {

using isa::xnpu::DType;
using isa::xnpu::RoundMode;

uint32_t add(DType t, uint32_t a, uint32_t b);
uint32_t sub(DType t, uint32_t a, uint32_t b);
uint32_t mul(DType t, uint32_t a, uint32_t b);
uint32_t div(DType t, uint32_t a, uint32_t b);  // floats only
// NaN-propagating (either NaN gives the canonical NaN); -0 < +0.
uint32_t max(DType t, uint32_t a, uint32_t b);
uint32_t min(DType t, uint32_t a, uint32_t b);
// a*b + c with one rounding (floats); wrapping for integers.
uint32_t fma(DType t, uint32_t a, uint32_t b, uint32_t c);

uint32_t abs(DType t, uint32_t a);
uint32_t relu(DType t, uint32_t a);
uint32_t leaky_relu(DType t, uint32_t a, uint32_t alpha);
uint32_t sqrt(DType t, uint32_t a);
uint32_t reciprocal(DType t, uint32_t a);
uint32_t exp(DType t, uint32_t a);    // see transcendental.cpp
uint32_t ln(DType t, uint32_t a);     // see transcendental.cpp
uint32_t rsqrt(DType t, uint32_t a);  // see transcendental.cpp

enum class Cmp : uint8_t { eq, ne, lt, gt, le, ge };
bool compare(Cmp c, DType t, uint32_t a, uint32_t b);

// Conversion between any two types with a rounding mode (XNPU.md "vconv").
uint32_t convert(DType from, DType to, uint32_t bits, RoundMode rm);

// The f32 kernels of exp and ln (bit patterns in, f32 out): exposed for tests.
uint32_t exp_f32(uint32_t x);
uint32_t ln_f32(uint32_t x);
uint32_t rsqrt_f32(uint32_t x);

}  // namespace npuvp::vector_unit::num
