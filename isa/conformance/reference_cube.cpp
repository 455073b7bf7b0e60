#include "isa/conformance/reference_cube.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace npuvp::conformance {

namespace {

uint32_t field(uint64_t v, unsigned lo, unsigned bits) { return static_cast<uint32_t>(v >> lo & ((1ull << bits) - 1)); }

uint32_t get(const std::vector<uint8_t>& b, uint64_t at, unsigned size) {
  uint32_t v = 0;
  for (unsigned k = 0; k < size; ++k) v |= static_cast<uint32_t>(b.at(at + k)) << (8 * k);
  return v;
}
void put(std::vector<uint8_t>& b, uint64_t at, unsigned size, uint32_t v) {
  for (unsigned k = 0; k < size; ++k) b.at(at + k) = static_cast<uint8_t>(v >> (8 * k));
}

float f32_of(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
uint32_t bits_of(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

}  // namespace

void load2d(const std::vector<uint8_t>& src, uint64_t src_base, std::vector<uint8_t>& dst, uint64_t rs1, uint64_t rs3,
            unsigned esize) {
  const uint32_t start = field(rs3, 0, 16), repeat = field(rs3, 16, 8), stride = field(rs3, 24, 16),
                 gap = field(rs3, 40, 16);
  const bool transpose = rs3 >> 56 & 1;
  const uint64_t d0 = field(rs1, 0, 20);
  for (uint32_t f = 0; f < repeat; ++f) {
    const uint64_t from = src_base + (start + uint64_t{f} * stride) * 512, to = d0 + uint64_t{f} * (1 + gap) * 512;
    if (!transpose) {
      for (unsigned b = 0; b < 512; ++b) dst.at(to + b) = src.at(from + b);
      continue;
    }
    // A 16x16 fractal of 2-byte elements, rows of 32 B: (r, c) -> (c, r).
    for (unsigned r = 0; r < 16; ++r)
      for (unsigned c = 0; c < 16; ++c) put(dst, to + (c * 16 + r) * 2, 2, get(src, from + (r * 16 + c) * 2, 2));
    (void)esize;
  }
}

void load3d(CubeState& s, uint64_t rs1, uint64_t rs2, uint64_t rs3, uint64_t fmatrix, unsigned esize) {
  const uint64_t dst = field(rs1, 0, 20), src = field(rs1, 20, 20);
  const uint32_t channels = field(rs1, 40, 16);
  const uint32_t k_ext = field(rs2, 0, 16), m_ext = field(rs2, 16, 16), k_start = field(rs2, 32, 16),
                 m_start = field(rs2, 48, 16);
  const int64_t sw = field(rs3, 0, 8), sh = field(rs3, 8, 8), kw = field(rs3, 16, 8), kh = field(rs3, 24, 8),
                dw = field(rs3, 32, 8), dh = field(rs3, 40, 8);
  const uint32_t pad = field(rs3, 48, 16);
  const int64_t l1w = field(fmatrix, 0, 16), l1h = field(fmatrix, 16, 16), pl = field(fmatrix, 32, 8),
                pr = field(fmatrix, 40, 8), pt = field(fmatrix, 48, 8);
  const unsigned c0 = 32 / esize;
  const int64_t wo = (l1w + pl + pr - dw * (kw - 1) - 1) / sw + 1;
  const uint32_t rows = (m_ext + 15) / 16 * 16, k1 = k_ext / c0;
  for (uint32_t i = 0; i < rows; ++i)
    for (uint32_t j = 0; j < k_ext; ++j) {
      const int64_t m = m_start + i, kk = k_start + j;
      const int64_t ho = m / wo, ow = m % wo;
      const int64_t cc0 = kk % c0, tap = kk / c0;  // tap = (c1 * kH + fh) * kW + fw
      const int64_t fw = tap % kw, fh = tap / kw % kh, c1 = tap / (kw * kh);
      const int64_t h = ho * sh + fh * dh - pt, w = ow * sw + fw * dw - pl;
      uint32_t v = pad & (esize == 1 ? 0xffu : 0xffffu);
      if (h >= 0 && h < l1h && w >= 0 && w < l1w)
        v = get(s.l1, src + static_cast<uint64_t>(((c1 * l1h + h) * l1w + w) * 32 + cc0 * esize), esize);
      put(s.l0a, dst + (uint64_t{i / 16} * k1 + j / c0) * 512 + ((i % 16) * c0 + j % c0) * esize, esize, v);
    }
  (void)channels;
}

void mmad(CubeState& s, Type in, uint64_t rs1, uint64_t rs2, uint64_t rs3) {
  const uint64_t c0 = field(rs1, 0, 20), a0 = field(rs1, 20, 20), b0 = field(rs1, 40, 20);
  const uint32_t m = field(rs2, 0, 12), n = field(rs2, 12, 12), k = field(rs2, 24, 12), init = field(rs2, 36, 2);
  const uint64_t bias = rs3;
  const unsigned es = size_of(in), k0 = 32 / es;
  const uint32_t M1 = (m + 15) / 16, N1 = (n + 15) / 16, K1 = (k + k0 - 1) / k0;
  const bool integer = in == Type::s8;
  auto a_at = [&](uint32_t i, uint32_t kk) { return a0 + (uint64_t{i / 16} * K1 + kk / k0) * 512 + ((i % 16) * k0 + kk % k0) * es; };
  auto b_at = [&](uint32_t kk, uint32_t j) { return b0 + (uint64_t{kk / k0} * N1 + j / 16) * 512 + ((j % 16) * k0 + kk % k0) * es; };
  auto c_at = [&](uint32_t i, uint32_t j) { return c0 + (uint64_t{j / 16} * M1 + i / 16) * 1024 + ((i % 16) * 16 + j % 16) * 4; };
  for (uint32_t i = 0; i < M1 * 16; ++i)
    for (uint32_t j = 0; j < N1 * 16; ++j) {
      uint32_t acc = init == 1 ? get(s.l0c, c_at(i, j), 4) : init == 2 ? get(s.bt, bias + 4 * j, 4) : 0;
      for (uint32_t kk = 0; kk < k; ++kk) {
        const uint32_t a = get(s.l0a, a_at(i, kk), es), b = get(s.l0b, b_at(kk, j), es);
        if (integer) {
          acc += static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)) * static_cast<int8_t>(b));
        } else {
          // Every f16/bf16 value is exact in binary32; fmaf rounds once.
          const float r = std::fmaf(static_cast<float>(to_double(in, a)), static_cast<float>(to_double(in, b)), f32_of(acc));
          acc = std::isnan(r) ? 0x7fc00000u : bits_of(r);
        }
      }
      put(s.l0c, c_at(i, j), 4, acc);
    }
}

