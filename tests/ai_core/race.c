// The vector add reads x before anything orders it after the copy into UB:
// a missing wait_flag, which the race checker must report.
#include "kernels.h"

float x[N], y[N], z[N];

int kernel(void) {
  npu_copy_gm2ub_u8(UB_X, gm(x), npu_copy_params(1, blocks_of(sizeof x), 0, 0));
  npu_copy_gm2ub_u8(UB_Y, gm(y), npu_copy_params(1, blocks_of(sizeof y), 0, 0));
  npu_vadd_f32(UB_Z, UB_X, UB_Y, N / 64, npu_rp_default());  // no wait_flag(MTE2, V)
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
