// DataCopy bursts, gaps and padding (data_copy.h).
#include "models/vector_unit/data_copy.h"

#include <cstring>

#include "models/vector_unit/numerics.h"

namespace npuvp::vector_unit {

using isa::xnpu::DType;
using isa::xnpu::Op;

namespace {
constexpr uint64_t kBlock = 32;
uint64_t ceil_blocks(uint64_t bytes) { return (bytes + kBlock - 1) / kBlock; }
}  // namespace

void plan_copy(Op op, DType elem, uint64_t dst, uint64_t src, const isa::xnpu::CopyParams& p, const PadConfig& pad,
               std::vector<CopyChunk>& out) {
  if (p.block_count == 0 || p.block_len == 0) return;
  const uint64_t n = p.block_count;
  switch (op) {
    case Op::copy_gm2ub:
    case Op::copy_ub2gm:
    case Op::copy_ub2gm_add:
    case Op::copy_ub2ub: {
      // Everything in 32 B blocks; strides are gaps after each burst.
      const uint64_t len = p.block_len * kBlock;
      for (uint64_t k = 0; k < n; ++k) {
        CopyChunk c;
        c.src = src + k * (len + p.src_stride * kBlock);
        c.dst = dst + k * (len + p.dst_stride * kBlock);
        c.length = static_cast<uint32_t>(len);
        out.push_back(c);
      }
      return;
    }
    case Op::copy_gm2ub_pad: {
      // GM side in bytes; UB bursts padded and rounded up to whole blocks.
      const uint64_t s = isa::xnpu::dtype_bytes(elem);
      const uint64_t left = pad.enable ? pad.left * s : 0, right = pad.enable ? pad.right * s : 0;
      const uint64_t ub_burst = ceil_blocks(left + p.block_len + right) * kBlock;
      for (uint64_t k = 0; k < n; ++k) {
        const uint64_t gm = src + k * (p.block_len + uint64_t{p.src_stride});
        const uint64_t ub = dst + k * (ub_burst + p.dst_stride * kBlock);
        if (left) {
          CopyChunk c;
          c.kind = CopyChunk::Kind::Fill;
          c.dst = ub;
          c.length = static_cast<uint32_t>(left);
          c.fill_value = pad.value;
          c.fill_bytes = static_cast<uint8_t>(s);
          out.push_back(c);
        }
        CopyChunk c;
        c.src = gm;
        c.dst = ub + left;
        c.length = p.block_len;
        out.push_back(c);
        if (right) {
          CopyChunk f;
          f.kind = CopyChunk::Kind::Fill;
          f.dst = ub + left + p.block_len;
          f.length = static_cast<uint32_t>(right);
          f.fill_value = pad.value;
          f.fill_bytes = static_cast<uint8_t>(s);
          out.push_back(f);
        }
      }
      return;
    }
    case Op::copy_ub2gm_pad: {
      // UB bursts start on blocks (srcStride in blocks); GM side in bytes.
      const uint64_t ub_burst = ceil_blocks(p.block_len) * kBlock;
      for (uint64_t k = 0; k < n; ++k) {
        CopyChunk c;
        c.src = src + k * (ub_burst + p.src_stride * kBlock);
        c.dst = dst + k * (p.block_len + uint64_t{p.dst_stride});
        c.length = p.block_len;
        out.push_back(c);
      }
      return;
    }
    default:
      return;
  }
}

void perform_chunk(const CopyChunk& c, const uint8_t* from, uint8_t* to) {
  if (c.kind == CopyChunk::Kind::Copy) {
    std::memmove(to + c.dst, from + c.src, c.length);
    return;
  }
  for (uint32_t i = 0; i < c.length; ++i) to[c.dst + i] = static_cast<uint8_t>(c.fill_value >> (8 * (i % c.fill_bytes)));
}

void atomic_add(DType t, uint8_t* gm, const uint8_t* ub, uint32_t length) {
  const unsigned s = isa::xnpu::dtype_bytes(t);
  for (uint32_t i = 0; i + s <= length; i += s) {
    uint32_t a = 0, b = 0;
    std::memcpy(&a, gm + i, s);  // little-endian host (x86-64, AArch64)
    std::memcpy(&b, ub + i, s);
    const uint32_t r = num::add(t, a, b);
    std::memcpy(gm + i, &r, s);
  }
}

}  // namespace npuvp::vector_unit
