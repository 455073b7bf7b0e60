// load3d_l12l0a (im2col, isa/XNPU.md "Load3D") through its semantic function,
// against an im2col written here the plain way: the feature map as a host
// array x[c][h][w], nested loops over output positions and filter taps, and
// the window read out of L0A by the ZZ fractal formula of the manual.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "isa/decoder.h"
#include "isa/disasm.h"
#include "isa/xnpu.h"
#include "models/cube_unit/cube_unit.h"

namespace npuvp::cube_unit {
namespace {

using isa::InsnId;
namespace x = isa::xnpu;

struct Bufs {
  std::vector<uint8_t> l1 = std::vector<uint8_t>(kL1Bytes, 0xcd), l0a = std::vector<uint8_t>(kL0aBytes, 0xcd),
                       l0b = std::vector<uint8_t>(kL0bBytes), l0c = std::vector<uint8_t>(kL0cBytes),
                       bt = std::vector<uint8_t>(kBtBytes);
  Buffers of() {
    return {{l1.data(), l1.size()}, {l0a.data(), l0a.size()}, {l0b.data(), l0b.size()},
            {l0c.data(), l0c.size()}, {bt.data(), bt.size()}};
  }
};
struct NoGm final : GmPort {
  int calls = 0;
  bool read(uint64_t, void*, size_t) override { return ++calls, false; }
  bool write(uint64_t, const void*, size_t) override { return ++calls, false; }
};

// One convolution geometry and the window to load.
struct Conv {
  unsigned es = 2;  // element bytes: 2 (u16) or 1 (u8)
  unsigned c = 16, h = 5, w = 6, kh = 3, kw = 3, sh = 1, sw = 1, dh = 1, dw = 1;
  unsigned pt = 1, pb = 1, pl = 1, pr = 1;
  uint32_t src = 0x400, dst = 0x1000;
  unsigned m_start = 0, m_ext = 0, k_start = 0, k_ext = 0;  // m_ext/k_ext 0: the whole matrix
  uint16_t pad = 0x7bcd;
};

x::Load3dParams params_of(const Conv& v) {
  x::Load3dParams p;
  p.dst = v.dst, p.src = v.src, p.channel_size = static_cast<uint16_t>(v.c);
  p.k_extension = static_cast<uint16_t>(v.k_ext), p.m_extension = static_cast<uint16_t>(v.m_ext);
  p.k_start = static_cast<uint16_t>(v.k_start), p.m_start = static_cast<uint16_t>(v.m_start);
  p.stride_w = static_cast<uint8_t>(v.sw), p.stride_h = static_cast<uint8_t>(v.sh);
  p.filter_w = static_cast<uint8_t>(v.kw), p.filter_h = static_cast<uint8_t>(v.kh);
  p.dilation_w = static_cast<uint8_t>(v.dw), p.dilation_h = static_cast<uint8_t>(v.dh);
  p.pad_value = v.pad;
  p.fm = {static_cast<uint16_t>(v.w), static_cast<uint16_t>(v.h), static_cast<uint8_t>(v.pl),
          static_cast<uint8_t>(v.pr), static_cast<uint8_t>(v.pt), static_cast<uint8_t>(v.pb)};
  return p;
}
CubeOp op_of(const Conv& v) {
  const x::Load3dParams p = params_of(v);
  isa::Decoded d;
  d.id = v.es == 2 ? InsnId::xnpu_load3d_l12l0a_u16 : InsnId::xnpu_load3d_l12l0a_u8;
  CubeOp op;
  EXPECT_TRUE(make_cube_op(d, x::pack_load3d_rs1(p), x::pack_load3d_rs2(p), x::pack_load3d_rs3(p),
                           x::pack_fmatrix(p.fm), op));
  return op;
}

// The host im2col of x[c][h][w]: rows (ho, wo) row-major, columns
// (c1, kh, kw, c0) with c = c1 * C0 + c0; outside the map: the pad value.
struct Im2col {
  unsigned ho = 0, wo = 0, k = 0;
  std::vector<uint32_t> a;  // ho*wo rows of k
};
Im2col im2col(const Conv& v, const std::vector<uint32_t>& img, uint32_t pad) {
  const unsigned c0 = 32 / v.es;
  Im2col r;
  r.ho = (v.h + v.pt + v.pb - v.dh * (v.kh - 1) - 1) / v.sh + 1;
  r.wo = (v.w + v.pl + v.pr - v.dw * (v.kw - 1) - 1) / v.sw + 1;
  r.k = v.c * v.kh * v.kw;
  for (unsigned oy = 0; oy < r.ho; ++oy)
    for (unsigned ox = 0; ox < r.wo; ++ox)
      for (unsigned cb = 0; cb < v.c / c0; ++cb)
        for (unsigned fy = 0; fy < v.kh; ++fy)
          for (unsigned fx = 0; fx < v.kw; ++fx)
            for (unsigned ci = 0; ci < c0; ++ci) {
              const int y = static_cast<int>(oy * v.sh + fy * v.dh) - static_cast<int>(v.pt);
              const int xx = static_cast<int>(ox * v.sw + fx * v.dw) - static_cast<int>(v.pl);
              const bool in = y >= 0 && y < static_cast<int>(v.h) && xx >= 0 && xx < static_cast<int>(v.w);
              r.a.push_back(in ? img[((cb * c0 + ci) * v.h + y) * v.w + xx] : pad);
            }
  return r;
}

uint32_t get(const std::vector<uint8_t>& b, size_t at, unsigned es) {
  uint32_t v = 0;
  std::memcpy(&v, &b[at], es);
  return v;
}

// Runs the load on a random feature map and compares the whole written window
// with the host im2col. Returns the number of elements compared.
size_t check(Conv v, uint32_t seed) {
  const unsigned c0 = 32 / v.es;
  std::mt19937 rng(seed);
  std::vector<uint32_t> img(size_t{v.c} * v.h * v.w);
  for (auto& e : img) e = rng() & (v.es == 2 ? 0xffffu : 0xffu);
  Bufs b;
  // NC1HWC0 into L1
  for (unsigned ch = 0; ch < v.c; ++ch)
    for (unsigned y = 0; y < v.h; ++y)
      for (unsigned xx = 0; xx < v.w; ++xx)
        std::memcpy(&b.l1[v.src + (((ch / c0) * v.h + y) * v.w + xx) * 32 + (ch % c0) * v.es],
                    &img[(size_t{ch} * v.h + y) * v.w + xx], v.es);
  const uint32_t pad = v.es == 2 ? v.pad : (v.pad & 0xffu);
  const Im2col ref = im2col(v, img, pad);
  if (v.m_ext == 0) v.m_ext = ref.ho * ref.wo;
  if (v.k_ext == 0) v.k_ext = ref.k - v.k_start;
  NoGm gm;
  EXPECT_EQ(execute(op_of(v), b.of(), gm), Status::Ok);
  EXPECT_EQ(gm.calls, 0);
  const unsigned m1 = (v.m_ext + 15) / 16, k1 = v.k_ext / c0;
  size_t compared = 0;
  for (unsigned i = 0; i < m1 * 16; ++i)
    for (unsigned j = 0; j < v.k_ext; ++j) {
      const size_t at = v.dst + (size_t{i / 16} * k1 + j / c0) * 512 + ((i % 16) * c0 + j % c0) * v.es;
      const unsigned m = v.m_start + i, kk = v.k_start + j;
      // Rows past the last output position: the manual's formula continues
      // (ho = m / Wo grows), which the host im2col has no row for; those are
      // checked in PastTheLastRowTheFormulaContinues.
      if (m >= ref.ho * ref.wo) continue;
      const uint32_t want = ref.a[size_t{m} * ref.k + kk];
      if (get(b.l0a, at, v.es) != want) {
        ADD_FAILURE() << "row " << m << " column " << kk << ": got " << get(b.l0a, at, v.es) << ", want " << want;
        return compared;
      }
      ++compared;
    }
  // Nothing after the window's fractals is written.
  EXPECT_EQ(b.l0a[v.dst + size_t{m1} * k1 * 512], 0xcd);
  EXPECT_EQ(b.l0a[v.dst - 1], 0xcd);
  return compared;
}

TEST(CubeLoad3d, WholeMatrixStride1Pad1) {
  Conv v;
  EXPECT_EQ(check(v, 1), size_t{5 * 6} * 16 * 9);
}

TEST(CubeLoad3d, Stride2TwoChannelBlocksAsymmetricPadding) {
  Conv v;
  v.c = 32, v.h = 9, v.w = 7, v.sh = 2, v.sw = 2, v.pt = 1, v.pb = 0, v.pl = 2, v.pr = 1;
  EXPECT_GT(check(v, 2), 0u);
}

TEST(CubeLoad3d, DilationAndNonSquareFilter) {
  Conv v;
  v.c = 16, v.h = 8, v.w = 10, v.kh = 2, v.kw = 3, v.dh = 2, v.dw = 3, v.sh = 1, v.sw = 2, v.pt = 0, v.pb = 2,
  v.pl = 3, v.pr = 0;
  EXPECT_GT(check(v, 3), 0u);
}

TEST(CubeLoad3d, WindowOffsetsInMAndK) {
  Conv v;
  v.c = 48, v.h = 6, v.w = 6;
  // rows 5..36 (two fractals, the second partly past mExtension; row 36 is
  // past Ho*Wo = 36), the column blocks of c1 = 1 from tap 4 on, and of
  // c1 = 2 up to tap 2
  v.m_start = 5, v.m_ext = 20, v.k_start = (9 + 4) * 16, v.k_ext = (5 + 3) * 16;
  EXPECT_EQ(check(v, 4), size_t{31} * 8 * 16);
}

TEST(CubeLoad3d, EightBitElementsHave32ChannelBlocks) {
  Conv v;
  v.es = 1, v.c = 64, v.h = 4, v.w = 5, v.sw = 2, v.pad = 0x1280;  // u8: the pad value's low byte (0x80)
  EXPECT_GT(check(v, 5), 0u);
}

TEST(CubeLoad3d, OneByOneFilterIsACopyOfThePixels) {
  Conv v;
  v.kh = v.kw = 1, v.pt = v.pb = v.pl = v.pr = 0, v.h = 4, v.w = 8;
  EXPECT_EQ(check(v, 6), size_t{32} * 16);
}

TEST(CubeLoad3d, PastTheLastRowTheFormulaContinues) {
  // 3 x 3 map, 3 x 3 filter, pad 1: Wo = Ho = 3, 9 rows; the 16-row fractal
  // holds rows 9..15 too: ho = 3, 4, 5 continue below the map, all padding
  // except where a filter row still reaches the map (ho = 3, kh = 0: h = 2).
  Conv v;
  v.h = v.w = 3;
  Bufs b;
  for (unsigned px = 0; px < 9; ++px)
    for (unsigned e = 0; e < 16; ++e) {
      const uint16_t val = static_cast<uint16_t>(px * 16 + e);
      std::memcpy(&b.l1[v.src + px * 32 + e * 2], &val, 2);
    }
  v.m_ext = 9, v.k_ext = 9 * 16;
  NoGm gm;
  ASSERT_EQ(execute(op_of(v), b.of(), gm), Status::Ok);
  // row 9 = (ho 3, wo 0); tap (kh 0, kw 1): h = 3 - 1 = 2, w = 0 -> pixel (2, 0) = 6
  const auto at = [&](unsigned i, unsigned tap, unsigned e) { return v.dst + (i / 16 * 9 + tap) * 512 + ((i % 16) * 16 + e) * 2; };
  EXPECT_EQ(get(b.l0a, at(9, 1, 5), 2), 6u * 16 + 5);
  // tap (kh 1, kw 1): h = 3 -> padding
  EXPECT_EQ(get(b.l0a, at(9, 4, 5), 2), 0x7bcdu);
  // row 15 = (ho 5, wo 0): every tap is padding
  for (unsigned tap = 0; tap < 9; ++tap) EXPECT_EQ(get(b.l0a, at(15, tap, 0), 2), 0x7bcdu);
}

TEST(CubeLoad3d, EmptyWindowDoesNothing) {
  Conv v;
  v.m_ext = 0, v.k_ext = 16;
  Bufs b;
  NoGm gm;
  CubeOp op = op_of(v);
  EXPECT_EQ(execute(op, b.of(), gm), Status::Ok);
  EXPECT_EQ(work(op).bytes, 0u);
  EXPECT_EQ(b.l0a, Bufs().l0a);
}

// ---------------------------------------------------------------- checks, work, accesses, encoding
TEST(CubeLoad3dChecks, ReservedGeometriesAreUnsupportedAndWriteNothing) {
  struct Bad {
    const char* what;
    void (*edit)(Conv&);
  } bad[] = {
      {"stride 0", [](Conv& v) { v.sw = 0; }},
      {"filter 0", [](Conv& v) { v.kh = 0; }},
      {"dilation 0", [](Conv& v) { v.dw = 0; }},
      {"l1W 0", [](Conv& v) { v.w = 0; }},
      {"channels not a multiple of C0", [](Conv& v) { v.c = 24; }},
      {"kStartPt not a multiple of C0", [](Conv& v) { v.k_start = 8; }},
      {"kExtension not a multiple of C0", [](Conv& v) { v.k_ext = 40; }},
      {"filter larger than the padded map", [](Conv& v) { v.kh = 9; }},
      {"window past K", [](Conv& v) { v.k_start = 16 * 8, v.k_ext = 32; }},
  };
  for (const Bad& k : bad) {
    SCOPED_TRACE(k.what);
    Conv v;
    v.m_ext = 16, v.k_ext = 16;
    k.edit(v);
    Bufs b;
    NoGm gm;
    const CubeOp op = op_of(v);
    EXPECT_EQ(execute(op, b.of(), gm), Status::Unsupported);
    EXPECT_NE(unsupported_reason(op), nullptr);
    EXPECT_EQ(b.l0a, Bufs().l0a);
  }
  Conv ok;
  ok.m_ext = 16, ok.k_ext = 16;
  EXPECT_EQ(unsupported_reason(op_of(ok)), nullptr);
}

TEST(CubeLoad3dChecks, MisalignedAndOutOfBufferDoNothing) {
  Conv v;
  v.m_ext = 16, v.k_ext = 16;
  Misalignment bad;
  v.src = 0x410;
  EXPECT_FALSE(check_alignment(op_of(v), &bad));
  EXPECT_EQ(bad.space, Space::L1);
  EXPECT_EQ(bad.required, 32u);
  v.src = 0x400, v.dst = 0x1100;
  EXPECT_FALSE(check_alignment(op_of(v), &bad));
  EXPECT_EQ(bad.space, Space::L0A);
  EXPECT_EQ(bad.required, 512u);
  Bufs b;
  NoGm gm;
  EXPECT_EQ(execute(op_of(v), b.of(), gm), Status::Misaligned);
  // the window's last fractal past L0A's 64 KiB
  v.dst = kL0aBytes - 512, v.m_ext = 32;
  EXPECT_EQ(execute(op_of(v), b.of(), gm), Status::OutOfBounds);
  // the feature map's rows past L1's 512 KiB (rows 0..4 of the 5 x 6 map, 960 B, from 512 KiB - 64)
  v.dst = 0, v.src = kL1Bytes - 64;
  EXPECT_EQ(execute(op_of(v), b.of(), gm), Status::OutOfBounds);
  EXPECT_EQ(b.l0a, Bufs().l0a);
}

struct Recorder final : AccessSink {
  struct A {
    Space s;
    uint64_t b, l;
    bool w;
  };
  std::vector<A> v;
  void access(Space s, uint64_t b, uint64_t l, bool w) override { v.push_back({s, b, l, w}); }
};

TEST(CubeLoad3dChecks, WorkAndAccessList) {
  // 32 channels (2 blocks), 8 x 6 map, 3 x 3, stride 1, pad 1: Wo = 6.
  Conv v;
  v.c = 32, v.h = 8, v.w = 6;
  // rows 12..43 (ho 2..7) and taps 7..10: (c1 0, kh 2) and (c1 1, kh 0)
  v.m_start = 12, v.m_ext = 32, v.k_start = 7 * 16, v.k_ext = 4 * 16;
  const CubeOp op = op_of(v);
  const Work w = work(op);
  EXPECT_EQ(w.fractals, 2u * 4);
  EXPECT_EQ(w.bytes, 8u * 512);
  Recorder r;
  for_each_access(op, r);
  // h from 2*1 - 1 = 1 to 7*1 + 2 - 1 = 8 -> clipped to 7: rows 1..7 of each block; the two
  // blocks' ranges are not adjacent (row 0 of block 1 lies between them)
  ASSERT_EQ(r.v.size(), 3u);
  EXPECT_EQ(r.v[0].s, Space::L1);
  EXPECT_EQ(r.v[0].b, v.src + 1 * 6 * 32u);
  EXPECT_EQ(r.v[0].l, 7 * 6 * 32u);
  EXPECT_FALSE(r.v[0].w);
  EXPECT_EQ(r.v[1].b, v.src + (8 + 1) * 6 * 32u);
  EXPECT_EQ(r.v[1].l, 7 * 6 * 32u);
  EXPECT_EQ(r.v[2].s, Space::L0A);
  EXPECT_EQ(r.v[2].b, v.dst);
  EXPECT_EQ(r.v[2].l, 8 * 512u);
  EXPECT_TRUE(r.v[2].w);
}

TEST(CubeLoad3dIsa, RowsEncodeInCustom3Funct3Of7) {
  //                          rs3   f2 rs2   rs1   f3  dtype custom-3
  isa::Decoded d;
  ASSERT_TRUE(isa::decode(0b01100'00'01011'01010'111'00110'1111011, d));
  EXPECT_EQ(d.id, InsnId::xnpu_load3d_l12l0a_u16);
  EXPECT_EQ(d.rs1, 10);
  EXPECT_EQ(d.rs2, 11);
  EXPECT_EQ(d.rs3, 12);
  EXPECT_EQ(isa::disassemble(d, 0), "xnpu.load3d_l12l0a.u16\ta0, a1, a2");
  ASSERT_TRUE(isa::decode(0b01100'00'01011'01010'111'00100'1111011, d));
  EXPECT_EQ(d.id, InsnId::xnpu_load3d_l12l0a_u8);
  EXPECT_EQ(x::pipe_of(d.id), x::Pipe::MTE1);
  // other element types of funct3 7 stay reserved
  ASSERT_TRUE(isa::decode(0b01100'00'01011'01010'111'00001'1111011, d));
  EXPECT_EQ(d.id, InsnId::xnpu_custom3);
}

TEST(CubeLoad3dIsa, OperandFieldsRoundTrip) {
  Conv v;
  v.c = 4080, v.h = 300, v.w = 200, v.kh = 7, v.kw = 5, v.sh = 3, v.sw = 4, v.dh = 2, v.dw = 6;
  v.pt = 1, v.pb = 2, v.pl = 3, v.pr = 255, v.src = 0x7ffe0, v.dst = 0xfe00;
  v.m_start = 65535, v.m_ext = 4096, v.k_start = 16 * 9, v.k_ext = 65520, v.pad = 0xfc00;
  const x::Load3dParams p = params_of(v);
  const x::Load3dParams q = x::unpack_load3d(x::pack_load3d_rs1(p), x::pack_load3d_rs2(p), x::pack_load3d_rs3(p),
                                             x::pack_fmatrix(p.fm));
  EXPECT_EQ(q.dst, p.dst);
  EXPECT_EQ(q.src, p.src);
  EXPECT_EQ(q.channel_size, p.channel_size);
  EXPECT_EQ(q.k_extension, p.k_extension);
  EXPECT_EQ(q.m_extension, p.m_extension);
  EXPECT_EQ(q.k_start, p.k_start);
  EXPECT_EQ(q.m_start, p.m_start);
  EXPECT_EQ(q.stride_w, p.stride_w);
  EXPECT_EQ(q.stride_h, p.stride_h);
  EXPECT_EQ(q.filter_w, p.filter_w);
  EXPECT_EQ(q.filter_h, p.filter_h);
  EXPECT_EQ(q.dilation_w, p.dilation_w);
  EXPECT_EQ(q.dilation_h, p.dilation_h);
  EXPECT_EQ(q.pad_value, p.pad_value);
  EXPECT_EQ(x::pack_fmatrix(q.fm), x::pack_fmatrix(p.fm));
  // the fields where the manual puts them
  EXPECT_EQ(x::pack_load3d_rs1(p), 0xfe00u | uint64_t{0x7ffe0} << 20 | uint64_t{4080} << 40);
  EXPECT_EQ(x::pack_fmatrix(p.fm), 200u | 300u << 16 | uint64_t{3} << 32 | uint64_t{255} << 40 |
                                       uint64_t{1} << 48 | uint64_t{2} << 56);
  EXPECT_EQ(x::pack_load3d_rs3(p) >> 48, 0xfc00u);
}

}  // namespace
}  // namespace npuvp::cube_unit
