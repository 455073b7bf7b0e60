// An L0A address that is not 512 B aligned: a reported kernel bug.
#include "cube_kernels.h"

int kernel(void) {
  npu_load2d_l12l0a_u16(0x100, 0, npu_load2d_params(0, 1, 1, 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
