// softmax: y[r, :] = exp(x[r, :] - max_r) / sum(exp(x[r, :] - max_r)) per row,
// fp16 in and out, fp32 math inside. Rows are split across blocks; each block
// walks its rows a tile (a few rows) at a time, double-buffered like
// examples/vector_add: MTE2 loads tile i+1 while V computes tile i and MTE3
// stores tile i-1.
//
// Shape limits (asserted by the host side, see README.md): cols is a multiple of
// 64 (one fp32 repeat) and at most 1984, so that one row is at most 248 blocks of
// 32 B and fits the 8-bit repeat strides.
//
// Per tile of R rows (V pipe):
//   1. convert fp16 -> fp32                                     (Cast)
//   2. row max: fold the row's 64-lane column groups with vmax,
//      then one whole-repeat reduction per row (vcmax)          (Max, WholeReduceMax)
//   3. broadcast each row's max to a repeat (gather)            (Gather)
//   4. subtract it from every element                          (Sub)
//   5. exp                                                       (Exp)
//   6. row sum as in 2 (vadd, vcadd), broadcast, reciprocal      (Add, WholeReduceSum, Reciprocal)
//   7. multiply by the reciprocal, convert fp32 -> fp16          (Mul, Cast)
#include <stdint.h>

#include "npu_intrinsics.h"

#define TILE_ELEMS 4096u  // elements per tile (R = TILE_ELEMS / cols rows)
#define MAX_ROWS 64u      // R for cols = 64

// UB layout (byte offsets). The fp32 tile and the per-row folds and
// broadcasts sit in different 64 KiB sections, so a vector op reading one of
// each reads two banks (TIMING.md: two reads of one bank serialise).
enum {
  UB_X = 0x00000,    // fp32 tile, 16 KiB                              section 0
  UB_IN0 = 0x04000,  // fp16 input, buffer set 0, 8 KiB
  UB_IN1 = 0x06000,  //             buffer set 1
  UB_OUT0 = 0x08000, // fp16 output, buffer set 0, 8 KiB
  UB_OUT1 = 0x0a000, //              buffer set 1
  UB_FOLD = 0x10000, // R x 64 fp32: a row folded to one repeat, 16 KiB  section 1
  UB_BC = 0x14000,   // R x 64 fp32: a per-row value broadcast to a repeat, 16 KiB
  UB_OFF = 0x18000,  // R x 64 u32 gather offsets: entry r*64 + k = r*32, 16 KiB
  UB_RED = 0x1c000,  // one reduction result per row, 32 B apart
};

#define FORCE_INLINE static inline __attribute__((always_inline))

// Mask modes: count mode for contiguous operands (the repeat field is ignored),
// the normal mode with every lane on for strided ones (the repeat field counts).
FORCE_INLINE void mask_count(uint32_t elems) {
  npu_set_mask_count();
  npu_set_mask_count_value(elems);
}
FORCE_INLINE void mask_all(void) { npu_reset_mask(); }

// UB_OFF[r*64 + k] = r*32 for r < rows: starts with 64 zeros, then doubles
// the filled part, each copy shifted by the rows it covers.
FORCE_INLINE void build_gather_offsets(uint32_t rows) {
  mask_count(64);
  npu_vdup_u32(UB_OFF, 0, 0, 0, npu_rp_default());
  for (uint32_t n = 64; n < rows * 64; n *= 2) {
    const uint32_t left = rows * 64 - n;
    mask_count(left < n ? left : n);
    npu_vadds_s32(UB_OFF + 4 * n, UB_OFF, n / 2, 0, npu_rp_default());  // + (n / 64) * 32
  }
}

// Broadcast (Ascend has Brcb for this; here a gather does it): UB_BC row r =
// 64 copies of the 32-bit value at UB_RED + r*32.
FORCE_INLINE void broadcast_rows(uint32_t rows) {
  mask_count(rows * 64);
  npu_vgather_u32(UB_BC, UB_OFF, UB_RED, 0, npu_rp_default());
}

// UB_FOLD row r (64 lanes) = op over the column groups of row r of UB_X.
// `op` is npu_vmax_f32 or npu_vadd_f32 (elementwise over R repeats).
#define FOLD_ROWS(op, rows, groups, row_blocks)                                                        \
  do {                                                                                                 \
    mask_all();                                                                                        \
    if ((groups) == 1) {                                                                               \
      npu_copy_ub2ub_u8(UB_FOLD, UB_X, npu_copy_params((uint16_t)(rows), 8, (row_blocks) - 8, 0));     \
    } else {                                                                                           \
      op(UB_FOLD, UB_X, UB_X + 256, (uint8_t)(rows), npu_rp(1, 1, 1, 8, row_blocks, row_blocks));      \
      for (uint32_t j = 2; j < (groups); ++j)                                                          \
        op(UB_FOLD, UB_FOLD, UB_X + 256 * j, (uint8_t)(rows), npu_rp(1, 1, 1, 8, 8, row_blocks));      \
    }                                                                                                  \
  } while (0)

