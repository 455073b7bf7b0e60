// Shared helpers for the soft-float tests: host flag mapping, operand
// generators that concentrate on the interesting corners of a format.
#pragma once

#include <cfenv>
#include <cstdint>
#include <cstring>
#include <random>

#include "isa/numerics/softfloat.h"

namespace sftest {

using namespace npuvp::softfloat;

template <class To, class From>
inline To bitsOf(From f) {
  static_assert(sizeof(To) == sizeof(From));
  To t;
  std::memcpy(&t, &f, sizeof t);
  return t;
}

// Host FE_* flags mapped to RISC-V fflags bits.
inline uint8_t hostFlags() {
  int x = std::fetestexcept(FE_ALL_EXCEPT);
  uint8_t f = 0;
  if (x & FE_INEXACT) f |= kInexact;
  if (x & FE_UNDERFLOW) f |= kUnderflow;
  if (x & FE_OVERFLOW) f |= kOverflow;
  if (x & FE_DIVBYZERO) f |= kDivByZero;
  if (x & FE_INVALID) f |= kInvalid;
  return f;
}

inline int hostRounding(Rounding rm) {
  switch (rm) {
    case kRtz: return FE_TOWARDZERO;
    case kRdn: return FE_DOWNWARD;
    case kRup: return FE_UPWARD;
    default: return FE_TONEAREST;
  }
}

// Sets the host rounding mode for a scope, restores round-to-nearest after.
struct HostRounding {
  explicit HostRounding(int mode) { std::fesetround(mode); }
  ~HostRounding() {
    std::fesetround(FE_TONEAREST);
    std::feclearexcept(FE_ALL_EXCEPT);
  }
};

inline const char* modeName(Rounding rm) {
  static const char* const n[] = {"RNE", "RTZ", "RDN", "RUP", "RMM"};
  return rm <= kRmm ? n[rm] : "?";
}

// Random operands of a binary format with E exponent and M fraction bits.
template <int E, int M, class U>
struct Gen {
  static constexpr int kN = 1 + E + M;
  static constexpr uint64_t kExpMax = (uint64_t(1) << E) - 1;
  static constexpr uint64_t kFracMask = (uint64_t(1) << M) - 1;
  static constexpr int64_t kBias = (int64_t(1) << (E - 1)) - 1;

  std::mt19937_64 rng;
  explicit Gen(uint64_t seed) : rng(seed) {}

  uint64_t r() { return rng(); }
  U make(bool s, uint64_t ef, uint64_t frac) {
    return U((uint64_t(s) << (kN - 1)) | ((ef & kExpMax) << M) | (frac & kFracMask));
  }
  static uint64_t expOf(U a) { return (uint64_t(a) >> M) & kExpMax; }
  uint64_t randFrac() {
    switch (r() % 4) {
      case 0: return r() & kFracMask;                                  // anything
      case 1: return (r() & kFracMask) & ~((uint64_t(1) << (r() % (M + 1))) - 1);  // few bits
      case 2: return kFracMask - (r() % 4);                            // all ones
      default: return r() % 4;                                         // near zero
    }
  }
  U special() {
    bool s = r() & 1;
    switch (r() % 10) {
      case 0: return make(s, 0, 0);                                    // zero
      case 1: return make(s, kExpMax, 0);                              // inf
      case 2: return make(s, kExpMax, (uint64_t(1) << (M - 1)) | (r() & kFracMask));  // qNaN
      case 3: return make(s, kExpMax, (r() & (kFracMask >> 1)) | 1);  // sNaN
      case 4: return make(s, 0, 1);                                    // min subnormal
      case 5: return make(s, 0, kFracMask);                            // max subnormal
      case 6: return make(s, 1, 0);                                    // min normal
      case 7: return make(s, kExpMax - 1, kFracMask);                  // max finite
      case 8: return make(s, kBias, 0);                                // 1
      default: return make(s, kBias + (r() % 3), r() % 3);
    }
  }
  // Exponent field near the top of the range (2^31, 2^32, 2^63, 2^64) of
  // integer conversions, or a small integer-ish value.
  U nearIntLimit() {
    static const int kPow[] = {0, 1, 15, 16, 23, 24, 31, 32, 52, 53, 63, 64};
    int k = kPow[r() % 12];
    bool s = r() & 1;
    if (k > kBias) k = int(kBias);
    if (r() & 1) return make(s, uint64_t(kBias + k), r() % 4);
    return make(s, uint64_t(kBias + k - 1), kFracMask - (r() % 4));
  }
  U operand() {
    bool s = r() & 1;
    switch (r() % 12) {
      case 0: case 1: case 2: return U(r());
      case 3: return special();
      case 4: return make(s, 0, r() & kFracMask);                                 // subnormal
      case 5: return make(s, kExpMax - 1 - r() % 3, randFrac());                  // near overflow
      case 6: return make(s, r() % 4, randFrac());                                // near underflow
      case 7: return nearIntLimit();
      case 8: return make(s, uint64_t(kBias - 4 + int64_t(r() % 9)), randFrac());  // near 1
      case 9: return make(s, uint64_t(kBias - 2 + int64_t(r() % 8)), (r() & kFracMask) >> (r() % M) << (r() % 3));
      default: return make(s, r() % kExpMax, randFrac());
    }
  }
  uint64_t clampExp(int64_t ef) {
    if (ef < 0) return 0;
    if (ef > int64_t(kExpMax - 1)) return kExpMax - 1;
    return uint64_t(ef);
  }
  // A second operand related to a so that results hit cancellation,
  // overflow and underflow of products and quotients.
  U partner(U a) {
    int64_t ea = int64_t(expOf(a));
    bool s = r() & 1;
    switch (r() % 10) {
      case 0: case 1: case 2: return operand();
      case 3: return U(a + U(int64_t(r() % 9) - 4));                  // neighbour bits
      case 4: return U(a ^ (U(1) << (kN - 1)) ^ U(r() % 4));            // near -a
      case 5: return make(s, clampExp(kBias - ea + int64_t(r() % (M + 8)) - M - 4), randFrac());  // product tiny
      case 6: return make(s, clampExp(3 * kBias + 1 - ea + int64_t(r() % 5) - 2), randFrac());    // product huge
      case 7: return make(s, clampExp(ea + kBias + M + 4 - int64_t(r() % (M + 8))), randFrac());      // quotient tiny
      case 8: return make(s, clampExp(ea + kBias - int64_t(2 * kBias) + int64_t(r() % 5) - 2), randFrac());  // quotient huge
      default: return make(s, clampExp(ea - int64_t(r() % (M + 4))), randFrac());                  // close exponents
    }
  }
};

// Random integers biased towards conversion boundaries.
inline uint64_t randInt(std::mt19937_64& rng) {
  static const int kPow[] = {0, 8, 11, 15, 16, 23, 24, 25, 31, 32, 52, 53, 54, 63};
  switch (rng() % 4) {
    case 0: return rng();
    case 1: return rng() >> (rng() % 64);
    case 2: {
      uint64_t v = (uint64_t(1) << kPow[rng() % 14]) + (rng() % 9) - 4;
      return (rng() & 1) ? v : uint64_t(0) - v;
    }
    default: {  // a small number of significant bits, shifted: exact or tie
      uint64_t v = (rng() % 0x7ff) << (rng() % 54);
      return (rng() & 1) ? v : uint64_t(0) - v;
    }
  }
}

}  // namespace sftest
