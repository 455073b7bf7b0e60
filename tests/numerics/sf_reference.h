// An independent, deliberately simple reference for rounding: values are held
// as long double (x87, 64-bit significand) and rounded to a format with
// floor/ldexp arithmetic, all steps of which are exact.
//
// Operations are evaluated on the host in a wider format with round-to-odd
// (round towards zero, then set the last significand bit if inexact). A
// round-to-odd result with at least two more bits than the target format
// rounds to the same value, in every rounding mode, as the exact result would,
// and it is a tie exactly when the exact result is one.
#pragma once

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "sf_test_util.h"

namespace sftest {

struct RefResult {
  uint64_t bits;
  uint8_t flags;
  bool tie;  // the exact value lay exactly halfway between two neighbours
};

// Round the magnitude a >= 0 to a multiple of 2^q.
inline long double roundToQuantum(long double a, int q, bool neg, Rounding rm, bool& inexact, bool& tie) {
  long double y = std::ldexp(a, -q), f = std::floor(y), frac = y - f;
  inexact = frac != 0;
  tie = frac == 0.5L;
  bool up = false;
  switch (rm) {
    case kRne: up = frac > 0.5L || (tie && std::fmod(f, 2.0L) != 0); break;
    case kRmm: up = frac >= 0.5L; break;
    case kRtz: up = false; break;
    case kRdn: up = neg && inexact; break;
    case kRup: up = !neg && inexact; break;
  }
  return std::ldexp(f + (up ? 1.0L : 0.0L), q);
}

template <int E, int M>
struct RefFmt {
  static constexpr int kN = 1 + E + M;
  static constexpr int kBias = (1 << (E - 1)) - 1;
  static constexpr int kEmin = 1 - kBias;
  static constexpr int kEmax = kBias;
  static constexpr uint64_t kExpMax = (uint64_t(1) << E) - 1;
  static constexpr uint64_t kInf = kExpMax << M;
  static constexpr uint64_t kSignBit = uint64_t(1) << (kN - 1);

  static uint64_t expField(uint64_t b) { return (b >> M) & kExpMax; }
  static uint64_t frac(uint64_t b) { return b & ((uint64_t(1) << M) - 1); }
  static bool isNan(uint64_t b) { return expField(b) == kExpMax && frac(b) != 0; }
  static bool isSnan(uint64_t b) { return isNan(b) && !((b >> (M - 1)) & 1); }

  // Value of a bit pattern (a NaN pattern gives a quiet host NaN).
  static long double decode(uint64_t b) {
    bool s = (b >> (kN - 1)) & 1;
    uint64_t ef = expField(b), f = frac(b);
    long double v;
    if (ef == kExpMax) v = f ? NAN : INFINITY;
    else if (ef == 0) v = std::ldexp(static_cast<long double>(f), kEmin - M);
    else v = std::ldexp(static_cast<long double>(f + (uint64_t(1) << M)), int(ef) - kBias - M);
    return s ? -v : v;
  }

  // Pattern of a representable magnitude r.
  static uint64_t encode(bool neg, long double r) {
    uint64_t s = neg ? kSignBit : 0;
    if (r == 0) return s;
    if (std::isinf(r)) return s | kInf;
    if (r < std::ldexp(1.0L, kEmin)) return s | static_cast<uint64_t>(std::ldexp(r, M - kEmin));
    int eb = std::ilogb(r);
    uint64_t m = static_cast<uint64_t>(std::ldexp(r, M - eb)) - (uint64_t(1) << M);
    return s | (uint64_t(eb + kBias) << M) | m;
  }

