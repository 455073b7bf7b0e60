// MTE2 copies the feature map into L1 and Load3D reads it with no flag
// between them: a race, reported on the first L1 block the load reads.
#include "cube_kernels.h"

uint8_t fm[4 * 4 * 32];  // 16 channels, 4 x 4 pixels, fp16

int kernel(void) {
  npu_copy_gm2l1_u8(0x1000, gm(fm), npu_copy_params(1, sizeof fm / 32, 0, 0));
  npu_set_fmatrix(4, 4, 1, 1, 1, 1);
  npu_load3d_l12l0a_u16(0, 0x1000, 16, npu_load3d_window(144, 16, 0, 0), npu_load3d_filter(1, 1, 3, 3, 1, 1, 0));
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
