// exp, ln and rsqrt of the vector unit: fixed sequences of f32 operations,
// every one rounded to nearest even, so the result is the same bit pattern on
// every host. They run on the host FPU through host_f32.h, which gives exactly
// softfloat's bits (tests/vector_unit/host_f32_test.cpp). f16/bf16 inputs are
// widened (exactly) to f32, computed here, and the f32 result rounded RNE to
// the type (numerics.cpp).
// Constants are f32 bit patterns so that no host conversion is involved.
//
// Error against the true value (measured by tests/vector_unit against host
// libm over dense samples): exp_f32 and ln_f32 within 2 ulp of f32 for
// normal results (exp: more in the subnormal range, where an ulp is coarse
// relative to the value, still within 1 ulp of the subnormal grid); rsqrt_f32
// within 1.5 ulp (two roundings). After rounding to f16/bf16 the result is
// within 1 ulp of the type (0.5 ulp plus the f32 error).
#include "isa/numerics/softfloat.h"
#include "models/vector_unit/host_f32.h"
#include "models/vector_unit/numerics.h"

namespace npuvp::vector_unit::num {
namespace sf = softfloat;

namespace {

constexpr uint32_t kOne = 0x3f800000, kTwo = 0x40000000;
constexpr uint32_t kPosInf = 0x7f800000, kNegInf = 0xff800000;
constexpr uint32_t kLog2e = 0x3fb8aa3b;                         // 1/ln 2
constexpr uint32_t kLn2Hi = 0x3f317200, kLn2Lo = 0x35bfbe8e;    // ln 2 = hi + lo, hi has 9 trailing zeros
constexpr uint32_t kExpOverflow = 0x42b17218;                   // smallest x with exp(x) > FLT_MAX
constexpr uint32_t kExpUnderflow = 0xc2cff1b5;                  // below -103.97: exp(x) < 2^-150, rounds to 0
constexpr uint32_t kSqrt2 = 0x3fb504f3;
// Taylor coefficients 1/n!, n = 0..7, as f32.
constexpr uint32_t kExpC[8] = {0x3f800000, 0x3f800000, 0x3f000000, 0x3e2aaaab,
                               0x3d2aaaab, 0x3c088889, 0x3ab60b61, 0x39500d01};
// 1/3, 1/5, 1/7, 1/9: the series of atanh.
constexpr uint32_t kAtanhC[4] = {0x3eaaaaab, 0x3e4ccccd, 0x3e124925, 0x3de38e39};

uint32_t pow2(int k) { return static_cast<uint32_t>(k + 127) << 23; }  // -126 <= k <= 127

bool negative(uint32_t x) { return x >> 31; }

}  // namespace

// exp(x) = 2^k * exp(r), k = round(x / ln 2), r = x - k ln 2 (|r| <= ~0.35):
//   1. k  = f32_to_i32(x * log2e)                        (RNE)
//   2. r  = fma(-k, ln2_hi, x);  r = fma(-k, ln2_lo, r)
//   3. p  = Horner in r over 1/7! ... 1/0!, each step fma(p, r, c)
//   4. result = p * 2^k; outside the normal exponent range in two exact-then-
//      rounding multiplications (2^(k+64) * 2^-64, or 2^64 * 2^(k-64)).
uint32_t exp_f32(uint32_t x) {
  if (sf::f32_is_nan(x)) return sf::kF32DefaultNan;
  if (x == kNegInf) return 0;
  if (!negative(x) && x >= kExpOverflow) return kPosInf;
  if (negative(x) && x >= kExpUnderflow) return 0;
  // |x log2e| < 150 here, well inside the range of to_i32_rne_small.
  const int32_t k = hf::to_i32_rne_small(hf::mul(x, kLog2e));
  const uint32_t minus_k = hf::from_i32_small(-k);
  uint32_t r = hf::fma(minus_k, kLn2Hi, x);
  r = hf::fma(minus_k, kLn2Lo, r);
  uint32_t p = kExpC[7];
  for (int n = 6; n >= 0; --n) p = hf::fma(p, r, kExpC[n]);
  if (k > 127) return hf::mul(hf::mul(p, pow2(64)), pow2(k - 64));
  if (k < -126) return hf::mul(hf::mul(p, pow2(k + 64)), pow2(-64));
  return hf::mul(p, pow2(k));
}

// ln(x) = e ln 2 + ln(m), x = m 2^e with m in [sqrt(2)/2, sqrt(2)):
//   1. subnormal x: x *= 2^23 (exact), e -= 23
//   2. f = m - 1 (exact);  s = f / (2 + f);  z = s*s
//   3. q = ((1/9 z + 1/7) z + 1/5) z + 1/3, each step fma; q = q*z
//   4. ln m = fma(2s, q, 2s)     (ln m = 2 atanh s = 2s + 2s (z/3 + z^2/5 + ...))
//   5. result = fma(e, ln2_hi, fma(e, ln2_lo, ln m))
// Specials: NaN and x < 0 -> NaN, +-0 -> -inf, +inf -> +inf, 1 -> +0.
uint32_t ln_f32(uint32_t x) {
  if (sf::f32_is_nan(x)) return sf::kF32DefaultNan;
  if ((x & 0x7fffffff) == 0) return kNegInf;
  if (negative(x)) return sf::kF32DefaultNan;
  if (x == kPosInf) return kPosInf;
  int exp2 = 0;
  if ((x >> 23) == 0) {  // subnormal
    x = hf::mul(x, pow2(23));
    exp2 = -23;
  }
  exp2 += static_cast<int>(x >> 23) - 127;
  uint32_t m = (x & 0x007fffff) | 0x3f800000;
  if (m > kSqrt2) {
    m -= 1u << 23;  // m / 2, exact
    exp2 += 1;
  }
  const uint32_t f = hf::sub(m, kOne);
  const uint32_t s = hf::div(f, hf::add(kTwo, f));
  const uint32_t z = hf::mul(s, s);
  uint32_t q = hf::fma(kAtanhC[3], z, kAtanhC[2]);
  q = hf::fma(q, z, kAtanhC[1]);
  q = hf::fma(q, z, kAtanhC[0]);
  q = hf::mul(q, z);
  const uint32_t two_s = hf::add(s, s);
  const uint32_t ln_m = hf::fma(two_s, q, two_s);
  const uint32_t ef = hf::from_i32_small(exp2);
  return hf::fma(ef, kLn2Hi, hf::fma(ef, kLn2Lo, ln_m));
}

// rsqrt(x) = 1 / sqrt(x): two correctly rounded steps. Specials follow:
// +0 -> +inf, -0 -> -inf, x < 0 and NaN -> NaN, +inf -> +0.
uint32_t rsqrt_f32(uint32_t x) {
  return hf::div(kOne, hf::sqrt(x));
}

}  // namespace npuvp::vector_unit::num
