// Vector instructions over the UB: repeats, strides, masks, every shape,
// checked lane by lane against addresses and values computed in the test.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "isa/decoder.h"
#include "models/vector_unit/vector_unit.h"
#include "tests/vector_unit/reference.h"

namespace npuvp::test {
namespace {

using isa::InsnId;
using isa::xnpu::DType;
using vector_unit::Status;
using vector_unit::UbView;
using vector_unit::VectorOp;

constexpr size_t kUb = 192 * 1024;

struct Ub {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(kUb);
  UbView view() { return {bytes.data(), bytes.size()}; }
  uint32_t get(uint32_t a, unsigned n) const {
    uint32_t v = 0;
    std::memcpy(&v, bytes.data() + a, n);
    return v;
  }
  void set(uint32_t a, unsigned n, uint32_t v) { std::memcpy(bytes.data() + a, &v, n); }
  void randomize(uint32_t seed) {
    std::mt19937 rng(seed);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  }
};

// A VectorOp built the way the pipe model will: from an encoding, register values and CSRs.
VectorOp make(InsnId id, isa::xnpu::Addrs a, isa::xnpu::RepeatConfig c, uint32_t scalar = 0,
              vector_unit::VectorMask mask = {}, uint8_t rm = 1) {
  isa::Decoded d;
  const isa::InsnInfo& row = isa::info(id);
  uint32_t raw = row.match | (10u << 15) | (11u << 20) | (12u << 27 & ~row.mask) | (uint32_t{rm} << 12 & ~row.mask);
  EXPECT_TRUE(isa::decode(raw, d)) << row.ident;
  EXPECT_EQ(d.id, id);
  VectorOp op;
  vector_unit::VectorCsrs csrs;
  csrs.mask = mask;
  csrs.cmpmask_addr = 0x20000;
  EXPECT_TRUE(vector_unit::make_vector_op(d, isa::xnpu::pack_addrs(a), isa::xnpu::pack_config(c), scalar, csrs, op));
  return op;
}

// Address of lane i of repeat r, written out independently of the model.
uint32_t lane_addr(uint32_t base, unsigned blk, unsigned rep, unsigned size, unsigned r, unsigned i) {
  const unsigned per_block = 32 / size;
  return base + r * rep * 32 + (i / per_block) * blk * 32 + (i % per_block) * size;
}

double f16v(uint32_t b) { return to_double(Fmt::f16, b); }
uint32_t f16b(double d) { return round_to(Fmt::f16, d); }
uint32_t fbits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
float f32v(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

struct RecordingSink : vector_unit::AccessSink {
  std::vector<std::tuple<uint32_t, uint32_t, bool>> ranges;
  void access(uint32_t b, uint32_t n, bool w) override { ranges.emplace_back(b, n, w); }
  std::set<uint32_t> bytes(bool write) const {
    std::set<uint32_t> s;
    for (auto [b, n, w] : ranges)
      if (w == write)
        for (uint32_t k = 0; k < n; ++k) s.insert(b + k);
    return s;
  }
};

// Checks an element-wise binary f16 instruction for every lane and every
// byte: active lanes get the reference value, everything else is unchanged.
void check_binary_f16(InsnId id, double (*ref)(double, double), isa::xnpu::Addrs a, isa::xnpu::RepeatConfig c,
                      vector_unit::VectorMask mask, unsigned expect_repeats) {
  Ub ub;
  ub.randomize(42);
  // Sources: finite f16 values (keep random NaN patterns out of the value check).
  for (uint32_t k = 0; k < kUb; k += 2) {
    uint32_t v = ub.get(k, 2);
    if ((v & 0x7c00) == 0x7c00) ub.set(k, 2, v & 0xbfff);
  }
  const Ub before = ub;
  const VectorOp op = make(id, a, c, 0, mask);
  ASSERT_EQ(vector_unit::execute(op, ub.view()), Status::Ok);
  std::map<uint32_t, uint32_t> expected;  // dst byte address -> f16 bits (later repeats win)
  for (unsigned r = 0; r < expect_repeats; ++r)
    for (unsigned i = 0; i < 128; ++i) {
      const bool on = mask.count_mode ? r * 128 + i < mask.lo : (i < 64 ? mask.lo >> i & 1 : mask.hi >> (i - 64) & 1);
      if (!on) continue;
      // Sources read the UB as it was before this repeat's writes (here: strides never overlap dst).
      const double x = f16v(before.get(lane_addr(a.src0, c.src0_blk, c.src0_rep, 2, r, i), 2));
      const double y = f16v(before.get(lane_addr(a.src1, c.src1_blk, c.src1_rep, 2, r, i), 2));
      expected[lane_addr(a.dst, c.dst_blk, c.dst_rep, 2, r, i)] = f16b(ref(x, y));
    }
  for (uint32_t k = 0; k < kUb; k += 2) {
    const auto it = expected.find(k);
    const uint32_t want = it == expected.end() ? before.get(k, 2) : it->second;
    ASSERT_EQ(ub.get(k, 2), want) << "byte " << k;
  }
  // The access list names exactly the written lanes and the read lanes.
  RecordingSink sink;
  vector_unit::for_each_access(op, ub.view(), sink);
  std::set<uint32_t> written;
  for (const auto& [addr, v] : expected) written.insert({addr, addr + 1});
  EXPECT_EQ(sink.bytes(true), written);
  EXPECT_EQ(vector_unit::work(op).repeats, expect_repeats);
}

double add(double x, double y) { return x + y; }
double mul(double x, double y) { return x * y; }

TEST(VectorUnit, AddF16DefaultStridesFullMaskOneRepeat) {
  check_binary_f16(InsnId::xnpu_vadd_f16, add, {0x0, 0x1000, 0x2000}, {1, 1, 1, 1, 8, 8, 8}, {}, 1);
}

TEST(VectorUnit, RepeatZeroDoesNothing) {
  Ub ub;
  ub.randomize(1);
  const Ub before = ub;
  const VectorOp op = make(InsnId::xnpu_vadd_f16, {0, 0x1000, 0x2000}, {0, 1, 1, 1, 8, 8, 8});
  EXPECT_EQ(vector_unit::execute(op, ub.view()), Status::Ok);
  EXPECT_EQ(ub.bytes, before.bytes);
  RecordingSink sink;
  vector_unit::for_each_access(op, ub.view(), sink);
  EXPECT_TRUE(sink.ranges.empty());
  EXPECT_EQ(vector_unit::work(op).repeats, 0u);
}

TEST(VectorUnit, Repeat255WithBlockAndRepeatStrides) {
  // dst interleaves blocks (block stride 2) and repeats 16 blocks apart; src0 reads
  // repeats 8 blocks apart, src1 rereads the same repeat (repeat stride 0).
  check_binary_f16(InsnId::xnpu_vmul_f16, mul, {0x0, 0x20000, 0x28000}, {255, 2, 1, 1, 16, 8, 0}, {}, 255);
}

TEST(VectorUnit, ZeroBlockStrideReadsOneBlockEightTimes) {
  check_binary_f16(InsnId::xnpu_vadd_f16, add, {0x0, 0x8000, 0x9000}, {3, 1, 0, 1, 8, 1, 8}, {}, 3);
}

TEST(VectorUnit, BitMaskSelectsLanes) {
  vector_unit::VectorMask m;
  m.lo = 0x8000000000000001ull;
  m.hi = 0xf0f0f0f0f0f0f0f0ull;
  check_binary_f16(InsnId::xnpu_vadd_f16, add, {0x0, 0x1000, 0x2000}, {4, 1, 1, 1, 8, 8, 8}, m, 4);
}

TEST(VectorUnit, CountModeRunsCeilRepeatsAndIgnoresTheRepeatField) {
  vector_unit::VectorMask m;
  m.count_mode = true;
  m.lo = 300;  // 2 full repeats of 128 + 44 lanes
  check_binary_f16(InsnId::xnpu_vadd_f16, add, {0x0, 0x1000, 0x2000}, {7, 1, 1, 1, 8, 8, 8}, m, 3);
}

TEST(VectorUnit, F32UsesSixtyFourLanesAndOnlyTheLowMaskBits) {
  Ub ub;
  for (uint32_t k = 0; k < 4096; k += 4) {
    const float v = static_cast<float>(k) * 0.25f;
    ub.set(0x1000 + k, 4, fbits(v));
    ub.set(0x2000 + k, 4, 0x3f800000);  // 1.0
  }
  vector_unit::VectorMask m;
  m.lo = ~0ull;
  m.hi = 0;  // must not matter
  const VectorOp op = make(InsnId::xnpu_vadd_f32, {0, 0x1000, 0x2000}, {2, 1, 1, 1, 8, 8, 8}, 0, m);
  ASSERT_EQ(vector_unit::execute(op, ub.view()), Status::Ok);
  for (unsigned k = 0; k < 128; ++k) EXPECT_EQ(f32v(ub.get(4 * k, 4)), static_cast<float>(4 * k) * 0.25f + 1.0f);
  EXPECT_EQ(ub.get(512, 4), 0u);  // lane 128 is beyond 2 repeats of 64
}

TEST(VectorUnit, InPlaceAndOverlappingOperandsReadBeforeWrite) {
  // vadd dst = src0 = src1 (in place): x + x for every lane.
  Ub ub;
  for (unsigned i = 0; i < 128; ++i) ub.set(2 * i, 2, f16b(i));
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vadd_f16, {0, 0, 0}, {1, 1, 1, 1, 8, 8, 8}), ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 128; ++i) EXPECT_EQ(ub.get(2 * i, 2), f16b(2.0 * i));
  // dst shifted one block after src0, 2 repeats with repeat stride 1: repeat 1
  // reads blocks that repeat 0 wrote (repeats run in order).
  Ub u2;
  for (unsigned i = 0; i < 256; ++i) u2.set(2 * i, 2, f16b(1));
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vadds_f16, {32, 0, 0}, {2, 1, 1, 1, 1, 1, 1}, f16b(1)), u2.view()),
            Status::Ok);
  // After repeat 0: blocks 1..8 = 2. Repeat 1 reads blocks 1..8 (=2), writes blocks 2..9 = 3.
  EXPECT_EQ(u2.get(32, 2), f16b(2));
  EXPECT_EQ(u2.get(64, 2), f16b(3));
  EXPECT_EQ(u2.get(9 * 32, 2), f16b(3));
}

