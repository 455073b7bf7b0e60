// FixPipe waits for a flag from the cube that nothing sets.
#include "cube_kernels.h"

int kernel(void) {
  npu_wait_flag(PIPE_M, PIPE_FIX, 3);
  npu_fix_l0c2l1_f32_f32(0, npu_fix_params(0, 16, 16, 16, NPU_FIX_NZ_OUT), 16, 0);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
