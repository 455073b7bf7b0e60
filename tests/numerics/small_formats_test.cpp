// binary16 and bfloat16 against an independent reference: the operation is
// evaluated in binary64 on the host with round-to-odd (53 >= 2*11+2 bits, so
// the result rounds to the same value as the exact one in every mode, ties
// included) and rounded once with the simple reference of sf_reference.h.
// Unary operations and conversions from the 16-bit formats are exhaustive.
#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

#include "sf_reference.h"

namespace {

using namespace sftest;

constexpr Rounding kAllModes[] = {kRne, kRtz, kRdn, kRup, kRmm};

template <class R>
struct Small;

#define SMALL_TRAITS(R, P, NAN, EB, MB)                                              \
  template <>                                                                        \
  struct Small<R> {                                                                  \
    using G = Gen<EB, MB, uint16_t>;                                                 \
    static constexpr uint16_t kNan = NAN;                                            \
    static constexpr const char* kName = #P;                                         \
    static uint16_t add(uint16_t a, uint16_t b, Env& e) { return P##_add(a, b, e); } \
    static uint16_t sub(uint16_t a, uint16_t b, Env& e) { return P##_sub(a, b, e); } \
    static uint16_t mul(uint16_t a, uint16_t b, Env& e) { return P##_mul(a, b, e); } \
    static uint16_t div(uint16_t a, uint16_t b, Env& e) { return P##_div(a, b, e); } \
    static uint16_t sqrt(uint16_t a, Env& e) { return P##_sqrt(a, e); }              \
    static uint16_t fma(uint16_t a, uint16_t b, uint16_t c, Env& e) { return P##_fma(a, b, c, e); } \
    static uint16_t min(uint16_t a, uint16_t b, Env& e) { return P##_min(a, b, e); } \
    static uint16_t max(uint16_t a, uint16_t b, Env& e) { return P##_max(a, b, e); } \
    static bool eq(uint16_t a, uint16_t b, Env& e) { return P##_eq(a, b, e); }       \
    static bool lt(uint16_t a, uint16_t b, Env& e) { return P##_lt(a, b, e); }       \
    static bool le(uint16_t a, uint16_t b, Env& e) { return P##_le(a, b, e); }       \
    static uint16_t classify(uint16_t a) { return P##_classify(a); }                 \
    static bool isNan(uint16_t a) { return P##_is_nan(a); }                          \
    static bool isSnan(uint16_t a) { return P##_is_signaling_nan(a); }               \
    static int32_t toI32(uint16_t a, Env& e) { return P##_to_i32(a, e); }            \
    static uint32_t toU32(uint16_t a, Env& e) { return P##_to_u32(a, e); }           \
    static int64_t toI64(uint16_t a, Env& e) { return P##_to_i64(a, e); }            \
    static uint64_t toU64(uint16_t a, Env& e) { return P##_to_u64(a, e); }           \
    static uint16_t fromI32(int32_t v, Env& e) { return P##_from_i32(v, e); }        \
    static uint16_t fromU32(uint32_t v, Env& e) { return P##_from_u32(v, e); }       \
    static uint16_t fromI64(int64_t v, Env& e) { return P##_from_i64(v, e); }        \
    static uint16_t fromU64(uint64_t v, Env& e) { return P##_from_u64(v, e); }       \
    static uint16_t toF16(uint16_t a, Env& e) { return P##_to_f16(a, e); }           \
    static uint16_t toBf16(uint16_t a, Env& e) { return P##_to_bf16(a, e); }         \
    static uint32_t toF32(uint16_t a, Env& e) { return P##_to_f32(a, e); }           \
    static uint64_t toF64(uint16_t a, Env& e) { return P##_to_f64(a, e); }           \
    static uint16_t fromF32(uint32_t a, Env& e) { return f32_to_##P(a, e); }         \
    static uint16_t fromF64(uint64_t a, Env& e) { return f64_to_##P(a, e); }         \
  };
SMALL_TRAITS(RefF16, f16, kF16DefaultNan, 5, 10)
SMALL_TRAITS(RefBf16, bf16, kBf16DefaultNan, 8, 7)
#undef SMALL_TRAITS

struct Checker {
  const char* fmt;
  int fails = 0;
  long checks = 0;
  long flagSeen[5] = {};
  long ties = 0;
  void operator()(const char* op, Rounding rm, uint64_t a, uint64_t b, uint64_t c, uint64_t ours, uint8_t of,
                  uint64_t want, uint8_t wf) {
    ++checks;
    for (int i = 0; i < 5; ++i) flagSeen[i] += (wf >> i) & 1;
    if (ours == want && of == wf) return;
    if (++fails > 25) return;
    ADD_FAILURE() << fmt << "_" << op << " " << modeName(rm) << std::hex << " a=0x" << a << " b=0x" << b
                  << " c=0x" << c << " ours=0x" << ours << " flags=0x" << int(of) << " want=0x" << want
                  << " flags=0x" << int(wf);
  }
  void summary() {
    std::printf("%s: %ld checks, %ld ties; expected NX %ld UF %ld OF %ld DZ %ld NV %ld\n", fmt, checks, ties,
                flagSeen[0], flagSeen[1], flagSeen[2], flagSeen[3], flagSeen[4]);
  }
};

// Reference result of an operation on decoded operands (no NaN operand).
template <class R>
RefResult refFromOdd(const OddResult& o, Rounding rm, uint16_t nan) {
  if (std::isnan(o.v)) return {nan, uint8_t(o.flags), false};
  RefResult r = R::round(o.v, rm);
  r.flags |= o.flags;
  return r;
}

template <class R>
void runExhaustiveUnary() {
  using S = Small<R>;
  Checker check{S::kName};
  for (Rounding rm : kAllModes) {
    for (uint32_t i = 0; i < 0x10000; ++i) {
      uint16_t a = uint16_t(i);
      long double x = R::decode(a);
      bool nan = R::isNan(a), snan = R::isSnan(a);
      Env e{rm, 0};
      // sqrt
      {
        RefResult want;
        if (nan) want = {S::kNan, uint8_t(snan ? kInvalid : 0), false};
        else want = refFromOdd<R>(evalOdd<double>(rm, [&] { return wSqrt<double>(double(x)); }), rm, S::kNan);
        e.flags = 0;
        uint16_t o = S::sqrt(a, e);
        check("sqrt", rm, a, 0, 0, o, e.flags, want.bits, want.flags);
      }
      // to integers
#define TO_INT(NAME, FN, I)                                   \
  {                                                           \
    I want;                                                   \
    uint8_t wf;                                               \
    refToInteger<I>(x, rm, want, wf);                         \
    e.flags = 0;                                              \
    I o = S::FN(a, e);                                        \
    check(NAME, rm, a, 0, 0, uint64_t(o), e.flags, uint64_t(want), wf); \
  }
      TO_INT("to_i32", toI32, int32_t)
      TO_INT("to_u32", toU32, uint32_t)
      TO_INT("to_i64", toI64, int64_t)
      TO_INT("to_u64", toU64, uint64_t)
#undef TO_INT
      // conversions to the other formats
#define CONV(NAME, FN, DST, DNAN)                                                 \
  {                                                                             \
    RefResult want = nan ? RefResult{DNAN, uint8_t(snan ? kInvalid : 0), false} \
                         : DST::round(x, rm);                                   \
    e.flags = 0;                                                                \
    uint64_t o = S::FN(a, e);                                                   \
    check(NAME, rm, a, 0, 0, o, e.flags, want.bits, want.flags);                \
  }
      CONV("to_f16", toF16, RefF16, kF16DefaultNan)
      CONV("to_bf16", toBf16, RefBf16, kBf16DefaultNan)
      CONV("to_f32", toF32, RefF32, kF32DefaultNan)
      CONV("to_f64", toF64, RefF64, kF64DefaultNan)
#undef CONV
      if (rm == kRne) {
        // f32 -> this format on the widened value, its neighbours and the
        // midpoints towards the next pattern (ties), all exact in f32.
        uint32_t w = bitsOf<uint32_t>(float(x));
        long double next = R::decode(uint16_t(a + 1));
        float mid = float((x + next) / 2);
        for (Rounding m2 : kAllModes) {
          for (uint32_t f : {w, w + 1, w - 1, bitsOf<uint32_t>(mid), bitsOf<uint32_t>(mid) + 1,
                             bitsOf<uint32_t>(mid) - 1}) {
            if (nan || std::isnan(next)) break;
            long double fx = RefF32::decode(f);
            if (std::isnan(fx)) continue;
            RefResult want = R::round(fx, m2);
            Env e2{m2, 0};
            uint16_t o = S::fromF32(f, e2);
            check("from_f32", m2, f, 0, 0, o, e2.flags, want.bits, want.flags);
            check.ties += want.tie;
          }
        }
      }
      check("classify", rm, a, 0, 0, S::classify(a), 0,
            nan ? (snan ? kSignalingNan : kQuietNan)
                : std::isinf(x) ? (x < 0 ? kNegInf : kPosInf)
                : x == 0 ? (std::signbit(x) ? kNegZero : kPosZero)
                : std::fabs(x) < std::ldexp(1.0L, R::kEmin) ? (x < 0 ? kNegSubnormal : kPosSubnormal)
                : (x < 0 ? kNegNormal : kPosNormal),
            0);
      check("is_nan", rm, a, 0, 0, S::isNan(a), 0, nan, 0);
    }
  }
  check.summary();
  EXPECT_EQ(check.fails, 0);
  EXPECT_GT(check.ties, 1000);
  EXPECT_GT(check.flagSeen[0], 100);  // NX
  EXPECT_GT(check.flagSeen[1], 100);  // UF
  EXPECT_GT(check.flagSeen[2], 5);    // OF (conversions from f32 near the top)
  EXPECT_GT(check.flagSeen[4], 100);  // NV
}

template <class R>
void runRandomBinary(uint64_t seed, int samples) {
  using S = Small<R>;
  typename S::G g(seed);
  Gen<11, 52, uint64_t> g64(seed + 1);
  Checker check{S::kName};
  for (Rounding rm : kAllModes) {
    for (int i = 0; i < samples; ++i) {
      uint16_t a = g.operand(), b = g.partner(a), c = (i & 1) ? g.operand() : g.partner(g.partner(a));
      long double x = R::decode(a), y = R::decode(b), z = R::decode(c);
      bool anyNan2 = R::isNan(a) || R::isNan(b);
      bool anySnan2 = R::isSnan(a) || R::isSnan(b);
      double dx = double(x), dy = double(y), dz = double(z);
      Env e{rm, 0};
      RefResult want;
      uint16_t o;
#define BIN(NAME, FN, WOP)                                                                           \
  want = anyNan2 ? RefResult{S::kNan, uint8_t(anySnan2 ? kInvalid : 0), false}                      \
                 : refFromOdd<R>(evalOdd<double>(rm, [&] { return WOP<double>(dx, dy); }), rm, S::kNan); \
  e.flags = 0;                                                                                       \
  o = S::FN(a, b, e);                                                                                \
  check(NAME, rm, a, b, 0, o, e.flags, want.bits, want.flags);                                       \
  check.ties += want.tie;
      BIN("add", add, wAdd)
      BIN("sub", sub, wSub)
      BIN("mul", mul, wMul)
      BIN("div", div, wDiv)
#undef BIN
      {
        bool anyNan = anyNan2 || R::isNan(c);
        bool invalid = R::isSnan(c) || anySnan2 || (std::isinf(x) && y == 0) || (x == 0 && std::isinf(y));
        want = anyNan ? RefResult{S::kNan, uint8_t(invalid ? kInvalid : 0), false}
                      : refFromOdd<R>(evalOdd<double>(rm, [&] { return wFma<double>(dx, dy, dz); }), rm, S::kNan);
        e.flags = 0;
        o = S::fma(a, b, c, e);
        check("fma", rm, a, b, c, o, e.flags, want.bits, want.flags);
        check.ties += want.tie;
      }
      if (rm == kRne) {  // comparisons and min/max do not depend on the mode
        uint64_t r64;
        uint8_t quiet = anySnan2 ? kInvalid : 0, signal = anyNan2 ? kInvalid : 0;
        e.flags = 0;
        r64 = S::eq(a, b, e);
        check("eq", rm, a, b, 0, r64, e.flags, !anyNan2 && x == y, quiet);
        e.flags = 0;
        r64 = S::lt(a, b, e);
        check("lt", rm, a, b, 0, r64, e.flags, !anyNan2 && x < y, signal);
        e.flags = 0;
        r64 = S::le(a, b, e);
        check("le", rm, a, b, 0, r64, e.flags, !anyNan2 && x <= y, signal);
        uint64_t lo, hi;
        if (R::isNan(a) && R::isNan(b)) lo = hi = S::kNan;
        else if (R::isNan(a)) lo = hi = b;
        else if (R::isNan(b)) lo = hi = a;
        else if (x < y || (x == y && std::signbit(x))) lo = a, hi = b;
        else lo = b, hi = a;
        if (!anyNan2 && x == y && std::signbit(x) == std::signbit(y)) lo = hi = a;
        e.flags = 0;
        r64 = S::min(a, b, e);
        check("min", rm, a, b, 0, r64, e.flags, lo, quiet);
        e.flags = 0;
        r64 = S::max(a, b, e);
        check("max", rm, a, b, 0, r64, e.flags, hi, quiet);
      }
      // from integers (exact in long double) and from f64
      uint64_t v = randInt(g.rng);
#define FROM_INT(NAME, FN, I)                                                       \
  want = R::round(static_cast<long double>(I(v)), rm);                              \
  e.flags = 0;                                                                      \
  o = S::FN(I(v), e);                                                               \
  check(NAME, rm, v, 0, 0, o, e.flags, want.bits, want.flags);
      FROM_INT("from_i32", fromI32, int32_t)
      FROM_INT("from_u32", fromU32, uint32_t)
      FROM_INT("from_i64", fromI64, int64_t)
      FROM_INT("from_u64", fromU64, uint64_t)
#undef FROM_INT
      {
        uint64_t d = (i & 1) ? bitsOf<uint64_t>(double(x)) + (g.rng() % 5) - 2 : g64.operand();
        long double dv = RefF64::decode(d);
        want = std::isnan(dv) ? RefResult{S::kNan, uint8_t(RefF64::isSnan(d) ? kInvalid : 0), false}
                              : R::round(dv, rm);
        e.flags = 0;
        o = S::fromF64(d, e);
        check("from_f64", rm, d, 0, 0, o, e.flags, want.bits, want.flags);
        check.ties += want.tie;
      }
      if (check.fails > 25) break;
    }
  }
  check.summary();
  EXPECT_EQ(check.fails, 0);
  EXPECT_GT(check.ties, 1000);
  for (long n : check.flagSeen) EXPECT_GT(n, 100);
}

TEST(SoftFloatSmall, F16UnaryAndConversionsExhaustive) { runExhaustiveUnary<RefF16>(); }
TEST(SoftFloatSmall, Bf16UnaryAndConversionsExhaustive) { runExhaustiveUnary<RefBf16>(); }
TEST(SoftFloatSmall, F16BinaryRandom) { runRandomBinary<RefF16>(0xf16f16, 150000); }
TEST(SoftFloatSmall, Bf16BinaryRandom) { runRandomBinary<RefBf16>(0xbf16bf16, 150000); }

// The reference rounding itself, on values worked out by hand.
TEST(SoftFloatSmall, ReferenceRoundingSanity) {
  EXPECT_EQ(RefF16::round(1.0L, kRne).bits, 0x3c00u);
  EXPECT_EQ(RefF16::round(65504.0L, kRne).bits, 0x7bffu);
  EXPECT_EQ(RefF16::round(65520.0L, kRne).bits, 0x7c00u);  // tie above max rounds to even = inf
  EXPECT_EQ(RefF16::round(65520.0L, kRtz).bits, 0x7bffu);
  EXPECT_EQ(RefF16::round(std::ldexp(1.0L, -24), kRne).bits, 0x0001u);
  EXPECT_EQ(RefF16::round(std::ldexp(1.0L, -25), kRne).bits, 0x0000u);  // tie to even (0)
  EXPECT_EQ(RefF16::round(std::ldexp(1.0L, -25), kRmm).bits, 0x0001u);
  EXPECT_EQ(RefF16::round(1.0L + std::ldexp(1.0L, -11), kRmm).bits, 0x3c01u);
  EXPECT_EQ(RefBf16::round(1.0L + std::ldexp(1.0L, -8), kRne).bits, 0x3f80u);
  EXPECT_EQ(RefBf16::round(-3.0L, kRne).bits, 0xc040u);
}

}  // namespace
