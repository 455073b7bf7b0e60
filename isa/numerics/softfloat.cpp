// Bit-exact IEEE-754 arithmetic: one generic implementation over the format
// (exponent bits, fraction bits), instantiated for binary16, bfloat16,
// binary32 and binary64. Plain integer code; no host floating point.
//
// Internal representation of a finite non-zero value: a sign, an unsigned
// integer significand `sig` and the exponent `exp` of its least significant
// bit, value = (-1)^sign * sig * 2^exp. Results are produced exactly (or with
// the bits below the rounding position "jammed" into a sticky bit 0) and then
// rounded once by roundPack(), which implements the five RISC-V rounding
// modes, tininess after rounding, and the OF/UF/NX flags.
#include "isa/numerics/softfloat.h"

#include <limits>
#include <type_traits>
#include <utility>

namespace npuvp::softfloat {
namespace {

using u128 = unsigned __int128;

template <int EB, int MB, typename U, U kDefaultNan>
struct Fmt {
  using T = U;
  static constexpr int kE = EB;  // exponent bits
  static constexpr int kM = MB;  // fraction bits (precision is kM + 1)
  static constexpr int kN = 1 + EB + MB;
  static constexpr int kBias = (1 << (EB - 1)) - 1;
  static constexpr int kEmin = 1 - kBias;
  static constexpr int kEmax = kBias;
  static constexpr uint32_t kExpMax = (1u << EB) - 1;
  static constexpr U kSign = U(U(1) << (kN - 1));
  static constexpr U kFracMask = U((U(1) << MB) - 1);
  static constexpr U kQuiet = U(U(1) << (MB - 1));
  static constexpr U kInf = U(U(kExpMax) << MB);
  static constexpr U kNan = kDefaultNan;
};

using F16 = Fmt<5, 10, uint16_t, kF16DefaultNan>;
using BF16 = Fmt<8, 7, uint16_t, kBf16DefaultNan>;
using F32 = Fmt<8, 23, uint32_t, kF32DefaultNan>;
using F64 = Fmt<11, 52, uint64_t, kF64DefaultNan>;

inline int clz64(uint64_t x) { return __builtin_clzll(x); }  // x != 0
inline int clz128(u128 x) {                                   // x != 0
  uint64_t hi = uint64_t(x >> 64);
  return hi ? clz64(hi) : 64 + clz64(uint64_t(x));
}

// x >> n with every shifted-out 1 ORed into bit 0. n >= 0.
inline uint64_t jam64(uint64_t x, int n) {
  if (n == 0) return x;
  if (n < 64) return (x >> n) | uint64_t((x << (64 - n)) != 0);
  return uint64_t(x != 0);
}
inline u128 jam128(u128 x, int n) {
  if (n == 0) return x;
  if (n < 128) return (x >> n) | u128((x << (128 - n)) != 0);
  return u128(x != 0);
}

// Whether dropping `rem` (out of a unit of 2*half) from the quotient q rounds
// q up by one, for a value of the given sign.
inline bool roundsUp(uint64_t q, uint64_t rem, uint64_t half, bool sign, Rounding rm) {
  switch (rm) {
    case kRtz: return false;
    case kRdn: return sign && rem != 0;
    case kRup: return !sign && rem != 0;
    case kRmm: return rem >= half && rem != 0;
    default: return rem > half || (rem == half && (q & 1));
  }
}

template <class F> inline bool signOf(typename F::T a) { return (a & F::kSign) != 0; }
template <class F> inline bool isNan(typename F::T a) {
  return (a & typename F::T(~F::kSign)) > F::kInf;
}
template <class F> inline bool isSnan(typename F::T a) {
  return isNan<F>(a) && !(a & F::kQuiet);
}
template <class F> inline bool isInf(typename F::T a) {
  return (a & typename F::T(~F::kSign)) == F::kInf;
}
template <class F> inline bool isZero(typename F::T a) {
  return (a & typename F::T(~F::kSign)) == 0;
}
template <class F> inline typename F::T signed0(bool s) {
  return s ? F::kSign : typename F::T(0);
}
template <class F> inline typename F::T signedInf(bool s) {
  return typename F::T(signed0<F>(s) | F::kInf);
}

// Finite, non-zero a: sig normalised with its leading 1 at bit kM.
template <class F>
inline void unpack(typename F::T a, int32_t& exp, uint64_t& sig) {
  uint32_t ef = uint32_t(a >> F::kM) & F::kExpMax;
  uint64_t f = uint64_t(a & F::kFracMask);
  if (ef == 0) {
    int sh = clz64(f) - (63 - F::kM);
    sig = f << sh;
    exp = F::kEmin - F::kM - sh;
  } else {
    sig = f | (uint64_t(1) << F::kM);
    exp = int32_t(ef) - F::kBias - F::kM;
  }
}

// Round sign * sig * 2^exp (sig != 0) to format F under e.rm.
// Bits of sig that were shifted out earlier must be jammed into a bit that
// lies below the rounding position after normalisation (callers keep at least
// two guard bits beyond the precision).
template <class F>
typename F::T roundPack(bool sign, int32_t exp, uint64_t sig, Env& e) {
  using T = typename F::T;
  constexpr int kDrop = 62 - F::kM;  // bits below the precision, sig at bit 62
  constexpr uint64_t kMask = (uint64_t(1) << kDrop) - 1;
  constexpr uint64_t kHalf = uint64_t(1) << (kDrop - 1);
  int lz = clz64(sig);
  if (lz == 0) {
    sig = jam64(sig, 1);
    exp += 1;
  } else {
    sig <<= (lz - 1);
    exp -= (lz - 1);
  }
  int32_t lead = exp + 62;  // unbiased exponent of the leading 1
  const Rounding rm = e.rm;
  if (lead >= F::kEmin) {
    uint64_t q = sig >> kDrop, rem = sig & kMask;
    q += roundsUp(q, rem, kHalf, sign, rm);
    if (q >> (F::kM + 1)) {
      q >>= 1;
      ++lead;
    }
    if (lead > F::kEmax) {
      e.flags |= kOverflow | kInexact;
      bool toInf = rm == kRne || rm == kRmm || (rm == kRup && !sign) || (rm == kRdn && sign);
      if (toInf) return signedInf<F>(sign);
      return T(signed0<F>(sign) | T(F::kInf - 1));  // largest finite
    }
    if (rem) e.flags |= kInexact;
    return T(signed0<F>(sign) | (T(lead + F::kBias) << F::kM) | (T(q) & F::kFracMask));
  }
  // Below the normal range before rounding. Tiny after rounding unless the
  // value rounded to the precision with an unbounded exponent reaches 2^emin.
  bool tiny = true;
  if (lead == F::kEmin - 1) {
    uint64_t q0 = sig >> kDrop;
    q0 += roundsUp(q0, sig & kMask, kHalf, sign, rm);
    if (q0 >> (F::kM + 1)) tiny = false;
  }
  sig = jam64(sig, F::kEmin - lead);
  uint64_t q = sig >> kDrop, rem = sig & kMask;
  q += roundsUp(q, rem, kHalf, sign, rm);
  if (rem) {
    e.flags |= kInexact;
    if (tiny) e.flags |= kUnderflow;
  }
  // q == 2^kM encodes the smallest normal number (exponent field 1).
  return T(signed0<F>(sign) | T(q));
}

template <class F>
inline typename F::T roundPack128(bool sign, int32_t exp, u128 sig, Env& e) {
  uint64_t hi = uint64_t(sig >> 64);
  if (hi) {
    int s = 64 - clz64(hi);
    sig = jam128(sig, s);
    exp += s;
  }
  return roundPack<F>(sign, exp, uint64_t(sig), e);
}

template <class F>
inline typename F::T nanResult(typename F::T a, typename F::T b, Env& e) {
  if (isSnan<F>(a) || isSnan<F>(b)) e.flags |= kInvalid;
  return F::kNan;
}

template <class F>
typename F::T add(typename F::T a, typename F::T b, bool negB, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) return nanResult<F>(a, b, e);
  if (negB) b ^= F::kSign;
  bool sa = signOf<F>(a), sb = signOf<F>(b);
  bool ia = isInf<F>(a), ib = isInf<F>(b);
  if (ia || ib) {
    if (ia && ib && sa != sb) {
      e.flags |= kInvalid;
      return F::kNan;
    }
    return ia ? a : b;
  }
  bool za = isZero<F>(a), zb = isZero<F>(b);
  if (za && zb) return signed0<F>(sa == sb ? sa : e.rm == kRdn);
  if (za) return b;
  if (zb) return a;
  int32_t ea, eb;
  uint64_t ma, mb;
  unpack<F>(a, ea, ma);
  unpack<F>(b, eb, mb);
  constexpr int kSh = 62 - F::kM;
  ma <<= kSh;
  mb <<= kSh;
  if (ea < eb || (ea == eb && ma < mb)) {
    std::swap(ea, eb);
    std::swap(ma, mb);
    std::swap(sa, sb);
  }
  mb = jam64(mb, ea - eb);
  uint64_t r = (sa == sb) ? ma + mb : ma - mb;
  if (r == 0) return signed0<F>(e.rm == kRdn);
  return roundPack<F>(sa, ea - kSh, r, e);
}

template <class F>
typename F::T mul(typename F::T a, typename F::T b, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) return nanResult<F>(a, b, e);
  bool s = signOf<F>(a) != signOf<F>(b);
  bool ia = isInf<F>(a), ib = isInf<F>(b), za = isZero<F>(a), zb = isZero<F>(b);
  if (ia || ib) {
    if (za || zb) {
      e.flags |= kInvalid;
      return F::kNan;
    }
    return signedInf<F>(s);
  }
  if (za || zb) return signed0<F>(s);
  int32_t ea, eb;
  uint64_t ma, mb;
  unpack<F>(a, ea, ma);
  unpack<F>(b, eb, mb);
  if constexpr (2 * (F::kM + 1) <= 64) {
    return roundPack<F>(s, ea + eb, ma * mb, e);
  } else {
    return roundPack128<F>(s, ea + eb, u128(ma) * mb, e);
  }
}

