// layer_norm: y[r, :] = (x[r, :] - mean_r) / sqrt(var_r + eps) * gamma + beta,
// fp32 in and out, per row (mean and biased variance over the row's cols).
// Rows are split across blocks; each block walks its rows a tile (a few rows)
// at a time, double-buffered like examples/vector_add: MTE2 loads tile i+1
// while V computes tile i and MTE3 stores tile i-1.
//
// Shape limits (checked by the host side, README.md): cols is a multiple of 64
// (one fp32 repeat) and at most 1984 (a row of at most 248 blocks of 32 B fits
// the 8-bit repeat strides).
//
// Per tile of R rows (V pipe), the same row machinery as examples/softmax:
//   1. row sum: fold the 64-lane column groups (vadd), one whole-repeat sum
//      per row (vcadd), broadcast to a repeat per row (gather), times 1/cols
//   2. d = x - mean                     (into the output buffer: in_b is free)
//   3. row sum of d*d: fold with vmul/vmla (fused), vcadd, broadcast,
//      times 1/cols, + eps, rsqrt
//   4. d *= rstd; d = gamma * d + beta  (vmadd: one rounding)
#include <stdint.h>

#include "npu_intrinsics.h"

#define TILE_ELEMS 4096u  // fp32 elements per tile: 16 KiB (R = TILE_ELEMS / cols rows)
#define MAX_ROWS 64u      // R for cols = 64

// UB layout (byte offsets). Two-source operations read from different 64 KiB
// sections: no bank conflicts.
enum {
  UB_OUT0 = 0x00000,   // fp32 output / working tile, buffer set 0, 16 KiB   section 0
  UB_OUT1 = 0x04000,   //                             buffer set 1
  UB_FOLD = 0x08000,   // R x 64 fp32: a row folded to one repeat, 16 KiB
  UB_IN0 = 0x10000,    // fp32 input, buffer set 0, 16 KiB                   section 1
  UB_IN1 = 0x14000,    //             buffer set 1
  UB_GAMMA = 0x18000,  // fp32 [cols], up to 8 KiB
  UB_RED = 0x1a000,    // one reduction result per row, 32 B apart
  UB_BC = 0x20000,     // R x 64 fp32: a per-row value broadcast to a repeat   section 2
  UB_OFF = 0x24000,    // R x 64 u32 gather offsets: entry r*64 + k = r*32
  UB_BETA = 0x28000,   // fp32 [cols], up to 8 KiB
};

#define FORCE_INLINE static inline __attribute__((always_inline))

FORCE_INLINE void mask_count(uint32_t elems) {
  npu_set_mask_count();
  npu_set_mask_count_value(elems);
}
FORCE_INLINE void mask_all(void) { npu_reset_mask(); }

// UB_OFF[r*64 + k] = r*32: 64 zeros, then the filled part doubled, shifted.
FORCE_INLINE void build_gather_offsets(uint32_t rows) {
  mask_count(64);
  npu_vdup_u32(UB_OFF, 0, 0, 0, npu_rp_default());
  for (uint32_t n = 64; n < rows * 64; n *= 2) {
    const uint32_t left = rows * 64 - n;
    mask_count(left < n ? left : n);
    npu_vadds_s32(UB_OFF + 4 * n, UB_OFF, n / 2, 0, npu_rp_default());  // + (n / 64) * 32
  }
}

// UB_BC row r = 64 copies of (the fp32 at UB_RED + r*32) * scale [+ add].
FORCE_INLINE void broadcast_rows(uint32_t rows, uint32_t scale_bits) {
  mask_count(rows * 64);
  npu_vgather_u32(UB_BC, UB_OFF, UB_RED, 0, npu_rp_default());
  npu_vmuls_f32(UB_BC, UB_BC, scale_bits, 0, npu_rp_default());
}

// One reduction result per row (vcadd), 32 B apart at UB_RED.
FORCE_INLINE void row_sums(uint32_t rows) {
  npu_vcadd_f32(UB_RED, UB_FOLD, 0, (uint8_t)rows, npu_rp(1, 1, 1, 8, 8, 8));
}

