// The cube-core instructions end to end through their semantic functions:
// GM ND -> (MTE2 nd2nz) L1 NZ -> (MTE1 load2d) L0A ZZ / L0B ZN -> mmad -> L0C NZ
// -> (FixPipe) GM ND, against references computed here:
//   * the documented accumulation order (XNPU.md "mmad numerics"), written
//     with host doubles: for binary32 acc and a product p that is itself a
//     binary32 (always for f16 x f16, and for the bf16 data used here),
//     (float)((double)acc + p) is the correctly rounded sum (53 >= 2*24 + 2),
//     i.e. exactly one fma step; compared bit for bit;
//   * a plain double GEMM, within the error bound of k roundings;
//   * int64 sums for int8; our own f32 -> f16 / bf16 round-to-nearest-even.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "isa/xnpu.h"
#include "models/cube_unit/cube_unit.h"
#include "models/cube_unit/layout.h"

namespace npuvp::cube_unit {
namespace {

using isa::InsnId;
namespace x = isa::xnpu;

// ---------------------------------------------------------------- host numerics (independent of softfloat)
double f16_value(uint16_t h) {
  const int e = h >> 10 & 31, m = h & 1023;
  double v = e == 0 ? std::ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : std::ldexp(1024 + m, e - 25);
  return h >> 15 ? -v : v;
}
float bf16_value(uint16_t h) {
  const uint32_t u = uint32_t{h} << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint32_t fbits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float fval(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
// binary32 -> binary16, round to nearest even, by scaling to the target quantum.
uint16_t f16_rne(float xf) {
  if (std::isnan(xf)) return 0x7e00;
  const uint16_t sign = std::signbit(xf) ? 0x8000 : 0;
  const double a = std::fabs(static_cast<double>(xf));
  if (a >= 65520.0) return sign | 0x7c00;
  if (a == 0) return sign;
  int e;
  std::frexp(a, &e);                       // a in [2^(e-1), 2^e)
  const int E = std::max(e - 1, -14);      // exponent of the target binade (subnormals share -14)
  const double q = std::ldexp(1.0, E - 10);
  const double v = std::nearbyint(a / q) * q;  // default rounding: nearest even
  if (v < std::ldexp(1.0, -14)) return sign | static_cast<uint16_t>(v / std::ldexp(1.0, -24));
  int e2;
  std::frexp(v, &e2);
  const int be = e2 - 1 + 15;
  const uint16_t mant = static_cast<uint16_t>(v / std::ldexp(1.0, e2 - 1 - 10)) - 1024;
  return sign | static_cast<uint16_t>(be << 10) | mant;
}
uint16_t bf16_rne(float xf) {
  if (std::isnan(xf)) return 0x7fc0;
  const uint32_t u = fbits(xf);
  return static_cast<uint16_t>((u + 0x7fffu + (u >> 16 & 1)) >> 16);
}
// One step of the documented chain when a*b is a binary32: correctly rounded sum.
float chain_step(float acc, double a, double b) { return static_cast<float>(static_cast<double>(acc) + a * b); }

// ---------------------------------------------------------------- the harness
constexpr uint64_t kGmBase = 0x80000000ull;

struct Gm final : GmPort {
  std::vector<uint8_t> mem = std::vector<uint8_t>(4 << 20, 0);
  int reads = 0, writes = 0;
  bool in(uint64_t a, size_t n) const { return a >= kGmBase && a - kGmBase + n <= mem.size(); }
  bool read(uint64_t a, void* d, size_t n) override {
    if (!in(a, n)) return false;
    ++reads;
    std::memcpy(d, &mem[a - kGmBase], n);
    return true;
  }
  // With in_place, reads may be served in place (as functional mode's DMI does).
  bool in_place = false;
  const uint8_t* read_in_place(uint64_t a, size_t n) override {
    if (!in_place || !in(a, n)) return nullptr;
    ++reads;
    return &mem[a - kGmBase];
  }
  bool write(uint64_t a, const void* s, size_t n) override {
    if (!in(a, n)) return false;
    ++writes;
    std::memcpy(&mem[a - kGmBase], s, n);
    return true;
  }
  template <typename T>
  void put(uint64_t a, const std::vector<T>& v) {
    std::memcpy(&mem[a - kGmBase], v.data(), v.size() * sizeof(T));
  }
  template <typename T>
  T get(uint64_t a) const {
    T v;
    std::memcpy(&v, &mem[a - kGmBase], sizeof v);
    return v;
  }
};

struct Core {
  std::vector<uint8_t> l1, l0a, l0b, l0c, bt;
  Gm gm;
  explicit Core(uint8_t fill = 0xcd)
      : l1(kL1Bytes, fill), l0a(kL0aBytes, fill), l0b(kL0bBytes, fill), l0c(kL0cBytes, fill), bt(kBtBytes, fill) {}
  Buffers bufs() { return {{l1.data(), l1.size()}, {l0a.data(), l0a.size()}, {l0b.data(), l0b.size()},
                           {l0c.data(), l0c.size()}, {bt.data(), bt.size()}}; }
  static CubeOp op_of(InsnId id, uint64_t rs1, uint64_t rs2, uint64_t rs3) {
    isa::Decoded d;
    d.id = id;
    CubeOp op;
    EXPECT_TRUE(make_cube_op(d, rs1, rs2, rs3, op)) << isa::info(id).mnemonic;
    return op;
  }
  Status run(InsnId id, uint64_t rs1, uint64_t rs2, uint64_t rs3) {
    return execute(op_of(id, rs1, rs2, rs3), bufs(), gm);
  }
};

uint32_t ceil16(uint32_t v) { return (v + 15) / 16 * 16; }

// ---------------------------------------------------------------- the GEMM pipeline through the instructions
enum class In { F16, BF16, S8 };

struct GemmSetup {
  In in = In::F16;
  uint32_t m = 16, n = 16, k = 16;
  bool b_transposed_in_gm = false;  // GM holds B^T (n x k) instead of B (k x n)
  x::MmadInit init = x::MmadInit::Zero;
  uint32_t bias_bt = 0;
};

constexpr uint64_t kGmA = kGmBase + 0x000000, kGmB = kGmBase + 0x100000, kGmC = kGmBase + 0x200000;
constexpr uint32_t kL1A = 0, kL1B = 0x40000;

// Moves A and B from GM (ND) to L0A/L0B and runs mmad; C stays in L0C at 0.
void load_and_mmad(Core& c, const GemmSetup& g) {
  const unsigned s = g.in == In::S8 ? 1 : 2, k0 = 32 / s;
  const uint32_t m1 = (g.m + 15) / 16, n1 = (g.n + 15) / 16, k1 = (g.k + k0 - 1) / k0;
  const InsnId nd = s == 1 ? InsnId::xnpu_copy_gm2l1_nd2nz_u8 : InsnId::xnpu_copy_gm2l1_nd2nz_u16;
  const InsnId la = s == 1 ? InsnId::xnpu_load2d_l12l0a_u8 : InsnId::xnpu_load2d_l12l0a_u16;
  const InsnId lb = s == 1 ? InsnId::xnpu_load2d_l12l0b_u8 : InsnId::xnpu_load2d_l12l0b_u16;
  // A: m rows of k elements -> L1 NZ, m1*16 rows per 32 B column block.
  x::Nd2NzParams pa{kL1A, 1, static_cast<uint16_t>(g.m), static_cast<uint16_t>(g.k), 0, static_cast<uint16_t>(g.k),
                    static_cast<uint16_t>(m1 * 16), 0};
  ASSERT_EQ(c.run(nd, x::pack_nd2nz_rs1(pa), kGmA, x::pack_nd2nz_rs3(pa)), Status::Ok);
  // L1 NZ fractal (mb, kb) is #kb*m1+mb; L0A ZZ wants #mb*k1+kb: one load per row of fractals.
  for (uint32_t mb = 0; mb < m1; ++mb) {
    x::Load2dParams lp{static_cast<uint16_t>(mb), static_cast<uint8_t>(k1), static_cast<uint16_t>(m1), 0, false};
    ASSERT_EQ(c.run(la, mb * k1 * 512, kL1A, x::pack_load2d(lp)), Status::Ok);
  }
  if (g.b_transposed_in_gm) {
    // B^T: n rows of k elements; L1 NZ fractal (nb, kb) is #kb*n1+nb, exactly L0B ZN's order.
    x::Nd2NzParams pb{kL1B, 1, static_cast<uint16_t>(g.n), static_cast<uint16_t>(g.k), 0,
                      static_cast<uint16_t>(g.k), static_cast<uint16_t>(n1 * 16), 0};
    ASSERT_EQ(c.run(nd, x::pack_nd2nz_rs1(pb), kGmB, x::pack_nd2nz_rs3(pb)), Status::Ok);
    for (uint32_t kb = 0; kb < k1; ++kb) {
      x::Load2dParams lp{static_cast<uint16_t>(kb * n1), static_cast<uint8_t>(n1), 1, 0, false};
      ASSERT_EQ(c.run(lb, kb * n1 * 512, kL1B, x::pack_load2d(lp)), Status::Ok);
    }
  } else {
    // B: k rows of n elements; L1 NZ fractal (kb, nb) is #nb*k1+kb, transposed into ZN.
    x::Nd2NzParams pb{kL1B, 1, static_cast<uint16_t>(g.k), static_cast<uint16_t>(g.n), 0,
                      static_cast<uint16_t>(g.n), static_cast<uint16_t>(k1 * 16), 0};
    ASSERT_EQ(c.run(nd, x::pack_nd2nz_rs1(pb), kGmB, x::pack_nd2nz_rs3(pb)), Status::Ok);
    for (uint32_t kb = 0; kb < k1; ++kb) {
      x::Load2dParams lp{static_cast<uint16_t>(kb), static_cast<uint8_t>(n1), static_cast<uint16_t>(k1), 0, true};
      ASSERT_EQ(c.run(lb, kb * n1 * 512, kL1B, x::pack_load2d(lp)), Status::Ok);
    }
  }
  const InsnId mm = g.in == In::F16 ? InsnId::xnpu_mmad_f16 : g.in == In::BF16 ? InsnId::xnpu_mmad_bf16
                                                                               : InsnId::xnpu_mmad_s8;
  ASSERT_EQ(c.run(mm, x::pack_addrs({0, 0, 0}), x::pack_mmad(static_cast<uint16_t>(g.m), static_cast<uint16_t>(g.n),
                                                            static_cast<uint16_t>(g.k), g.init),
                  g.bias_bt),
            Status::Ok);
}

x::FixParams fix_params(uint32_t m, uint32_t n, uint32_t dst_stride) {
  x::FixParams f;
  f.src = 0, f.m = static_cast<uint16_t>(m), f.n = static_cast<uint16_t>(n);
  f.src_stride = static_cast<uint16_t>(ceil16(m));
  f.dst_stride = dst_stride;
  return f;
}
Status fix(Core& c, InsnId id, uint64_t dst, const x::FixParams& f) {
  return c.run(id, dst, x::pack_fix_rs2(f), x::pack_fix_rs3(f));
}

// Random operands in a modest range (|v| in about [2^-6, 4)), some zeros.
uint16_t random_f16(std::mt19937& r) {
  if (r() % 16 == 0) return 0;
  return static_cast<uint16_t>((r() & 1) << 15 | (9 + r() % 8) << 10 | (r() & 1023));
}
uint16_t random_bf16(std::mt19937& r) {
  if (r() % 16 == 0) return 0x8000;
  return static_cast<uint16_t>((r() & 1) << 15 | (121 + r() % 8) << 7 | (r() & 127));
}

struct FloatGemm {
  std::vector<uint16_t> a, b;  // A m x k, B k x n (row-major), bit patterns
  std::vector<double> ad, bd;
};
FloatGemm random_float_gemm(In in, uint32_t m, uint32_t n, uint32_t k, uint32_t seed) {
  std::mt19937 r(seed);
  FloatGemm f;
  f.a.resize(size_t{m} * k), f.b.resize(size_t{k} * n);
  for (auto& v : f.a) v = in == In::F16 ? random_f16(r) : random_bf16(r);
  for (auto& v : f.b) v = in == In::F16 ? random_f16(r) : random_bf16(r);
  for (uint16_t v : f.a) f.ad.push_back(in == In::F16 ? f16_value(v) : bf16_value(v));
  for (uint16_t v : f.b) f.bd.push_back(in == In::F16 ? f16_value(v) : bf16_value(v));
  return f;
}
void put_b(Core& c, const std::vector<uint16_t>& b, uint32_t n, uint32_t k, bool transposed) {
  if (!transposed) return c.gm.put(kGmB, b);
  std::vector<uint16_t> bt(b.size());
  for (uint32_t kk = 0; kk < k; ++kk)
    for (uint32_t j = 0; j < n; ++j) bt[size_t{j} * k + kk] = b[size_t{kk} * n + j];
  c.gm.put(kGmB, bt);
}

// The documented chain, element (i, j), from `init`.
float chain(const FloatGemm& f, uint32_t n, uint32_t k, uint32_t i, uint32_t j, float init) {
  float acc = init;
  for (uint32_t kk = 0; kk < k; ++kk) acc = chain_step(acc, f.ad[size_t{i} * k + kk], f.bd[size_t{kk} * n + j]);
  return acc;
}

struct Shape {
  uint32_t m, n, k;
};
const Shape kShapes[] = {{1, 1, 1},   {16, 16, 16}, {17, 17, 17}, {32, 48, 32}, {48, 32, 17},
                         {1, 48, 33}, {33, 1, 48},  {16, 16, 1},  {64, 80, 96}, {5, 7, 200}};

void float_gemm_exact(In in, bool transposed) {
  for (const Shape& sh : kShapes) {
    SCOPED_TRACE(testing::Message() << sh.m << "x" << sh.n << "x" << sh.k << (transposed ? " B^T" : ""));
    Core c;
    const FloatGemm f = random_float_gemm(in, sh.m, sh.n, sh.k, sh.m * 1000 + sh.n * 10 + sh.k);
    c.gm.put(kGmA, f.a);
    put_b(c, f.b, sh.n, sh.k, transposed);
    GemmSetup g{in, sh.m, sh.n, sh.k, transposed};
    load_and_mmad(c, g);
    if (::testing::Test::HasFatalFailure()) return;
    // f32 out, ND with a row pitch wider than n
    const uint32_t pitch = sh.n + 3;
    ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC, fix_params(sh.m, sh.n, pitch)), Status::Ok);
    // f16 / bf16 out, dense, after it
    const uint64_t c16 = kGmC + 0x80000;
    const InsnId narrow = in == In::F16 ? InsnId::xnpu_fix_l0c2gm_f32_f16 : InsnId::xnpu_fix_l0c2gm_f32_bf16;
    ASSERT_EQ(fix(c, narrow, c16, fix_params(sh.m, sh.n, sh.n)), Status::Ok);
    int bad = 0;
    for (uint32_t i = 0; i < sh.m; ++i)
      for (uint32_t j = 0; j < sh.n; ++j) {
        const float want = chain(f, sh.n, sh.k, i, j, 0.0f);
        const uint32_t got = c.gm.get<uint32_t>(kGmC + (uint64_t{i} * pitch + j) * 4);
        if (got != fbits(want) && ++bad < 5) ADD_FAILURE() << i << "," << j << ": " << fval(got) << " want " << want;
        const uint16_t want16 = in == In::F16 ? f16_rne(want) : bf16_rne(want);
        EXPECT_EQ(c.gm.get<uint16_t>(c16 + (uint64_t{i} * sh.n + j) * 2), want16) << i << "," << j;
        // and a plain double GEMM, within k roundings of the f32 sums
        double exact = 0, mag = 0;
        for (uint32_t kk = 0; kk < sh.k; ++kk) {
          exact += f.ad[size_t{i} * sh.k + kk] * f.bd[size_t{kk} * sh.n + j];
          mag += std::fabs(f.ad[size_t{i} * sh.k + kk] * f.bd[size_t{kk} * sh.n + j]);
        }
        EXPECT_NEAR(fval(got), exact, sh.k * std::ldexp(mag, -24) + 1e-30) << i << "," << j;
      }
    EXPECT_EQ(bad, 0);
    // Nothing beyond the m x n window was written (the pitch gap keeps its zeros).
    EXPECT_EQ(c.gm.get<uint32_t>(kGmC + uint64_t{sh.n} * 4), 0u);
  }
}

TEST(CubeGemm, F16EndToEndBitExactToTheDocumentedOrder) { float_gemm_exact(In::F16, false); }
TEST(CubeGemm, F16WithBTransposedInGm) { float_gemm_exact(In::F16, true); }
TEST(CubeGemm, Bf16EndToEndBitExact) { float_gemm_exact(In::BF16, false); }
TEST(CubeGemm, Bf16WithBTransposedInGm) { float_gemm_exact(In::BF16, true); }

// ---------------------------------------------------------------- int8 with per-channel dequantisation
TEST(CubeGemm, Int8ExactAndPerChannelDequantToF16) {
  for (const Shape& sh : {Shape{16, 16, 32}, Shape{17, 33, 40}, Shape{1, 16, 1}, Shape{48, 20, 100}}) {
    SCOPED_TRACE(testing::Message() << sh.m << "x" << sh.n << "x" << sh.k);
    Core c;
    std::mt19937 r(sh.m + sh.n + sh.k);
    std::vector<int8_t> a(size_t{sh.m} * sh.k), bt(size_t{sh.n} * sh.k);
    for (auto& v : a) v = static_cast<int8_t>(r());
    for (auto& v : bt) v = static_cast<int8_t>(r());
    a[0] = -128, bt[0] = -128;  // the extreme product
    c.gm.put(kGmA, a);
    c.gm.put(kGmB, bt);
    load_and_mmad(c, {In::S8, sh.m, sh.n, sh.k, true});
    if (::testing::Test::HasFatalFailure()) return;
    // per-channel scales (f32) in L1, 32 B aligned
    const uint32_t scales = 0x70000;
    std::vector<float> sc(sh.n);
    for (uint32_t j = 0; j < sh.n; ++j) sc[j] = std::ldexp(1.0f + static_cast<float>(j % 7) / 8.0f, -10 - int(j % 3));
    std::memcpy(&c.l1[scales], sc.data(), sc.size() * 4);
    ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_s32_s32, kGmC, fix_params(sh.m, sh.n, sh.n)), Status::Ok);
    x::FixParams fq = fix_params(sh.m, sh.n, sh.n);
    fq.per_channel = true, fq.scale = scales;
    const uint64_t c16 = kGmC + 0x80000;
    ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_s32_f16, c16, fq), Status::Ok);
    fq.relu = true;
    const uint64_t c16r = kGmC + 0xc0000;
    ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_s32_f16, c16r, fq), Status::Ok);
    for (uint32_t i = 0; i < sh.m; ++i)
      for (uint32_t j = 0; j < sh.n; ++j) {
        int64_t sum = 0;
        for (uint32_t kk = 0; kk < sh.k; ++kk) sum += int64_t{a[size_t{i} * sh.k + kk]} * bt[size_t{j} * sh.k + kk];
        const int32_t got = c.gm.get<int32_t>(kGmC + (uint64_t{i} * sh.n + j) * 4);
        ASSERT_EQ(got, sum) << i << "," << j;
        // dequant: f32(s32) RNE, times the scale RNE, then f16 RNE
        const float deq = static_cast<float>(static_cast<double>(static_cast<float>(sum)) * sc[j]);
        EXPECT_EQ(c.gm.get<uint16_t>(c16 + (uint64_t{i} * sh.n + j) * 2), f16_rne(deq)) << i << "," << j;
        EXPECT_EQ(c.gm.get<uint16_t>(c16r + (uint64_t{i} * sh.n + j) * 2), deq < 0 ? 0 : f16_rne(deq));
      }
  }
}

