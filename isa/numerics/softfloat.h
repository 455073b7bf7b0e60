// Bit-exact IEEE-754 arithmetic in software, identical on every host.
//
// Formats are passed as raw bit patterns: binary16 (uint16_t), bfloat16
// (uint16_t, via the bf16_* functions), binary32 (uint32_t), binary64
// (uint64_t). Behaviour follows the RISC-V F/D specification wherever IEEE
// leaves a choice: tininess is detected after rounding, every NaN result is
// the canonical quiet NaN (sign 0, quiet bit set, payload 0), and
// float->integer conversions saturate (NaN converts to the largest value).
#pragma once

#include <cstdint>

namespace npuvp::softfloat {

// Rounding modes, numbered as in the RISC-V frm field.
enum Rounding : uint8_t {
  kRne = 0,  // to nearest, ties to even
  kRtz = 1,  // towards zero
  kRdn = 2,  // down (towards -inf)
  kRup = 3,  // up (towards +inf)
  kRmm = 4,  // to nearest, ties away from zero
};

// Exception flags, bit positions as in the RISC-V fflags field.
enum Flag : uint8_t {
  kInexact = 1 << 0,    // NX
  kUnderflow = 1 << 1,  // UF
  kOverflow = 1 << 2,   // OF
  kDivByZero = 1 << 3,  // DZ
  kInvalid = 1 << 4,    // NV
};

// Rounding mode in, accumulated flags out. Operations only ever OR into flags.
struct Env {
  Rounding rm = kRne;
  uint8_t flags = 0;
};

// fclass result bits (RISC-V fclass.s / fclass.d)
enum Class : uint16_t {
  kNegInf = 1 << 0, kNegNormal = 1 << 1, kNegSubnormal = 1 << 2, kNegZero = 1 << 3,
  kPosZero = 1 << 4, kPosSubnormal = 1 << 5, kPosNormal = 1 << 6, kPosInf = 1 << 7,
  kSignalingNan = 1 << 8, kQuietNan = 1 << 9,
};

#define NPUVP_SOFTFLOAT_OPS(P, T)                                                   \
  T P##_add(T a, T b, Env& e);                                                      \
  T P##_sub(T a, T b, Env& e);                                                      \
  T P##_mul(T a, T b, Env& e);                                                      \
  T P##_div(T a, T b, Env& e);                                                      \
  T P##_sqrt(T a, Env& e);                                                          \
  /* a*b+c with a single rounding */                                                \
  T P##_fma(T a, T b, T c, Env& e);                                                 \
  /* RISC-V fmin/fmax: -0 < +0; one NaN operand gives the other operand; */       \
  /* two give the canonical NaN; a signalling NaN raises invalid */                 \
  T P##_min(T a, T b, Env& e);                                                      \
  T P##_max(T a, T b, Env& e);                                                      \
  /* feq is quiet (invalid only on signalling NaN); flt/fle signal on any NaN */     \
  bool P##_eq(T a, T b, Env& e);                                                    \
  bool P##_lt(T a, T b, Env& e);                                                    \
  bool P##_le(T a, T b, Env& e);                                                    \
  uint16_t P##_classify(T a);                                                       \
  bool P##_is_nan(T a);                                                             \
  bool P##_is_signaling_nan(T a);                                                   \
  /* to integers: rounded by e.rm, saturating, invalid on NaN or out of range */    \
  int32_t P##_to_i32(T a, Env& e);                                                  \
  uint32_t P##_to_u32(T a, Env& e);                                                 \
  int64_t P##_to_i64(T a, Env& e);                                                  \
  uint64_t P##_to_u64(T a, Env& e);                                                 \
  /* from integers, rounded by e.rm */                                              \
  T P##_from_i32(int32_t v, Env& e);                                                \
  T P##_from_u32(uint32_t v, Env& e);                                               \
  T P##_from_i64(int64_t v, Env& e);                                                \
  T P##_from_u64(uint64_t v, Env& e);                                               \
  /* between formats (widening is exact; a signalling NaN raises invalid) */        \
  uint16_t P##_to_f16(T a, Env& e);                                                 \
  uint16_t P##_to_bf16(T a, Env& e);                                                \
  uint32_t P##_to_f32(T a, Env& e);                                                 \
  uint64_t P##_to_f64(T a, Env& e);

NPUVP_SOFTFLOAT_OPS(f16, uint16_t)
NPUVP_SOFTFLOAT_OPS(bf16, uint16_t)
NPUVP_SOFTFLOAT_OPS(f32, uint32_t)
NPUVP_SOFTFLOAT_OPS(f64, uint64_t)

#undef NPUVP_SOFTFLOAT_OPS

inline constexpr uint16_t kF16DefaultNan = 0x7e00;
inline constexpr uint16_t kBf16DefaultNan = 0x7fc0;
inline constexpr uint32_t kF32DefaultNan = 0x7fc00000u;
inline constexpr uint64_t kF64DefaultNan = 0x7ff8000000000000ull;

}  // namespace npuvp::softfloat