// UB_X[r, :] = op(UB_X[r, :], UB_BC row r), one instruction per 64-column
// group over all rows: the first operand steps a row per repeat, the second
// (the broadcast) one repeat (8 blocks) per repeat.
#define APPLY_ROWS(op, rows, groups, row_blocks)                                                       \
  do {                                                                                                 \
    mask_all();                                                                                        \
    for (uint32_t j = 0; j < (groups); ++j)                                                            \
      op(UB_X + 256 * j, UB_X + 256 * j, UB_BC, (uint8_t)(rows),                                       \
         npu_rp(1, 1, 1, row_blocks, row_blocks, 8));                                                  \
  } while (0)

FORCE_INLINE void softmax_tile(const uint16_t* x, uint16_t* y, uint32_t rows, uint32_t cols, const int b) {
  const uint32_t ub_in = b ? UB_IN1 : UB_IN0, ub_out = b ? UB_OUT1 : UB_OUT0;
  const uint32_t n = rows * cols, groups = cols / 64, row_blocks = cols / 8;  // fp32 row = cols/8 blocks
  const uint64_t copy = npu_copy_params(1, (uint16_t)(n * 2 / 32), 0, 0);

  // MTE2: load the fp16 rows into in_b once V has converted the tile before.
  npu_wait_flag(PIPE_V, PIPE_MTE2, b);
  npu_copy_gm2ub_u8(ub_in, (uint64_t)x, copy);
  npu_set_flag(PIPE_MTE2, PIPE_V, b);

  // V.
  npu_wait_flag(PIPE_MTE2, PIPE_V, b);
  mask_count(n);
  npu_vconv_f16_f32_none(UB_X, ub_in, 0, npu_rp(1, 1, 1, 8, 4, 4));  // fp16 -> fp32 is exact
  npu_set_flag(PIPE_V, PIPE_MTE2, b);  // in_b is free as soon as it is converted

  FOLD_ROWS(npu_vmax_f32, rows, groups, row_blocks);                     // 2. row max
  npu_vcmax_f32(UB_RED, UB_FOLD, 0, (uint8_t)rows, npu_rp(1, 1, 1, 4, 8, 8));  // (value, index) 32 B apart
  broadcast_rows(rows);                                                  // 3.
  APPLY_ROWS(npu_vsub_f32, rows, groups, row_blocks);                    // 4. x - max
  mask_count(n);
  npu_vexp_f32(UB_X, UB_X, 0, 0, npu_rp_default());                      // 5.
  FOLD_ROWS(npu_vadd_f32, rows, groups, row_blocks);                     // 6. row sum
  npu_vcadd_f32(UB_RED, UB_FOLD, 0, (uint8_t)rows, npu_rp(1, 1, 1, 8, 8, 8));  // sums 32 B apart
  broadcast_rows(rows);
  npu_vrec_f32(UB_BC, UB_BC, 0, 0, npu_rp_default());                    //    1 / sum (count mode: rows*64)
  APPLY_ROWS(npu_vmul_f32, rows, groups, row_blocks);                    // 7.

  npu_wait_flag(PIPE_MTE3, PIPE_V, b);  // out_b stored (tile i-2)
  mask_count(n);
  npu_vconv_f32_f16_rint(ub_out, UB_X, 0, npu_rp(1, 1, 1, 4, 8, 8));
  npu_set_flag(PIPE_V, PIPE_MTE3, b);

  // MTE3.
  npu_wait_flag(PIPE_V, PIPE_MTE3, b);
  npu_copy_ub2gm_u8((uint64_t)y, ub_out, copy);
  npu_set_flag(PIPE_MTE3, PIPE_V, b);
}

// x, y: [rows, cols] fp16, row-major.
void kernel_main(const uint16_t* x, uint16_t* y, uint64_t rows, uint64_t cols) {
  const uint64_t blocks = npu_get_block_num();
  const uint64_t per_block = (rows + blocks - 1) / blocks;
  const uint64_t begin = npu_get_block_idx() * per_block;
  if (begin >= rows) return;
  const uint64_t end = begin + per_block < rows ? begin + per_block : rows;
  uint32_t tile_rows = TILE_ELEMS / (uint32_t)cols;
  if (tile_rows > MAX_ROWS) tile_rows = MAX_ROWS;

  build_gather_offsets(tile_rows);
  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_V, PIPE_MTE2, 1);
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
  npu_set_flag(PIPE_MTE3, PIPE_V, 1);
  int b = 0;
  for (uint64_t r = begin; r < end; r += tile_rows, b ^= 1) {
    const uint32_t n = (uint32_t)(end - r < tile_rows ? end - r : tile_rows);
    if (b)
      softmax_tile(x + r * cols, y + r * cols, n, (uint32_t)cols, 1);
    else
      softmax_tile(x + r * cols, y + r * cols, n, (uint32_t)cols, 0);
  }
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE2, 1);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 1);
  npu_reset_mask();
}