FORCE_INLINE void layer_norm_tile(const float* x, float* y, uint32_t rows, uint32_t cols, uint32_t inv_cols,
                                  uint32_t eps, const int b) {
  const uint32_t ub_in = b ? UB_IN1 : UB_IN0, ub_out = b ? UB_OUT1 : UB_OUT0;
  const uint32_t groups = cols / 64;
  const uint8_t rb = (uint8_t)(cols / 8);  // a row in 32 B blocks
  const uint64_t copy = npu_copy_params(1, (uint16_t)(rows * cols * 4 / 32), 0, 0);

  // MTE2.
  npu_wait_flag(PIPE_V, PIPE_MTE2, b);
  npu_copy_gm2ub_u8(ub_in, (uint64_t)x, copy);
  npu_set_flag(PIPE_MTE2, PIPE_V, b);

  // V. 1: mean.
  npu_wait_flag(PIPE_MTE2, PIPE_V, b);
  mask_all();
  if (groups == 1) {
    npu_copy_ub2ub_u8(UB_FOLD, ub_in, npu_copy_params((uint16_t)rows, 8, 0, 0));
  } else {
    npu_vadd_f32(UB_FOLD, ub_in, ub_in + 256, (uint8_t)rows, npu_rp(1, 1, 1, 8, rb, rb));
    for (uint32_t j = 2; j < groups; ++j)
      npu_vadd_f32(UB_FOLD, UB_FOLD, ub_in + 256 * j, (uint8_t)rows, npu_rp(1, 1, 1, 8, 8, rb));
  }
  row_sums(rows);
  broadcast_rows(rows, inv_cols);

  // 2: d = x - mean, written to out_b (stored by MTE3 two tiles ago).
  npu_wait_flag(PIPE_MTE3, PIPE_V, b);
  mask_all();
  for (uint32_t j = 0; j < groups; ++j)
    npu_vsub_f32(ub_out + 256 * j, ub_in + 256 * j, UB_BC, (uint8_t)rows, npu_rp(1, 1, 1, rb, rb, 8));
  npu_set_flag(PIPE_V, PIPE_MTE2, b);  // in_b free

  // 3: variance = mean of d*d; rstd = 1 / sqrt(variance + eps).
  npu_vmul_f32(UB_FOLD, ub_out, ub_out, (uint8_t)rows, npu_rp(1, 1, 1, 8, rb, rb));
  for (uint32_t j = 1; j < groups; ++j)  // FOLD += d_j * d_j, fused
    npu_vmla_f32(UB_FOLD, ub_out + 256 * j, ub_out + 256 * j, (uint8_t)rows, npu_rp(1, 1, 1, 8, rb, rb));
  row_sums(rows);
  broadcast_rows(rows, inv_cols);
  npu_vadds_f32(UB_BC, UB_BC, eps, 0, npu_rp_default());
  npu_vrsqrt_f32(UB_BC, UB_BC, 0, 0, npu_rp_default());

  // 4: y = gamma * (d * rstd) + beta.
  mask_all();
  for (uint32_t j = 0; j < groups; ++j) {
    npu_vmul_f32(ub_out + 256 * j, ub_out + 256 * j, UB_BC, (uint8_t)rows, npu_rp(1, 1, 1, rb, rb, 8));
    // vmadd: dst = src0 * dst + src1; gamma and beta repeat for every row (repeat stride 0).
    npu_vmadd_f32(ub_out + 256 * j, UB_GAMMA + 256 * j, UB_BETA + 256 * j, (uint8_t)rows,
                  npu_rp(1, 1, 1, rb, 0, 0));
  }
  npu_set_flag(PIPE_V, PIPE_MTE3, b);

  // MTE3.
  npu_wait_flag(PIPE_V, PIPE_MTE3, b);
  npu_copy_ub2gm_u8((uint64_t)y, ub_out, copy);
  npu_set_flag(PIPE_MTE3, PIPE_V, b);
}

// x, y: [rows, cols] fp32; gamma, beta: [cols] fp32; eps: the variance epsilon.
void kernel_main(const float* x, const float* gamma, const float* beta, float* y, uint64_t rows, uint64_t cols,
                 float eps) {
  const uint64_t blocks = npu_get_block_num();
  const uint64_t per_block = (rows + blocks - 1) / blocks;
  const uint64_t begin = npu_get_block_idx() * per_block;
  if (begin >= rows) return;
  const uint64_t end = begin + per_block < rows ? begin + per_block : rows;
  uint32_t tile_rows = TILE_ELEMS / (uint32_t)cols;
  if (tile_rows > MAX_ROWS) tile_rows = MAX_ROWS;
  const uint32_t inv_cols = (uint32_t)npu_f32_bits(1.0f / (float)cols), eps_bits = (uint32_t)npu_f32_bits(eps);

  // gamma and beta once per block; V waits for them with the first tile's data
  // (MTE2 runs in order, so the first tile's MTE2 -> V flag covers them).
  const uint64_t gb = npu_copy_params(1, (uint16_t)(cols * 4 / 32), 0, 0);
  npu_copy_gm2ub_u8(UB_GAMMA, (uint64_t)gamma, gb);
  npu_copy_gm2ub_u8(UB_BETA, (uint64_t)beta, gb);
  build_gather_offsets(tile_rows);

  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_V, PIPE_MTE2, 1);
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
  npu_set_flag(PIPE_MTE3, PIPE_V, 1);
  int b = 0;
  for (uint64_t r = begin; r < end; r += tile_rows, b ^= 1) {
    const uint32_t n = (uint32_t)(end - r < tile_rows ? end - r : tile_rows);
    if (b)
      layer_norm_tile(x + r * cols, y + r * cols, n, (uint32_t)cols, inv_cols, eps_bits, 1);
    else
      layer_norm_tile(x + r * cols, y + r * cols, n, (uint32_t)cols, inv_cols, eps_bits, 0);
  }
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE2, 1);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 1);
  npu_reset_mask();
}
