// The x86 SIMD kernels of mmad (mmad_x86.cpp), behind the portable code in
// mmad.cpp, which picks one at run time (mmad.h MmadKernel). They compute the
// same bits as the specification (mmad.cpp says why): the float kernels use
// the host's fused multiply-add, which is the specified step itself; the
// int8 kernels sum exact products modulo 2^32, where order does not matter.
//
// How a kernel works: A is widened (f32 / s16) in its ZZ layout; B is widened
// and transposed, one chunk of kChunkK rows at a time, to rows of 16 columns
// per 16-column fractal column (Bp[jb][kk][16]); then a register tile of rows
// x columns of C keeps its accumulators in registers over the chunk, loading
// them from L0C (or the initial value) and storing them back. Splitting k into
// chunks keeps each element's chain in ascending k: the binary32 accumulator
// is stored and reloaded exactly.
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/xnpu.h"

namespace npuvp::cube_unit::mmad_detail {

// k per chunk of packed B (a multiple of 32, so a chunk starts at a fractal of either type).
inline constexpr uint32_t kChunkK = 256;

// One mmad with k >= 1, in the fractal geometry of layout.h.
struct Job {
  isa::xnpu::DType in = isa::xnpu::DType::f16;  // f16, bf16 or s8
  uint32_t m1 = 0, n1 = 0, k1 = 0;  // fractals along m, n, k
  uint32_t k = 0;                   // k in elements (1..4095)
  const uint8_t* l0a = nullptr;     // ZZ
  const uint8_t* l0b = nullptr;     // ZN
  uint8_t* l0c = nullptr;           // NZ, f32 or s32
  const uint8_t* bias = nullptr;    // initial value per column (4 B each), or nullptr
  bool from_l0c = false;            // initial value from L0C (else bias, else zero)
  void* a_pack = nullptr;           // scratch of a_pack_bytes(), 64 B aligned
  void* b_pack = nullptr;           // scratch of b_pack_bytes(), 64 B aligned
};

// Scratch sizes (both kernels' layouts fit these).
// (A: 256 f32 per 16 x 16 fractal, or 512 s16 per 16 x 32 int8 fractal.)
inline size_t a_pack_bytes(const Job& j) { return size_t{j.m1} * j.k1 * 1024; }
inline size_t b_pack_bytes(const Job& j) { return size_t{j.n1} * 16 * kChunkK * 4; }

// Whether the host can run each kernel (CPU features and the OS saving their registers).
bool avx512_usable();
bool avx2_usable();

void run_avx512(const Job& j);
void run_avx2(const Job& j);

}  // namespace npuvp::cube_unit::mmad_detail
