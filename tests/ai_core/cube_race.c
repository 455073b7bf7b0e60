// MTE1 loads L0A and the cube reads it with no flag between them: a race.
#include "cube_kernels.h"

int kernel(void) {
  npu_load2d_l12l0a_u16(0, 0, npu_load2d_params(0, 1, 1, 0, 0));
  npu_mmad_f16(0, 0, 0, npu_mmad_params(16, 16, 16, NPU_MMAD_INIT_ZERO), 0);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
