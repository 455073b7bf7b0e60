// Each block copies its n bytes of x to y: GM -> UB (MTE2), a flag, UB -> GM (MTE3).
#include <stdint.h>

#include "npu_intrinsics.h"

void kernel_main(const uint8_t* x, uint8_t* y, uint64_t n) {
  const uint64_t off = npu_get_block_idx() * n;
  npu_copy_gm2ub_u8(0, (uint64_t)(x + off), npu_copy_params(1, (uint16_t)(n / 32), 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_MTE3, 0);
  npu_copy_ub2gm_u8((uint64_t)(y + off), 0, npu_copy_params(1, (uint16_t)(n / 32), 0, 0));
}
