// The reference model's cube core (isa/XNPU.md "The cube core"): the
// semantics of mmad, Load2D and FixPipe written from the document, apart
// from the simulator (no models/cube_unit, no isa/numerics).
#pragma once

#include <cstdint>
#include <vector>

#include "isa/conformance/reference.h"

namespace npuvp::conformance {

struct CubeState {
  std::vector<uint8_t> l1 = std::vector<uint8_t>(512 * 1024);
  std::vector<uint8_t> l0a = std::vector<uint8_t>(64 * 1024);
  std::vector<uint8_t> l0b = std::vector<uint8_t>(64 * 1024);
  std::vector<uint8_t> l0c = std::vector<uint8_t>(128 * 1024);
  std::vector<uint8_t> bt = std::vector<uint8_t>(1024);
};

// load2d_*: `src` holds the bytes from the source address on (GM or L1
// offset 0 with src_base the L1 offset); `dst` is L0A or L0B. rs1 = the
// destination offset, rs3 = LoadData2DParams; esize 1 or 2.
void load2d(const std::vector<uint8_t>& src, uint64_t src_base, std::vector<uint8_t>& dst, uint64_t rs1, uint64_t rs3,
            unsigned esize);

// load3d_l12l0a.{u8,u16} (im2col, XNPU.md "Load3D"): from the L1 feature map
// into L0A; `fmatrix` is the npu_fmatrix CSR. The caller passes a geometry
// the manual does not reserve.
void load3d(CubeState& s, uint64_t rs1, uint64_t rs2, uint64_t rs3, uint64_t fmatrix, unsigned esize);

// mmad.{f16,bf16,s8} (in = Type::f16, bf16 or s8) on the state's buffers.
void mmad(CubeState& s, Type in, uint64_t rs1, uint64_t rs2, uint64_t rs3);

// fix_l0c2gm.{src}.{dst}: writes into `out`, the bytes from the destination
// address on (for atomic add it holds the destination's earlier bytes).
void fixpipe(const CubeState& s, Type src, Type dst, std::vector<uint8_t>& out, uint64_t rs2, uint64_t rs3);

// copy_gm2l1_nd2nz.{u8,u16,u32} (esize 1, 2, 4) into s.l1: `src` holds the
// GM bytes from the source address on; rs1 = destination and ndNum, nValue,
// dValue; rs3 = srcDValue, dstNzC0Stride, srcNdMatrixStride, dstNzMatrixStride.
void nd2nz(CubeState& s, unsigned esize, const std::vector<uint8_t>& src, uint64_t rs1, uint64_t rs3);

// fix_l0c2l1.{src}.{dst}: fixpipe into s.l1 at the L1 offset rs1.
void fixpipe_l1(CubeState& s, Type src, Type dst, uint64_t rs1, uint64_t rs2, uint64_t rs3);

}  // namespace npuvp::conformance
