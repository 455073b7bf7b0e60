// binary32/binary64 against the x86-64 host FPU (SSE), in the four rounding
// modes the host has (RNE RTZ RDN RUP). This file is compiled with
// -frounding-math -ffp-contract=off; operands go through volatile variables
// so the compiler cannot fold or move the host operations.
//
// Known host differences, handled explicitly:
//  * NaN results: the host propagates payloads and produces a negative default
//    NaN; RISC-V always gives the canonical NaN, so a host NaN result is
//    compared as "our result is the canonical NaN" (flags still compared).
//  * fma(0, inf, qNaN) / fma(inf, 0, qNaN): RISC-V raises NV; x86 FMA3 does not
//    (the IEEE choice is implementation-defined), so NV is expected there.
//  * float->integer conversion: x86 returns the "integer indefinite" value;
//    the RISC-V saturation value is computed here from the host-rounded value
//    (rint in the current mode, whose NX flag is used).
//  * fmin/fmax: the host fmin/fmax differ from RISC-V on -0/+0 and sNaN; the
//    reference is built from host comparisons plus the RISC-V NaN rules.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

#include "sf_test_util.h"

namespace {

using namespace sftest;

template <class H>
struct Soft;

#define SOFT_TRAITS(H, P, UT, NAN, EB, MB, OTHER_H, OTHER_CONV)                       \
  template <>                                                                          \
  struct Soft<H> {                                                                     \
    using U = UT;                                                                      \
    using G = Gen<EB, MB, UT>;                                                         \
    using Other = OTHER_H;                                                             \
    static constexpr U kNan = NAN;                                                     \
    static constexpr int kM = MB;                                                      \
    static U add(U a, U b, Env& e) { return P##_add(a, b, e); }                        \
    static U sub(U a, U b, Env& e) { return P##_sub(a, b, e); }                        \
    static U mul(U a, U b, Env& e) { return P##_mul(a, b, e); }                        \
    static U div(U a, U b, Env& e) { return P##_div(a, b, e); }                        \
    static U sqrt(U a, Env& e) { return P##_sqrt(a, e); }                              \
    static U fma(U a, U b, U c, Env& e) { return P##_fma(a, b, c, e); }                \
    static U min(U a, U b, Env& e) { return P##_min(a, b, e); }                        \
    static U max(U a, U b, Env& e) { return P##_max(a, b, e); }                        \
    static bool eq(U a, U b, Env& e) { return P##_eq(a, b, e); }                       \
    static bool lt(U a, U b, Env& e) { return P##_lt(a, b, e); }                       \
    static bool le(U a, U b, Env& e) { return P##_le(a, b, e); }                       \
    static uint16_t classify(U a) { return P##_classify(a); }                          \
    static bool isNan(U a) { return P##_is_nan(a); }                                   \
    static bool isSnan(U a) { return P##_is_signaling_nan(a); }                        \
    static int32_t toI32(U a, Env& e) { return P##_to_i32(a, e); }                     \
    static uint32_t toU32(U a, Env& e) { return P##_to_u32(a, e); }                    \
    static int64_t toI64(U a, Env& e) { return P##_to_i64(a, e); }                     \
    static uint64_t toU64(U a, Env& e) { return P##_to_u64(a, e); }                    \
    static U fromI32(int32_t v, Env& e) { return P##_from_i32(v, e); }                 \
    static U fromU32(uint32_t v, Env& e) { return P##_from_u32(v, e); }                \
    static U fromI64(int64_t v, Env& e) { return P##_from_i64(v, e); }                 \
    static U fromU64(uint64_t v, Env& e) { return P##_from_u64(v, e); }                \
    static auto toOther(U a, Env& e) { return P##_##OTHER_CONV(a, e); }                \
  };

SOFT_TRAITS(float, f32, uint32_t, kF32DefaultNan, 8, 23, double, to_f64)
SOFT_TRAITS(double, f64, uint64_t, kF64DefaultNan, 11, 52, float, to_f32)
#undef SOFT_TRAITS

// Host operations; noinline + volatile keep them where they are written.
template <class H> __attribute__((noinline)) H hAdd(H a, H b) { volatile H x = a, y = b; volatile H r = x + y; return r; }
template <class H> __attribute__((noinline)) H hSub(H a, H b) { volatile H x = a, y = b; volatile H r = x - y; return r; }
template <class H> __attribute__((noinline)) H hMul(H a, H b) { volatile H x = a, y = b; volatile H r = x * y; return r; }
template <class H> __attribute__((noinline)) H hDiv(H a, H b) { volatile H x = a, y = b; volatile H r = x / y; return r; }
template <class H> __attribute__((noinline)) H hSqrt(H a) { volatile H x = a; volatile H r = std::sqrt(x); return r; }
template <class H> __attribute__((noinline)) H hFma(H a, H b, H c) { volatile H x = a, y = b, z = c; volatile H r = std::fma(x, y, z); return r; }
template <class H> __attribute__((noinline)) bool hEq(H a, H b) { volatile H x = a, y = b; volatile bool r = x == y; return r; }
template <class H> __attribute__((noinline)) bool hLt(H a, H b) { volatile H x = a, y = b; volatile bool r = x < y; return r; }
template <class H> __attribute__((noinline)) bool hLe(H a, H b) { volatile H x = a, y = b; volatile bool r = x <= y; return r; }
template <class H> __attribute__((noinline)) H hRint(H a) { volatile H x = a; volatile H r = std::rint(x); return r; }
template <class H, class I> __attribute__((noinline)) H hFromInt(I v) { volatile I x = v; volatile H r = H(x); return r; }
template <class D, class H> __attribute__((noinline)) D hConv(H a) { volatile H x = a; volatile D r = D(x); return r; }

struct Checker {
  int fails = 0;
  long checks = 0;
  long flagSeen[5] = {};  // how often each expected flag occurred (coverage)
  template <class R>
  void operator()(const char* op, Rounding rm, uint64_t a, uint64_t b, uint64_t c, R ours, uint8_t of,
                  R want, uint8_t wf) {
    ++checks;
    for (int i = 0; i < 5; ++i) flagSeen[i] += (wf >> i) & 1;
    if (ours == want && of == wf) return;
    if (++fails > 25) return;
    ADD_FAILURE() << op << " " << modeName(rm) << std::hex << " a=0x" << a << " b=0x" << b << " c=0x" << c
                  << " ours=0x" << uint64_t(ours) << " flags=0x" << int(of) << " want=0x" << uint64_t(want)
                  << " flags=0x" << int(wf);
  }
};

// Expected value of a host arithmetic result: NaN -> canonical NaN.
template <class H>
typename Soft<H>::U hostBits(H r) {
  using U = typename Soft<H>::U;
  return std::isnan(r) ? Soft<H>::kNan : bitsOf<U>(r);
}

// RISC-V float->integer conversion, computed from the host-rounded value.
template <class I, class H>
void refToInt(H x, I& val, uint8_t& fl) {
  constexpr I kMax = std::numeric_limits<I>::max(), kMin = std::numeric_limits<I>::min();
  fl = 0;
  if (std::isnan(x)) {
    fl = kInvalid;
    val = kMax;
    return;
  }
  std::feclearexcept(FE_ALL_EXCEPT);
  H r = hRint(x);
  uint8_t hf = hostFlags();
  long double lr = r;
  if (lr < static_cast<long double>(kMin) || lr > static_cast<long double>(kMax)) {
    fl = kInvalid;
    val = std::signbit(x) ? kMin : kMax;
    return;
  }
  fl = hf & kInexact;
  val = r == 0 ? I(0) : static_cast<I>(r);
}

template <class H>
typename Soft<H>::U refMinMax(typename Soft<H>::U a, typename Soft<H>::U b, bool wantMax, uint8_t& fl) {
  using S = Soft<H>;
  H x = bitsOf<H>(a), y = bitsOf<H>(b);
  bool sa = std::signbit(x), sb = std::signbit(y);
  bool snan = (std::isnan(x) && !((a >> (S::kM - 1)) & 1)) || (std::isnan(y) && !((b >> (S::kM - 1)) & 1));
  fl = snan ? kInvalid : 0;
  if (std::isnan(x) && std::isnan(y)) return S::kNan;
  if (std::isnan(x)) return b;
  if (std::isnan(y)) return a;
  bool aLess = x < y || (x == y && sa && !sb);
  bool bLess = y < x || (x == y && sb && !sa);
  if (!aLess && !bLess) return a;  // identical
  return (aLess != wantMax) ? a : b;
}

template <class H>
uint16_t refClass(H x, bool quietBit) {
  bool s = std::signbit(x);
  switch (std::fpclassify(x)) {
    case FP_NAN: return quietBit ? kQuietNan : kSignalingNan;
    case FP_INFINITE: return s ? kNegInf : kPosInf;
    case FP_ZERO: return s ? kNegZero : kPosZero;
    case FP_SUBNORMAL: return s ? kNegSubnormal : kPosSubnormal;
    default: return s ? kNegNormal : kPosNormal;
  }
}

template <class H>
void runHostComparison(uint64_t seed, int samples) {
  using S = Soft<H>;
  using U = typename S::U;
  using O = typename S::Other;
  using OU = std::conditional_t<sizeof(O) == 4, uint32_t, uint64_t>;
  typename S::G g(seed);
  std::mt19937_64& rng = g.rng;
  Checker check;
  for (Rounding rm : {kRne, kRtz, kRdn, kRup}) {
    HostRounding guard(hostRounding(rm));
    for (int i = 0; i < samples; ++i) {
      U a = g.operand(), b = g.partner(a);
      H x = bitsOf<H>(a), y = bitsOf<H>(b);
      U c;
      if (rng() & 1) {
        c = g.operand();
      } else {  // near -(a*b): massive cancellation in fma
        std::feclearexcept(FE_ALL_EXCEPT);
        c = U(bitsOf<U>(H(-hMul(x, y))) + U(int64_t(rng() % 5) - 2));
      }
      H z = bitsOf<H>(c);
      Env e{rm, 0};
      U ours;
      H hr;
      uint8_t hf;

#define BINARY(NAME, SOFT, HOST)                       \
  e.flags = 0;                                         \
  ours = S::SOFT(a, b, e);                             \
  std::feclearexcept(FE_ALL_EXCEPT);                   \
  hr = HOST(x, y);                                     \
  hf = hostFlags();                                    \
  check(NAME, rm, a, b, 0, ours, e.flags, hostBits(hr), hf);
      BINARY("add", add, hAdd<H>)
      BINARY("sub", sub, hSub<H>)
      BINARY("mul", mul, hMul<H>)
      BINARY("div", div, hDiv<H>)
#undef BINARY

      e.flags = 0;
      ours = S::sqrt(a, e);
      std::feclearexcept(FE_ALL_EXCEPT);
      hr = hSqrt(x);
      hf = hostFlags();
      check("sqrt", rm, a, 0, 0, ours, e.flags, hostBits(hr), hf);

      e.flags = 0;
      ours = S::fma(a, b, c, e);
      std::feclearexcept(FE_ALL_EXCEPT);
      hr = hFma(x, y, z);
      hf = hostFlags();
      {
        bool infTimesZero = (std::isinf(x) && y == 0) || (x == 0 && std::isinf(y));
        if (infTimesZero && std::isnan(z)) hf |= kInvalid;  // RISC-V rule, see top
      }
      check("fma", rm, a, b, c, ours, e.flags, hostBits(hr), hf);

#define COMPARE(NAME, SOFT, HOST)                       \
  {                                                     \
    e.flags = 0;                                        \
    bool o = S::SOFT(a, b, e);                          \
    std::feclearexcept(FE_ALL_EXCEPT);                  \
    bool h = HOST(x, y);                                \
    hf = hostFlags();                                   \
    check(NAME, rm, a, b, 0, o, e.flags, h, hf);        \
  }
      COMPARE("eq", eq, hEq<H>)
      COMPARE("lt", lt, hLt<H>)
      COMPARE("le", le, hLe<H>)
#undef COMPARE
      {
        uint8_t rf;
        e.flags = 0;
        ours = S::min(a, b, e);
        U want = refMinMax<H>(a, b, false, rf);
        check("min", rm, a, b, 0, ours, e.flags, want, rf);
        e.flags = 0;
        ours = S::max(a, b, e);
        want = refMinMax<H>(a, b, true, rf);
        check("max", rm, a, b, 0, ours, e.flags, want, rf);
      }
      check("classify", rm, a, 0, 0, S::classify(a), 0, refClass(x, (a >> (S::kM - 1)) & 1), 0);
      check("is_nan", rm, a, 0, 0, S::isNan(a), 0, bool(std::isnan(x)), 0);

#define TO_INT(NAME, SOFT, I)                    \
  {                                              \
    I want;                                      \
    uint8_t wf;                                  \
    refToInt<I>(x, want, wf);                    \
    e.flags = 0;                                 \
    I o = S::SOFT(a, e);                         \
    check(NAME, rm, a, 0, 0, o, e.flags, want, wf); \
  }
      TO_INT("to_i32", toI32, int32_t)
      TO_INT("to_u32", toU32, uint32_t)
      TO_INT("to_i64", toI64, int64_t)
      TO_INT("to_u64", toU64, uint64_t)
#undef TO_INT

      uint64_t v = randInt(rng);
#define FROM_INT(NAME, SOFT, I)                          \
  e.flags = 0;                                           \
  ours = S::SOFT(I(v), e);                               \
  std::feclearexcept(FE_ALL_EXCEPT);                     \
  hr = hFromInt<H, I>(I(v));                             \
  hf = hostFlags();                                      \
  check(NAME, rm, v, 0, 0, ours, e.flags, hostBits(hr), hf);
      FROM_INT("from_i32", fromI32, int32_t)
      FROM_INT("from_u32", fromU32, uint32_t)
      FROM_INT("from_i64", fromI64, int64_t)
      FROM_INT("from_u64", fromU64, uint64_t)
#undef FROM_INT

      {
        e.flags = 0;
        OU o = S::toOther(a, e);
        std::feclearexcept(FE_ALL_EXCEPT);
        O hc = hConv<O, H>(x);
        hf = hostFlags();
        OU want = std::isnan(hc) ? Soft<O>::kNan : bitsOf<OU>(hc);
        check("convert", rm, a, 0, 0, o, e.flags, want, hf);
      }
      if (check.fails > 25) break;
    }
  }
  std::printf("%ld checks against the host; expected NX %ld UF %ld OF %ld DZ %ld NV %ld\n", check.checks,
              check.flagSeen[0], check.flagSeen[1], check.flagSeen[2], check.flagSeen[3], check.flagSeen[4]);
  EXPECT_EQ(check.fails, 0);
  // The operand distribution must reach every flag, or the test is weak.
  for (long n : check.flagSeen) EXPECT_GT(n, 1000);
}

TEST(SoftFloatHost, F32MatchesHostFpu) { runHostComparison<float>(0x5eed0f32, 120000); }
TEST(SoftFloatHost, F64MatchesHostFpu) { runHostComparison<double>(0x5eed0f64, 120000); }

// The reference itself must be sensitive to the rounding mode, or the
// comparisons above would prove nothing for the directed modes.
TEST(SoftFloatHost, HostReferenceHonoursRoundingMode) {
  float third[4];
  int i = 0;
  for (Rounding rm : {kRne, kRtz, kRdn, kRup}) {
    HostRounding guard(hostRounding(rm));
    third[i++] = hDiv<float>(1.0f, 3.0f);
  }
  EXPECT_EQ(bitsOf<uint32_t>(third[0]), 0x3eaaaaabu);
  EXPECT_EQ(bitsOf<uint32_t>(third[1]), 0x3eaaaaaau);
  EXPECT_EQ(bitsOf<uint32_t>(third[2]), 0x3eaaaaaau);
  EXPECT_EQ(bitsOf<uint32_t>(third[3]), 0x3eaaaaabu);
}

}  // namespace