TEST(CubeGemm, Int8ScalarDequant) {
  Core c;
  std::vector<int8_t> a(16 * 32, 3), bt(16 * 32, -5);
  c.gm.put(kGmA, a);
  c.gm.put(kGmB, bt);
  load_and_mmad(c, {In::S8, 16, 16, 32, true});
  if (::testing::Test::HasFatalFailure()) return;
  x::FixParams f = fix_params(16, 16, 16);
  f.scale = fbits(0.25f);
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_s32_f16, kGmC, f), Status::Ok);
  EXPECT_EQ(c.gm.get<uint16_t>(kGmC), f16_rne(-480.0f * 0.25f));  // 32 * 3 * -5 = -480
  f.relu = true;
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_s32_s32, kGmC, f), Status::Ok);
  EXPECT_EQ(c.gm.get<int32_t>(kGmC + 4 * 15), 0);
}

// ---------------------------------------------------------------- init, accumulate, bias, ReLU, atomic add
TEST(CubeMmad, AccumulateContinuesTheChainAcrossInstructions) {
  // k = 48 at once equals k = 16 (init zero) then k = 32 (accumulate) over the
  // remaining fractals: the chain simply goes on, bit for bit.
  const uint32_t m = 32, n = 32, k = 48;
  Core whole, split;
  const FloatGemm f = random_float_gemm(In::F16, m, n, k, 7);
  for (Core* c : {&whole, &split}) {
    c->gm.put(kGmA, f.a);
    c->gm.put(kGmB, f.b);
  }
  load_and_mmad(whole, {In::F16, m, n, k});
  load_and_mmad(split, {In::F16, m, n, k});  // fills L0A/L0B (and C, overwritten below)
  if (::testing::Test::HasFatalFailure()) return;
  // L0A ZZ: A columns 0..15 are fractal column 0 of each fractal row (k1 = 3);
  // copy them into a k1 = 1 layout, and columns 16..47 into a k1 = 2 layout.
  std::vector<uint8_t> a0(2 * 512), a1(2 * 2 * 512), b0(2 * 512), b1(2 * 2 * 512);
  for (int mb = 0; mb < 2; ++mb) {
    std::memcpy(&a0[mb * 512], &split.l0a[(mb * 3 + 0) * 512], 512);
    std::memcpy(&a1[mb * 1024], &split.l0a[(mb * 3 + 1) * 512], 1024);
  }
  std::memcpy(b0.data(), &split.l0b[0], 2 * 512);        // L0B row of fractals kb = 0
  std::memcpy(b1.data(), &split.l0b[2 * 512], 4 * 512);  // kb = 1, 2
  std::memcpy(&split.l0a[0x0000], a0.data(), a0.size());
  std::memcpy(&split.l0a[0x4000], a1.data(), a1.size());
  std::memcpy(&split.l0b[0x0000], b0.data(), b0.size());
  std::memcpy(&split.l0b[0x4000], b1.data(), b1.size());
  std::fill(split.l0c.begin(), split.l0c.end(), 0x7f);  // garbage that init=zero ignores
  ASSERT_EQ(split.run(InsnId::xnpu_mmad_f16, x::pack_addrs({0, 0, 0}), x::pack_mmad(m, n, 16, x::MmadInit::Zero), 0),
            Status::Ok);
  ASSERT_EQ(split.run(InsnId::xnpu_mmad_f16, x::pack_addrs({0, 0x4000, 0x4000}),
                      x::pack_mmad(m, n, 32, x::MmadInit::L0c), 0),
            Status::Ok);
  EXPECT_EQ(0, std::memcmp(whole.l0c.data(), split.l0c.data(), 4 * 1024));
  // and both equal the chain
  const uint32_t i = 17, j = 30;
  const layout::MmadGeometry geo = layout::MmadGeometry::of(x::DType::f16, x::unpack_mmad(x::pack_mmad(m, n, k, {})));
  uint32_t got;
  std::memcpy(&got, &whole.l0c[geo.c(i, j)], 4);
  EXPECT_EQ(got, fbits(chain(f, n, k, i, j, 0.0f)));
}

