// DataCopy chunk plans (bursts, gaps, padding) and atomic add, against
// addresses written out by hand from isa/XNPU.md "DataCopy".
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "models/vector_unit/data_copy.h"

namespace npuvp::test {
namespace {

using isa::xnpu::DType;
using isa::xnpu::Op;
using vector_unit::CopyChunk;
using vector_unit::PadConfig;

std::vector<CopyChunk> plan(Op op, DType t, uint64_t dst, uint64_t src, isa::xnpu::CopyParams p, PadConfig pad = {}) {
  std::vector<CopyChunk> out;
  vector_unit::plan_copy(op, t, dst, src, p, pad, out);
  return out;
}

TEST(DataCopy, BurstsWithGapsIn32ByteBlocks) {
  // 3 bursts of 2 blocks; source gap 1 block, destination gap 4 blocks.
  const auto c = plan(Op::copy_gm2ub, DType::u8, 0x100, 0x80000000, {3, 2, 1, 4});
  ASSERT_EQ(c.size(), 3u);
  for (unsigned k = 0; k < 3; ++k) {
    EXPECT_EQ(c[k].kind, CopyChunk::Kind::Copy);
    EXPECT_EQ(c[k].src, 0x80000000u + k * 96);  // (2 + 1) * 32
    EXPECT_EQ(c[k].dst, 0x100u + k * 192);       // (2 + 4) * 32
    EXPECT_EQ(c[k].length, 64u);
  }
}

TEST(DataCopy, ZeroCountOrLengthIsEmpty) {
  EXPECT_TRUE(plan(Op::copy_ub2gm, DType::u8, 0, 0, {0, 4, 0, 0}).empty());
  EXPECT_TRUE(plan(Op::copy_ub2gm, DType::u8, 0, 0, {4, 0, 0, 0}).empty());
}

TEST(DataCopy, MaximumParameters) {
  const auto c = plan(Op::copy_ub2gm, DType::u8, 0, 0, {4095, 65535, 65535, 65535});
  ASSERT_EQ(c.size(), 4095u);
  EXPECT_EQ(c.back().src, 4094ull * (65535 + 65535) * 32);
  EXPECT_EQ(c.back().length, 65535u * 32);
}

TEST(DataCopy, PadGm2UbInBytesWithLeftAndRightPadding) {
  PadConfig pad{true, 2, 3, 0xabcd};
  // 2 bursts of 10 bytes of u16 elements, GM gap 6 bytes, UB gap 1 block.
  const auto c = plan(Op::copy_gm2ub_pad, DType::u16, 0x200, 0x1000, {2, 10, 6, 1}, pad);
  // UB burst = 4 + 10 + 6 = 20 bytes -> 1 block; next burst at 0x200 + 32 + 32.
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].kind, CopyChunk::Kind::Fill);
  EXPECT_EQ(c[0].dst, 0x200u);
  EXPECT_EQ(c[0].length, 4u);
  EXPECT_EQ(c[1].src, 0x1000u);
  EXPECT_EQ(c[1].dst, 0x204u);
  EXPECT_EQ(c[1].length, 10u);
  EXPECT_EQ(c[2].dst, 0x20eu);
  EXPECT_EQ(c[2].length, 6u);
  EXPECT_EQ(c[3].dst, 0x240u);
  EXPECT_EQ(c[4].src, 0x1010u);  // 10 + 6
  std::vector<uint8_t> gm(0x2000, 0x11), ub(0x400, 0);
  for (const auto& k : c) vector_unit::perform_chunk(k, gm.data(), ub.data());
  EXPECT_EQ(ub[0x200], 0xcd);
  EXPECT_EQ(ub[0x201], 0xab);
  EXPECT_EQ(ub[0x203], 0xab);
  EXPECT_EQ(ub[0x204], 0x11);
  EXPECT_EQ(ub[0x20d], 0x11);
  EXPECT_EQ(ub[0x20e], 0xcd);
  EXPECT_EQ(ub[0x213], 0xab);
  EXPECT_EQ(ub[0x214], 0x00);  // rest of the block untouched
  // Padding disabled: only the data, bursts still rounded to blocks.
  const auto d = plan(Op::copy_gm2ub_pad, DType::u16, 0, 0, {2, 40, 0, 0});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].dst, 64u);
  EXPECT_EQ(d[1].src, 40u);
}

TEST(DataCopy, PadUb2GmBurstsStartOnBlocks) {
  const auto c = plan(Op::copy_ub2gm_pad, DType::u8, 0x5000, 0x40, {3, 33, 2, 7});
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[1].src, 0x40u + 64 + 64);  // 2 blocks of data + 2 gap blocks
  EXPECT_EQ(c[1].dst, 0x5000u + 40);     // 33 + 7 bytes
  EXPECT_EQ(c[2].length, 33u);
}

TEST(DataCopy, AtomicAddPerType) {
  float g[8] = {1, 2, 3, 1e30f, -0.0f, 0, 0, 0}, u[8] = {0.5f, 0.25f, -3, 1e30f, -0.0f, 0, 0, 0};
  vector_unit::atomic_add(DType::f32, reinterpret_cast<uint8_t*>(g), reinterpret_cast<const uint8_t*>(u), 32);
  EXPECT_EQ(g[0], 1.5f);
  EXPECT_EQ(g[1], 2.25f);
  EXPECT_EQ(g[2], 0.0f);
  EXPECT_EQ(g[3], 2e30f);
  EXPECT_TRUE(std::signbit(g[4]));
  int32_t a[8] = {INT32_MAX, -5}, b[8] = {1, 7};
  vector_unit::atomic_add(DType::s32, reinterpret_cast<uint8_t*>(a), reinterpret_cast<const uint8_t*>(b), 32);
  EXPECT_EQ(a[0], INT32_MIN);  // wraps
  EXPECT_EQ(a[1], 2);
  uint16_t h[16] = {0x3c00, 0x7bff}, k[16] = {0x3c00, 0x7bff};  // 1+1, max+max
  vector_unit::atomic_add(DType::f16, reinterpret_cast<uint8_t*>(h), reinterpret_cast<const uint8_t*>(k), 32);
  EXPECT_EQ(h[0], 0x4000);
  EXPECT_EQ(h[1], 0x7c00);  // overflow to inf
}

}  // namespace
}  // namespace npuvp::test
