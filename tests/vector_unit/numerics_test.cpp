// Element numerics of the vector unit against the independent reference of
// reference.h (host doubles + a rounding routine written here).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "models/vector_unit/numerics.h"
#include "tests/vector_unit/reference.h"

namespace npuvp::test {
namespace {

using isa::xnpu::DType;
using isa::xnpu::RoundMode;
namespace num = vector_unit::num;

Fmt fmt_of(DType t) { return t == DType::f16 ? Fmt::f16 : t == DType::bf16 ? Fmt::bf16 : Fmt::f32; }

// Interesting bit patterns of a float type plus random ones.
std::vector<uint32_t> samples(DType t, int random_count, uint32_t seed) {
  std::vector<uint32_t> v;
  if (t == DType::f32) {
    v = {0, 0x80000000, 1, 0x80000001, 0x007fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff,
         0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00123, 0x3f7fffff, 0x40490fdb, 0x33800000};
  } else if (t == DType::f16) {
    v = {0, 0x8000, 1, 0x8001, 0x03ff, 0x0400, 0x3c00, 0xbc00, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x7c01,
         0xfe01, 0x3bff, 0x4248, 0x1400};
  } else {
    v = {0, 0x8000, 1, 0x8001, 0x007f, 0x0080, 0x3f80, 0xbf80, 0x7f7f, 0xff7f, 0x7f80, 0xff80, 0x7fc0, 0x7f81,
         0xffc1, 0x3f7f, 0x4049, 0x3380};
  }
  std::mt19937 rng(seed);
  const uint32_t m = t == DType::f32 ? 0xffffffffu : 0xffffu;
  for (int i = 0; i < random_count; ++i) v.push_back(rng() & m);
  // Values near each other, so that sums and differences cancel and round.
  for (int i = 0; i < random_count / 4; ++i) {
    const uint32_t a = rng() & m;
    v.push_back(a ^ (rng() & 0xf));
  }
  return v;
}

uint32_t expected_binary(char op, Fmt f, uint32_t a, uint32_t b) {
  const double x = to_double(f, a), y = to_double(f, b);
  switch (op) {
    case '+': return round_to(f, x + y);
    case '-': return round_to(f, x - y);
    case '*': return round_to(f, x * y);
    case '/': return round_to(f, x / y);
    case 'M':
    case 'm': {
      if (std::isnan(x) || std::isnan(y)) return canonical_nan(f);
      if (x == y && x == 0) {  // -0 < +0
        const bool xneg = std::signbit(x);
        const bool take_x = op == 'M' ? !xneg : xneg;
        return take_x ? a : b;
      }
      const bool take_x = op == 'M' ? x > y : x < y;
      return take_x ? a : b;
    }
  }
  return 0;
}

class FloatBinary : public ::testing::TestWithParam<DType> {};

TEST_P(FloatBinary, AddSubMulDivMaxMinMatchTheReference) {
  const DType t = GetParam();
  const Fmt f = fmt_of(t);
  const std::vector<uint32_t> v = samples(t, 300, 1 + static_cast<uint32_t>(t));
  int checked = 0;
  for (uint32_t a : v)
    for (size_t j = 0; j < v.size(); j += 3) {
      const uint32_t b = v[j];
      struct {
        char op;
        uint32_t got;
      } cases[] = {{'+', num::add(t, a, b)}, {'-', num::sub(t, a, b)}, {'*', num::mul(t, a, b)},
                   {'/', num::div(t, a, b)}, {'M', num::max(t, a, b)}, {'m', num::min(t, a, b)}};
      for (const auto& c : cases) {
        const uint32_t want = expected_binary(c.op, f, a, b);
        ASSERT_EQ(c.got, want) << std::hex << "type " << static_cast<int>(t) << " 0x" << a << " " << c.op << " 0x" << b;
        ++checked;
      }
    }
  EXPECT_GT(checked, 10000);
}

TEST_P(FloatBinary, FusedMultiplyAddRoundsOnce) {
  const DType t = GetParam();
  const Fmt f = fmt_of(t);
  std::mt19937 rng(99);
  const std::vector<uint32_t> v = samples(t, 200, 7);
  for (int n = 0; n < 20000; ++n) {
    const uint32_t a = v[rng() % v.size()], b = v[rng() % v.size()], c = v[rng() % v.size()];
    const double x = to_double(f, a), y = to_double(f, b), z = to_double(f, c);
    // p = x*y is exact in double (at most 48 significant bits); s + e = p + z
    // exactly (TwoSum). Rounding s is correct unless s sits exactly on a
    // midpoint of the format and e breaks the tie.
    const double p = x * y, s = p + z;
    uint32_t want = round_to(f, s);
    if (std::isfinite(s) && std::isfinite(p) && std::isfinite(z)) {
      const double bp = s - z, bz = s - bp, e = (p - bp) + (z - bz);
      const uint32_t down = round_to(f, s, Mode::rtz), up = round_to(f, s, Mode::away);
      if (e != 0 && down != up && (to_double(f, down) + to_double(f, up)) / 2 == s)
        want = (e > 0) == (s > 0) ? up : down;
    }
    ASSERT_EQ(num::fma(t, a, b, c), want) << std::hex << a << " " << b << " " << c;
  }
}

TEST_P(FloatBinary, UnaryOps) {
  const DType t = GetParam();
  const Fmt f = fmt_of(t);
  for (uint32_t a : samples(t, 3000, 5)) {
    const double x = to_double(f, a);
    EXPECT_EQ(num::sqrt(t, a), round_to(f, std::sqrt(x))) << std::hex << a;
    EXPECT_EQ(num::reciprocal(t, a), round_to(f, 1.0 / x)) << std::hex << a;
    EXPECT_EQ(num::abs(t, a), std::isnan(x) ? canonical_nan(f) : round_to(f, std::fabs(x))) << std::hex << a;
    const uint32_t relu = std::isnan(x) ? canonical_nan(f) : (std::signbit(x) ? 0 : a);
    EXPECT_EQ(num::relu(t, a), relu) << std::hex << a;
    const uint32_t alpha = round_to(f, 0.125);
    const uint32_t lrelu = std::isnan(x) ? canonical_nan(f) : std::signbit(x) ? round_to(f, x * 0.125) : a;
    EXPECT_EQ(num::leaky_relu(t, a, alpha), lrelu) << std::hex << a;
  }
}

TEST_P(FloatBinary, Comparisons) {
  const DType t = GetParam();
  const Fmt f = fmt_of(t);
  const std::vector<uint32_t> v = samples(t, 100, 11);
  for (uint32_t a : v)
    for (uint32_t b : v) {
      const double x = to_double(f, a), y = to_double(f, b);
      EXPECT_EQ(num::compare(num::Cmp::eq, t, a, b), x == y);
      EXPECT_EQ(num::compare(num::Cmp::ne, t, a, b), x != y);
      EXPECT_EQ(num::compare(num::Cmp::lt, t, a, b), x < y);
      EXPECT_EQ(num::compare(num::Cmp::gt, t, a, b), x > y);
      EXPECT_EQ(num::compare(num::Cmp::le, t, a, b), x <= y);
      EXPECT_EQ(num::compare(num::Cmp::ge, t, a, b), x >= y);
    }
}

INSTANTIATE_TEST_SUITE_P(Types, FloatBinary, ::testing::Values(DType::f16, DType::bf16, DType::f32),
                         [](const auto& p) { return std::string(isa::xnpu::dtype_name(p.param)); });

TEST(IntegerOps, WrapAroundAndExactOps) {
  for (DType t : {DType::s16, DType::s32}) {
    const int bits = t == DType::s16 ? 16 : 32;
    const int64_t lo = -(int64_t{1} << (bits - 1)), hi = (int64_t{1} << (bits - 1)) - 1;
    const uint64_t m = (uint64_t{1} << bits) - 1;
    auto enc = [&](int64_t v) { return static_cast<uint32_t>(static_cast<uint64_t>(v) & m); };
    auto wrap = [&](int64_t v) { return enc(v); };
    std::mt19937 rng(3);
    std::vector<int64_t> vals = {0, 1, -1, lo, hi, lo + 1, hi - 1, 2, -2};
    for (int i = 0; i < 200; ++i) vals.push_back(lo + static_cast<int64_t>(rng() % (static_cast<uint64_t>(hi - lo) + 1)));
    for (int64_t x : vals)
      for (int64_t y : vals) {
        const uint32_t a = enc(x), b = enc(y);
        ASSERT_EQ(num::add(t, a, b), wrap(x + y));
        ASSERT_EQ(num::sub(t, a, b), wrap(x - y));
        ASSERT_EQ(num::mul(t, a, b), wrap(static_cast<int64_t>(static_cast<uint64_t>(x) * static_cast<uint64_t>(y))));
        ASSERT_EQ(num::max(t, a, b), enc(std::max(x, y)));
        ASSERT_EQ(num::min(t, a, b), enc(std::min(x, y)));
        ASSERT_EQ(num::compare(num::Cmp::lt, t, a, b), x < y);
      }
    EXPECT_EQ(num::abs(t, enc(lo)), enc(lo));  // |INT_MIN| wraps
    EXPECT_EQ(num::abs(t, enc(-5)), enc(5));
    EXPECT_EQ(num::relu(t, enc(-5)), 0u);
    EXPECT_EQ(num::relu(t, enc(7)), enc(7));
  }
}

// ---- conversions
Mode mode_of(RoundMode rm) {
  switch (rm) {
    case RoundMode::floor: return Mode::floor;
    case RoundMode::ceil: return Mode::ceil;
    case RoundMode::round: return Mode::away;
    case RoundMode::trunc: return Mode::rtz;
    case RoundMode::odd: return Mode::odd;
    default: return Mode::rne;
  }
}

struct IntRange {
  int64_t lo, hi;
};
IntRange range_of(DType t) {
  switch (t) {
    case DType::s8: return {-128, 127};
    case DType::u8: return {0, 255};
    case DType::s16: return {-32768, 32767};
    default: return {INT32_MIN, INT32_MAX};
  }
}
uint32_t int_bits(DType t, int64_t v) {
  const unsigned w = 8 * isa::xnpu::dtype_bytes(t);
  return static_cast<uint32_t>(static_cast<uint64_t>(v) & (w == 32 ? 0xffffffffull : (1ull << w) - 1));
}
int64_t int_value(DType t, uint32_t bits) {
  const unsigned w = 8 * isa::xnpu::dtype_bytes(t);
  if (t == DType::u8) return bits & 0xff;
  const int64_t m = int64_t{1} << (w - 1);
  const int64_t x = static_cast<int64_t>(bits & ((uint64_t{1} << w) - 1));
  return (x ^ m) - m;
}
int64_t round_int(double x, Mode m) {
  const double t = std::trunc(x);
  switch (m) {
    case Mode::rne: return static_cast<int64_t>(std::nearbyint(x));
    case Mode::rtz: return static_cast<int64_t>(t);
    case Mode::floor: return static_cast<int64_t>(std::floor(x));
    case Mode::ceil: return static_cast<int64_t>(std::ceil(x));
    case Mode::away: return static_cast<int64_t>(std::fabs(x - t) >= 0.5 ? t + (x < 0 ? -1 : 1) : t);
    case Mode::odd: return static_cast<int64_t>(t != x && std::fmod(t, 2.0) == 0 ? t + (x < 0 ? -1 : 1) : t);
  }
  return 0;
}

TEST(Conversions, EveryPairEveryModeMatchesTheReference) {
  const DType types[] = {DType::f16, DType::f32, DType::bf16, DType::s8, DType::u8, DType::s16, DType::s32};
  const RoundMode modes[] = {RoundMode::none, RoundMode::rint, RoundMode::floor, RoundMode::ceil,
                             RoundMode::round, RoundMode::trunc, RoundMode::odd};
  int checked = 0;
  for (DType from : types)
    for (DType to : types) {
      if (from == to) continue;
      std::vector<uint32_t> src;
      if (isa::xnpu::is_float(from)) {
        src = samples(from, 2000, 17);
        // Values around integers and halves, and at the integer ranges' edges.
        for (double d : {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 127.5, 128.0, -128.5, -129.0, 255.5, 256.0, 32767.5,
                         -32768.5, 2147483520.0, -2147483904.0, 3e9, -3e9, 1e-3})
          src.push_back(round_to(fmt_of(from), d));
      } else {
        const IntRange r = range_of(from);
        for (int64_t v : {r.lo, r.hi, int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{2049}, int64_t{16777217},
                          int64_t{-16777217}, int64_t{65505}, int64_t{300}})
          if (v >= r.lo && v <= r.hi) src.push_back(int_bits(from, v));
        std::mt19937 rng(5);
        for (int i = 0; i < 2000; ++i) src.push_back(int_bits(from, r.lo + static_cast<int64_t>(rng() % (r.hi - r.lo + 1))));
      }
      for (RoundMode rm : modes)
        for (uint32_t a : src) {
          const Mode m = mode_of(rm);
          uint32_t want;
          if (isa::xnpu::is_float(from)) {
            const double x = to_double(fmt_of(from), a);
            if (isa::xnpu::is_float(to)) {
              want = round_to(fmt_of(to), x, m);
            } else {
              const IntRange r = range_of(to);
              int64_t v = std::isnan(x) ? 0 : std::isinf(x) ? (x < 0 ? r.lo : r.hi)
                                          : std::fabs(x) > 1e12 ? (x < 0 ? r.lo : r.hi)
                                                                : round_int(x, m);
              want = int_bits(to, std::clamp(v, r.lo, r.hi));
            }
          } else {
            const int64_t v = int_value(from, a);
            if (isa::xnpu::is_float(to)) {
              want = round_to(fmt_of(to), static_cast<double>(v), m);
            } else {
              const IntRange r = range_of(to);
              want = int_bits(to, std::clamp(v, r.lo, r.hi));
            }
          }
          ASSERT_EQ(num::convert(from, to, a, rm), want)
              << isa::xnpu::dtype_name(from) << "->" << isa::xnpu::dtype_name(to) << " mode "
              << static_cast<int>(rm) << std::hex << " 0x" << a;
          ++checked;
        }
    }
  EXPECT_GT(checked, 300000);
}

// ---- transcendental functions: bounds against host libm, exact specials
double ulp_f32(double v) {
  const double a = std::fabs(v);
  if (a < std::ldexp(1.0, -126)) return std::ldexp(1.0, -149);
  int e;
  std::frexp(a, &e);
  return std::ldexp(1.0, e - 1 - 23);
}
float f32(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

TEST(Transcendental, ExpF32WithinTwoUlp) {
  double worst = 0;
  for (double x = -103.9; x < 88.72; x += 0.00731) {
    const uint32_t a = bits(static_cast<float>(x));
    const double xv = f32(a);
    const double want = std::exp(xv);
    const double got = f32(num::exp_f32(a));
    const double err = std::fabs(got - want) / ulp_f32(want);
    worst = std::max(worst, err);
    ASSERT_LE(err, 2.0) << "exp(" << xv << ") = " << got << " want " << want;
  }
  RecordProperty("exp_f32_worst_ulp", std::to_string(worst));
}

TEST(Transcendental, LnF32WithinTwoUlp) {
  double worst = 0;
  std::mt19937 rng(8);
  for (int n = 0; n < 200000; ++n) {
    const uint32_t a = rng() & 0x7f7fffff;  // positive finite (incl. subnormals)
    if (a == 0) continue;
    const double want = std::log(static_cast<double>(f32(a)));
    const double got = f32(num::ln_f32(a));
    const double err = std::fabs(got - want) / ulp_f32(want);
    worst = std::max(worst, err);
    ASSERT_LE(err, 2.0) << std::hex << a << std::dec << " ln = " << got << " want " << want;
  }
  // Near 1, where ln is small and relative accuracy matters most.
  for (uint32_t a = 0x3f7f0000; a < 0x3f810000; a += 7) {
    const double want = std::log(static_cast<double>(f32(a)));
    const double got = f32(num::ln_f32(a));
    if (want == 0) {
      EXPECT_EQ(num::ln_f32(a), 0u);
      continue;
    }
    ASSERT_LE(std::fabs(got - want) / ulp_f32(want), 2.0) << std::hex << a;
  }
  RecordProperty("ln_f32_worst_ulp", std::to_string(worst));
}

TEST(Transcendental, RsqrtF32WithinOneAndAHalfUlp) {
  std::mt19937 rng(9);
  for (int n = 0; n < 200000; ++n) {
    const uint32_t a = rng() & 0x7f7fffff;
    if (a == 0) continue;
    const double want = 1.0 / std::sqrt(static_cast<double>(f32(a)));
    ASSERT_LE(std::fabs(f32(num::rsqrt_f32(a)) - want) / ulp_f32(want), 1.5) << std::hex << a;
  }
}

TEST(Transcendental, Specials) {
  EXPECT_EQ(num::exp_f32(0x7f800000), 0x7f800000u);    // exp(+inf)
  EXPECT_EQ(num::exp_f32(0xff800000), 0u);             // exp(-inf)
  EXPECT_EQ(num::exp_f32(0x7fc00001), 0x7fc00000u);    // NaN
  EXPECT_EQ(num::exp_f32(0), 0x3f800000u);             // exp(0) = 1 exactly
  EXPECT_EQ(num::exp_f32(0x80000000), 0x3f800000u);
  EXPECT_EQ(num::exp_f32(0x42b17218), 0x7f800000u);    // overflow
  EXPECT_EQ(num::exp_f32(0xc2d00000), 0u);             // -104: underflow to 0
  EXPECT_NE(num::exp_f32(0xc2c80000), 0u);             // -100: a subnormal
  EXPECT_EQ(num::ln_f32(0x3f800000), 0u);              // ln 1 = +0
  EXPECT_EQ(num::ln_f32(0), 0xff800000u);              // ln +0 = -inf
  EXPECT_EQ(num::ln_f32(0x80000000), 0xff800000u);     // ln -0 = -inf
  EXPECT_EQ(num::ln_f32(0xbf800000), 0x7fc00000u);     // ln -1 = NaN
  EXPECT_EQ(num::ln_f32(0x7f800000), 0x7f800000u);     // ln +inf
  EXPECT_EQ(num::rsqrt_f32(0), 0x7f800000u);
  EXPECT_EQ(num::rsqrt_f32(0x80000000), 0xff800000u);
  EXPECT_EQ(num::rsqrt_f32(0x7f800000), 0u);
  EXPECT_EQ(num::rsqrt_f32(0xbf800000), 0x7fc00000u);
  EXPECT_EQ(num::rsqrt_f32(0x40800000), 0x3f000000u);  // 1/sqrt(4) exact
}

TEST(Transcendental, HalfTypesWithinOneUlpOfTheType) {
  for (DType t : {DType::f16, DType::bf16}) {
    const Fmt f = fmt_of(t);
    for (uint32_t a = 0; a < 0x10000; ++a) {
      const double x = to_double(f, a);
      if (std::isnan(x)) {
        EXPECT_EQ(num::exp(t, a), canonical_nan(f));
        continue;
      }
      struct {
        uint32_t got;
        double want;
      } cases[] = {{num::exp(t, a), std::exp(x)}, {num::ln(t, a), std::log(x)}, {num::rsqrt(t, a), 1 / std::sqrt(x)}};
      for (const auto& c : cases) {
        const double got = to_double(f, c.got);
        if (std::isnan(c.want) || std::isinf(c.want)) {
          EXPECT_EQ(std::isnan(got), std::isnan(c.want)) << std::hex << a;
          if (!std::isnan(c.want)) {
            EXPECT_EQ(got, c.want) << std::hex << a;
          }
          continue;
        }
        // One ulp of the type at the reference value (the neighbours of its rounding).
        const uint32_t r = round_to(f, c.want);
        const double lo = to_double(f, r - (r & 0x7fff ? 1 : 0)), hi = to_double(f, r + 1);
        if (std::isinf(to_double(f, r))) {
          EXPECT_TRUE(std::isinf(got) || got == to_double(f, r - 1)) << std::hex << a;
          continue;
        }
        EXPECT_TRUE(got >= std::min(lo, hi) && got <= std::max(lo, hi))
            << isa::xnpu::dtype_name(t) << std::hex << " 0x" << a << " got " << got << " want " << c.want;
      }
    }
  }
}

}  // namespace
}  // namespace npuvp::test
