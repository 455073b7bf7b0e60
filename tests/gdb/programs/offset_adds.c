// The kernel gdb-multiarch debugs under `npuvp launch --gdb` (gdb_cli_test):
// y = x + a in fp32, n elements per block, with the block's offset from a
// scalar function each AI core calls, to break in on every core.
#include <stdint.h>

#include "npu_intrinsics.h"

enum { UB_X = 0, UB_Y = 0x10000 };

__attribute__((noinline)) uint64_t block_offset(uint64_t block, uint64_t n) { return block * n; }

void kernel_main(const float* x, float* y, uint64_t n, float a) {
  const uint64_t off = block_offset(npu_get_block_idx(), n);
  const uint16_t blocks = (uint16_t)(n * 4 / 32);
  npu_copy_gm2ub_u8(UB_X, (uint64_t)(x + off), npu_copy_params(1, blocks, 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
  npu_vadds_f32(UB_Y, UB_X, npu_f32_bits(a), (uint8_t)(n / 64), npu_rp_default());
  npu_set_flag(PIPE_V, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 0);
  npu_copy_ub2gm_u8((uint64_t)(y + off), UB_Y, npu_copy_params(1, blocks, 0, 0));
}
