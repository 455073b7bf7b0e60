// Address arithmetic of the cube's data formats (isa/XNPU.md "The cube core"),
// in one place for the semantics, the access lists and the tests' own checks.
//   L1 NZ      column blocks of 32 B (C0) wide, rows of 32 B inside a block
//   L0A ZZ     16 x k0 fractals (512 B), row-major inside, row-major between
//   L0B ZN     k0 x 16 fractals (512 B), column-major inside, row-major between
//   L0C NZ     16 x 16 fractals of 4-byte elements (1 KiB), row-major inside,
//              column-major between
// (k0 = 32 B / element size: 16 for f16/bf16, 32 for s8.)
#pragma once

#include <cstdint>

#include "isa/xnpu.h"

namespace npuvp::cube_unit::layout {

constexpr uint64_t kC0Bytes = 32, kFractal = 512, kL0cFractal = 1024, kL0cRow = 64;

// copy_gm2l1_nd2nz: GM row j of matrix i, and its L1 32 B block c.
constexpr uint64_t nd2nz_src_row(uint64_t src, const isa::xnpu::Nd2NzParams& p, unsigned s, uint64_t i, uint64_t j) {
  return src + (i * p.src_nd_matrix_stride + j * p.src_d_value) * s;
}
constexpr uint64_t nd2nz_dst_block(const isa::xnpu::Nd2NzParams& p, unsigned s, uint64_t i, uint64_t j, uint64_t c) {
  return p.dst + i * p.dst_nz_matrix_stride * s + j * kC0Bytes + c * p.dst_nz_c0_stride * kC0Bytes;
}

// load2d_*: source and destination of fractal i.
constexpr uint64_t load2d_src(uint64_t src, const isa::xnpu::Load2dParams& p, uint64_t i) {
  return src + (p.start_index + i * p.src_stride) * kFractal;
}
constexpr uint64_t load2d_dst(uint64_t dst, const isa::xnpu::Load2dParams& p, uint64_t i) {
  return dst + i * (1 + uint64_t{p.dst_gap}) * kFractal;
}

// L0C NZ with `stride` 64 B rows between 16-column fractal columns: row i of fractal column jb.
constexpr uint64_t l0c_row(uint64_t base, uint64_t stride, uint64_t jb, uint64_t i) {
  return base + (jb * stride + i) * kL0cRow;
}
// NZ of `sd`-byte elements with C0 = 32 B: element (i, j), `stride` 32 B rows between column blocks.
constexpr uint64_t nz_elem(uint64_t base, uint64_t stride, unsigned sd, uint64_t i, uint64_t j) {
  const uint64_t c0 = kC0Bytes / sd;
  return base + ((j / c0) * stride + i) * kC0Bytes + (j % c0) * sd;
}

// The fractal grid of one mmad.
struct MmadGeometry {
  unsigned s = 2, k0 = 16;     // input element bytes, k per fractal
  uint32_t m1 = 0, n1 = 0, k1 = 0;  // fractals along m, n, k
  static constexpr MmadGeometry of(isa::xnpu::DType t, const isa::xnpu::MmadParams& p) {
    MmadGeometry g;
    g.s = isa::xnpu::dtype_bytes(t);
    g.k0 = 32 / g.s;
    g.m1 = (p.m + 15u) / 16u;
    g.n1 = (p.n + 15u) / 16u;
    g.k1 = (p.k + g.k0 - 1) / g.k0;
    return g;
  }
  // Byte offsets from the operand's base address.
  constexpr uint64_t a(uint64_t i, uint64_t kk) const {  // L0A ZZ
    return ((i / 16) * k1 + kk / k0) * kFractal + ((i % 16) * k0 + kk % k0) * s;
  }
  constexpr uint64_t b(uint64_t kk, uint64_t j) const {  // L0B ZN
    return ((kk / k0) * n1 + j / 16) * kFractal + ((j % 16) * k0 + kk % k0) * s;
  }
  constexpr uint64_t c(uint64_t i, uint64_t j) const {  // L0C NZ
    return ((j / 16) * m1 + i / 16) * kL0cFractal + ((i % 16) * 16 + j % 16) * 4;
  }
};

// load3d_l12l0a (im2col, isa/XNPU.md "Load3D"): the geometry of one instruction.
//   C0 = 32 B / element size; C1 = channelSize / C0 channel blocks
//   feature map (NC1HWC0 of one image): element (c, h, w) at
//     src + ((c / C0) * l1H * l1W + h * l1W + w) * 32 + (c % C0) * s
//   Wo = (l1W + padL + padR - dilW * (kW - 1) - 1) / strideW + 1 (Ho likewise)
//   im2col row m = (ho, wo) = (m / Wo, m % Wo); column kk = (c1, kh, kw, c0),
//     kk = ((c1 * kH + kh) * kW + kw) * C0 + c0; K = C1 * kH * kW * C0
//   its pixel: h = ho * strideH + kh * dilH - padT, w = wo * strideW + kw * dilW - padL
//   window row i, column j (m = mStartPt + i, kk = kStartPt + j) in L0A ZZ at
//     dst + ((i / 16) * K1 + j / C0) * 512 + ((i % 16) * C0 + j % C0) * s, K1 = kExtension / C0
struct Load3dGeometry {
  unsigned s = 2, c0 = 16;
  int64_t wo = 0, ho = 0;  // output width and height (may be < 1: reserved)
  uint64_t c1 = 0, k = 0;  // channel blocks, columns of the whole im2col matrix
  uint64_t m1 = 0, k1 = 0; // fractals of the window along m and k
  static constexpr int64_t out_size(int64_t in, int64_t pad_lo, int64_t pad_hi, int64_t dil, int64_t filter,
                                    int64_t stride) {
    const int64_t span = in + pad_lo + pad_hi - dil * (filter - 1) - 1;
    return span < 0 || stride == 0 ? 0 : span / stride + 1;
  }
  static constexpr Load3dGeometry of(isa::xnpu::DType t, const isa::xnpu::Load3dParams& p) {
    Load3dGeometry g;
    g.s = isa::xnpu::dtype_bytes(t);
    g.c0 = 32 / g.s;
    g.wo = out_size(p.fm.l1_w, p.fm.pad_left, p.fm.pad_right, p.dilation_w, p.filter_w, p.stride_w);
    g.ho = out_size(p.fm.l1_h, p.fm.pad_top, p.fm.pad_bottom, p.dilation_h, p.filter_h, p.stride_h);
    g.c1 = p.channel_size / g.c0;
    g.k = g.c1 * p.filter_h * p.filter_w * g.c0;
    g.m1 = (p.m_extension + 15u) / 16u;
    g.k1 = p.k_extension / g.c0;
    return g;
  }
  // The feature-map pixel of window row i and column block kb (one C0 block of
  // channels), or false when it is padding; (c1, h, w) on success.
  struct Pixel {
    uint64_t c1;
    int64_t h, w;
  };
  constexpr Pixel pixel(const isa::xnpu::Load3dParams& p, uint64_t i, uint64_t kb) const {
    const uint64_t m = p.m_start + i, t = p.k_start / c0 + kb;
    const uint64_t kw = t % p.filter_w, kh = (t / p.filter_w) % p.filter_h, ch = t / (uint64_t{p.filter_w} * p.filter_h);
    const int64_t ho_i = static_cast<int64_t>(m / static_cast<uint64_t>(wo)),
                  wo_i = static_cast<int64_t>(m % static_cast<uint64_t>(wo));
    return {ch, ho_i * p.stride_h + static_cast<int64_t>(kh) * p.dilation_h - p.fm.pad_top,
            wo_i * p.stride_w + static_cast<int64_t>(kw) * p.dilation_w - p.fm.pad_left};
  }
  constexpr bool inside(const isa::xnpu::Load3dParams& p, const Pixel& x) const {
    return x.h >= 0 && x.h < p.fm.l1_h && x.w >= 0 && x.w < p.fm.l1_w;
  }
  // Byte address of the 32 B channel block of an inside pixel in L1.
  constexpr uint64_t src_block(const isa::xnpu::Load3dParams& p, const Pixel& x) const {
    return p.src + ((x.c1 * p.fm.l1_h + static_cast<uint64_t>(x.h)) * p.fm.l1_w + static_cast<uint64_t>(x.w)) * kC0Bytes;
  }
  // Byte address of window row i, column block kb's 32 B row in L0A.
  constexpr uint64_t dst_row(const isa::xnpu::Load3dParams& p, uint64_t i, uint64_t kb) const {
    return p.dst + ((i / 16) * k1 + kb) * kFractal + (i % 16) * kC0Bytes;
  }
};

}  // namespace npuvp::cube_unit::layout
