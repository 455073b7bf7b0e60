// Semantics of the Xnpu cube-core instructions (custom-3: MTE2 GM->L1/L0A/L0B,
// MTE1 L1->L0A/L0B/BiasTable, the cube's mmad, FixPipe L0C->GM/L1): plain
// functions over the buffers, no SystemC and no timing. isa/XNPU.md "The cube
// core" is the specification; this is its executable form.
//
//   CubeOp op;  make_cube_op(decoded, x[rs1], x[rs2], x[rs3], op);
//   Misalignment bad; check_alignment(op, &bad);   // alignment rules (a kernel bug if false)
//   Work w = work(op);                             // fractals / bytes, for timing
//   for_each_access(op, sink);                     // exact byte ranges, for checkers
//   for_each_footprint(op, sink);                  // the same bytes as few ranges (bounds, unions)
//   Status s = execute(op, buffers, gm);           // performs it
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/decoder.h"
#include "isa/xnpu.h"

namespace npuvp::cube_unit {

using isa::xnpu::DType;
using isa::xnpu::Op;

// The address spaces a cube instruction touches.
enum class Space : uint8_t { GM, L1, L0A, L0B, L0C, BT };
const char* space_name(Space s);

// Alignment of every address an instruction gives in a space (bytes): L1 32,
// L0A/L0B 512 (one fractal), L0C 64, BiasTable 64; GM has no rule.
constexpr uint32_t alignment_of(Space s) {
  switch (s) {
    case Space::L1: return 32;
    case Space::L0A: case Space::L0B: return 512;
    case Space::L0C: case Space::BT: return 64;
    default: return 1;
  }
}

// Default sizes (DESIGN.md; a preset may give others through Buffers).
inline constexpr uint32_t kL1Bytes = 512 * 1024, kL0aBytes = 64 * 1024, kL0bBytes = 64 * 1024,
                          kL0cBytes = 128 * 1024, kBtBytes = 1024;
inline constexpr uint32_t kFractalBytes = 512;  // L0A/L0B fractal: 16 x 32 B
inline constexpr uint32_t kL0cFractalBytes = 1024;  // L0C fractal: 16 x 16 x 4 B

struct Span {
  uint8_t* data = nullptr;
  size_t size = 0;
};
// The cube core's local buffers (the model owns the storage).
struct Buffers {
  Span l1, l0a, l0b, l0c, bt;
  Span of(Space s) const;
};

// Global memory as the cube's MTE2/FIX see it. Returns false when the range is
// not memory (the instruction stops with Status::GmFault). FixPipe's atomic
// add reads then writes each row; the caller makes that atomic.
struct GmPort {
  virtual bool read(uint64_t addr, void* dst, size_t length) = 0;
  virtual bool write(uint64_t addr, const void* src, size_t length) = 0;
  // GM [addr, addr + length) in place, when it is plain host memory (the
  // platform's functional mode): counted as read() would count it, valid
  // until the next call. nullptr: use read().
  virtual const uint8_t* read_in_place(uint64_t addr, size_t length) {
    (void)addr, (void)length;
    return nullptr;
  }

