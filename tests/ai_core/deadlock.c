// PIPE_V waits for a flag that nothing sets; the barrier can never complete.
#include "kernels.h"

int kernel(void) {
  npu_wait_flag(PIPE_MTE3, PIPE_V, 3);
  npu_vadd_f32(UB_Z, UB_X, UB_Y, 1, npu_rp_default());
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