TEST(CubeMmad, BiasFromBiasTableThroughL1) {
  const uint32_t m = 17, n = 20, k = 24;
  Core c;
  const FloatGemm f = random_float_gemm(In::F16, m, n, k, 11);
  c.gm.put(kGmA, f.a);
  c.gm.put(kGmB, f.b);
  // bias (f32 per column, 32 columns = 128 B) GM -> L1 (DataCopy) -> BiasTable
  std::vector<float> bias(32);
  for (int j = 0; j < 32; ++j) bias[j] = static_cast<float>(j) * 0.375f - 3.0f;
  c.gm.put(kGmBase + 0x300000, bias);
  ASSERT_EQ(c.run(InsnId::xnpu_copy_gm2l1_u8, 0x60000, kGmBase + 0x300000, x::pack_copy({1, 4, 0, 0})), Status::Ok);
  ASSERT_EQ(c.run(InsnId::xnpu_copy_l12bt_u8, 0x40, 0x60000, x::pack_copy({2, 2, 0, 0})), Status::Ok);
  load_and_mmad(c, {In::F16, m, n, k, false, x::MmadInit::Bias, 0x40});
  if (::testing::Test::HasFatalFailure()) return;
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC, fix_params(m, n, n)), Status::Ok);
  for (uint32_t i = 0; i < m; ++i)
    for (uint32_t j = 0; j < n; ++j)
      ASSERT_EQ(c.gm.get<uint32_t>(kGmC + (uint64_t{i} * n + j) * 4), fbits(chain(f, n, k, i, j, bias[j])))
          << i << "," << j;
}

