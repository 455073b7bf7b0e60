// The cube's matrix multiply-accumulate, bit for bit (isa/XNPU.md "mmad
// numerics"): for every output element, in ascending k, acc = fma(a, b, acc)
// in binary32 with one round-to-nearest-even per step (int8: exact products,
// wrapping int32 sum). Computed with the host's SIMD fused multiply-add where
// the host has it (MmadKernel), else on the host FPU where that is provably
// the same value and in softfloat otherwise; every kernel gives the same bits.
#pragma once

#include <cstdint>

#include "isa/xnpu.h"

namespace npuvp::cube_unit {

struct MmadBuffers {
  const uint8_t* l0a = nullptr;   // A, ZZ fractals
  const uint8_t* l0b = nullptr;   // B, ZN fractals
  uint8_t* l0c = nullptr;         // C, NZ fractals (f32 or s32), read for MmadInit::L0c
  const uint8_t* bias = nullptr;  // BiasTable entries (f32 or s32 per column), MmadInit::Bias
};

// `in` is f16, bf16 or s8. Writes ceil(m/16)*16 x ceil(n/16)*16 elements of C.
void mmad(isa::xnpu::DType in, const isa::xnpu::MmadParams& p, const MmadBuffers& b);

// The implementations of mmad. All compute the specified bits; they differ in
// host speed. The default is the fastest the host runs.
enum class MmadKernel : uint8_t {
  Portable,  // baseline x86-64: host mul + add where exact (f16 always), softfloat fma otherwise
  Avx2,      // AVX2 + FMA + F16C, 8 lanes
  Avx512,    // AVX-512 F/BW (+ FMA, F16C), 16 lanes
};
const char* mmad_kernel_name(MmadKernel k);
bool mmad_kernel_available(MmadKernel k);
MmadKernel mmad_kernel();
// Selects the kernel for the whole process (tests and benchmarks compare
// them); false, and no change, when the host cannot run it.
bool set_mmad_kernel(MmadKernel k);

// True when every product of an element of `a` with one of `b` (bf16 bit
// patterns) is exact in binary32, i.e. the host FPU's a*b+acc equals fma.
bool bf16_products_exact(const uint16_t* a, uint64_t na, const uint16_t* b, uint64_t nb);

}  // namespace npuvp::cube_unit
