// Special cases straight from the RISC-V F/D specification, with expected
// values written out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include "isa/numerics/softfloat.h"

namespace {

using namespace npuvp::softfloat;

constexpr uint32_t kF32PosInf = 0x7f800000u, kF32NegInf = 0xff800000u;
constexpr uint32_t kF32QNan = 0x7fc00001u, kF32SNan = 0x7f800001u, kF32NegQNan = 0xffc12345u;
constexpr uint64_t kF64PosInf = 0x7ff0000000000000ull, kF64NegInf = 0xfff0000000000000ull;
constexpr uint64_t kF64QNan = 0x7ff8000000000abcull, kF64SNan = 0x7ff0000000000001ull;

uint32_t F(float f) {
  uint32_t u;
  __builtin_memcpy(&u, &f, 4);
  return u;
}
uint64_t D(double d) {
  uint64_t u;
  __builtin_memcpy(&u, &d, 8);
  return u;
}

// Result value and fflags of one call.
template <class R, class Fn>
std::pair<R, int> run(Rounding rm, Fn fn) {
  Env e{rm, 0};
  R r = fn(e);
  return {r, e.flags};
}
#define EXPECT_OP(RM, EXPR, VALUE, FLAGS)                                                   \
  do {                                                                                     \
    using VT_ = std::decay_t<decltype(VALUE)>;                                         \
    auto res = run<VT_>(RM, [&](Env& e) { return VT_(EXPR); });                        \
    EXPECT_EQ(res.first, VALUE) << #EXPR;                                                  \
    EXPECT_EQ(res.second, FLAGS) << #EXPR;                                                 \
  } while (0)

constexpr int32_t kI32Max = std::numeric_limits<int32_t>::max(), kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max(), kI64Min = std::numeric_limits<int64_t>::min();
constexpr uint32_t kU32Max = 0xffffffffu;
constexpr uint64_t kU64Max = ~uint64_t(0);

// RISC-V table "Domains of float-to-integer conversions and behavior for
// invalid inputs": -inf or below range -> min, +inf or above -> max, NaN -> max.
TEST(SoftFloatSpecial, FcvtSaturationTable) {
  for (uint32_t nan : {kF32QNan, kF32SNan, kF32NegQNan, kF32DefaultNan}) {
    EXPECT_OP(kRne, f32_to_i32(nan, e), kI32Max, kInvalid);
    EXPECT_OP(kRne, f32_to_u32(nan, e), kU32Max, kInvalid);
    EXPECT_OP(kRne, f32_to_i64(nan, e), kI64Max, kInvalid);
    EXPECT_OP(kRne, f32_to_u64(nan, e), kU64Max, kInvalid);
  }
  EXPECT_OP(kRne, f32_to_i32(kF32NegInf, e), kI32Min, kInvalid);
  EXPECT_OP(kRne, f32_to_i32(kF32PosInf, e), kI32Max, kInvalid);
  EXPECT_OP(kRne, f32_to_u32(kF32NegInf, e), 0u, kInvalid);
  EXPECT_OP(kRne, f32_to_u32(kF32PosInf, e), kU32Max, kInvalid);
  EXPECT_OP(kRne, f64_to_i64(kF64NegInf, e), kI64Min, kInvalid);
  EXPECT_OP(kRne, f64_to_u64(kF64PosInf, e), kU64Max, kInvalid);
  EXPECT_OP(kRne, f64_to_u64(kF64NegInf, e), uint64_t(0), kInvalid);
  EXPECT_OP(kRne, f64_to_i32(kF64QNan, e), kI32Max, kInvalid);
  // out of range, finite
  EXPECT_OP(kRne, f32_to_i32(F(-3e9f), e), kI32Min, kInvalid);
  EXPECT_OP(kRne, f32_to_i32(F(3e9f), e), kI32Max, kInvalid);
  EXPECT_OP(kRne, f32_to_i32(F(2147483648.0f), e), kI32Max, kInvalid);
  EXPECT_OP(kRne, f32_to_i32(F(-2147483648.0f), e), kI32Min, 0);  // exactly min: fine
  EXPECT_OP(kRne, f32_to_u32(F(5e9f), e), kU32Max, kInvalid);
  EXPECT_OP(kRne, f32_to_u32(F(-1.0f), e), 0u, kInvalid);
  EXPECT_OP(kRne, f64_to_i64(D(9223372036854775808.0), e), kI64Max, kInvalid);
  EXPECT_OP(kRne, f64_to_i64(D(-9223372036854775808.0), e), kI64Min, 0);
  EXPECT_OP(kRne, f64_to_u64(D(18446744073709551616.0), e), kU64Max, kInvalid);
  EXPECT_OP(kRne, f64_to_u64(D(18446744073709549568.0), e), uint64_t(0xfffffffffffff800ull), 0);
  // rounding decides whether a value is in range
  EXPECT_OP(kRtz, f64_to_i32(D(2147483647.5), e), kI32Max, kInexact);
  EXPECT_OP(kRne, f64_to_i32(D(2147483647.5), e), kI32Max, kInvalid);  // rounds to 2^31
  EXPECT_OP(kRtz, f64_to_i32(D(-2147483648.5), e), kI32Min, kInexact);
  EXPECT_OP(kRne, f64_to_i32(D(-2147483648.5), e), kI32Min, kInexact);  // tie to even
  EXPECT_OP(kRmm, f64_to_i32(D(-2147483648.5), e), kI32Min, kInvalid);  // -2^31 - 1
  EXPECT_OP(kRup, f64_to_u32(D(4294967295.25), e), kU32Max, kInvalid);
  EXPECT_OP(kRdn, f64_to_u32(D(4294967295.25), e), kU32Max, kInexact);
  // negative values rounding to zero are valid for unsigned targets
  EXPECT_OP(kRtz, f32_to_u32(F(-0.3f), e), 0u, kInexact);
  EXPECT_OP(kRne, f32_to_u32(F(-0.3f), e), 0u, kInexact);
  EXPECT_OP(kRup, f32_to_u64(F(-0.7f), e), uint64_t(0), kInexact);
  EXPECT_OP(kRne, f32_to_u64(F(-0.7f), e), uint64_t(0), kInvalid);  // rounds to -1
  EXPECT_OP(kRdn, f32_to_u32(F(-0.3f), e), 0u, kInvalid);            // rounds to -1
  EXPECT_OP(kRne, f32_to_u32(F(-0.0f), e), 0u, 0);
  // the same table for the 16-bit formats
  EXPECT_OP(kRne, f16_to_i32(0x7c00, e), kI32Max, kInvalid);
  EXPECT_OP(kRne, f16_to_u32(0xfc00, e), 0u, kInvalid);
  EXPECT_OP(kRne, f16_to_i64(0x7d00, e), kI64Max, kInvalid);
  EXPECT_OP(kRne, bf16_to_i32(0x4f80 /* 2^32 */, e), kI32Max, kInvalid);
  EXPECT_OP(kRne, bf16_to_u32(0x4f80, e), kU32Max, kInvalid);
  EXPECT_OP(kRne, f16_to_i32(0x7bff /* 65504 */, e), 65504, 0);
}

TEST(SoftFloatSpecial, FminFmax) {
  const uint32_t pz = 0, nz = 0x80000000u, one = F(1.0f), m2 = F(-2.0f);
  EXPECT_OP(kRne, f32_min(pz, nz, e), nz, 0);
  EXPECT_OP(kRne, f32_min(nz, pz, e), nz, 0);
  EXPECT_OP(kRne, f32_max(pz, nz, e), pz, 0);
  EXPECT_OP(kRne, f32_max(nz, pz, e), pz, 0);
  EXPECT_OP(kRne, f32_min(one, m2, e), m2, 0);
  EXPECT_OP(kRne, f32_max(one, m2, e), one, 0);
  // one NaN: the other operand; a signalling NaN raises invalid anyway
  EXPECT_OP(kRne, f32_min(kF32QNan, one, e), one, 0);
  EXPECT_OP(kRne, f32_max(one, kF32NegQNan, e), one, 0);
  EXPECT_OP(kRne, f32_min(kF32SNan, one, e), one, kInvalid);
  EXPECT_OP(kRne, f32_max(one, kF32SNan, e), one, kInvalid);
  // two NaNs: canonical NaN
  EXPECT_OP(kRne, f32_min(kF32QNan, kF32NegQNan, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f32_max(kF32SNan, kF32QNan, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f64_min(kF64SNan, D(-0.0), e), D(-0.0), kInvalid);
  EXPECT_OP(kRne, f64_max(D(-0.0), D(0.0), e), D(0.0), 0);
  EXPECT_OP(kRne, f64_min(kF64QNan, kF64QNan, e), kF64DefaultNan, 0);
  EXPECT_OP(kRne, f16_min(0x8000, 0x0000, e), uint16_t(0x8000), 0);
  EXPECT_OP(kRne, f16_max(0x7c01 /* sNaN */, 0x3c00, e), uint16_t(0x3c00), kInvalid);
  EXPECT_OP(kRne, bf16_max(0x7fc1, 0xffc0, e), kBf16DefaultNan, 0);
  EXPECT_OP(kRne, bf16_min(0xbf80, 0x3f80, e), uint16_t(0xbf80), 0);
}

TEST(SoftFloatSpecial, CanonicalNanFromEveryNanProducingOp) {
  const uint32_t inf = kF32PosInf, zero = 0, one = F(1.0f);
  EXPECT_OP(kRne, f32_add(inf, kF32NegInf, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_sub(inf, inf, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_mul(zero, inf, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_div(zero, zero, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_div(inf, kF32NegInf, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_sqrt(F(-1.0f), e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_sqrt(kF32NegInf, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_sqrt(F(-0.0f), e), F(-0.0f), 0);  // sqrt(-0) = -0
  EXPECT_OP(kRne, f32_fma(inf, zero, one, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_fma(inf, one, kF32NegInf, e), kF32DefaultNan, kInvalid);
  // inf * 0 + qNaN is invalid on RISC-V
  EXPECT_OP(kRne, f32_fma(zero, inf, kF32QNan, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f64_fma(kF64PosInf, 0, kF64QNan, e), kF64DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_fma(one, one, kF32QNan, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f32_fma(one, kF32SNan, one, e), kF32DefaultNan, kInvalid);
  // payloads and signs are never propagated
  EXPECT_OP(kRne, f32_add(kF32NegQNan, one, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f32_mul(one, kF32SNan, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_div(kF32NegQNan, zero, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f32_sqrt(kF32NegQNan, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f32_to_f64(kF32NegQNan, e), kF64DefaultNan, 0);
  EXPECT_OP(kRne, f32_to_f64(kF32SNan, e), kF64DefaultNan, kInvalid);
  EXPECT_OP(kRne, f64_to_f32(kF64QNan, e), kF32DefaultNan, 0);
  EXPECT_OP(kRne, f64_to_f16(kF64SNan, e), kF16DefaultNan, kInvalid);
  EXPECT_OP(kRne, f32_to_bf16(kF32NegQNan, e), kBf16DefaultNan, 0);
  EXPECT_OP(kRne, f32_to_f32(kF32SNan, e), kF32DefaultNan, kInvalid);
  EXPECT_OP(kRne, f16_add(0x7c00, 0xfc00, e), kF16DefaultNan, kInvalid);
  EXPECT_OP(kRne, bf16_mul(0x7f80, 0x8000, e), kBf16DefaultNan, kInvalid);
  EXPECT_OP(kRne, f16_to_bf16(0xfe55, e), kBf16DefaultNan, 0);
  EXPECT_OP(kRne, bf16_to_f16(0x7f81, e), kF16DefaultNan, kInvalid);
}

TEST(SoftFloatSpecial, ClassifyEveryClass) {
  EXPECT_EQ(f32_classify(kF32NegInf), kNegInf);
  EXPECT_EQ(f32_classify(F(-1.5f)), kNegNormal);
  EXPECT_EQ(f32_classify(0x80000001u), kNegSubnormal);
  EXPECT_EQ(f32_classify(0x80000000u), kNegZero);
  EXPECT_EQ(f32_classify(0x00000000u), kPosZero);
  EXPECT_EQ(f32_classify(0x007fffffu), kPosSubnormal);
  EXPECT_EQ(f32_classify(0x00800000u), kPosNormal);
  EXPECT_EQ(f32_classify(kF32PosInf), kPosInf);
  EXPECT_EQ(f32_classify(kF32SNan), kSignalingNan);
  EXPECT_EQ(f32_classify(kF32QNan), kQuietNan);
  EXPECT_EQ(f32_classify(kF32NegQNan), kQuietNan);
  EXPECT_EQ(f64_classify(kF64NegInf), kNegInf);
  EXPECT_EQ(f64_classify(D(-1e300)), kNegNormal);
  EXPECT_EQ(f64_classify(0x800fffffffffffffull), kNegSubnormal);
  EXPECT_EQ(f64_classify(D(-0.0)), kNegZero);
  EXPECT_EQ(f64_classify(0), kPosZero);
  EXPECT_EQ(f64_classify(1), kPosSubnormal);
  EXPECT_EQ(f64_classify(D(1.0)), kPosNormal);
  EXPECT_EQ(f64_classify(kF64PosInf), kPosInf);
  EXPECT_EQ(f64_classify(kF64SNan), kSignalingNan);
  EXPECT_EQ(f64_classify(kF64QNan), kQuietNan);
  const uint16_t f16[] = {0xfc00, 0xbc00, 0x83ff, 0x8000, 0x0000, 0x0001, 0x7bff, 0x7c00, 0x7d00, 0x7e00};
  const uint16_t bf16[] = {0xff80, 0xbf80, 0x807f, 0x8000, 0x0000, 0x0001, 0x7f7f, 0x7f80, 0x7f81, 0x7fc0};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(f16_classify(f16[i]), 1 << i) << i;
    EXPECT_EQ(bf16_classify(bf16[i]), 1 << i) << i;
    EXPECT_EQ(f16_is_nan(f16[i]), i >= 8);
    EXPECT_EQ(bf16_is_signaling_nan(bf16[i]), i == 8);
  }
}

TEST(SoftFloatSpecial, Comparisons) {
  const uint32_t one = F(1.0f);
  EXPECT_OP(kRne, f32_eq(kF32QNan, one, e), false, 0);  // quiet
  EXPECT_OP(kRne, f32_eq(kF32SNan, one, e), false, kInvalid);
  EXPECT_OP(kRne, f32_eq(kF32QNan, kF32QNan, e), false, 0);
  EXPECT_OP(kRne, f32_lt(kF32QNan, one, e), false, kInvalid);  // signalling
  EXPECT_OP(kRne, f32_le(one, kF32QNan, e), false, kInvalid);
  EXPECT_OP(kRne, f32_eq(0, 0x80000000u, e), true, 0);
  EXPECT_OP(kRne, f32_lt(0x80000000u, 0, e), false, 0);
  EXPECT_OP(kRne, f32_le(0, 0x80000000u, e), true, 0);
  EXPECT_OP(kRne, f32_lt(F(-2.0f), F(-1.0f), e), true, 0);
  EXPECT_OP(kRne, f32_lt(kF32NegInf, F(-3e38f), e), true, 0);
  EXPECT_OP(kRne, f64_le(D(2.0), D(2.0), e), true, 0);
  EXPECT_OP(kRne, f64_lt(D(2.0), D(2.0), e), false, 0);
  EXPECT_OP(kRne, f16_lt(0x8001, 0x0000, e), true, 0);
  EXPECT_OP(kRne, bf16_eq(0x7fc0, 0x7fc0, e), false, 0);
}

TEST(SoftFloatSpecial, ZeroSignsOverflowAndDivideByZero) {
  const uint32_t x = F(1.25f);
  EXPECT_OP(kRne, f32_sub(x, x, e), 0u, 0);
  EXPECT_OP(kRdn, f32_sub(x, x, e), 0x80000000u, 0);
  EXPECT_OP(kRup, f32_add(0x80000000u, 0x80000000u, e), 0x80000000u, 0);
  EXPECT_OP(kRne, f32_fma(F(-1.0f), 0, 0, e), 0u, 0);           // -0 + +0
  EXPECT_OP(kRdn, f32_fma(F(-1.0f), 0, 0, e), 0x80000000u, 0);  // in RDN: -0
  EXPECT_OP(kRne, f32_div(F(1.0f), 0x80000000u, e), kF32NegInf, kDivByZero);
  EXPECT_OP(kRne, f32_div(kF32PosInf, 0, e), kF32PosInf, 0);  // no DZ for infinite dividend
  EXPECT_OP(kRne, f64_div(D(-3.0), 0, e), kF64NegInf, kDivByZero);
  // overflow: inf or the largest finite number depending on the mode
  const uint32_t big = 0x7f7fffffu;
  EXPECT_OP(kRne, f32_mul(big, F(2.0f), e), kF32PosInf, kOverflow | kInexact);
  EXPECT_OP(kRtz, f32_mul(big, F(2.0f), e), big, kOverflow | kInexact);
  EXPECT_OP(kRdn, f32_mul(big, F(2.0f), e), big, kOverflow | kInexact);
  EXPECT_OP(kRup, f32_mul(big, F(-2.0f), e), big | 0x80000000u, kOverflow | kInexact);
  EXPECT_OP(kRdn, f32_mul(big, F(-2.0f), e), kF32NegInf, kOverflow | kInexact);
  EXPECT_OP(kRmm, f16_add(0x7bff, 0x7bff, e), uint16_t(0x7c00), kOverflow | kInexact);
  // underflow only when tiny and inexact; an exact subnormal raises nothing
  EXPECT_OP(kRne, f32_mul(0x00800000u, F(0.5f), e), 0x00400000u, 0);
  EXPECT_OP(kRne, f32_mul(0x00800001u, F(0.5f), e), 0x00400000u, kUnderflow | kInexact);
  // tininess after rounding: (2^-126)(1 - 2^-25) rounds to 2^-126, not tiny
  EXPECT_OP(kRne, f64_to_f32(D(0x1p-126 * (1 - 0x1p-25)), e), 0x00800000u, kInexact);
  EXPECT_OP(kRtz, f64_to_f32(D(0x1p-126 * (1 - 0x1p-25)), e), 0x007fffffu, kUnderflow | kInexact);
}

}  // namespace