TEST(CubeFix, ReluAndAtomicAddIntoGm) {
  const uint32_t m = 16, n = 16, k = 16;
  Core c;
  const FloatGemm f = random_float_gemm(In::F16, m, n, k, 5);
  c.gm.put(kGmA, f.a);
  c.gm.put(kGmB, f.b);
  load_and_mmad(c, {In::F16, m, n, k});
  if (::testing::Test::HasFatalFailure()) return;
  std::vector<float> prior(m * n);
  for (uint32_t e = 0; e < m * n; ++e) prior[e] = static_cast<float>(e % 13) * 0.1f - 0.6f;
  c.gm.put(kGmC, prior);
  x::FixParams p = fix_params(m, n, n);
  p.atomic_add = true;
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC, p), Status::Ok);
  p.atomic_add = false, p.relu = true;
  const uint64_t relu16 = kGmC + 0x10000;
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f16, relu16, p), Status::Ok);
  int negatives = 0;
  for (uint32_t i = 0; i < m; ++i)
    for (uint32_t j = 0; j < n; ++j) {
      const float r = chain(f, n, k, i, j, 0.0f);
      const float want = static_cast<float>(static_cast<double>(prior[i * n + j]) + r);
      EXPECT_EQ(c.gm.get<uint32_t>(kGmC + (i * n + j) * 4), fbits(want));
      negatives += r < 0;
      EXPECT_EQ(c.gm.get<uint16_t>(relu16 + (i * n + j) * 2), r <= 0 ? 0 : f16_rne(r));  // +0, never -0
    }
  EXPECT_GT(negatives, 10);
  // atomic add into L1 is not a thing
  p.relu = false, p.atomic_add = true;
  EXPECT_EQ(fix(c, InsnId::xnpu_fix_l0c2l1_f32_f16, 0x1000, p), Status::Unsupported);
  EXPECT_STREQ(unsupported_reason(Core::op_of(InsnId::xnpu_fix_l0c2l1_f32_f16, 0x1000, x::pack_fix_rs2(p),
                                              x::pack_fix_rs3(p))),
               "fixpipe: atomic add into L1 is reserved");
  // nor a per-channel scale of an f32 accumulator: each reserved case names itself
  p.atomic_add = false, p.per_channel = true;
  EXPECT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f16, relu16, p), Status::Unsupported);
  EXPECT_STREQ(unsupported_reason(Core::op_of(InsnId::xnpu_fix_l0c2gm_f32_f16, relu16, x::pack_fix_rs2(p),
                                              x::pack_fix_rs3(p))),
               "fixpipe: a per-channel scale other than s32 -> f16 is reserved");
}

TEST(CubeFix, L0cToL1KeepsNzOrConvertsToNd) {
  const uint32_t m = 20, n = 40, k = 16;
  Core c;
  const FloatGemm f = random_float_gemm(In::F16, m, n, k, 9);
  c.gm.put(kGmA, f.a);
  c.gm.put(kGmB, f.b);
  load_and_mmad(c, {In::F16, m, n, k});
  if (::testing::Test::HasFatalFailure()) return;
  x::FixParams p = fix_params(m, n, 32);  // NZ: 32 rows (32 B each) per column block of 16 f16
  p.nz_out = true;
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2l1_f32_f16, 0x2000, p), Status::Ok);
  ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2l1_f32_f32, 0x8000, fix_params(m, n, n)), Status::Ok);
  for (uint32_t i = 0; i < m; ++i)
    for (uint32_t j = 0; j < n; ++j) {
      const float want = chain(f, n, k, i, j, 0.0f);
      uint16_t h;
      std::memcpy(&h, &c.l1[0x2000 + ((j / 16) * 32 + i) * 32 + (j % 16) * 2], 2);
      EXPECT_EQ(h, f16_rne(want)) << i << "," << j;
      uint32_t w;
      std::memcpy(&w, &c.l1[0x8000 + (i * n + j) * 4], 4);
      EXPECT_EQ(w, fbits(want));
    }
  // rows m..31 of the NZ blocks are not written
  EXPECT_EQ(c.l1[0x2000 + 20 * 32], 0xcd);
}

