// vector_add: z = x + y over n fp16 elements, split across blocks, tiled through
// the Unified Buffer with double buffering (Ascend C's BUFFER_NUM = 2).
//
// Each block owns one contiguous chunk of the vectors and walks it tile by tile.
// A tile goes through three pipes:
//
//   MTE2 (GM -> UB: x, y)  ->  V (z = x + y)  ->  MTE3 (UB -> GM: z)
//
// With two UB buffer sets, tile i+1 is loaded by MTE2 while V adds tile i and
// MTE3 stores tile i-1: the pipes run in parallel, each in order, and only the
// flags below keep them from touching a buffer too early. Each buffer set b has
// its own event id b, so the flags of the two sets never mix:
//
//   MTE2 -> V    event b: x_b and y_b hold tile i        (V may read them)
//   V    -> MTE3 event b: z_b holds tile i               (MTE3 may store it)
//   V    -> MTE2 event b: V has finished reading x_b, y_b (MTE2 may refill them)
//   MTE3 -> V    event b: MTE3 has finished reading z_b  (V may overwrite it)
//
// The last two are "buffer free" flags: set once up front (both buffers start
// free) and consumed once at the end, so that no flag is left set.
//
// Two entry points, same code: kernel_main (two buffer sets) and
// kernel_main_single_buffer (one set: every tile waits for the previous one to
// leave its buffers), to show what double buffering buys.
//
// Arguments: x, y (fp16 in), z (fp16 out), n (elements). Any n works: tiles
// move with DataCopyPad, whose burst length is in bytes, and the vector unit
// runs in count mode (SetMaskCount), so the tail tile needs no special case.
#include <stdint.h>

#include "npu_intrinsics.h"

#define TILE 8192u  // fp16 elements per tile: 16 KiB per operand

// UB layout (byte offsets). x, y and z live in different 64 KiB UB sections,
// so the vector unit reads x and y from different banks (TIMING.md: two reads
// of one bank serialise).
enum {
  UB_X0 = 0x00000, UB_X1 = 0x04000,  // section 0
  UB_Y0 = 0x10000, UB_Y1 = 0x14000,  // section 1
  UB_Z0 = 0x20000, UB_Z1 = 0x24000,  // section 2
};

#define FORCE_INLINE static inline __attribute__((always_inline))

// One tile through the three pipes, on buffer set `b` (a constant after
// inlining: flag events are immediates in the instruction).
FORCE_INLINE void add_tile(const uint16_t* x, const uint16_t* y, uint16_t* z, uint32_t elems, const int b) {
  const uint32_t ub_x = b ? UB_X1 : UB_X0, ub_y = b ? UB_Y1 : UB_Y0, ub_z = b ? UB_Z1 : UB_Z0;
  const uint64_t one_burst = npu_copy_params(1, (uint16_t)(elems * 2), 0, 0);  // bytes (DataCopyPad)

  // MTE2: wait until V is done with x_b, y_b (tile i-2), then load tile i.
  npu_wait_flag(PIPE_V, PIPE_MTE2, b);
  npu_copy_gm2ub_pad_u16(ub_x, (uint64_t)x, one_burst);
  npu_copy_gm2ub_pad_u16(ub_y, (uint64_t)y, one_burst);
  npu_set_flag(PIPE_MTE2, PIPE_V, b);

  // V: wait for the data, and for MTE3 to have stored z_b (tile i-2).
  npu_wait_flag(PIPE_MTE2, PIPE_V, b);
  npu_wait_flag(PIPE_MTE3, PIPE_V, b);
  npu_set_mask_count_value(elems);  // count mode: the repeat field is ignored
  npu_vadd_f16(ub_z, ub_x, ub_y, 0, npu_rp_default());
  npu_set_flag(PIPE_V, PIPE_MTE2, b);  // x_b, y_b free again
  npu_set_flag(PIPE_V, PIPE_MTE3, b);  // z_b ready

  // MTE3: store z_b, then hand it back to V.
  npu_wait_flag(PIPE_V, PIPE_MTE3, b);
  npu_copy_ub2gm_pad_u8((uint64_t)z, ub_z, npu_copy_params(1, (uint16_t)(elems * 2), 0, 0));
  npu_set_flag(PIPE_MTE3, PIPE_V, b);
}

FORCE_INLINE void vector_add(const uint16_t* x, const uint16_t* y, uint16_t* z, uint64_t n, const int buffers) {
  // This block's chunk: ceil(n / blocks), rounded up to 16 elements (32 B) so
  // that every chunk starts 32 B aligned in GM.
  const uint64_t blocks = npu_get_block_num();
  const uint64_t chunk = ((n + blocks - 1) / blocks + 15) & ~(uint64_t)15;
  const uint64_t begin = npu_get_block_idx() * chunk;
  if (begin >= n) return;
  const uint64_t len = (n - begin < chunk) ? n - begin : chunk;
  x += begin;
  y += begin;
  z += begin;

  npu_set_pad(0, 0, 0, 0);  // DataCopyPad without padding
  npu_set_mask_count();

  // Both buffer sets start free.
  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
  if (buffers == 2) {
    npu_set_flag(PIPE_V, PIPE_MTE2, 1);
    npu_set_flag(PIPE_MTE3, PIPE_V, 1);
  }

  // Tiles alternate between the buffer sets: 0, 1, 0, 1, ...
  for (uint64_t off = 0; off < len; off += TILE) {
    const uint32_t elems = (uint32_t)(len - off < TILE ? len - off : TILE);
    if (buffers == 2 && (off / TILE) % 2 == 1)
      add_tile(x + off, y + off, z + off, elems, 1);
    else
      add_tile(x + off, y + off, z + off, elems, 0);
  }

  // Consume the "free" flags: nothing is left set when the block ends.
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);
  if (buffers == 2) {
    npu_wait_flag(PIPE_V, PIPE_MTE2, 1);
    npu_wait_flag(PIPE_MTE3, PIPE_V, 1);
  }
  npu_reset_mask();
}

void kernel_main(const uint16_t* x, const uint16_t* y, uint16_t* z, uint64_t n) { vector_add(x, y, z, n, 2); }

void kernel_main_single_buffer(const uint16_t* x, const uint16_t* y, uint16_t* z, uint64_t n) {
  vector_add(x, y, z, n, 1);
}
