// swiglu: out = silu(a) * b, silu(a) = a * sigmoid(a) = a / (1 + exp(-a)),
// the gated activation of LLM MLPs (Ascend's SwiGlu, torch_npu.npu_swiglu on the
// last dimension). fp16 in and out, fp32 math inside.
//
// Input: ONE tensor x [tokens, 2*hidden] fp16; its first half of each row is a,
// the second half b (the output of a fused gate+up projection).
// Output: out [tokens, hidden] fp16.
//
// Tokens are split across blocks. A tile is `rows` rows x `w` columns of both
// halves, gathered by one strided DataCopy per half (blockCount = rows bursts
// of w elements, skipping the rest of the row), so a, b and out are contiguous
// in UB and the vector unit runs in count mode over rows*w elements.
// Double-buffered like examples/vector_add: MTE2 loads tile i+1 while V computes
// tile i and MTE3 stores tile i-1; per buffer set b, event id b.
//
// Limits (checked by the host side, README.md): hidden is a multiple of 16
// (whole 32 B blocks per burst).
#include <stdint.h>

#include "npu_intrinsics.h"

#define TILE 4096u  // elements per tile: 8 KiB per fp16 operand, 16 KiB per fp32 one

// UB layout (byte offsets). Operands of the two-source ops (a*b, then /(1+e))
// sit in different 64 KiB sections: no bank conflicts.
enum {
  UB_A = 0x00000,    // fp32 a                     section 0
  UB_T = 0x04000,    // fp32 1 + exp(-a)
  UB_A16_0 = 0x08000, UB_A16_1 = 0x0a000,  // fp16 a, buffer sets 0 and 1
  UB_B = 0x10000,    // fp32 b, then the result    section 1
  UB_B16_0 = 0x14000, UB_B16_1 = 0x16000,  // fp16 b
  UB_OUT0 = 0x18000, UB_OUT1 = 0x1a000,    // fp16 out
};

#define FORCE_INLINE static inline __attribute__((always_inline))

#define F32_ONE 0x3f800000u
#define F32_MINUS_ONE 0xbf800000u

// Contiguous fp32 <-> fp16 conversions: 64 lanes per repeat, the fp16 side
// advances 4 blocks per repeat.
#define RP_F16_TO_F32 npu_rp(1, 1, 1, 8, 4, 4)
#define RP_F32_TO_F16 npu_rp(1, 1, 1, 4, 8, 8)

// One tile: rows x w elements of a (at xa, row pitch 2*hidden) and b (xa + hidden).
FORCE_INLINE void swiglu_tile(const uint16_t* xa, uint16_t* out, uint32_t rows, uint32_t w, uint64_t hidden,
                              const int b) {
  const uint32_t ub_a16 = b ? UB_A16_1 : UB_A16_0, ub_b16 = b ? UB_B16_1 : UB_B16_0;
  const uint32_t ub_out = b ? UB_OUT1 : UB_OUT0;
  const uint32_t n = rows * w;
  const uint16_t w_blocks = (uint16_t)(w * 2 / 32);
  // GM side: rows bursts of w elements; the gap skips the rest of the 2*hidden row.
  const uint64_t load = npu_copy_params((uint16_t)rows, w_blocks, (uint16_t)((2 * hidden - w) * 2 / 32), 0);
  const uint64_t store = npu_copy_params((uint16_t)rows, w_blocks, 0, (uint16_t)((hidden - w) * 2 / 32));

  // MTE2.
  npu_wait_flag(PIPE_V, PIPE_MTE2, b);
  npu_copy_gm2ub_u8(ub_a16, (uint64_t)xa, load);
  npu_copy_gm2ub_u8(ub_b16, (uint64_t)(xa + hidden), load);
  npu_set_flag(PIPE_MTE2, PIPE_V, b);

  // V: widen, then out = a*b / (1 + exp(-a)) in fp32.
  npu_wait_flag(PIPE_MTE2, PIPE_V, b);
  npu_set_mask_count_value(n);
  npu_vconv_f16_f32_none(UB_A, ub_a16, 0, RP_F16_TO_F32);
  npu_vconv_f16_f32_none(UB_B, ub_b16, 0, RP_F16_TO_F32);
  npu_set_flag(PIPE_V, PIPE_MTE2, b);  // a16_b, b16_b free once widened
  npu_vmuls_f32(UB_T, UB_A, F32_MINUS_ONE, 0, npu_rp_default());  // -a
  npu_vexp_f32(UB_T, UB_T, 0, 0, npu_rp_default());                // exp(-a)
  npu_vadds_f32(UB_T, UB_T, F32_ONE, 0, npu_rp_default());        // 1 + exp(-a)
  npu_vmul_f32(UB_B, UB_A, UB_B, 0, npu_rp_default());            // a * b
  npu_vdiv_f32(UB_B, UB_B, UB_T, 0, npu_rp_default());            // a * b / (1 + exp(-a))
  npu_wait_flag(PIPE_MTE3, PIPE_V, b);  // out_b stored (tile i-2)
  npu_vconv_f32_f16_rint(ub_out, UB_B, 0, RP_F32_TO_F16);
  npu_set_flag(PIPE_V, PIPE_MTE3, b);

  // MTE3.
  npu_wait_flag(PIPE_V, PIPE_MTE3, b);
  npu_copy_ub2gm_u8((uint64_t)out, ub_out, store);
  npu_set_flag(PIPE_MTE3, PIPE_V, b);
}

// x: [tokens, 2*hidden] fp16 (a | b per row); out: [tokens, hidden] fp16.
void kernel_main(const uint16_t* x, uint16_t* out, uint64_t tokens, uint64_t hidden) {
  const uint64_t blocks = npu_get_block_num();
  const uint64_t per_block = (tokens + blocks - 1) / blocks;
  const uint64_t begin = npu_get_block_idx() * per_block;
  if (begin >= tokens) return;
  const uint64_t end = begin + per_block < tokens ? begin + per_block : tokens;
  // Tile shape: w columns (all of hidden when it fits) x rows.
  const uint32_t w = hidden < TILE ? (uint32_t)hidden : TILE;
  const uint32_t tile_rows = TILE / w;

  npu_set_mask_count();
  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_V, PIPE_MTE2, 1);
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
  npu_set_flag(PIPE_MTE3, PIPE_V, 1);
  int b = 0;
  for (uint64_t r = begin; r < end; r += tile_rows) {
    const uint32_t rows = (uint32_t)(end - r < tile_rows ? end - r : tile_rows);
    for (uint64_t c = 0; c < hidden; c += w, b ^= 1) {
      const uint32_t cw = (uint32_t)(hidden - c < w ? hidden - c : w);
      const uint16_t* xa = x + r * 2 * hidden + c;
      uint16_t* o = out + r * hidden + c;
      if (b)
        swiglu_tile(xa, o, rows, cw, hidden, 1);
      else
        swiglu_tile(xa, o, rows, cw, hidden, 0);
    }
  }
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE2, 1);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 1);
  npu_reset_mask();
}