TEST(VectorUnit, OutOfBoundsWritesNothing) {
  Ub ub;
  ub.randomize(3);
  const Ub before = ub;
  const VectorOp op = make(InsnId::xnpu_vadd_f16, {kUb - 128, 0, 0}, {1, 1, 1, 1, 8, 8, 8});
  EXPECT_EQ(vector_unit::execute(op, ub.view()), Status::OutOfBounds);
  EXPECT_EQ(ub.bytes, before.bytes);
}

TEST(VectorUnit, IntegerOpsWrap) {
  Ub ub;
  for (unsigned i = 0; i < 64; ++i) {
    ub.set(0x100 * 4 + 4 * i, 4, 0x7fffffff);
    ub.set(0x200 * 4 + 4 * i, 4, i);
  }
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vadd_s32, {0, 0x400, 0x800}, {1, 1, 1, 1, 8, 8, 8}), ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(ub.get(4 * i, 4), static_cast<uint32_t>(0x7fffffffu + i));
}

TEST(VectorUnit, ScalarFormsDupAndLeakyRelu) {
  Ub ub;
  for (unsigned i = 0; i < 128; ++i) ub.set(0x1000 + 2 * i, 2, f16b(static_cast<double>(i) - 64));
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vlrelu_f16, {0, 0x1000, 0}, {1, 1, 1, 1, 8, 8, 8}, f16b(0.5)),
                                 ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 128; ++i) {
    const double x = static_cast<double>(i) - 64;
    EXPECT_EQ(ub.get(2 * i, 2), f16b(x < 0 ? x * 0.5 : x)) << i;
  }
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vdup_s32, {0x3000, 0, 0}, {3, 1, 1, 1, 8, 8, 8}, 0xdeadbeef),
                                 ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 3 * 64; ++i) EXPECT_EQ(ub.get(0x3000 + 4 * i, 4), 0xdeadbeefu);
  EXPECT_NE(ub.get(0x3000 + 4 * 192, 4), 0xdeadbeefu);
}