  // Round a (non-NaN) value once to this format.
  static RefResult round(long double v, Rounding rm) {
    bool neg = std::signbit(v);
    if (v == 0 || std::isinf(v)) return {encode(neg, std::fabs(v)), 0, false};
    long double a = std::fabs(v);
    int e = std::ilogb(a);
    bool inexact, tie, inexactU, tieU;
    long double r = roundToQuantum(a, (e > kEmin ? e : kEmin) - M, neg, rm, inexact, tie);
    // Tininess after rounding: rounded with an unbounded exponent range.
    long double ru = roundToQuantum(a, e - M, neg, rm, inexactU, tieU);
    bool tiny = ru < std::ldexp(1.0L, kEmin);
    long double maxFinite = std::ldexp(2.0L - std::ldexp(1.0L, -M), kEmax);
    if (r > maxFinite) {
      bool toInf = rm == kRne || rm == kRmm || (rm == kRup && !neg) || (rm == kRdn && neg);
      return {toInf ? encode(neg, INFINITY) : encode(neg, maxFinite), uint8_t(kOverflow | kInexact), tie};
    }
    uint8_t fl = inexact ? uint8_t(kInexact | (tiny ? kUnderflow : 0)) : 0;
    return {encode(neg, r), fl, tie};
  }
};

using RefF16 = RefFmt<5, 10>;
using RefBf16 = RefFmt<8, 7>;
using RefF32 = RefFmt<8, 23>;
using RefF64 = RefFmt<11, 52>;

// Round a long double value to an integer type the RISC-V way.
template <class I>
void refToInteger(long double x, Rounding rm, I& val, uint8_t& fl, bool* tieOut = nullptr) {
  constexpr I kMax = std::numeric_limits<I>::max(), kMin = std::numeric_limits<I>::min();
  fl = 0;
  if (tieOut) *tieOut = false;
  if (std::isnan(x)) {
    fl = kInvalid;
    val = kMax;
    return;
  }
  bool neg = std::signbit(x);
  long double r = std::fabs(x);
  bool inexact = false, tie = false;
  if (!std::isinf(r)) r = roundToQuantum(r, 0, neg, rm, inexact, tie);
  if (tieOut) *tieOut = tie;
  if (neg) r = -r;
  if (r < static_cast<long double>(kMin) || r > static_cast<long double>(kMax)) {
    fl = kInvalid;
    val = neg ? kMin : kMax;
    return;
  }
  fl = inexact ? kInexact : 0;
  val = r == 0 ? I(0) : static_cast<I>(r);
}

// ---- host evaluation with round-to-odd --------------------------------------

inline void setLowBit(double& d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  b |= 1;
  std::memcpy(&d, &b, 8);
}
inline void setLowBit(long double& d) {  // x87: bytes 0..7 are the significand
  uint64_t b;
  std::memcpy(&b, &d, 8);
  b |= 1;
  std::memcpy(&d, &b, 8);
}

template <class L> __attribute__((noinline)) L wAdd(L a, L b) { volatile L x = a, y = b; volatile L r = x + y; return r; }
template <class L> __attribute__((noinline)) L wSub(L a, L b) { volatile L x = a, y = b; volatile L r = x - y; return r; }
template <class L> __attribute__((noinline)) L wMul(L a, L b) { volatile L x = a, y = b; volatile L r = x * y; return r; }
template <class L> __attribute__((noinline)) L wDiv(L a, L b) { volatile L x = a, y = b; volatile L r = x / y; return r; }
template <class L> __attribute__((noinline)) L wSqrt(L a) { volatile L x = a; volatile L r = std::sqrt(x); return r; }
template <class L> __attribute__((noinline)) L wFma(L a, L b, L c) { volatile L x = a, y = b, z = c; volatile L r = std::fma(x, y, z); return r; }

struct OddResult {
  long double v;
  uint8_t flags;  // host NV and DZ of the wide operation
};

// Evaluate fn() (in the wide type L) with round-to-odd. An exact zero gets the
// sign the operation has in mode rm (RMM behaves like RNE for that).
template <class L, class Fn>
OddResult evalOdd(Rounding rm, Fn fn) {
  std::fesetround(FE_TOWARDZERO);
  std::feclearexcept(FE_ALL_EXCEPT);
  L r = fn();
  uint8_t f = hostFlags();
  if ((f & kInexact) && std::isfinite(r) && r != 0) setLowBit(r);
  if (r == 0) {
    std::fesetround(rm == kRdn ? FE_DOWNWARD : FE_TONEAREST);
    r = fn();
  }
  std::fesetround(FE_TONEAREST);
  std::feclearexcept(FE_ALL_EXCEPT);
  return {r, uint8_t(f & (kInvalid | kDivByZero))};
}

}  // namespace sftest
