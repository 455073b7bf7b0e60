// mmad numerics (mmad.h). The specification is the fma chain: for output
// (i, j), acc starts at the initial value (+0, the L0C element, or the bias of
// column j) and for kk = 0, 1, ..., k-1 in that order becomes
// f32_fma(A[i][kk], B[kk][j], acc): the exact product plus acc, rounded once,
// to nearest even; a NaN result is the canonical 0x7fc00000. With k = 0 the
// initial value is stored unchanged.
//
// The host FPU computes acc + a*b with two roundings (product, then sum). The
// product of two f16 values is always exact in binary32 (11 x 11 significant
// bits, exponents from 2^-48 to 2^32), so there the two roundings are one and
// the host value equals the fma chain (an fma contraction by the compiler
// would not change it either). bf16 products (8 x 8 bits) are exact unless
// their exponents leave binary32's range; bf16_products_exact checks the
// operands of one instruction and the softfloat chain runs when it fails.
// NaN results are canonicalised after the chain (a NaN, once produced, stays
// NaN under + and *, so canonicalising at the end is the same as after every
// step). Integer mmad (s8 x s8 -> s32) is exact, the sum wraps modulo 2^32.
//
// That is the portable kernel below. On hosts with a SIMD fused multiply-add
// the kernels of mmad_x86.cpp run instead: the host's fma is the specified
// step for any operands, so they need neither the exactness check nor
// softfloat (mmad_kernels.h).
#include "models/cube_unit/mmad.h"

#include <atomic>
#include <cstring>
#include <vector>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "isa/numerics/softfloat.h"
#include "models/cube_unit/layout.h"
#include "models/cube_unit/mmad_kernels.h"