TEST(VectorUnit, MultiplyAddForms) {
  Ub ub;
  for (unsigned i = 0; i < 64; ++i) {
    const float a = 1.5f + i, b = 0.25f * i, d = 100.0f - i;
    ub.set(0x1000 + 4 * i, 4, fbits(a));
    ub.set(0x2000 + 4 * i, 4, fbits(b));
    ub.set(0x0000 + 4 * i, 4, fbits(d));
    ub.set(0x3000 + 4 * i, 4, fbits(d));
  }
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vmla_f32, {0, 0x1000, 0x2000}, {1, 1, 1, 1, 8, 8, 8}), ub.view()),
            Status::Ok);
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vmadd_f32, {0x3000, 0x1000, 0x2000}, {1, 1, 1, 1, 8, 8, 8}),
                                 ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 64; ++i) {
    const double a = 1.5 + i, b = 0.25 * i, d = 100.0 - i;
    EXPECT_EQ(f32v(ub.get(4 * i, 4)), static_cast<float>(a * b + d));           // MulAddDst
    EXPECT_EQ(f32v(ub.get(0x3000 + 4 * i, 4)), static_cast<float>(a * d + b));  // FusedMulAdd
  }
}

TEST(VectorUnit, CompareWritesBitsAndSelectReadsThem) {
  Ub ub;
  for (unsigned i = 0; i < 256; ++i) {
    ub.set(0x1000 + 2 * i, 2, f16b(i % 7));
    ub.set(0x2000 + 2 * i, 2, f16b(3));
    ub.set(0x3000 + 2 * i, 2, f16b(-1.0 * i));
  }
  ub.set(0x1000 + 2 * 5, 2, 0x7e00);  // NaN: lt is false
  vector_unit::VectorMask m;
  m.lo = ~0ull;
  m.hi = 0x0fffffffffffffffull;  // lanes 124..127 off: their bits are 0
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcmpv_lt_f16, {0x20000, 0x1000, 0x2000}, {2, 1, 1, 1, 8, 8, 8}, 0, m),
                                 ub.view()),
            Status::Ok);
  for (unsigned r = 0; r < 2; ++r)
    for (unsigned i = 0; i < 128; ++i) {
      const unsigned n = r * 128 + i;
      const bool want = i < 124 && n != 5 && (n % 7) < 3;
      EXPECT_EQ((ub.get(0x20000 + r * 16 + i / 8, 1) >> (i % 8)) & 1, want ? 1u : 0u) << n;
    }
  // Select by those bits (CSR npu_cmpmask = 0x20000 in make()).
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vsel_f16, {0x4000, 0x1000, 0x3000}, {2, 1, 1, 1, 8, 8, 8}),
                                 ub.view()),
            Status::Ok);
  for (unsigned n = 0; n < 256; ++n) {
    const unsigned i = n % 128;
    const bool bit = i < 124 && n != 5 && (n % 7) < 3;
    EXPECT_EQ(ub.get(0x4000 + 2 * n, 2), bit ? ub.get(0x1000 + 2 * n, 2) : ub.get(0x3000 + 2 * n, 2)) << n;
  }
  // Compare with a scalar.
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcmpvs_ge_s32, {0x21000, 0x1000, 0}, {1, 1, 1, 1, 8, 8, 8}, 5),
                                 ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 64; ++i)
    EXPECT_EQ((ub.get(0x21000 + i / 8, 1) >> (i % 8)) & 1,
              static_cast<int32_t>(ub.get(0x1000 + 4 * i, 4)) >= 5 ? 1u : 0u);
}