template <class F>
typename F::T div(typename F::T a, typename F::T b, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) return nanResult<F>(a, b, e);
  bool s = signOf<F>(a) != signOf<F>(b);
  bool ia = isInf<F>(a), ib = isInf<F>(b), za = isZero<F>(a), zb = isZero<F>(b);
  if ((ia && ib) || (za && zb)) {
    e.flags |= kInvalid;
    return F::kNan;
  }
  if (ia) return signedInf<F>(s);
  if (ib || za) return signed0<F>(s);
  if (zb) {
    e.flags |= kDivByZero;
    return signedInf<F>(s);
  }
  int32_t ea, eb;
  uint64_t ma, mb;
  unpack<F>(a, ea, ma);
  unpack<F>(b, eb, mb);
  // Quotient of ma * 2^S by mb has at least S = kM + 5 bits.
  constexpr int kS = F::kM + 5;
  uint64_t q, r;
  if constexpr (2 * F::kM + 6 <= 64) {
    uint64_t num = ma << kS;
    q = num / mb;
    r = num % mb;
  } else {
    u128 num = u128(ma) << kS;
    q = uint64_t(num / mb);
    r = uint64_t(num % mb);
  }
  return roundPack<F>(s, ea - eb - kS, q | uint64_t(r != 0), e);
}

