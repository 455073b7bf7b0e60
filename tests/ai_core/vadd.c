// z = x + y on the vector unit, properly synchronised; returns the number of
// wrong elements (0: pass).
#include "kernels.h"

float x[N], y[N], z[N];

int kernel(void) {
  for (int i = 0; i < N; ++i) {
    x[i] = (float)i * 0.5f;
    y[i] = 1000.0f - (float)i * 0.25f;
  }
  npu_copy_gm2ub_u8(UB_X, gm(x), npu_copy_params(1, blocks_of(sizeof x), 0, 0));
  npu_copy_gm2ub_u8(UB_Y, gm(y), npu_copy_params(1, blocks_of(sizeof y), 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
  npu_vadd_f32(UB_Z, UB_X, UB_Y, N / 64, npu_rp_default());
  npu_set_flag(PIPE_V, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 0);
  npu_copy_ub2gm_u8(gm(z), UB_Z, npu_copy_params(1, blocks_of(sizeof z), 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  int wrong = 0;
  for (int i = 0; i < N; ++i) wrong += z[i] != x[i] + y[i];
  return wrong;
}