TEST(VectorUnit, WholeReductionsSumTreeAndArgMax) {
  Ub ub;
  std::mt19937 rng(4);
  std::vector<float> v(2 * 64);
  for (unsigned i = 0; i < v.size(); ++i) {
    v[i] = static_cast<float>(static_cast<int>(rng() % 2001) - 1000) / 64.0f;  // sums exact in f32
    ub.set(0x1000 + 4 * i, 4, fbits(v[i]));
  }
  vector_unit::VectorMask m;
  m.lo = 0x00ff00ff00ff00ffull;
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcadd_f32, {0, 0x1000, 0}, {2, 1, 1, 1, 1, 8, 8}, 0, m), ub.view()),
            Status::Ok);
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcmax_f32, {0x100, 0x1000, 0}, {2, 1, 1, 1, 1, 8, 8}, 0, m),
                                 ub.view()),
            Status::Ok);
  for (unsigned r = 0; r < 2; ++r) {
    double sum = 0;
    float best = -INFINITY;
    unsigned at = 0;
    for (unsigned i = 0; i < 64; ++i) {
      if (!(m.lo >> i & 1)) continue;
      sum += v[r * 64 + i];
      if (v[r * 64 + i] > best) best = v[r * 64 + i], at = i;
    }
    EXPECT_EQ(f32v(ub.get(4 * r, 4)), static_cast<float>(sum));
    EXPECT_EQ(f32v(ub.get(0x100 + 8 * r, 4)), best);
    EXPECT_EQ(ub.get(0x100 + 8 * r + 4, 4), at);
  }
}

