// What the examples' input generators share: a deterministic random source
// (the same files on every host) and exact fp16 conversions through the
// project's soft-float (isa/numerics), so references round exactly as the
// vector unit does.
#pragma once

#include <cstdint>
#include <cstring>

#include "isa/numerics/softfloat.h"

namespace npuvp::examples {

// xorshift64*
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9e3779b97f4a7c15ull + 1) {}
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545f4914f6cdd1dull;
  }
  // Uniform in [lo, hi), from the top 53 bits.
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1p-53; }
};

// double -> fp16 bits, rounded to nearest even.
inline uint16_t to_f16(double v) {
  softfloat::Env e;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return softfloat::f64_to_f16(bits, e);
}

// fp16 bits -> double (exact).
inline double from_f16(uint16_t h) {
  softfloat::Env e;
  const uint64_t bits = softfloat::f16_to_f64(h, e);
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

}  // namespace npuvp::examples
