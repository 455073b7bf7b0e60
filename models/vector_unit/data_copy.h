// DataCopy address arithmetic (isa/XNPU.md "DataCopy") as pure functions: a
// copy instruction becomes a list of chunks, each a contiguous copy or a fill
// of padding, so the MTE pipe models can both time and perform them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "isa/xnpu.h"

namespace npuvp::vector_unit {

struct CopyChunk {
  enum class Kind : uint8_t { Copy, Fill };
  Kind kind = Kind::Copy;
  uint64_t src = 0;  // Copy: source address (GM address or UB offset)
  uint64_t dst = 0;  // destination address
  uint32_t length = 0;
  // Fill: `length` bytes at dst made of repeated elements of `fill_bytes`
  // bytes with the bits `fill_value` (little-endian).
  uint32_t fill_value = 0;
  uint8_t fill_bytes = 0;
};

// Padding state of copy_gm2ub_pad: CSRs npu_pad and npu_pad_value.
struct PadConfig {
  bool enable = false;
  uint8_t left = 0, right = 0;  // elements
  uint32_t value = 0;           // element bits
  static PadConfig from_csrs(uint64_t pad, uint64_t pad_value) {
    return {((pad >> 16) & 1) != 0, static_cast<uint8_t>(pad), static_cast<uint8_t>(pad >> 8),
            static_cast<uint32_t>(pad_value)};
  }
};

// The chunks of one copy_* instruction, in burst order. `op` is one of the
// copy_* operations; `elem` the row's type (padding element size, atomic-add
// type); dst/src are the rs1/rs2 values. Appends to `out` (clear it first to
// reuse its storage: no allocation per instruction once it has grown).
void plan_copy(isa::xnpu::Op op, isa::xnpu::DType elem, uint64_t dst, uint64_t src,
               const isa::xnpu::CopyParams& p, const PadConfig& pad, std::vector<CopyChunk>& out);

// Performs one chunk between two byte spaces (for a Copy chunk `from` is the
// source space, `to` the destination; a Fill ignores `from`). Addresses are
// offsets into the spans; the caller has bounds-checked them.
void perform_chunk(const CopyChunk& c, const uint8_t* from, uint8_t* to);

// copy_ub2gm_add: gm[i] = gm[i] + ub[i] element by element over `length`
// bytes (RNE for f16/bf16/f32, wrap-around for s32).
void atomic_add(isa::xnpu::DType t, uint8_t* gm, const uint8_t* ub, uint32_t length);

}  // namespace npuvp::vector_unit
