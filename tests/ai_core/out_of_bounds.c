// Copies from a GM address outside every region of the launch.
#include "kernels.h"

int kernel(void) {
  npu_copy_gm2ub_u8(UB_X, 0x1000, npu_copy_params(1, 4, 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