// Every exponent of both signs with mantissas at the rounding edges of f16 and
// bf16 (ties to odd and even, just either side, all ones), the f16 overflow
// and underflow thresholds, NaNs with payloads, and random patterns.
std::vector<uint32_t> conversion_edge_values() {
  std::vector<uint32_t> v;
  const uint32_t mantissas[] = {0x000000, 0x000001, 0x7fffff, 0x400000, 0x000fff, 0x001000, 0x001001, 0x002fff,
                                0x003000, 0x003001, 0x007fff, 0x008000, 0x008001, 0x017fff, 0x018000, 0x018001,
                                0x3ff000, 0x7fe000, 0x7ff000, 0x7ff001, 0x0007ff, 0x001800, 0x7f8000, 0x7fffe0};
  for (uint32_t sign : {0u, 1u})
    for (uint32_t e = 0; e < 256; ++e)
      for (uint32_t m : mantissas) v.push_back(sign << 31 | e << 23 | m);
  for (uint32_t u : {0x477fefffu, 0x477ff000u, 0x477ff001u, 0x477fe000u, 0x33000000u, 0x33000001u, 0x32ffffffu,
                     0x33800000u, 0x33c00000u, 0x38800000u, 0x387fffffu, 0x387fe000u, 0x387ff000u, 0x7fc00000u,
                     0x7f800001u, 0xffc54321u, 0x7f7fffffu, 0x7f7f8000u, 0x7f7f7fffu})
    for (uint32_t sign : {0u, 0x80000000u}) v.push_back(u | sign);
  std::mt19937 r(77);
  for (int i = 0; i < 20000; ++i) v.push_back(static_cast<uint32_t>(r()));
  while (v.size() % 256) v.push_back(0);
  return v;
}

// binary32 -> bfloat16 by value (independent of bf16_rne's bit trick): scale
// to the target quantum, round to nearest even, overflow past max + half an ulp.
uint16_t bf16_by_value(float xf) {
  if (std::isnan(xf)) return 0x7fc0;
  const uint16_t sign = std::signbit(xf) ? 0x8000 : 0;
  const double a = std::fabs(static_cast<double>(xf));
  if (a == 0) return sign;
  int e;
  std::frexp(a, &e);
  const double q = std::ldexp(1.0, std::max(e - 1, -126) - 7);
  const double v = std::nearbyint(a / q) * q;
  if (v >= std::ldexp(1.0, 128)) return sign | 0x7f80;
  return sign | static_cast<uint16_t>(fbits(static_cast<float>(v)) >> 16);
}

TEST(CubeFix, F32ToF16AndBf16RoundToNearestEvenAtEveryEdge) {
  Core c;
  const std::vector<uint32_t> values = conversion_edge_values();
  for (size_t base = 0; base < values.size(); base += 256) {
    std::memcpy(c.l0c.data(), &values[base], 1024);  // one 16 x 16 fractal
    for (bool relu : {false, true}) {
      x::FixParams p = fix_params(16, 16, 16);
      p.relu = relu;
      ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f16, kGmC, p), Status::Ok);
      ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_bf16, kGmC + 0x1000, p), Status::Ok);
      ASSERT_EQ(fix(c, InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC + 0x2000, p), Status::Ok);
      for (uint32_t e = 0; e < 256; ++e) {
        const uint32_t u = values[base + e];
        const float f = fval(u);
        // ReLU: NaN stays NaN (canonical), negative and -0 become +0
        const uint32_t in = !relu ? u : std::isnan(f) ? 0x7fc00000u : (u >> 31) ? 0u : u;
        SCOPED_TRACE(testing::Message() << std::hex << "0x" << u << (relu ? " relu" : ""));
        ASSERT_EQ(c.gm.get<uint16_t>(kGmC + e * 2), f16_rne(fval(in)));
        ASSERT_EQ(c.gm.get<uint16_t>(kGmC + 0x1000 + e * 2), bf16_rne(fval(in)));
        ASSERT_EQ(bf16_rne(fval(in)), bf16_by_value(fval(in)));
        ASSERT_EQ(c.gm.get<uint32_t>(kGmC + 0x2000 + e * 4), in);
      }
    }
  }
}

// ---------------------------------------------------------------- numerics at the edges
TEST(CubeMmad, NanIsCanonicalAndInfTimesZeroIsNan) {
  Core c(0);
  // one fractal each: A[0][0] = inf, B[0][0] = 0 (f16), the rest zeros
  const uint16_t inf = 0x7c00, one = 0x3c00;
  std::memcpy(&c.l0a[0], &inf, 2);
  std::memcpy(&c.l0a[2 * 16 * 1], &one, 2);  // A[1][0] = 1
  const uint16_t snan = 0x7d01;             // a signalling NaN with a payload
  std::memcpy(&c.l0b[2 * 16 * 1], &snan, 2);  // B[0][1] (ZN: column 1 starts at 16 elements)
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_f16, 0, x::pack_mmad(16, 16, 16, x::MmadInit::Zero), 0), Status::Ok);
  const layout::MmadGeometry g = layout::MmadGeometry::of(x::DType::f16, x::unpack_mmad(x::pack_mmad(16, 16, 16, {})));
  auto at = [&](int i, int j) {
    uint32_t v;
    std::memcpy(&v, &c.l0c[g.c(i, j)], 4);
    return v;
  };
  EXPECT_EQ(at(0, 0), 0x7fc00000u);  // inf * 0
  EXPECT_EQ(at(1, 1), 0x7fc00000u);  // 1 * sNaN
  EXPECT_EQ(at(1, 0), 0u);           // +0 + 1*0 = +0
  EXPECT_EQ(at(0, 2), 0x7fc00000u);  // inf * 0 (B column 2 is zero)
}

TEST(CubeMmad, Bf16ProductsOutsideBinary32FollowTheFmaChain) {
  Core c(0);
  auto put_a = [&](uint16_t v) { std::memcpy(&c.l0a[0], &v, 2); };
  auto put_b = [&](uint16_t v) { std::memcpy(&c.l0b[0], &v, 2); };
  auto put_bias = [&](uint32_t v) { std::memcpy(&c.bt[0], &v, 4); };
  auto c00 = [&] {
    uint32_t v;
    std::memcpy(&v, &c.l0c[0], 4);
    return v;
  };
  const uint64_t p = x::pack_mmad(1, 1, 1, x::MmadInit::Bias);
  // 2^-75 * 2^-75 = 2^-150, half the smallest subnormal: fma(., ., 2^-149) is a
  // tie between 2^-149 and 2^-148, even -> 2^-148. Rounding the product first
  // (to 0, even) would give 2^-149.
  put_a(0x1a00), put_b(0x1a00), put_bias(0x00000001);
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_bf16, 0, p, 0), Status::Ok);
  EXPECT_EQ(c00(), 0x00000002u);
  // 2^100 * 2^100 overflows binary32; fma(., ., -inf) = -inf, where inf + -inf would be NaN.
  put_a(0x7180), put_b(0x7180), put_bias(0xff800000u);
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_bf16, 0, p, 0), Status::Ok);
  EXPECT_EQ(c00(), 0xff800000u);
  // 2^100 * 2^100 - finite: +inf
  put_bias(fbits(1.0f));
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_bf16, 0, p, 0), Status::Ok);
  EXPECT_EQ(c00(), 0x7f800000u);
  // k = 0: the initial value, untouched (even a non-canonical NaN)
  put_bias(0x7f800123u);
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_bf16, 0, x::pack_mmad(1, 1, 0, x::MmadInit::Bias), 0), Status::Ok);
  EXPECT_EQ(c00(), 0x7f800123u);
}