namespace npuvp::cube_unit {

using isa::xnpu::DType;
using isa::xnpu::MmadInit;
using isa::xnpu::MmadParams;
namespace sf = softfloat;

namespace {

float f_of(uint32_t u) {
  float x;
  std::memcpy(&x, &u, 4);
  return x;
}
uint32_t bits_of(float x) {
  uint32_t u;
  std::memcpy(&u, &x, 4);
  return u;
}
uint32_t canon(float x) {
  const uint32_t u = bits_of(x);
  return (u & 0x7fffffffu) > 0x7f800000u ? sf::kF32DefaultNan : u;
}
uint16_t load16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// binary16 -> binary32 bits (exact), once.
const uint32_t* f16_to_f32_table() {
  static const std::vector<uint32_t> t = [] {
    std::vector<uint32_t> v(65536);
    sf::Env e;
    for (uint32_t h = 0; h < 65536; ++h) v[h] = sf::f16_to_f32(static_cast<uint16_t>(h), e);
    return v;
  }();
  return t.data();
}

struct Scratch {
  std::vector<uint32_t> a, b;  // A as [M][K], B as [K][N], binary32 bits (or sign-extended s8)
  std::vector<uint16_t> araw, braw;
  std::vector<float> acc;
  std::vector<uint32_t> init;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// Exponent bounds of the finite nonzero bf16 values in x[0..n): the largest
// floor(log2|v|) and the smallest exponent of v's lowest set significand bit.
struct ExpRange {
  bool any = false;
  int top = -1000, lsb = 1000;
};
ExpRange bf16_range(const uint16_t* x, uint64_t n) {
  ExpRange r;
  for (uint64_t i = 0; i < n; ++i) {
    const unsigned e = x[i] >> 7 & 0xff, m = x[i] & 0x7f;
    if (e == 0xff || (e == 0 && m == 0)) continue;  // inf/NaN/zero: exact products
    int top, lsb;
    if (e) {
      const unsigned sig = 0x80 | m;
      top = static_cast<int>(e) - 127;
      lsb = static_cast<int>(e) - 134 + __builtin_ctz(sig);
    } else {
      top = -133 + (31 - __builtin_clz(m));
      lsb = -133 + __builtin_ctz(m);
    }
    r.any = true;
    if (top > r.top) r.top = top;
    if (lsb < r.lsb) r.lsb = lsb;
  }
  return r;
}

}  // namespace

bool bf16_products_exact(const uint16_t* a, uint64_t na, const uint16_t* b, uint64_t nb) {
  const ExpRange ra = bf16_range(a, na), rb = bf16_range(b, nb);
  if (!ra.any || !rb.any) return true;
  // |a*b| < 2^(top_a + top_b + 2) <= 2^128 and it has at most 16 significant
  // bits, the lowest at or above 2^-149: representable in binary32.
  return ra.top + rb.top <= 126 && ra.lsb + rb.lsb >= -149;
}

namespace {

#ifdef NPUVP_FAULT_MMAD_K_FRACTALS_REVERSED  // a broken model for the conformance suite's fault test (tests/xnpu_conform)
// The chain visits the k fractals last to first (ascending inside each): the
// k index of step q of K, k0 per fractal. Only the portable kernel runs.
uint64_t k_of_step(uint64_t q, uint64_t K, uint64_t k0) {
  const uint64_t k1 = (K + k0 - 1) / k0, last = K - (k1 - 1) * k0;
  if (q < last) return (k1 - 1) * k0 + q;
  q -= last;
  return (k1 - 2 - q / k0) * k0 + q % k0;
}
#else
uint64_t k_of_step(uint64_t q, uint64_t, uint64_t) { return q; }
#endif

// The portable kernel: widen A and B to [M][K] and [K][N], then the chain per row.
void mmad_portable(DType in, const MmadParams& p, const MmadBuffers& buf) {
  const auto g = layout::MmadGeometry::of(in, p);
  const uint64_t M = uint64_t{g.m1} * 16, N = uint64_t{g.n1} * 16, K = p.k;
  Scratch& s = scratch();

  // Initial values, [M][N] bits.
  s.init.resize(M * N);
  for (uint64_t i = 0; i < M; ++i)
    for (uint64_t j = 0; j < N; ++j)
      s.init[i * N + j] = p.init == MmadInit::L0c    ? load32(buf.l0c + g.c(i, j))
                          : p.init == MmadInit::Bias ? load32(buf.bias + 4 * j)
                                                     : 0u;
  const auto store = [&](uint64_t i, uint64_t j, uint32_t v) { std::memcpy(buf.l0c + g.c(i, j), &v, 4); };

  if (K == 0) {
    for (uint64_t i = 0; i < M; ++i)
      for (uint64_t j = 0; j < N; ++j) store(i, j, s.init[i * N + j]);
    return;
  }

  s.a.resize(M * K);
  s.b.resize(K * N);
  if (in == DType::s8) {
    for (uint64_t i = 0; i < M; ++i)
      for (uint64_t kk = 0; kk < K; ++kk)
        s.a[i * K + kk] = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(buf.l0a[g.a(i, kk)])));
    for (uint64_t kk = 0; kk < K; ++kk)
      for (uint64_t j = 0; j < N; ++j)
        s.b[kk * N + j] = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(buf.l0b[g.b(kk, j)])));
    std::vector<uint32_t>& acc = s.init;  // accumulate in place, modulo 2^32
    for (uint64_t i = 0; i < M; ++i) {
      uint32_t* row = &acc[i * N];
      for (uint64_t kk = 0; kk < K; ++kk) {
        const uint32_t av = s.a[i * K + kk];
        const uint32_t* brow = &s.b[kk * N];
        for (uint64_t j = 0; j < N; ++j) row[j] += av * brow[j];
      }
      for (uint64_t j = 0; j < N; ++j) store(i, j, row[j]);
    }
    return;
  }

  // f16 / bf16: widen exactly to binary32.
  const bool half = in == DType::f16;
  const uint32_t* t16 = half ? f16_to_f32_table() : nullptr;
  const auto widen = [&](uint16_t h) { return half ? t16[h] : uint32_t{h} << 16; };
  bool exact = true;
  if (!half) {
    s.araw.resize(M * K);
    s.braw.resize(K * N);
  }
  for (uint64_t i = 0; i < M; ++i)
    for (uint64_t kk = 0; kk < K; ++kk) {
      const uint16_t h = load16(buf.l0a + g.a(i, kk));
      s.a[i * K + kk] = widen(h);
      if (!half) s.araw[i * K + kk] = h;
    }
  for (uint64_t kk = 0; kk < K; ++kk)
    for (uint64_t j = 0; j < N; ++j) {
      const uint16_t h = load16(buf.l0b + g.b(kk, j));
      s.b[kk * N + j] = widen(h);
      if (!half) s.braw[kk * N + j] = h;
    }
  if (!half) exact = bf16_products_exact(s.araw.data(), M * K, s.braw.data(), K * N);

  if (exact) {
    s.acc.resize(N);
    float* acc = s.acc.data();
    for (uint64_t i = 0; i < M; ++i) {
      for (uint64_t j = 0; j < N; ++j) acc[j] = f_of(s.init[i * N + j]);
      for (uint64_t q = 0; q < K; ++q) {
        const uint64_t kk = k_of_step(q, K, g.k0);
        const float av = f_of(s.a[i * K + kk]);
        const uint32_t* brow = &s.b[kk * N];
        for (uint64_t j = 0; j < N; ++j) acc[j] = acc[j] + av * f_of(brow[j]);
      }
      for (uint64_t j = 0; j < N; ++j) store(i, j, canon(acc[j]));
    }
    return;
  }
  sf::Env e;
  for (uint64_t i = 0; i < M; ++i)
    for (uint64_t j = 0; j < N; ++j) {
      uint32_t x = s.init[i * N + j];
      for (uint64_t q = 0; q < K; ++q) {
        const uint64_t kk = k_of_step(q, K, g.k0);
        x = sf::f32_fma(s.a[i * K + kk], s.b[kk * N + j], x, e);
      }
      store(i, j, x);
    }
}

