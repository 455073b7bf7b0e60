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

}  // namespace npuvp::cube_unit::layout