TEST(CubeMmad, Int8SumsWrapModulo2To32) {
  Core c(0);
  // C starts at INT32_MAX (accumulate); + (-128)*(-128) wraps
  const int32_t big = 0x7fffffff;
  std::memcpy(&c.l0c[0], &big, 4);
  c.l0a[0] = 0x80, c.l0b[0] = 0x80;
  ASSERT_EQ(c.run(InsnId::xnpu_mmad_s8, 0, x::pack_mmad(1, 1, 1, x::MmadInit::L0c), 0), Status::Ok);
  int32_t v;
  std::memcpy(&v, &c.l0c[0], 4);
  EXPECT_EQ(v, static_cast<int32_t>(0x7fffffffu + 16384u));
}

// ---------------------------------------------------------------- data movement details
TEST(CubeMove, Nd2NzZeroPadsTheLastBlockOnlyAndHonoursMatrixStrides) {
  for (const bool in_place : {false, true}) {  // GM rows copied through a buffer, or read in place
    SCOPED_TRACE(in_place ? "GM read in place" : "GM read through a buffer");
    Core c;
    c.gm.in_place = in_place;
    std::vector<uint16_t> src(2 * 100 * 64);
    for (size_t e = 0; e < src.size(); ++e) src[e] = static_cast<uint16_t>(e + 1);
    c.gm.put(kGmA, src);
    // two matrices of 3 rows x 20 elements, GM row pitch 64, matrices 6400 elements apart;
    // L1: column blocks 16 rows apart, matrices 1024 elements (2 KiB) apart
    x::Nd2NzParams p{0x100, 2, 3, 20, 6400, 64, 16, 1024};
    ASSERT_EQ(c.run(InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(p), kGmA, x::pack_nd2nz_rs3(p)), Status::Ok);
    auto l1_16 = [&](uint64_t a) {
      uint16_t v;
      std::memcpy(&v, &c.l1[a], 2);
      return v;
    };
    for (int mat = 0; mat < 2; ++mat)
      for (int r = 0; r < 3; ++r)
        for (int col = 0; col < 32; ++col) {
          const uint64_t a = 0x100 + mat * 2048 + (col / 16) * 16 * 32 + r * 32 + (col % 16) * 2;
          EXPECT_EQ(l1_16(a), col < 20 ? src[mat * 6400 + r * 64 + col] : 0) << mat << " " << r << " " << col;
        }
    EXPECT_EQ(c.l1[0x100 + 3 * 32], 0xcd);  // row 3 of block 0: not written
    EXPECT_EQ(c.l1[0xff], 0xcd);
    EXPECT_EQ(c.gm.reads, 6);  // one per row either way
  }
  x::Nd2NzParams p{0x100, 2, 3, 20, 6400, 64, 16, 1024};
  // Work and accesses
  const CubeOp op = Core::op_of(InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(p), kGmA, x::pack_nd2nz_rs3(p));
  EXPECT_EQ(work(op).bursts, 6u);
  EXPECT_EQ(work(op).bytes, 6u * 64);
}

TEST(CubeMove, Load2dFromGmWithGapAndTranspose) {
  Core c;
  std::vector<uint16_t> frac(4 * 256);
  for (size_t e = 0; e < frac.size(); ++e) frac[e] = static_cast<uint16_t>(e * 7 + 3);
  c.gm.put(kGmA, frac);
  // fractals 1 and 3 (start 1, stride 2) into L0B with one fractal of gap, transposed
  x::Load2dParams p{1, 2, 2, 1, true};
  ASSERT_EQ(c.run(InsnId::xnpu_load2d_gm2l0b_u16, 0x400, kGmA, x::pack_load2d(p)), Status::Ok);
  for (int f = 0; f < 2; ++f)
    for (int r = 0; r < 16; ++r)
      for (int col = 0; col < 16; ++col) {
        uint16_t v;
        std::memcpy(&v, &c.l0b[0x400 + f * 1024 + (r * 16 + col) * 2], 2);
        ASSERT_EQ(v, frac[(1 + 2 * f) * 256 + col * 16 + r]);
      }
  EXPECT_EQ(c.l0b[0x400 + 512], 0xcd);  // the gap
  // no transpose for 8-bit elements
  p.transpose = true;
  EXPECT_EQ(c.run(InsnId::xnpu_load2d_gm2l0a_u8, 0, kGmA, x::pack_load2d(p)), Status::Unsupported);
  // a GM fault is reported
  EXPECT_EQ(c.run(InsnId::xnpu_load2d_gm2l0a_u16, 0, kGmBase - 0x1000, x::pack_load2d({0, 1, 1, 0, false})),
            Status::GmFault);
}

// ---------------------------------------------------------------- alignment, bounds, work, accesses
TEST(CubeChecks, AlignmentViolationsAreDetectedAndNothingIsDone) {
  struct Case {
    InsnId id;
    uint64_t rs1, rs2, rs3;
    Space space;
    uint64_t addr;
    uint32_t need;
  };
  x::Nd2NzParams nd{0x110, 1, 1, 16, 0, 16, 16, 0};
  x::FixParams fx = fix_params(16, 16, 16);
  fx.src = 0x20;
  x::FixParams fpc = fix_params(16, 16, 16);
  fpc.per_channel = true, fpc.scale = 0x104;
  const Case cases[] = {
      {InsnId::xnpu_copy_gm2l1_u8, 0x10, kGmA, x::pack_copy({1, 1, 0, 0}), Space::L1, 0x10, 32},
      {InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(nd), kGmA, x::pack_nd2nz_rs3(nd), Space::L1, 0x110, 32},
      {InsnId::xnpu_load2d_l12l0a_u16, 0x100, 0, x::pack_load2d({0, 1, 1, 0, false}), Space::L0A, 0x100, 512},
      {InsnId::xnpu_load2d_l12l0b_u16, 0x200, 0x8, x::pack_load2d({0, 1, 1, 0, false}), Space::L1, 0x8, 32},
      {InsnId::xnpu_load2d_gm2l0b_u8, 0x300, kGmA, x::pack_load2d({0, 1, 1, 0, false}), Space::L0B, 0x300, 512},
      {InsnId::xnpu_copy_l12bt_u8, 0x20, 0, x::pack_copy({1, 1, 0, 0}), Space::BT, 0x20, 64},
      {InsnId::xnpu_mmad_f16, x::pack_addrs({0x20, 0, 0}), x::pack_mmad(16, 16, 16, {}), 0, Space::L0C, 0x20, 64},
      {InsnId::xnpu_mmad_f16, x::pack_addrs({0, 0x300, 0}), x::pack_mmad(16, 16, 16, {}), 0, Space::L0A, 0x300, 512},
      {InsnId::xnpu_mmad_s8, x::pack_addrs({0, 0, 0x680}), x::pack_mmad(16, 16, 16, {}), 0, Space::L0B, 0x680, 512},
      {InsnId::xnpu_mmad_bf16, 0, x::pack_mmad(16, 16, 16, x::MmadInit::Bias), 0x10, Space::BT, 0x10, 64},
      {InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC, x::pack_fix_rs2(fx), x::pack_fix_rs3(fx), Space::L0C, 0x20, 64},
      {InsnId::xnpu_fix_l0c2l1_f32_f16, 0x1008, x::pack_fix_rs2(fix_params(16, 16, 16)),
       x::pack_fix_rs3(fix_params(16, 16, 16)), Space::L1, 0x1008, 32},
      {InsnId::xnpu_fix_l0c2gm_s32_f16, kGmC, x::pack_fix_rs2(fpc), x::pack_fix_rs3(fpc), Space::L1, 0x104, 32},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(isa::info(k.id).mnemonic);
    Core c;
    const CubeOp op = Core::op_of(k.id, k.rs1, k.rs2, k.rs3);
    Misalignment bad;
    EXPECT_FALSE(check_alignment(op, &bad));
    EXPECT_EQ(bad.space, k.space);
    EXPECT_EQ(bad.addr, k.addr);
    EXPECT_EQ(bad.required, k.need);
    const Core before;
    EXPECT_EQ(execute(op, c.bufs(), c.gm), Status::Misaligned);
    EXPECT_EQ(c.gm.writes, 0);
    EXPECT_TRUE(c.l1 == before.l1 && c.l0a == before.l0a && c.l0b == before.l0b && c.l0c == before.l0c &&
                c.bt == before.bt);
  }
  // and the aligned forms pass
  EXPECT_TRUE(check_alignment(Core::op_of(InsnId::xnpu_mmad_f16, x::pack_addrs({0x40, 0x200 * 2, 0x400}),
                                          x::pack_mmad(16, 16, 16, x::MmadInit::Bias), 0x40)));
  EXPECT_TRUE(check_alignment(Core::op_of(InsnId::xnpu_load2d_l12l0a_u16, 0x800, 0x20, 0)));
}

