// An independent reference for the vector-unit tests: values are host
// doubles, and rounding to f16/bf16/f32 is done here by scaling to the
// format's quantum and rounding the integer (no softfloat involved). Double
// holds every +,-,*,/,sqrt of two f16/bf16/f32 operands closely enough that
// rounding its result once more is the correctly rounded answer (53 >= 2p+2).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace npuvp::test {

enum class Fmt { f16, bf16, f32 };
enum class Mode { rne, rtz, floor, ceil, away, odd };

struct FmtInfo {
  int mant;  // stored mantissa bits
  int emin, emax;
  int bits;
};
inline FmtInfo fmt_info(Fmt f) {
  switch (f) {
    case Fmt::f16: return {10, -14, 15, 16};
    case Fmt::bf16: return {7, -126, 127, 16};
    default: return {23, -126, 127, 32};
  }
}

inline uint32_t canonical_nan(Fmt f) {
  return f == Fmt::f16 ? 0x7e00u : f == Fmt::bf16 ? 0x7fc0u : 0x7fc00000u;
}

inline double to_double(Fmt f, uint32_t v) {
  const FmtInfo i = fmt_info(f);
  const uint32_t sign = v >> (i.bits - 1) & 1;
  const int exp_bits = i.bits - 1 - i.mant;
  const uint32_t e = v >> i.mant & ((1u << exp_bits) - 1);
  const uint32_t m = v & ((1u << i.mant) - 1);
  const int bias = (1 << (exp_bits - 1)) - 1;
  double r;
  if (e == (1u << exp_bits) - 1)
    r = m ? NAN : INFINITY;
  else if (e == 0)
    r = std::ldexp(static_cast<double>(m), i.emin - i.mant);
  else
    r = std::ldexp(static_cast<double>(m | 1u << i.mant), static_cast<int>(e) - bias - i.mant);
  return sign ? -r : r;
}

// Rounds x to format f under mode m; NaN gives the canonical NaN.
inline uint32_t round_to(Fmt f, double x, Mode mode = Mode::rne) {
  const FmtInfo i = fmt_info(f);
  const int exp_bits = i.bits - 1 - i.mant;
  const int bias = (1 << (exp_bits - 1)) - 1;
  if (std::isnan(x)) return canonical_nan(f);
  const bool neg = std::signbit(x);
  const uint32_t sign = neg ? 1u << (i.bits - 1) : 0;
  const uint32_t inf = sign | ((1u << exp_bits) - 1) << i.mant;
  const uint32_t max_finite = inf - 1;
  if (std::isinf(x)) return inf;
  const double a = std::fabs(x);
  if (a == 0) return sign;
  int e;
  std::frexp(a, &e);
  e -= 1;  // a in [2^e, 2^(e+1))
  if (e < i.emin) e = i.emin;
  const double q = std::ldexp(a, i.mant - e);  // exact
  double n;
  const double t = std::trunc(q);
  switch (mode) {
    case Mode::rne: n = std::nearbyint(q); break;  // host default: to nearest even
    case Mode::rtz: n = t; break;
    case Mode::floor: n = neg ? std::ceil(q) : t; break;
    case Mode::ceil: n = neg ? t : std::ceil(q); break;
    case Mode::away: n = (q - t >= 0.5) ? t + 1 : t; break;
    case Mode::odd: n = (t != q && std::fmod(t, 2.0) == 0) ? t + 1 : t; break;
    default: n = q; break;
  }
  double m = n;
  int e2 = e;
  if (m >= std::ldexp(1.0, i.mant + 1)) {
    m /= 2;
    e2 += 1;
  }
  if (e2 > i.emax) {
    const bool to_inf = mode == Mode::rne || mode == Mode::away || (mode == Mode::floor && neg) ||
                        (mode == Mode::ceil && !neg);
    return to_inf ? inf : max_finite;
  }
  const auto mi = static_cast<uint32_t>(m);
  if (mi < (1u << i.mant)) return sign | mi;  // subnormal (or zero)
  return sign | static_cast<uint32_t>(e2 + bias) << i.mant | (mi - (1u << i.mant));
}

inline bool is_nan(Fmt f, uint32_t v) { return std::isnan(to_double(f, v)); }

}  // namespace npuvp::test