template <class F>
typename F::T sqrt(typename F::T a, Env& e) {
  if (isNan<F>(a)) return nanResult<F>(a, a, e);
  if (isZero<F>(a)) return a;
  if (signOf<F>(a)) {
    e.flags |= kInvalid;
    return F::kNan;
  }
  if (isInf<F>(a)) return a;
  int32_t ea;
  uint64_t ma;
  unpack<F>(a, ea, ma);
  // m = ma << s with an even exponent and at least 2*kM + 5 bits, so that
  // its integer square root has at least kM + 3 bits (two guard bits).
  int s = F::kM + 5;
  if ((ea - s) & 1) ++s;
  using M = std::conditional_t<(2 * F::kM + 8 <= 64), uint64_t, u128>;
  constexpr int kPairs = F::kM + 4;  // m < 2^(2*kPairs)
  constexpr int kBits = int(sizeof(M) * 8);
  // Restoring square root, one result bit per step, without branches; m is
  // consumed two bits at a time from its top.
  M m = M(ma) << (s + kBits - 2 * kPairs);
  uint64_t q = 0, rem = 0;
  for (int i = 0; i < kPairs; ++i) {
    rem = (rem << 2) | uint64_t(m >> (kBits - 2));
    m <<= 2;
    uint64_t t = (q << 2) | 1;
    uint64_t ge = rem >= t;
    rem -= t & (uint64_t(0) - ge);
    q = (q << 1) | ge;
  }
  return roundPack<F>(false, (ea - s) / 2, q | uint64_t(rem != 0), e);
}