TEST(VectorUnit, ReductionSumOrderIsThePairwiseTree) {
  // 1 + 2^-11 + 2^-11 ... in f16: a left-to-right sum would lose every small
  // term; the pairwise tree adds them pairwise first (2^-10 each) and keeps them.
  Ub ub;
  ub.set(0x1000, 2, f16b(1.0));
  for (unsigned i = 1; i < 128; ++i) ub.set(0x1000 + 2 * i, 2, f16b(std::ldexp(1.0, -11)));
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcadd_f16, {0, 0x1000, 0}, {1, 1, 1, 1, 1, 8, 8}), ub.view()),
            Status::Ok);
  // Tree: level 1: (1 + 2^-11) = 1 (tie to even), 63 pairs of 2^-10; then sums
  // of small terms are exact: 63 * 2^-10 + 1 -> 1 + 0.0615234375 = 1.0615234375 (f16-representable)
  // computed by the same tree in doubles with f16 rounding at each step:
  std::vector<double> t(128);
  t[0] = 1.0;
  for (unsigned i = 1; i < 128; ++i) t[i] = std::ldexp(1.0, -11);
  for (unsigned n = 128; n > 1; n /= 2)
    for (unsigned k = 0; k < n / 2; ++k) t[k] = f16v(f16b(t[2 * k] + t[2 * k + 1]));
  EXPECT_EQ(ub.get(0, 2), f16b(t[0]));
  EXPECT_NE(ub.get(0, 2), f16b(1.0));
}

TEST(VectorUnit, BlockReductions) {
  Ub ub;
  for (unsigned i = 0; i < 128; ++i) ub.set(0x1000 + 2 * i, 2, f16b(static_cast<double>(i % 16) - (i / 16)));
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcgadd_f16, {0, 0x1000, 0}, {1, 1, 1, 1, 1, 8, 8}), ub.view()),
            Status::Ok);
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vcgmin_f16, {0x40, 0x1000, 0}, {1, 1, 1, 1, 1, 8, 8}), ub.view()),
            Status::Ok);
  for (unsigned b = 0; b < 8; ++b) {
    EXPECT_EQ(ub.get(2 * b, 2), f16b(120.0 - 16.0 * b));  // sum of 0..15 minus 16 b
    EXPECT_EQ(ub.get(0x40 + 2 * b, 2), b == 0 ? 0u : f16b(-static_cast<double>(b)));
  }
}