TEST(CubeChecks, OutOfBufferAccessesDoNothing) {
  Core c;
  // L0C is 128 KiB: a 64 x 64 result (16 KiB) at 120 KiB runs past it
  EXPECT_EQ(c.run(InsnId::xnpu_mmad_f16, x::pack_addrs({120 * 1024, 0, 0}), x::pack_mmad(64, 64, 16, {}), 0),
            Status::OutOfBounds);
  // L0A is 64 KiB: 4095 x 16 of f16 needs 256 fractals = 128 KiB
  EXPECT_EQ(c.run(InsnId::xnpu_mmad_f16, 0, x::pack_mmad(4095, 16, 16, {}), 0), Status::OutOfBounds);
  // bias past the 1 KiB BiasTable (n = 300 columns of 4 B)
  EXPECT_EQ(c.run(InsnId::xnpu_mmad_f16, 0, x::pack_mmad(16, 300, 0, x::MmadInit::Bias), 0), Status::OutOfBounds);
  // rs3 is the BiasTable address as a whole: 2^32 is past the table, not its low 32 bits (0)
  EXPECT_EQ(c.run(InsnId::xnpu_mmad_f16, 0, x::pack_mmad(16, 16, 16, x::MmadInit::Bias), uint64_t{1} << 32),
            Status::OutOfBounds);
  EXPECT_EQ(c.run(InsnId::xnpu_copy_gm2l1_u8, kL1Bytes - 32, kGmA, x::pack_copy({1, 2, 0, 0})), Status::OutOfBounds);
  // reserved init mode
  EXPECT_EQ(c.run(InsnId::xnpu_mmad_f16, 0, uint64_t{3} << x::kMmadInitShift | 16 | 16 << 12 | 16 << 24, 0),
            Status::Unsupported);
  const Core before;
  EXPECT_TRUE(c.l0c == before.l0c && c.l1 == before.l1);
  EXPECT_EQ(c.gm.reads, 0);
}

TEST(CubeChecks, WorkCountsFractals) {
  auto w = [](InsnId id, uint16_t m, uint16_t n, uint16_t k) {
    return work(Core::op_of(id, 0, x::pack_mmad(m, n, k, {}), 0)).fractals;
  };
  EXPECT_EQ(w(InsnId::xnpu_mmad_f16, 16, 16, 16), 1u);
  EXPECT_EQ(w(InsnId::xnpu_mmad_bf16, 33, 17, 40), 3u * 2 * 3);
  EXPECT_EQ(w(InsnId::xnpu_mmad_s8, 33, 17, 40), 3u * 2 * 2);  // k0 = 32
  EXPECT_EQ(w(InsnId::xnpu_mmad_f16, 4095, 4095, 4095), 256ull * 256 * 256);
  EXPECT_EQ(w(InsnId::xnpu_mmad_f16, 0, 16, 16), 0u);
  EXPECT_EQ(work(Core::op_of(InsnId::xnpu_load2d_l12l0a_u16, 0, 0, x::pack_load2d({0, 9, 1, 0, false}))).bytes,
            9u * 512);
  const x::FixParams f = fix_params(20, 40, 40);
  const Work fw = work(Core::op_of(InsnId::xnpu_fix_l0c2gm_f32_f16, kGmC, x::pack_fix_rs2(f), x::pack_fix_rs3(f)));
  EXPECT_EQ(fw.fractals, 2u * 3);
  EXPECT_EQ(fw.bursts, 20u);
  EXPECT_EQ(fw.bytes, 20u * 40 * 2);
}

struct Recorder final : AccessSink {
  struct A {
    Space s;
    uint64_t b, l;
    bool w;
    bool operator==(const A& o) const { return s == o.s && b == o.b && l == o.l && w == o.w; }
  };
  std::vector<A> v;
  void access(Space s, uint64_t b, uint64_t l, bool w) override { v.push_back({s, b, l, w}); }
};

TEST(CubeChecks, AccessListsOfMmadAndFix) {
  Recorder r;
  for_each_access(Core::op_of(InsnId::xnpu_mmad_f16, x::pack_addrs({0x400, 0x1000, 0x2000}),
                              x::pack_mmad(17, 40, 20, x::MmadInit::L0c), 0),
                  r);
  // m1 = 2, n1 = 3, k1 = 2
  const std::vector<Recorder::A> want = {{Space::L0A, 0x1000, 4 * 512, false},
                                         {Space::L0B, 0x2000, 6 * 512, false},
                                         {Space::L0C, 0x400, 6 * 1024, false},
                                         {Space::L0C, 0x400, 6 * 1024, true}};
  EXPECT_TRUE(r.v == want);
  Recorder rf;
  x::FixParams f = fix_params(16, 20, 20);  // two 16-column blocks of L0C, 16 rows each, 16 rows apart
  for_each_access(Core::op_of(InsnId::xnpu_fix_l0c2gm_f32_f32, kGmC, x::pack_fix_rs2(f), x::pack_fix_rs3(f)), rf);
  ASSERT_EQ(rf.v.size(), 2u);  // L0C rows coalesce into one range; GM rows are contiguous too
  EXPECT_TRUE((rf.v[0] == Recorder::A{Space::L0C, 0, 2 * 16 * 64, false}));
  EXPECT_TRUE((rf.v[1] == Recorder::A{Space::GM, kGmC, 16 * 20 * 4, true}));
}

// The bytes a range list covers, per (space, direction): sorted disjoint runs.
std::map<std::pair<Space, bool>, std::vector<std::pair<uint64_t, uint64_t>>> covered(const Recorder& r) {
  std::map<std::pair<Space, bool>, std::vector<std::pair<uint64_t, uint64_t>>> runs;
  for (const Recorder::A& a : r.v) runs[{a.s, a.w}].push_back({a.b, a.b + a.l});
  for (auto& [key, v] : runs) {
    std::sort(v.begin(), v.end());
    std::vector<std::pair<uint64_t, uint64_t>> merged;
    for (const auto& x : v)
      if (!merged.empty() && x.first <= merged.back().second) merged.back().second = std::max(merged.back().second, x.second);
      else merged.push_back(x);
    v = merged;
  }
  return runs;
}