template <class F>
typename F::T fma(typename F::T a, typename F::T b, typename F::T c, Env& e) {
  bool ia = isInf<F>(a), ib = isInf<F>(b), ic = isInf<F>(c);
  bool za = isZero<F>(a), zb = isZero<F>(b), zc = isZero<F>(c);
  if (isNan<F>(a) || isNan<F>(b) || isNan<F>(c)) {
    // inf * 0 is invalid even when the addend is a quiet NaN (RISC-V).
    if (isSnan<F>(a) || isSnan<F>(b) || isSnan<F>(c) || (ia && zb) || (za && ib))
      e.flags |= kInvalid;
    return F::kNan;
  }
  bool sp = signOf<F>(a) != signOf<F>(b), sc = signOf<F>(c);
  if ((ia && zb) || (za && ib)) {
    e.flags |= kInvalid;
    return F::kNan;
  }
  if (ia || ib) {
    if (ic && sc != sp) {
      e.flags |= kInvalid;
      return F::kNan;
    }
    return signedInf<F>(sp);
  }
  if (ic) return c;
  if (za || zb) {
    if (zc) return signed0<F>(sp == sc ? sp : e.rm == kRdn);
    return c;
  }
  int32_t ea, eb, ec;
  uint64_t ma, mb, mc;
  unpack<F>(a, ea, ma);
  unpack<F>(b, eb, mb);
  u128 p = u128(ma) * mb;
  int32_t ep = ea + eb;
  if (zc) return roundPack128<F>(sp, ep, p, e);
  unpack<F>(c, ec, mc);
  // Both terms with their leading 1 at bit 125; lp/lc = exponent of bit 0.
  int sh = clz128(p) - 2;
  p <<= sh;
  ep -= sh;
  u128 pc = u128(mc) << (125 - F::kM);
  ec -= 125 - F::kM;
  if (ep < ec || (ep == ec && p < pc)) {
    std::swap(p, pc);
    std::swap(ep, ec);
    std::swap(sp, sc);
  }
  pc = jam128(pc, ep - ec);
  u128 r = (sp == sc) ? p + pc : p - pc;
  if (r == 0) return signed0<F>(e.rm == kRdn);
  return roundPack128<F>(sp, ep, r, e);
}

template <class F>
bool eq(typename F::T a, typename F::T b, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) {
    if (isSnan<F>(a) || isSnan<F>(b)) e.flags |= kInvalid;
    return false;
  }
  return a == b || isZero<F>(typename F::T(a | b));
}

template <class F>
bool lt(typename F::T a, typename F::T b, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) {
    e.flags |= kInvalid;
    return false;
  }
  bool sa = signOf<F>(a), sb = signOf<F>(b);
  if (sa != sb) return sa && !isZero<F>(typename F::T(a | b));
  if (a == b) return false;
  return sa ? a > b : a < b;
}

