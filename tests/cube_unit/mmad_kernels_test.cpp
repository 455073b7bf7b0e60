// mmad (models/cube_unit/mmad.h), every kernel the host runs (portable, AVX2,
// AVX-512), against a reference written here from isa/XNPU.md "mmad numerics"
// alone: its own fractal addressing, its own f16 decoding, the C library's
// fmaf for each step of the chain (correctly rounded binary32 fma) and int64
// sums truncated to 32 bits for int8. Compared bit for bit over every element
// of the whole fractals, on random operands with special values mixed in (NaN
// with payloads, signalling NaN, infinities, denormals, signed zeros, the
// extremes of each type) and on shapes at the corners (1, 15, 16, 17, the
// k-chunk boundaries of the SIMD kernels, 4095).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "isa/xnpu.h"
#include "models/cube_unit/mmad.h"

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace npuvp::cube_unit {
namespace {

namespace x = isa::xnpu;
using x::DType;
using x::MmadInit;

// ---------------------------------------------------------------- the reference
float f16_to_float(uint16_t h) {
  const int e = h >> 10 & 31, m = h & 1023;
  const double v = e == 0 ? std::ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : std::ldexp(1024 + m, e - 25);
  return static_cast<float>(h >> 15 ? -v : v);
}
float bits_float(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

struct Case {
  DType in;
  uint32_t m, n, k;
  MmadInit init;
};

struct Operands {
  uint32_t m1, n1, k1, k0, s;
  std::vector<uint8_t> l0a, l0b, l0c, bias;
  explicit Operands(const Case& c) {
    s = c.in == DType::s8 ? 1 : 2;
    k0 = 32 / s;
    m1 = (c.m + 15) / 16, n1 = (c.n + 15) / 16, k1 = (c.k + k0 - 1) / k0;
    l0a.resize(size_t{m1} * k1 * 512);
    l0b.resize(size_t{k1} * n1 * 512);
    l0c.resize(size_t{m1} * n1 * 1024);
    bias.resize(size_t{n1} * 64);
  }
  // XNPU.md "The cube core": ZZ, ZN and NZ fractal addressing.
  size_t a_at(uint32_t i, uint32_t kk) const { return ((i / 16) * k1 + kk / k0) * 512 + ((i % 16) * k0 + kk % k0) * s; }
  size_t b_at(uint32_t kk, uint32_t j) const { return ((kk / k0) * n1 + j / 16) * 512 + ((j % 16) * k0 + kk % k0) * s; }
  size_t c_at(uint32_t i, uint32_t j) const { return ((j / 16) * m1 + i / 16) * 1024 + ((i % 16) * 16 + j % 16) * 4; }
};

uint16_t get16(const std::vector<uint8_t>& v, size_t at) {
  uint16_t h;
  std::memcpy(&h, &v[at], 2);
  return h;
}
uint32_t get32(const std::vector<uint8_t>& v, size_t at) {
  uint32_t u;
  std::memcpy(&u, &v[at], 4);
  return u;
}

// C (whole fractals, NZ) as the specification computes it from `o` (o.l0c = C before).
std::vector<uint8_t> reference(const Case& c, const Operands& o) {
  std::vector<uint8_t> out = o.l0c;
  const auto operand = [&](const std::vector<uint8_t>& v, size_t at) {
    const uint16_t h = get16(v, at);
    return c.in == DType::f16 ? f16_to_float(h) : bits_float(uint32_t{h} << 16);
  };
  for (uint32_t i = 0; i < o.m1 * 16; ++i)
    for (uint32_t j = 0; j < o.n1 * 16; ++j) {
      const uint32_t init = c.init == MmadInit::L0c ? get32(o.l0c, o.c_at(i, j))
                            : c.init == MmadInit::Bias ? get32(o.bias, 4 * j)
                                                       : 0u;
      uint32_t r = init;
      if (c.in == DType::s8) {
        int64_t sum = static_cast<int32_t>(init);
        for (uint32_t kk = 0; kk < c.k; ++kk)
          sum += int64_t{static_cast<int8_t>(o.l0a[o.a_at(i, kk)])} * static_cast<int8_t>(o.l0b[o.b_at(kk, j)]);
        r = static_cast<uint32_t>(sum);
      } else if (c.k > 0) {
        float acc = bits_float(init);
        for (uint32_t kk = 0; kk < c.k; ++kk) acc = std::fmaf(operand(o.l0a, o.a_at(i, kk)), operand(o.l0b, o.b_at(kk, j)), acc);
        r = std::isnan(acc) ? 0x7fc00000u : float_bits(acc);
      }
      std::memcpy(&out[o.c_at(i, j)], &r, 4);
    }
  return out;
}

// ---------------------------------------------------------------- operands
enum class Values {
  Modest,   // moderate magnitudes (sums stay finite), 1 in 64 a special value
  AnyBits,  // every bit pattern equally likely: NaNs, overflow, underflow to denormals
};

uint16_t special16(DType t, std::mt19937& r) {
  static const uint16_t f16[] = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe55, 0x0001,
                                 0x83ff, 0x0400, 0x7bff, 0xfbff, 0x3c00, 0xbc00, 0x03ff, 0x8001};
  static const uint16_t bf16[] = {0x0000, 0x8000, 0x7f80, 0xff80, 0x7fc0, 0x7f81, 0xffc5, 0x0001,
                                  0x807f, 0x0080, 0x7f7f, 0xff7f, 0x3f80, 0xbf80, 0x007f, 0x8001};
  return (t == DType::f16 ? f16 : bf16)[r() % 16];
}
uint16_t value16(DType t, Values v, std::mt19937& r) {
  if (v == Values::AnyBits) return static_cast<uint16_t>(r());
  if (r() % 64 == 0) return special16(t, r);
  const uint16_t sign = static_cast<uint16_t>((r() & 1) << 15);
  if (t == DType::f16) return sign | static_cast<uint16_t>((9 + r() % 12) << 10 | (r() & 1023));  // ~2^-6 .. 2^6
  return sign | static_cast<uint16_t>((121 + r() % 12) << 7 | (r() & 127));
}
uint8_t value8(std::mt19937& r) {
  static const uint8_t edge[] = {0x80, 0x7f, 0x00, 0xff, 0x81, 0x01};
  return r() % 8 == 0 ? edge[r() % 6] : static_cast<uint8_t>(r());
}
// An initial C / bias element.
uint32_t value32(DType t, Values v, std::mt19937& r) {
  if (t == DType::s8) return r() % 4 == 0 ? 0x7fffff00u + r() % 512 : static_cast<uint32_t>(r());
  if (v == Values::AnyBits) return static_cast<uint32_t>(r());
  static const uint32_t special[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
                                     0xffc12345, 0x00000001, 0x807fffff, 0x7f7fffff};
  if (r() % 32 == 0) return special[r() % 10];
  return static_cast<uint32_t>((r() & 1) << 31 | (120 + r() % 16) << 23 | (r() & 0x7fffff));
}

void fill(const Case& c, Values v, uint32_t seed, Operands& o) {
  std::mt19937 r(seed);
  if (c.in == DType::s8) {
    for (auto& b : o.l0a) b = value8(r);
    for (auto& b : o.l0b) b = value8(r);
  } else {
    for (size_t i = 0; i < o.l0a.size(); i += 2) {
      const uint16_t h = value16(c.in, v, r);
      std::memcpy(&o.l0a[i], &h, 2);
    }
    for (size_t i = 0; i < o.l0b.size(); i += 2) {
      const uint16_t h = value16(c.in, v, r);
      std::memcpy(&o.l0b[i], &h, 2);
    }
  }
  for (size_t i = 0; i < o.l0c.size(); i += 4) {
    const uint32_t u = value32(c.in, v, r);
    std::memcpy(&o.l0c[i], &u, 4);
  }
  for (size_t i = 0; i < o.bias.size(); i += 4) {
    const uint32_t u = value32(c.in, v, r);
    std::memcpy(&o.bias[i], &u, 4);
  }
}

// ---------------------------------------------------------------- running every kernel
std::vector<MmadKernel> kernels() {
  std::vector<MmadKernel> ks;
  for (MmadKernel k : {MmadKernel::Portable, MmadKernel::Avx2, MmadKernel::Avx512})
    if (mmad_kernel_available(k)) ks.push_back(k);
  return ks;
}

class MmadKernels : public ::testing::Test {
 protected:
  void TearDown() override { set_mmad_kernel(default_); }
  const MmadKernel default_ = mmad_kernel();
};

// Runs the case on every kernel and compares with the reference; the C buffer
// has guard bytes after the fractals mmad may write.
void check(const Case& c, Values v, uint32_t seed) {
  SCOPED_TRACE(testing::Message() << x::dtype_name(c.in) << " " << c.m << "x" << c.n << "x" << c.k << " init "
                                  << static_cast<int>(c.init) << (v == Values::AnyBits ? " any bits" : " modest"));
  Operands o(c);
  fill(c, v, seed, o);
  const std::vector<uint8_t> want = reference(c, o);
  for (MmadKernel k : kernels()) {
    SCOPED_TRACE(mmad_kernel_name(k));
    ASSERT_TRUE(set_mmad_kernel(k));
    std::vector<uint8_t> a = o.l0a, b = o.l0b, bias = o.bias, cbuf = o.l0c;
    cbuf.resize(o.l0c.size() + 1024, 0xa5);
    mmad(c.in, {static_cast<uint16_t>(c.m), static_cast<uint16_t>(c.n), static_cast<uint16_t>(c.k), c.init,
                static_cast<uint8_t>(c.init)},
         {a.data(), b.data(), cbuf.data(), bias.data()});
    int bad = 0;
    for (uint32_t i = 0; i < o.m1 * 16; ++i)
      for (uint32_t j = 0; j < o.n1 * 16; ++j) {
        const uint32_t got = get32(cbuf, o.c_at(i, j)), exp = get32(want, o.c_at(i, j));
        if (got != exp && ++bad <= 3)
          ADD_FAILURE() << "C[" << i << "][" << j << "] = 0x" << std::hex << got << ", want 0x" << exp;
      }
    EXPECT_EQ(bad, 0);
    for (size_t g = o.l0c.size(); g < cbuf.size(); ++g) ASSERT_EQ(cbuf[g], 0xa5) << "wrote past C at +" << g;
    EXPECT_EQ(a, o.l0a);
    EXPECT_EQ(b, o.l0b);
    EXPECT_EQ(bias, o.bias);
  }
}

TEST_F(MmadKernels, TheHostRunsThePortableKernelAndRefusesWhatItLacks) {
  EXPECT_TRUE(mmad_kernel_available(MmadKernel::Portable));
  for (MmadKernel k : {MmadKernel::Portable, MmadKernel::Avx2, MmadKernel::Avx512}) {
    const MmadKernel before = mmad_kernel();
    EXPECT_EQ(set_mmad_kernel(k), mmad_kernel_available(k));
    EXPECT_EQ(mmad_kernel(), mmad_kernel_available(k) ? k : before);
  }
  std::printf("kernels on this host:");
  for (MmadKernel k : kernels()) std::printf(" %s", mmad_kernel_name(k));
  std::printf(" (default %s)\n", mmad_kernel_name(default_));
}

const uint32_t kCorners[] = {1, 15, 16, 17};
const MmadInit kInits[] = {MmadInit::Zero, MmadInit::L0c, MmadInit::Bias};

TEST_F(MmadKernels, CornerShapesEveryInitEveryType) {
  uint32_t seed = 1;
  for (DType t : {DType::f16, DType::bf16, DType::s8})
    for (uint32_t m : kCorners)
      for (uint32_t n : kCorners)
        for (uint32_t k : {1u, 15u, 16u, 17u, 31u, 32u, 33u})
          for (MmadInit init : kInits) check({t, m, n, k, init}, Values::Modest, seed++);
}

TEST_F(MmadKernels, AnyBitPatternsAtSmallK) {
  // Short chains keep a good share of finite results beside the NaNs and infinities.
  uint32_t seed = 1000;
  for (DType t : {DType::f16, DType::bf16, DType::s8})
    for (uint32_t k : {1u, 2u, 3u, 16u, 17u})
      for (MmadInit init : kInits) check({t, 33, 40, k, init}, Values::AnyBits, seed++);
}

TEST_F(MmadKernels, KAcrossTheKernelsChunksOfK) {
  // The SIMD kernels pack B 256 rows at a time and keep C in L0C between chunks.
  uint32_t seed = 2000;
  for (DType t : {DType::f16, DType::bf16, DType::s8})
    for (uint32_t k : {255u, 256u, 257u, 511u, 513u, 1000u})
      for (MmadInit init : kInits) check({t, 17, 33, k, init}, Values::Modest, seed++);
}

TEST_F(MmadKernels, LargestMNAndK) {
  uint32_t seed = 3000;
  for (DType t : {DType::f16, DType::bf16, DType::s8}) {
    check({t, 4095, 17, 33, MmadInit::L0c}, Values::Modest, seed++);
    check({t, 15, 4095, 17, MmadInit::Bias}, Values::Modest, seed++);
    check({t, 16, 17, 4095, MmadInit::Zero}, Values::Modest, seed++);
    check({t, 1, 1, 4095, MmadInit::L0c}, Values::Modest, seed++);
  }
}

TEST_F(MmadKernels, KZeroStoresTheInitialValueUnchanged) {
  // (No canonicalisation without a step: a NaN payload in L0C or the bias stays.)
  uint32_t seed = 4000;
  for (DType t : {DType::f16, DType::bf16, DType::s8})
    for (MmadInit init : kInits) check({t, 17, 33, 0, init}, Values::AnyBits, seed++);
}

#if defined(__SSE__)
TEST_F(MmadKernels, FlushToZeroOrRoundingModesOfTheProcessDoNotChangeTheBits) {
  // Denormal operands, products and sums; the reference runs in the default mode.
  const Case c{DType::bf16, 16, 16, 16, MmadInit::L0c};
  Operands o(c);
  std::mt19937 r(5);
  for (size_t i = 0; i < o.l0a.size(); i += 2) {
    const uint16_t h = static_cast<uint16_t>((r() & 1) << 15 | (r() % 3) << 7 | (r() & 127));  // exponent 0..2
    std::memcpy(&o.l0a[i], &h, 2);
  }
  for (size_t i = 0; i < o.l0b.size(); i += 2) {
    const uint16_t h = static_cast<uint16_t>((r() & 1) << 15 | (120 + r() % 10) << 7 | (r() & 127));
    std::memcpy(&o.l0b[i], &h, 2);
  }
  for (size_t i = 0; i < o.l0c.size(); i += 4) {
    const uint32_t u = static_cast<uint32_t>((r() & 1) << 31 | (r() & 0x7fffff));  // binary32 denormals
    std::memcpy(&o.l0c[i], &u, 4);
  }
  const std::vector<uint8_t> want = reference(c, o);
  const unsigned csr = _mm_getcsr();
  _mm_setcsr((csr & ~0xe040u) | 0x8040u);
  const bool modes_stick = (_mm_getcsr() & 0xe040u) == 0x8040u;
  _mm_setcsr(csr);
  if (!modes_stick) GTEST_SKIP() << "this CPU (or emulator, e.g. valgrind) keeps no FTZ/DAZ mode";
  for (MmadKernel k : kernels()) {
    SCOPED_TRACE(mmad_kernel_name(k));
    ASSERT_TRUE(set_mmad_kernel(k));
    for (unsigned mode : {0x8040u, 0x6000u, 0x2000u}) {  // FTZ + DAZ, round to zero, round down
      std::vector<uint8_t> cbuf = o.l0c;
      _mm_setcsr((csr & ~0xe040u) | mode);
      mmad(c.in, {16, 16, 16, MmadInit::L0c, 1}, {o.l0a.data(), o.l0b.data(), cbuf.data(), nullptr});
      const unsigned after = _mm_getcsr();
      _mm_setcsr(csr);
      EXPECT_EQ(after & 0xe040u, mode) << "the process's mode is restored";
      EXPECT_EQ(cbuf, want) << std::hex << "mode 0x" << mode;
    }
  }
}
#endif

TEST_F(MmadKernels, Int8SumsWrapAtTheExtremes) {
  // -128 * -128 * k from an initial value near INT32_MAX wraps; all kernels agree with int64 mod 2^32.
  for (MmadKernel kern : kernels()) {
    SCOPED_TRACE(mmad_kernel_name(kern));
    ASSERT_TRUE(set_mmad_kernel(kern));
    const Case c{DType::s8, 16, 16, 4095, MmadInit::L0c};
    Operands o(c);
    std::fill(o.l0a.begin(), o.l0a.end(), 0x80);
    std::fill(o.l0b.begin(), o.l0b.end(), 0x80);
    for (size_t i = 0; i < o.l0c.size(); i += 4) {
      const uint32_t u = 0x7fffffffu - static_cast<uint32_t>(i);
      std::memcpy(&o.l0c[i], &u, 4);
    }
    const std::vector<uint8_t> before = o.l0c;
    mmad(c.in, {16, 16, 4095, MmadInit::L0c, 1}, {o.l0a.data(), o.l0b.data(), o.l0c.data(), nullptr});
    for (size_t i = 0; i < o.l0c.size(); i += 4)
      ASSERT_EQ(get32(o.l0c, i), static_cast<uint32_t>(int64_t{static_cast<int32_t>(get32(before, i))} + 16384 * 4095))
          << i;
  }
}

}  // namespace
}  // namespace npuvp::cube_unit
