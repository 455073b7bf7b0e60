// The host-FPU fast path of binary32 (models/vector_unit/host_f32.h) gives
// exactly the bits of softfloat in round-to-nearest-even: every operation on
// special, boundary and random operands, and exp/ln/rsqrt of the vector unit
// against the same chains of operations written here on softfloat.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "isa/numerics/softfloat.h"
#include "models/vector_unit/host_f32.h"
#include "models/vector_unit/numerics.h"

namespace npuvp::test {
namespace {

namespace sf = softfloat;
namespace hf = vector_unit::hf;
namespace num = vector_unit::num;

// Zeros, subnormals, the normal boundary, ones, near overflow, infinities and
// NaNs of both signs (quiet, signalling, with payloads).
std::vector<uint32_t> specials() {
  std::vector<uint32_t> v = {0x00000000, 0x00000001, 0x00000002, 0x00000003, 0x000fffff, 0x00400000, 0x007ffffe,
                             0x007fffff, 0x00800000, 0x00800001, 0x00ffffff, 0x01000000, 0x0c000000, 0x1f800000,
                             0x33800000, 0x34000000, 0x3effffff, 0x3f000000, 0x3f7fffff, 0x3f800000, 0x3f800001,
                             0x3fb504f3, 0x3fc00000, 0x40000000, 0x40490fdb, 0x4b000000, 0x4b400000, 0x5f000000,
                             0x7e800000, 0x7effffff, 0x7f000000, 0x7f7ffffe, 0x7f7fffff, 0x7f800000, 0x7f800001,
                             0x7fa00000, 0x7fc00000, 0x7fc00001, 0x7fffffff};
  const size_t n = v.size();
  for (size_t i = 0; i < n; ++i) v.push_back(v[i] | 0x80000000u);
  return v;
}

// Random operands: uniform bit patterns, and values with exponents near each
// other / near the subnormal and overflow edges (so results cancel, round to
// subnormals or overflow).
uint32_t random_operand(std::mt19937& rng) {
  const uint32_t r = rng();
  switch (rng() % 6) {
    case 0:
    case 1: return r;
    case 2: return (r & 0x807fffffu) | ((100 + rng() % 56) << 23);  // exponents around 2^-27 .. 2^28
    case 3: return (r & 0x807fffffu) | ((rng() % 40) << 23);        // subnormal and tiny
    case 4: return (r & 0x807fffffu) | ((215 + rng() % 40) << 23);  // huge
    default: return (r & 0x807fffffu) | ((120 + rng() % 14) << 23);  // around 1
  }
}

#define EXPECT_SAME(got, want, what, a, b, c)                                                          \
  do {                                                                                                 \
    const uint32_t g_ = (got), w_ = (want);                                                            \
    if (g_ != w_) {                                                                                    \
      ADD_FAILURE() << what << std::hex << " a=0x" << (a) << " b=0x" << (b) << " c=0x" << (c) << ": host 0x" \
                    << g_ << ", softfloat 0x" << w_;                                                   \
      if (++failures > 20) return;                                                                     \
    }                                                                                                  \
  } while (0)

void check_binary(uint32_t a, uint32_t b, int& failures) {
  sf::Env e;
  EXPECT_SAME(hf::add(a, b), sf::f32_add(a, b, e), "add", a, b, 0);
  EXPECT_SAME(hf::sub(a, b), sf::f32_sub(a, b, e), "sub", a, b, 0);
  EXPECT_SAME(hf::mul(a, b), sf::f32_mul(a, b, e), "mul", a, b, 0);
  EXPECT_SAME(hf::div(a, b), sf::f32_div(a, b, e), "div", a, b, 0);
}

void check_fma(uint32_t a, uint32_t b, uint32_t c, int& failures) {
  sf::Env e;
  EXPECT_SAME(hf::fma(a, b, c), sf::f32_fma(a, b, c, e), "fma", a, b, c);
}

TEST(HostF32, SpecialPairsAndTriples) {
  const std::vector<uint32_t> s = specials();
  int failures = 0;
  for (uint32_t a : s) {
    sf::Env e;
    EXPECT_SAME(hf::sqrt(a), sf::f32_sqrt(a, e), "sqrt", a, 0, 0);
    for (uint32_t b : s) {
      check_binary(a, b, failures);
      for (uint32_t c : s) check_fma(a, b, c, failures);
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(HostF32, RandomOperands) {
  std::mt19937 rng(20240611);
  int failures = 0;
  for (int i = 0; i < 1000000; ++i) {
    const uint32_t a = random_operand(rng), b = random_operand(rng), c = random_operand(rng);
    check_binary(a, b, failures);
    check_fma(a, b, c, failures);
    sf::Env e;
    EXPECT_SAME(hf::sqrt(a), sf::f32_sqrt(a, e), "sqrt", a, 0, 0);
  }
  EXPECT_EQ(failures, 0);
}

// Sums that cancel (exact zeros: the sign of zero) and fma whose product
// nearly cancels the addend (the hard case of a single rounding).
TEST(HostF32, Cancellation) {
  std::mt19937 rng(7);
  int failures = 0;
  for (int i = 0; i < 300000; ++i) {
    const uint32_t a = random_operand(rng), b = random_operand(rng);
    check_binary(a, a ^ 0x80000000u, failures);
    check_binary(a, (a ^ 0x80000000u) + (rng() % 5) - 2, failures);
    sf::Env e;
    const uint32_t p = sf::f32_mul(a, b, e);
    const uint32_t c = (p ^ 0x80000000u) + (rng() % 9) - 4;
    check_fma(a, b, c, failures);
    check_fma(a, b, p ^ 0x80000000u, failures);
    check_fma(a ^ 0x80000000u, b, p, failures);
  }
  EXPECT_EQ(failures, 0);
}

// The integer helpers over the range exp uses (|x| < 2^22 for the rounding,
// small integers for the conversion), including every half-way case.
TEST(HostF32, IntegerHelpers) {
  int failures = 0;
  sf::Env e;
  for (int32_t k = -300; k <= 300; ++k) {
    EXPECT_SAME(hf::from_i32_small(k), sf::f32_from_i32(k, e), "from_i32", static_cast<uint32_t>(k), 0, 0);
    for (const uint32_t half : {0x3f000000u, 0xbf000000u, 0x3e800000u, 0x3f400000u, 0x3f7fffffu, 0x00000001u}) {
      const uint32_t x = sf::f32_add(sf::f32_from_i32(k, e), half, e);
      EXPECT_SAME(static_cast<uint32_t>(hf::to_i32_rne_small(x)), static_cast<uint32_t>(sf::f32_to_i32(x, e)),
                  "to_i32", x, 0, 0);
    }
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 1000000; ++i) {
    // |x| < 2^22: exponent below 127 + 22.
    const uint32_t x = (rng() & 0x807fffffu) | ((rng() % 149) << 23);
    EXPECT_SAME(static_cast<uint32_t>(hf::to_i32_rne_small(x)), static_cast<uint32_t>(sf::f32_to_i32(x, e)),
                "to_i32", x, 0, 0);
  }
  EXPECT_EQ(failures, 0);
}

// exp, ln, rsqrt as written before the fast path: the same chains on
// softfloat (transcendental.cpp documents them).
uint32_t pow2(int k) { return static_cast<uint32_t>(k + 127) << 23; }
uint32_t sf_exp(uint32_t x) {
  sf::Env e;
  if (sf::f32_is_nan(x)) return sf::kF32DefaultNan;
  if (x == 0xff800000u) return 0;
  if (!(x >> 31) && x >= 0x42b17218u) return 0x7f800000u;
  if ((x >> 31) && x >= 0xc2cff1b5u) return 0;
  static const uint32_t c[8] = {0x3f800000, 0x3f800000, 0x3f000000, 0x3e2aaaab,
                                0x3d2aaaab, 0x3c088889, 0x3ab60b61, 0x39500d01};
  const int32_t k = sf::f32_to_i32(sf::f32_mul(x, 0x3fb8aa3b, e), e);
  const uint32_t mk = sf::f32_from_i32(-k, e);
  uint32_t r = sf::f32_fma(mk, 0x3f317200, x, e);
  r = sf::f32_fma(mk, 0x35bfbe8e, r, e);
  uint32_t p = c[7];
  for (int n = 6; n >= 0; --n) p = sf::f32_fma(p, r, c[n], e);
  if (k > 127) return sf::f32_mul(sf::f32_mul(p, pow2(64), e), pow2(k - 64), e);
  if (k < -126) return sf::f32_mul(sf::f32_mul(p, pow2(k + 64), e), pow2(-64), e);
  return sf::f32_mul(p, pow2(k), e);
}
uint32_t sf_ln(uint32_t x) {
  sf::Env e;
  if (sf::f32_is_nan(x)) return sf::kF32DefaultNan;
  if ((x & 0x7fffffff) == 0) return 0xff800000u;
  if (x >> 31) return sf::kF32DefaultNan;
  if (x == 0x7f800000u) return x;
  int e2 = 0;
  if ((x >> 23) == 0) {
    x = sf::f32_mul(x, pow2(23), e);
    e2 = -23;
  }
  e2 += static_cast<int>(x >> 23) - 127;
  uint32_t m = (x & 0x007fffff) | 0x3f800000;
  if (m > 0x3fb504f3u) {
    m -= 1u << 23;
    e2 += 1;
  }
  const uint32_t f = sf::f32_sub(m, 0x3f800000, e);
  const uint32_t s = sf::f32_div(f, sf::f32_add(0x40000000, f, e), e);
  const uint32_t z = sf::f32_mul(s, s, e);
  uint32_t q = sf::f32_fma(0x3de38e39, z, 0x3e124925, e);
  q = sf::f32_fma(q, z, 0x3e4ccccd, e);
  q = sf::f32_fma(q, z, 0x3eaaaaab, e);
  q = sf::f32_mul(q, z, e);
  const uint32_t two_s = sf::f32_add(s, s, e);
  const uint32_t ln_m = sf::f32_fma(two_s, q, two_s, e);
  const uint32_t ef = sf::f32_from_i32(e2, e);
  return sf::f32_fma(ef, 0x3f317200, sf::f32_fma(ef, 0x35bfbe8e, ln_m, e), e);
}
uint32_t sf_rsqrt(uint32_t x) {
  sf::Env e;
  return sf::f32_div(0x3f800000, sf::f32_sqrt(x, e), e);
}

void check_transcendental(uint32_t x, int& failures) {
  EXPECT_SAME(num::exp_f32(x), sf_exp(x), "exp", x, 0, 0);
  EXPECT_SAME(num::ln_f32(x), sf_ln(x), "ln", x, 0, 0);
  EXPECT_SAME(num::rsqrt_f32(x), sf_rsqrt(x), "rsqrt", x, 0, 0);
}

TEST(HostF32, TranscendentalsOnEveryHalfAndBfloat) {
  int failures = 0;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    sf::Env e;
    check_transcendental(sf::f16_to_f32(static_cast<uint16_t>(h), e), failures);
    check_transcendental(h << 16, failures);  // bf16 widened
  }
  for (uint32_t x : specials()) check_transcendental(x, failures);
  EXPECT_EQ(failures, 0);
}

TEST(HostF32, TranscendentalsRandom) {
  std::mt19937 rng(11);
  int failures = 0;
  for (int i = 0; i < 500000; ++i) {
    check_transcendental(random_operand(rng), failures);
    // exp's interesting range, both signs: |x| < 128.
    check_transcendental((rng() & 0x807fffffu) | ((100 + rng() % 34) << 23), failures);
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace npuvp::test