template <class F>
bool le(typename F::T a, typename F::T b, Env& e) {
  if (isNan<F>(a) || isNan<F>(b)) {
    e.flags |= kInvalid;
    return false;
  }
  bool sa = signOf<F>(a), sb = signOf<F>(b);
  if (sa != sb) return sa || isZero<F>(typename F::T(a | b));
  return a == b || (sa ? a > b : a < b);
}

// RISC-V fmin/fmax (minimumNumber/maximumNumber, -0 < +0).
template <class F>
typename F::T minmax(typename F::T a, typename F::T b, bool wantMax, Env& e) {
  bool na = isNan<F>(a), nb = isNan<F>(b);
  if (na || nb) {
    if (isSnan<F>(a) || isSnan<F>(b)) e.flags |= kInvalid;
    if (na && nb) return F::kNan;
    return na ? b : a;
  }
  bool sa = signOf<F>(a), sb = signOf<F>(b);
  bool aLess;  // a < b in the total order with -0 < +0
  if (sa != sb) aLess = sa;
  else aLess = sa ? a > b : a < b;
  return (aLess != wantMax) ? a : b;
}

template <class F>
uint16_t classify(typename F::T a) {
  bool s = signOf<F>(a);
  if (isNan<F>(a)) return isSnan<F>(a) ? kSignalingNan : kQuietNan;
  if (isInf<F>(a)) return s ? kNegInf : kPosInf;
  if (isZero<F>(a)) return s ? kNegZero : kPosZero;
  bool sub = ((a >> F::kM) & F::kExpMax) == 0;
  if (sub) return s ? kNegSubnormal : kPosSubnormal;
  return s ? kNegNormal : kPosNormal;
}

template <class F, typename I>
I toInt(typename F::T a, Env& e) {
  using UI = std::make_unsigned_t<I>;
  constexpr I kMax = std::numeric_limits<I>::max();
  constexpr I kMin = std::numeric_limits<I>::min();
  if (isNan<F>(a)) {
    e.flags |= kInvalid;
    return kMax;
  }
  bool s = signOf<F>(a);
  if (isZero<F>(a)) return 0;
  if (isInf<F>(a)) {
    e.flags |= kInvalid;
    return s ? kMin : kMax;
  }
  int32_t exp;
  uint64_t sig;
  unpack<F>(a, exp, sig);
  if (exp + F::kM >= 64) {  // |a| >= 2^64
    e.flags |= kInvalid;
    return s ? kMin : kMax;
  }
  uint64_t mag;
  bool inexact = false;
  if (exp >= 0) {
    mag = sig << exp;
  } else {
    int d = -exp;
    if (d >= 64) {  // |a| < 2^(kM+1-64) <= 1/2: rounds to 0 or 1
      inexact = true;
      mag = (e.rm == kRup && !s) || (e.rm == kRdn && s);
    } else {
      uint64_t q = sig >> d, rem = sig & ((uint64_t(1) << d) - 1);
      inexact = rem != 0;
      mag = q + roundsUp(q, rem, uint64_t(1) << (d - 1), s, e.rm);
    }
  }
  if (!s) {
    if (mag > UI(kMax)) {
      e.flags |= kInvalid;
      return kMax;
    }
  } else if constexpr (std::is_signed_v<I>) {
    if (mag > UI(kMax) + 1u) {
      e.flags |= kInvalid;
      return kMin;
    }
  } else {
    if (mag != 0) {
      e.flags |= kInvalid;
      return 0;
    }
  }
  if (inexact) e.flags |= kInexact;
  return s ? I(UI(0) - UI(mag)) : I(mag);
}

template <class F>
inline typename F::T fromInt(bool s, uint64_t mag, Env& e) {
  if (mag == 0) return 0;
  return roundPack<F>(s, 0, mag, e);
}

