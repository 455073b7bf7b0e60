// An mmad whose C lies past the end of the 128 KiB L0C.
#include "cube_kernels.h"

int kernel(void) {
  npu_mmad_f16(0x1f000, 0, 0, npu_mmad_params(64, 64, 16, NPU_MMAD_INIT_ZERO), 0);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