TEST(VectorUnit, ConversionUsesTheWiderTypesLanes) {
  Ub ub;
  for (unsigned i = 0; i < 128; ++i) {
    const float v = 0.1f * static_cast<float>(i) + 1e5f * (i == 7);
    ub.set(0x1000 + 4 * i, 4, fbits(v));
  }
  // f32 -> f16, 2 repeats of 64 lanes; dst uses 4 blocks per repeat (repeat stride 4).
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vconv_f32_f16, {0, 0x1000, 0}, {2, 1, 1, 1, 4, 8, 8}, 0, {}, 1),
                                 ub.view()),
            Status::Ok);
  for (unsigned i = 0; i < 128; ++i) {
    const double v = f32v(ub.get(0x1000 + 4 * i, 4));
    EXPECT_EQ(ub.get(2 * i, 2), round_to(Fmt::f16, v)) << i;
  }
  EXPECT_EQ(ub.get(14, 2), 0x7c00u);  // 1e5 overflows f16 to inf under rint
}

TEST(VectorUnit, Transpose16x16) {
  Ub ub;
  for (unsigned k = 0; k < 256; ++k) ub.set(0x1000 + 2 * k, 2, k);
  ASSERT_EQ(vector_unit::execute(make(InsnId::xnpu_vtranspose_u16, {0, 0x1000, 0}, {1, 1, 1, 1, 8, 8, 8}), ub.view()),
            Status::Ok);
  for (unsigned r = 0; r < 16; ++r)
    for (unsigned c = 0; c < 16; ++c) EXPECT_EQ(ub.get(2 * (r * 16 + c), 2), c * 16 + r);
}

TEST(VectorUnit, GatherReadsByOffsetsAndReportsThoseReads) {
  Ub ub;
  for (unsigned k = 0; k < 1024; ++k) ub.set(0x4000 + 4 * k, 4, 1000 + k);
  for (unsigned i = 0; i < 64; ++i) ub.set(0x1000 + 4 * i, 4, 4 * ((i * 37) % 1024));
  const VectorOp op = make(InsnId::xnpu_vgather_u32, {0, 0x1000, 0}, {1, 1, 1, 1, 8, 8, 8}, 0x4000);
  ASSERT_EQ(vector_unit::execute(op, ub.view()), Status::Ok);
  RecordingSink sink;
  vector_unit::for_each_access(op, ub.view(), sink);
  const std::set<uint32_t> reads = sink.bytes(false);
  for (unsigned i = 0; i < 64; ++i) {
    EXPECT_EQ(ub.get(4 * i, 4), 1000 + (i * 37) % 1024);
    EXPECT_TRUE(reads.count(0x4000 + 4 * ((i * 37) % 1024))) << i;
  }
  // An offset pointing outside the UB is an error, and nothing is written.
  ub.set(0x1000, 4, 0x7ffffff0);
  ub.set(0, 4, 0);
  EXPECT_EQ(vector_unit::execute(op, ub.view()), Status::OutOfBounds);
  EXPECT_EQ(ub.get(0, 4), 0u);
}

TEST(VectorUnit, NonVectorRowsAreRejected) {
  isa::Decoded d;
  ASSERT_TRUE(isa::decode(isa::info(InsnId::xnpu_copy_gm2ub_u8).match, d));
  VectorOp op;
  EXPECT_FALSE(vector_unit::make_vector_op(d, 0, 0, 0, {}, op));
  ASSERT_TRUE(isa::decode(0x00000013, d));  // addi (nop)
  EXPECT_FALSE(vector_unit::make_vector_op(d, 0, 0, 0, {}, op));
}

}  // namespace
}  // namespace npuvp::test