template <class D, class S>
typename D::T convert(typename S::T a, Env& e) {
  if (isNan<S>(a)) {
    if (isSnan<S>(a)) e.flags |= kInvalid;
    return D::kNan;
  }
  bool s = signOf<S>(a);
  if (isInf<S>(a)) return signedInf<D>(s);
  if (isZero<S>(a)) return signed0<D>(s);
  int32_t exp;
  uint64_t sig;
  unpack<S>(a, exp, sig);
  return roundPack<D>(s, exp, sig, e);
}

}  // namespace

#define NPUVP_SOFTFLOAT_DEFINE(P, T, F)                                                      \
  T P##_add(T a, T b, Env& e) { return add<F>(a, b, false, e); }                            \
  T P##_sub(T a, T b, Env& e) { return add<F>(a, b, true, e); }                             \
  T P##_mul(T a, T b, Env& e) { return mul<F>(a, b, e); }                                   \
  T P##_div(T a, T b, Env& e) { return div<F>(a, b, e); }                                   \
  T P##_sqrt(T a, Env& e) { return sqrt<F>(a, e); }                                         \
  T P##_fma(T a, T b, T c, Env& e) { return fma<F>(a, b, c, e); }                           \
  T P##_min(T a, T b, Env& e) { return minmax<F>(a, b, false, e); }                         \
  T P##_max(T a, T b, Env& e) { return minmax<F>(a, b, true, e); }                          \
  bool P##_eq(T a, T b, Env& e) { return eq<F>(a, b, e); }                                  \
  bool P##_lt(T a, T b, Env& e) { return lt<F>(a, b, e); }                                  \
  bool P##_le(T a, T b, Env& e) { return le<F>(a, b, e); }                                  \
  uint16_t P##_classify(T a) { return classify<F>(a); }                                     \
  bool P##_is_nan(T a) { return isNan<F>(a); }                                              \
  bool P##_is_signaling_nan(T a) { return isSnan<F>(a); }                                   \
  int32_t P##_to_i32(T a, Env& e) { return toInt<F, int32_t>(a, e); }                       \
  uint32_t P##_to_u32(T a, Env& e) { return toInt<F, uint32_t>(a, e); }                     \
  int64_t P##_to_i64(T a, Env& e) { return toInt<F, int64_t>(a, e); }                       \
  uint64_t P##_to_u64(T a, Env& e) { return toInt<F, uint64_t>(a, e); }                     \
  T P##_from_i32(int32_t v, Env& e) {                                                       \
    return fromInt<F>(v < 0, v < 0 ? 0u - uint64_t(int64_t(v)) : uint64_t(v), e);             \
  }                                                                                         \
  T P##_from_u32(uint32_t v, Env& e) { return fromInt<F>(false, v, e); }                    \
  T P##_from_i64(int64_t v, Env& e) {                                                       \
    return fromInt<F>(v < 0, v < 0 ? 0u - uint64_t(v) : uint64_t(v), e);                    \
  }                                                                                         \
  T P##_from_u64(uint64_t v, Env& e) { return fromInt<F>(false, v, e); }                    \
  uint16_t P##_to_f16(T a, Env& e) { return convert<F16, F>(a, e); }                        \
  uint16_t P##_to_bf16(T a, Env& e) { return convert<BF16, F>(a, e); }                      \
  uint32_t P##_to_f32(T a, Env& e) { return convert<F32, F>(a, e); }                        \
  uint64_t P##_to_f64(T a, Env& e) { return convert<F64, F>(a, e); }

NPUVP_SOFTFLOAT_DEFINE(f16, uint16_t, F16)
NPUVP_SOFTFLOAT_DEFINE(bf16, uint16_t, BF16)
NPUVP_SOFTFLOAT_DEFINE(f32, uint32_t, F32)
NPUVP_SOFTFLOAT_DEFINE(f64, uint64_t, F64)

#undef NPUVP_SOFTFLOAT_DEFINE

}  // namespace npuvp::softfloat