void fixpipe(const CubeState& s, Type src, Type dst, std::vector<uint8_t>& out, uint64_t rs2, uint64_t rs3) {
  const uint64_t c0 = field(rs2, 0, 20);
  const uint32_t m = field(rs2, 20, 12), n = field(rs2, 32, 12), stride = field(rs2, 44, 16);
  const bool relu = rs2 >> 60 & 1, atomic = rs2 >> 61 & 1, per_channel = rs2 >> 62 & 1, keep_nz = rs2 >> 63 & 1;
  const uint32_t dst_stride = field(rs3, 0, 32), scale = field(rs3, 32, 32);
  const unsigned ds = size_of(dst), c0e = 32 / ds;
  for (uint32_t i = 0; i < m; ++i)
    for (uint32_t j = 0; j < n; ++j) {
      const uint32_t x = get(s.l0c, c0 + (uint64_t{j / 16} * stride + i) * 64 + (j % 16) * 4, 4);
      uint32_t r;
      if (src == Type::f32) {
        double v = to_double(Type::f32, x);
        uint32_t xb = x;
        if (relu && !std::isnan(v) && (v < 0 || (v == 0 && std::signbit(v)))) xb = 0, v = 0;
        r = dst == Type::f32 ? xb : from_double(dst, v, Round::rint);
      } else if (dst == Type::s32) {
        r = relu && static_cast<int32_t>(x) < 0 ? 0 : x;
      } else {
        const uint32_t sc = per_channel ? get(s.l1, scale + 4ull * j, 4) : scale;
        const double xf = to_double(Type::f32, from_double(Type::f32, static_cast<int32_t>(x), Round::rint));
        double v = to_double(Type::f32, from_double(Type::f32, xf * to_double(Type::f32, sc), Round::rint));
        if (relu && !std::isnan(v) && (v < 0 || (v == 0 && std::signbit(v)))) v = 0;
        r = from_double(dst, v, Round::rint);
      }
      const uint64_t at = keep_nz ? (uint64_t{j / c0e} * dst_stride + i) * 32 + (j % c0e) * ds
                                  : (uint64_t{i} * dst_stride + j) * ds;
      if (atomic) {
        const uint32_t old = get(out, at, ds);
        if (dst == Type::s32)
          r = old + r;
        else
          r = from_double(dst, round_to_odd(Arith::add, to_double(dst, old), to_double(dst, r)), Round::rint);
      }
      put(out, at, ds, r);
    }
}

// XNPU.md "Operand registers", copy_gm2l1_nd2nz: for matrix i < ndNum, row
// j < nValue, 32 B block c < ceil(dValue*s / 32), the GM row at
// src + (i*srcNdMatrixStride + j*srcDValue)*s goes to
// dst + i*dstNzMatrixStride*s + j*32 + c*dstNzC0Stride*32, zeros after the
// row's end in its last block.
void nd2nz(CubeState& s, unsigned esize, const std::vector<uint8_t>& src, uint64_t rs1, uint64_t rs3) {
  const uint64_t dst = field(rs1, 0, 20);
  const uint32_t nd_num = field(rs1, 20, 12), n_value = field(rs1, 32, 16), d_value = field(rs1, 48, 16);
  const uint32_t src_d = field(rs3, 0, 16), c0_stride = field(rs3, 16, 16), src_matrix = field(rs3, 32, 16),
                 dst_matrix = field(rs3, 48, 16);
  const uint64_t row_bytes = uint64_t{d_value} * esize, blocks = (row_bytes + 31) / 32;
  for (uint64_t i = 0; i < nd_num; ++i)
    for (uint64_t j = 0; j < n_value; ++j) {
      const uint64_t from = (i * src_matrix + j * src_d) * esize;
      for (uint64_t c = 0; c < blocks; ++c)
        for (uint64_t b = 0; b < 32; ++b) {
          const uint64_t o = c * 32 + b;
          s.l1.at(dst + i * dst_matrix * esize + j * 32 + c * c0_stride * 32 + b) = o < row_bytes ? src.at(from + o) : 0;
        }
    }
}

void fixpipe_l1(CubeState& s, Type src, Type dst, uint64_t rs1, uint64_t rs2, uint64_t rs3) {
  const uint64_t at = field(rs1, 0, 20);
  std::vector<uint8_t> out(s.l1.begin() + static_cast<std::ptrdiff_t>(at), s.l1.end());
  fixpipe(s, src, dst, out, rs2, rs3);
  std::copy(out.begin(), out.end(), s.l1.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace npuvp::conformance
