// Round to nearest, ties to max magnitude (RMM), which the host FPU lacks.
//  * hand-derived ties;
//  * property on f32 and f64: RMM equals RNE (value and flags) unless the
//    exact result is a tie, where it equals rounding away from zero (RUP for
//    positive, RDN for negative results). Ties are detected in higher
//    precision: f32 operations are evaluated in binary64, f64 operations in
//    x87 extended precision, both with round-to-odd (sf_reference.h), which
//    also gives a direct reference for the RMM result.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "sf_reference.h"

namespace {

using namespace sftest;

uint32_t f32b(float f) { return bitsOf<uint32_t>(f); }
uint64_t f64b(double d) { return bitsOf<uint64_t>(d); }

TEST(SoftFloatRmm, HandDerivedTies) {
  Env e{kRmm, 0};
  const uint32_t one = 0x3f800000u, tieBit = 0x33800000u;  // 1.0f, 2^-24
  // 1 + 2^-24 lies halfway between 1 and 1 + 2^-23: RNE keeps 1, RMM goes up.
  EXPECT_EQ(f32_add(one, tieBit, e), 0x3f800001u);
  EXPECT_EQ(e.flags, kInexact);
  e = {kRne, 0};
  EXPECT_EQ(f32_add(one, tieBit, e), one);
  e = {kRmm, 0};
  EXPECT_EQ(f32_sub(one ^ 0x80000000u, tieBit, e), 0xbf800001u);  // -(1 + 2^-24)
  // 1 + 3*2^-24: tie between odd and even neighbours: both modes go up.
  e = {kRmm, 0};
  EXPECT_EQ(f32_add(0x3f800001u, tieBit, e), 0x3f800002u);
  // Subnormal tie: 2^-149 * 0.5 = 2^-150, halfway between 0 and 2^-149.
  e = {kRmm, 0};
  EXPECT_EQ(f32_mul(0x00000001u, 0x3f000000u, e), 0x00000001u);
  EXPECT_EQ(e.flags, kInexact | kUnderflow);
  e = {kRne, 0};
  EXPECT_EQ(f32_mul(0x00000001u, 0x3f000000u, e), 0x00000000u);
  EXPECT_EQ(e.flags, kInexact | kUnderflow);
  // Max finite + half an ulp is a tie: RMM overflows to infinity.
  e = {kRmm, 0};
  EXPECT_EQ(f32_add(0x7f7fffffu, 0x73800000u /* 2^104 = half ulp */, e), 0x7f800000u);
  EXPECT_EQ(e.flags, kOverflow | kInexact);
  e = {kRtz, 0};
  EXPECT_EQ(f32_add(0x7f7fffffu, 0x73800000u, e), 0x7f7fffffu);
  // Integer conversions: 2.5 -> 3, -2.5 -> -3, 3.5 -> 4 (RNE: 2, -2, 4).
  e = {kRmm, 0};
  EXPECT_EQ(f32_to_i32(f32b(2.5f), e), 3);
  EXPECT_EQ(f32_to_i32(f32b(-2.5f), e), -3);
  EXPECT_EQ(f64_to_i64(f64b(3.5), e), 4);
  EXPECT_EQ(f64_to_u32(f64b(0.5), e), 1u);
  e = {kRne, 0};
  EXPECT_EQ(f32_to_i32(f32b(2.5f), e), 2);
  EXPECT_EQ(f32_to_i32(f32b(-2.5f), e), -2);
  EXPECT_EQ(f64_to_u32(f64b(0.5), e), 0u);
  // From integers: 2^24 + 1 is a tie in f32; 2049 in f16; 2^53 + 1 in f64.
  e = {kRmm, 0};
  EXPECT_EQ(f32_from_i32((1 << 24) + 1, e), f32b(16777218.0f));
  EXPECT_EQ(f16_from_u32(2049, e), 0x6801u);  // 2050
  EXPECT_EQ(f64_from_i64((int64_t(1) << 53) + 1, e), f64b(9007199254740994.0));
  EXPECT_EQ(f64_from_i64(-((int64_t(1) << 53) + 1), e), f64b(-9007199254740994.0));
  e = {kRne, 0};
  EXPECT_EQ(f32_from_i32((1 << 24) + 1, e), f32b(16777216.0f));
  EXPECT_EQ(f16_from_u32(2049, e), 0x6800u);  // 2048
  // Narrowing: f64 1 + 2^-24 to f32, f32 1 + 2^-11 to f16, to bf16 1 + 2^-8.
  e = {kRmm, 0};
  EXPECT_EQ(f64_to_f32(f64b(1.0 + 0x1p-24), e), 0x3f800001u);
  EXPECT_EQ(f32_to_f16(f32b(1.0f + 0x1p-11f), e), 0x3c01u);
  EXPECT_EQ(f32_to_bf16(f32b(1.0f + 0x1p-8f), e), 0x3f81u);
  // sqrt is never a tie; fma can be: 1 * 1 + 2^-24.
  e = {kRmm, 0};
  EXPECT_EQ(f32_fma(one, one, tieBit, e), 0x3f800001u);
  EXPECT_EQ(f64_fma(f64b(1.0), f64b(1.0), f64b(0x1p-53), e), f64b(1.0 + 0x1p-52));
}

template <class H>
struct Traits;
template <>
struct Traits<float> {
  using U = uint32_t;
  using W = double;  // wide type for round-to-odd evaluation (53 >= 24 + 2)
  using R = RefF32;
  using G = Gen<8, 23, uint32_t>;
  static U add(U a, U b, Env& e) { return f32_add(a, b, e); }
  static U sub(U a, U b, Env& e) { return f32_sub(a, b, e); }
  static U mul(U a, U b, Env& e) { return f32_mul(a, b, e); }
  static U div(U a, U b, Env& e) { return f32_div(a, b, e); }
  static U sqrt(U a, Env& e) { return f32_sqrt(a, e); }
  static U fma(U a, U b, U c, Env& e) { return f32_fma(a, b, c, e); }
  static U fromI64(int64_t v, Env& e) { return f32_from_i64(v, e); }
  static int64_t toI64(U a, Env& e) { return f32_to_i64(a, e); }
  static int32_t toI32(U a, Env& e) { return f32_to_i32(a, e); }
};
template <>
struct Traits<double> {
  using U = uint64_t;
  using W = long double;  // x87: 64 >= 53 + 2
  using R = RefF64;
  using G = Gen<11, 52, uint64_t>;
  static U add(U a, U b, Env& e) { return f64_add(a, b, e); }
  static U sub(U a, U b, Env& e) { return f64_sub(a, b, e); }
  static U mul(U a, U b, Env& e) { return f64_mul(a, b, e); }
  static U div(U a, U b, Env& e) { return f64_div(a, b, e); }
  static U sqrt(U a, Env& e) { return f64_sqrt(a, e); }
  static U fma(U a, U b, U c, Env& e) { return f64_fma(a, b, c, e); }
  static U fromI64(int64_t v, Env& e) { return f64_from_i64(v, e); }
  static int64_t toI64(U a, Env& e) { return f64_to_i64(a, e); }
  static int32_t toI32(U a, Env& e) { return f64_to_i32(a, e); }
};

struct RmmChecker {
  int fails = 0;
  long ties = 0, checks = 0;
  // fn(rm, flags) evaluates our operation in mode rm.
  template <class Fn>
  void operator()(const char* op, uint64_t a, uint64_t b, uint64_t c, const RefResult* ref, bool tie,
                  bool negative, Fn fn) {
    ++checks;
    uint8_t fRmm = 0, fRne = 0, fAway = 0;
    uint64_t rmm = fn(kRmm, fRmm), rne = fn(kRne, fRne), away = fn(negative ? kRdn : kRup, fAway);
    ties += tie;
    bool ok = tie ? (rmm == away && fRmm == fAway) : (rmm == rne && fRmm == fRne);
    if (ref) ok = ok && rmm == ref->bits && fRmm == ref->flags;
    if (ok || ++fails > 25) return;
    ADD_FAILURE() << op << std::hex << " a=0x" << a << " b=0x" << b << " c=0x" << c << " tie=" << tie
                  << " rmm=0x" << rmm << "/" << int(fRmm) << " rne=0x" << rne << "/" << int(fRne) << " away=0x"
                  << away << "/" << int(fAway) << (ref ? " ref=0x" : "") << (ref ? ref->bits : 0);
  }
};

template <class H>
void runRmmProperty(uint64_t seed, int samples) {
  using T = Traits<H>;
  using U = typename T::U;
  using W = typename T::W;
  using R = typename T::R;
  typename T::G g(seed);
  RmmChecker check;
  for (int i = 0; i < samples; ++i) {
    U a = g.operand(), b = g.partner(a), c = (i & 1) ? g.operand() : g.partner(g.partner(b));
    if (R::isNan(a) || R::isNan(b) || R::isNan(c)) continue;  // NaNs: see special_test
    W x = W(R::decode(a)), y = W(R::decode(b)), z = W(R::decode(c));
    auto viaOdd = [&](const char* op, uint64_t cc, auto wide, auto soft) {
      OddResult o = evalOdd<W>(kRmm, wide);
      if (std::isnan(o.v)) return;
      RefResult ref = R::round(o.v, kRmm);
      ref.flags |= o.flags;
      check(op, a, b, cc, &ref, ref.tie, std::signbit(o.v), [&](Rounding rm, uint8_t& f) {
        Env e{rm, 0};
        uint64_t r = soft(e);
        f = e.flags;
        return r;
      });
    };
    viaOdd("add", 0, [&] { return wAdd<W>(x, y); }, [&](Env& e) { return T::add(a, b, e); });
    viaOdd("sub", 0, [&] { return wSub<W>(x, y); }, [&](Env& e) { return T::sub(a, b, e); });
    viaOdd("mul", 0, [&] { return wMul<W>(x, y); }, [&](Env& e) { return T::mul(a, b, e); });
    viaOdd("div", 0, [&] { return wDiv<W>(x, y); }, [&](Env& e) { return T::div(a, b, e); });
    viaOdd("sqrt", 0, [&] { return wSqrt<W>(x); }, [&](Env& e) { return T::sqrt(a, e); });
    viaOdd("fma", c, [&] { return wFma<W>(x, y, z); }, [&](Env& e) { return T::fma(a, b, c, e); });
    // integer conversions, both directions
    {
      int64_t want;
      uint8_t wf;
      bool tie;
      refToInteger<int64_t>(R::decode(a), kRmm, want, wf, &tie);
      RefResult ref{uint64_t(want), wf, tie};
      check("to_i64", a, 0, 0, &ref, tie, std::signbit(x), [&](Rounding rm, uint8_t& f) {
        Env e{rm, 0};
        uint64_t r = uint64_t(T::toI64(a, e));
        f = e.flags;
        return r;
      });
      int32_t want32;
      refToInteger<int32_t>(R::decode(a), kRmm, want32, wf, &tie);
      RefResult ref32{uint64_t(int64_t(want32)), wf, tie};
      check("to_i32", a, 0, 0, &ref32, tie, std::signbit(x), [&](Rounding rm, uint8_t& f) {
        Env e{rm, 0};
        uint64_t r = uint64_t(int64_t(T::toI32(a, e)));
        f = e.flags;
        return r;
      });
    }
    {
      int64_t v = int64_t(randInt(g.rng));
      RefResult ref = R::round(static_cast<long double>(v), kRmm);
      check("from_i64", uint64_t(v), 0, 0, &ref, ref.tie, v < 0, [&](Rounding rm, uint8_t& f) {
        Env e{rm, 0};
        uint64_t r = T::fromI64(v, e);
        f = e.flags;
        return r;
      });
    }
    if (check.fails > 25) break;
  }
  std::printf("%ld RMM checks, %ld ties\n", check.checks, check.ties);
  EXPECT_EQ(check.fails, 0);
  EXPECT_GT(check.ties, 2000);  // the property is only meaningful if ties occur
}

TEST(SoftFloatRmm, F32PropertyAndReference) { runRmmProperty<float>(0x4a4a32, 200000); }
TEST(SoftFloatRmm, F64PropertyAndReference) { runRmmProperty<double>(0x4a4a64, 200000); }

TEST(SoftFloatRmm, F64ToF32Narrowing) {
  Gen<11, 52, uint64_t> g(77);
  RmmChecker check;
  for (int i = 0; i < 200000; ++i) {
    // f32 values and their midpoints, widened, plus random f64 patterns
    uint64_t d;
    if (i % 3 == 0) {
      d = g.operand();
    } else {
      uint32_t f = uint32_t(g.rng());
      long double lo = RefF32::decode(f), hi = RefF32::decode(f + 1);
      if (std::isnan(lo) || std::isnan(hi) || std::isinf(hi)) continue;
      d = bitsOf<uint64_t>(double((lo + hi) / 2)) + (i % 3 == 1 ? 0 : (g.rng() % 3) - 1);
    }
    long double v = RefF64::decode(d);
    if (std::isnan(v)) continue;
    RefResult ref = RefF32::round(v, kRmm);
    check("f64_to_f32", d, 0, 0, &ref, ref.tie, std::signbit(v), [&](Rounding rm, uint8_t& f) {
      Env e{rm, 0};
      uint64_t r = f64_to_f32(d, e);
      f = e.flags;
      return r;
    });
  }
  std::printf("%ld checks, %ld ties\n", check.checks, check.ties);
  EXPECT_EQ(check.fails, 0);
  EXPECT_GT(check.ties, 10000);
}

}  // namespace
