// Load3D (im2col) microbenchmark: MTE1 is held by a wait_flag from PIPE_S
// until both loads are queued, so they run back to back and
// cube_load3d_test.cpp predicts their busy cycles and span from TIMING.md.
// The second load has its own feature map (npu_fmatrix), written after the
// first load was issued: under it the first load would be a reserved geometry
// (its dilated 5 x 5 filter is larger than the 3 x 3 map), so the run stops
// with an error unless each load keeps the CSR of its issue.
#include "cube_kernels.h"

uint8_t fm[2 * 5 * 6 * 32];  // C = 32 (two channel blocks), 5 x 6 pixels, fp16

int kernel(void) {
  npu_copy_gm2l1_u8(0, gm(fm), npu_copy_params(1, sizeof fm / 32, 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_S, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 0);
  // 5 x 6 map, pad 1: a 3 x 3 filter with dilation 2, stride 1 gives Ho x Wo =
  // 3 x 4 = 12 rows (one fractal row), K = 2 x 9 x 16 = 288 (18 fractals).
  npu_set_fmatrix(5, 6, 1, 1, 1, 1);
  npu_load3d_l12l0a_u16(0, 0, 32, npu_load3d_window(288, 12, 0, 0), npu_load3d_filter(1, 1, 3, 3, 2, 2, 0));
  // The first channel block as a 3 x 3 map, no padding, 2 x 2 filter, stride 1:
  // 2 x 2 = 4 rows, K = 64 (4 fractals) from column 0.
  npu_set_fmatrix(3, 3, 0, 0, 0, 0);
  npu_load3d_l12l0a_u16(32768, 0, 16, npu_load3d_window(64, 4, 0, 0), npu_load3d_filter(1, 1, 2, 2, 1, 1, 0));
  npu_set_flag(PIPE_S, PIPE_MTE1, 0);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