#if defined(__x86_64__)
constexpr bool kX86 = true;
#else
constexpr bool kX86 = false;
#endif

MmadKernel best_kernel() {
  if (mmad_kernel_available(MmadKernel::Avx512)) return MmadKernel::Avx512;
  if (mmad_kernel_available(MmadKernel::Avx2)) return MmadKernel::Avx2;
  return MmadKernel::Portable;
}
std::atomic<MmadKernel>& selected_kernel() {
  static std::atomic<MmadKernel> k{best_kernel()};
  return k;
}

// The host FPU in its IEEE default for the duration of an mmad: round to
// nearest even, no flush-to-zero, no denormals-are-zero, whatever the rest of
// the process set (the kernels' bits depend on it).
class DefaultFpMode {
 public:
#if defined(__SSE__)
  DefaultFpMode() : saved_(_mm_getcsr()) {
    constexpr unsigned kModeBits = 0xe040;  // FTZ (15), rounding (14:13), DAZ (6)
    changed_ = (saved_ & kModeBits) != 0;
    if (changed_) _mm_setcsr(saved_ & ~kModeBits);
  }
  ~DefaultFpMode() {
    if (changed_) _mm_setcsr(saved_);
  }
  DefaultFpMode(const DefaultFpMode&) = delete;
  DefaultFpMode& operator=(const DefaultFpMode&) = delete;

 private:
  unsigned saved_;
  bool changed_;
#endif
};

// 64-byte aligned scratch for the packed operands, reused across instructions.
struct AlignedScratch {
  std::vector<uint8_t> bytes;
  void* get(size_t n) {
    if (bytes.size() < n + 64) bytes.resize(n + 64);
    const auto at = reinterpret_cast<uintptr_t>(bytes.data());
    return bytes.data() + (64 - at % 64) % 64;
  }
};

}  // namespace

const char* mmad_kernel_name(MmadKernel k) {
  switch (k) {
    case MmadKernel::Portable: return "portable";
    case MmadKernel::Avx2: return "avx2";
    case MmadKernel::Avx512: return "avx512";
  }
  return "?";
}

bool mmad_kernel_available(MmadKernel k) {
  switch (k) {
    case MmadKernel::Portable: return true;
    case MmadKernel::Avx2: return kX86 && mmad_detail::avx2_usable();
    case MmadKernel::Avx512: return kX86 && mmad_detail::avx512_usable();
  }
  return false;
}

MmadKernel mmad_kernel() { return selected_kernel().load(std::memory_order_relaxed); }

bool set_mmad_kernel(MmadKernel k) {
  if (!mmad_kernel_available(k)) return false;
  selected_kernel().store(k, std::memory_order_relaxed);
  return true;
}

void mmad(DType in, const MmadParams& p, const MmadBuffers& buf) {
  const auto g = layout::MmadGeometry::of(in, p);
  if (g.m1 == 0 || g.n1 == 0) return;
  const DefaultFpMode fp_mode;
#ifdef NPUVP_FAULT_MMAD_K_FRACTALS_REVERSED
  const MmadKernel kernel = MmadKernel::Portable;
#else
  const MmadKernel kernel = mmad_kernel();
#endif
  if (kernel == MmadKernel::Portable || p.k == 0) return mmad_portable(in, p, buf);
  thread_local AlignedScratch a_scratch, b_scratch;
  mmad_detail::Job j;
  j.in = in;
  j.m1 = g.m1, j.n1 = g.n1, j.k1 = g.k1, j.k = p.k;
  j.l0a = buf.l0a, j.l0b = buf.l0b, j.l0c = buf.l0c;
  j.bias = p.init == MmadInit::Bias ? buf.bias : nullptr;
  j.from_l0c = p.init == MmadInit::L0c;
  j.a_pack = a_scratch.get(mmad_detail::a_pack_bytes(j));
  j.b_pack = b_scratch.get(mmad_detail::b_pack_bytes(j));
  if (kernel == MmadKernel::Avx512)
    mmad_detail::run_avx512(j);
  else
    mmad_detail::run_avx2(j);
}

}  // namespace npuvp::cube_unit
