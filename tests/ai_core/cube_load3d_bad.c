// A Load3D whose channelSize (24) is not a whole number of 16-channel blocks:
// a reserved geometry, reported with its reason.
#include "cube_kernels.h"

int kernel(void) {
  npu_set_fmatrix(4, 4, 1, 1, 1, 1);
  npu_load3d_l12l0a_u16(0, 0, 24, npu_load3d_window(16, 16, 0, 0), npu_load3d_filter(1, 1, 3, 3, 1, 1, 0));
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