// for_each_footprint stands in for for_each_access wherever only the touched
// bytes matter (bounds, the race checker's union): the same bytes per space
// and direction, for random operands of every data-movement row.
TEST(CubeChecks, FootprintCoversTheSameBytesAsTheAccessList) {
  std::mt19937 r(7);
  auto small = [&](unsigned n) { return static_cast<uint16_t>(r() % n); };
  for (int iter = 0; iter < 2000; ++iter) {
    CubeOp op;
    switch (iter % 5) {
      case 0: {
        const InsnId id = iter % 2 ? InsnId::xnpu_copy_gm2l1_u8 : InsnId::xnpu_copy_l12bt_u8;
        op = Core::op_of(id, 32 * small(64), kGmBase + 32 * small(64),
                         x::pack_copy({small(6), small(4), small(3), small(3)}));
        break;
      }
      case 1: {
        x::Nd2NzParams p;
        p.dst = 32 * small(64), p.nd_num = small(4), p.n_value = small(20), p.d_value = small(70);
        p.src_d_value = static_cast<uint16_t>(p.d_value + small(8)), p.src_nd_matrix_stride = small(3000);
        p.dst_nz_c0_stride = small(24), p.dst_nz_matrix_stride = static_cast<uint16_t>(16 * small(100));
        op = Core::op_of(iter % 2 ? InsnId::xnpu_copy_gm2l1_nd2nz_u16 : InsnId::xnpu_copy_gm2l1_nd2nz_u8,
                         x::pack_nd2nz_rs1(p), kGmBase + 2 * small(100), x::pack_nd2nz_rs3(p));
        break;
      }
      case 2: {
        const InsnId ids[] = {InsnId::xnpu_load2d_l12l0a_u16, InsnId::xnpu_load2d_l12l0b_u16,
                              InsnId::xnpu_load2d_gm2l0a_u16, InsnId::xnpu_load2d_gm2l0b_u16};
        const InsnId id = ids[r() % 4];
        const uint64_t src = id == InsnId::xnpu_load2d_gm2l0a_u16 || id == InsnId::xnpu_load2d_gm2l0b_u16
                                 ? kGmBase + 512 * small(8) : 32 * small(64);
        op = Core::op_of(id, 512 * small(8), src,
                         x::pack_load2d({small(10), static_cast<uint8_t>(small(20)), small(4), small(3), r() % 2 == 0}));
        break;
      }
      default: {
        x::FixParams f = fix_params(small(40), small(70), 0);
        f.src_stride = static_cast<uint16_t>(ceil16(f.m) + small(3));
        f.nz_out = r() % 2 == 0;
        f.dst_stride = f.nz_out ? static_cast<uint32_t>(f.m + small(4)) : static_cast<uint32_t>(f.n + small(5));
        const bool to_l1 = iter % 5 == 4;
        f.atomic_add = !to_l1 && r() % 2 == 0;
        f.per_channel = r() % 3 == 0;
        f.scale = 32 * small(16);
        const InsnId id = to_l1 ? InsnId::xnpu_fix_l0c2l1_f32_bf16
                                : (f.per_channel ? InsnId::xnpu_fix_l0c2gm_s32_f16 : InsnId::xnpu_fix_l0c2gm_f32_f32);
        op = Core::op_of(id, to_l1 ? 32 * small(64) : kGmC, x::pack_fix_rs2(f), x::pack_fix_rs3(f));
        break;
      }
    }
    Recorder pieces, footprint;
    for_each_access(op, pieces);
    for_each_footprint(op, footprint);
    ASSERT_TRUE(covered(pieces) == covered(footprint)) << "iteration " << iter;
  }
}

// What makes the footprint worth having: the GEMM example's ND -> NZ copy of
// a 128 x 256 bf16 stage is 128 row reads and 2048 L1 blocks as pieces, and
// its L1 side is one range as a footprint; its MTE1 loads are one range per L0 stage.
TEST(CubeChecks, FootprintOfTheGemmStagesIsAFewRanges) {
  x::Nd2NzParams p;
  p.dst = 0, p.nd_num = 1, p.n_value = 128, p.d_value = 256, p.src_d_value = 4096, p.dst_nz_c0_stride = 128;
  const CubeOp nd = Core::op_of(InsnId::xnpu_copy_gm2l1_nd2nz_u16, x::pack_nd2nz_rs1(p), kGmA, x::pack_nd2nz_rs3(p));
  Recorder pieces, footprint;
  for_each_access(nd, pieces);
  for_each_footprint(nd, footprint);
  EXPECT_EQ(pieces.v.size(), 128u * 17);
  ASSERT_EQ(footprint.v.size(), 128u + 1);  // GM rows 8 KiB apart stay apart; L1 is one NZ run
  EXPECT_TRUE((footprint.v.back() == Recorder::A{Space::L1, 0, 64 * 1024, true}));
  Recorder load;
  for_each_footprint(Core::op_of(InsnId::xnpu_load2d_l12l0b_u16, 0, 0, x::pack_load2d({0, 16, 16, 0, true})), load);
  ASSERT_EQ(load.v.size(), 17u);  // 16 source fractals 16 apart, one destination run
  EXPECT_TRUE((load.v.back() == Recorder::A{Space::L0B, 0, 16 * 512, true}));
}

TEST(CubeIsa, RowsDecodeToTheirPipes) {
  using x::Pipe;
  const struct {
    InsnId id;
    Pipe pipe;
  } rows[] = {{InsnId::xnpu_copy_gm2l1_u8, Pipe::MTE2},        {InsnId::xnpu_copy_gm2l1_nd2nz_u16, Pipe::MTE2},
              {InsnId::xnpu_load2d_gm2l0a_u16, Pipe::MTE2},    {InsnId::xnpu_load2d_l12l0b_u8, Pipe::MTE1},
              {InsnId::xnpu_copy_l12bt_u8, Pipe::MTE1},        {InsnId::xnpu_mmad_bf16, Pipe::M},
              {InsnId::xnpu_fix_l0c2gm_s32_f16, Pipe::FIX},    {InsnId::xnpu_fix_l0c2l1_f32_bf16, Pipe::FIX}};
  for (const auto& r : rows) {
    EXPECT_EQ(x::pipe_of(r.id), r.pipe) << isa::info(r.id).mnemonic;
    isa::Decoded d;
    ASSERT_TRUE(isa::decode(isa::info(r.id).match | 5u << 15 | 6u << 20 | 7u << 27, d));
    EXPECT_EQ(d.id, r.id);
    EXPECT_EQ(d.rs1, 5);
    EXPECT_EQ(d.rs2, 6);
    EXPECT_EQ(d.rs3, 7);
  }
  // an unassigned custom-3 encoding stays the reserved (illegal) row
  isa::Decoded d;
  ASSERT_TRUE(isa::decode(0x7bu | 7u << 12 | 3u << 25, d));
  EXPECT_EQ(d.id, InsnId::xnpu_custom3);
  CubeOp op;
  EXPECT_FALSE(make_cube_op(d, 0, 0, 0, op));
}

}  // namespace
}  // namespace npuvp::cube_unit