 protected:
  ~GmPort() = default;
};

// A decoded cube instruction with its operand registers unpacked.
struct CubeOp {
  isa::InsnId id = isa::InsnId::kCount;
  Op op = Op::reserved;
  DType type = DType::u8;   // element type; FixPipe: source (f32/s32)
  DType type2 = DType::u8;  // FixPipe: destination type; else == type
  uint64_t dst = 0, src = 0;          // copy_*, load2d_*: rs1, rs2; fix_*: rs1 (destination)
  isa::xnpu::CopyParams copy;         // copy_gm2l1, copy_l12bt (rs3)
  isa::xnpu::Nd2NzParams nd;          // copy_gm2l1_nd2nz (rs1, rs3); src = rs2
  isa::xnpu::Load2dParams load;       // load2d_* (rs3)
  isa::xnpu::Addrs addr;              // mmad: dst = L0C, src0 = L0A, src1 = L0B (rs1)
  isa::xnpu::MmadParams mmad;         // mmad (rs2)
  uint64_t bias = 0;                  // mmad: BiasTable address (rs3, the whole register)
  isa::xnpu::FixParams fix;           // fix_* (rs2, rs3)
  isa::xnpu::Load3dParams load3d;     // load3d_l12l0a (rs1, rs2, rs3 and the npu_fmatrix CSR)
};

// Builds a CubeOp from a decoded custom-3 row and its register values.
// Returns false for a row that is not a cube instruction.
// `fmatrix` is the npu_fmatrix CSR as the instruction was issued (load3d only).
bool make_cube_op(const isa::Decoded& d, uint64_t rs1, uint64_t rs2, uint64_t rs3, uint64_t fmatrix, CubeOp& out);
inline bool make_cube_op(const isa::Decoded& d, uint64_t rs1, uint64_t rs2, uint64_t rs3, CubeOp& out) {
  return make_cube_op(d, rs1, rs2, rs3, 0, out);
}
bool is_cube_op(Op op);

// The first address of an instruction that breaks its space's alignment rule.
struct Misalignment {
  Space space = Space::GM;
  uint64_t addr = 0;
  uint32_t required = 1;
};
// True when every local-buffer address of the instruction is aligned
// (alignment_of); otherwise false, with the first offending one in *bad.
bool check_alignment(const CubeOp& op, Misalignment* bad = nullptr);

// Work done, for the timing model.
//   mmad:       fractals = ceil(m/16) * ceil(n/16) * ceil(k/k0) (k0 = 16 for f16/bf16, 32 for s8)
//   load2d_*:   fractals = repeat, bytes = 512 * repeat
//   load3d_*:   fractals = ceil(mExtension/16) * kExtension/C0 (written), bytes = 512 * fractals
//   copy_*:     bursts = blockCount, bytes = blockCount * blockLen * 32
//   nd2nz:      bursts = ndNum * nValue (rows), bytes = the L1 bytes written (whole 32 B blocks)
//   fix_*:      fractals = ceil(m/16) * ceil(n/16) (L0C fractals read), bursts = rows written
//               (ND: m; NZ: m per 32 B column block), bytes = m * n * sizeof(destination)
struct Work {
  uint64_t fractals = 0;
  uint64_t bursts = 0;
  uint64_t bytes = 0;
};
Work work(const CubeOp& op);

// Every byte range the instruction reads or writes, per space, coalesced where
// consecutive (mmad and FixPipe report whole 64 B L0C rows / whole fractals).
struct AccessSink {
  virtual void access(Space space, uint64_t begin, uint64_t length, bool write) = 0;

 protected:
  ~AccessSink() = default;
};
void for_each_access(const CubeOp& op, AccessSink& sink);

// The same bytes per space and direction as for_each_access, as few, large
// ranges in an order of their own (sources first; an ND->NZ copy's L1 by
// column block): what bounds checks and a union of touched blocks need, at a
// cost per instruction rather than per 32 B piece. Reports that name the
// first offending piece in execution order use for_each_access.
void for_each_footprint(const CubeOp& op, AccessSink& sink);

enum class Status : uint8_t {
  Ok,
  Misaligned,   // check_alignment failed; nothing done
  OutOfBounds,  // a local-buffer access lies outside its buffer; nothing done
  Unsupported,  // a reserved field value or combination (XNPU.md); nothing done
  GmFault,      // the GmPort refused an access (earlier GM/local writes stand)
};
const char* status_name(Status s);

// Why an instruction is Unsupported (a reserved field value or combination,
// XNPU.md), or nullptr when it is not.
const char* unsupported_reason(const CubeOp& op);

// Performs the instruction.
Status execute(const CubeOp& op, const Buffers& buffers, GmPort& gm);

}  // namespace npuvp::cube_unit
