// As vadd.c with y in the same UB section as x, at the same offset within a
// bank group cycle: every repeat reads two rows from the same bank.
#include "kernels.h"

float x[N], y[N], z[N];

int kernel(void) {
  for (int i = 0; i < N; ++i) {
    x[i] = (float)i;
    y[i] = 2.0f;
  }
  npu_copy_gm2ub_u8(UB_X, gm(x), npu_copy_params(1, blocks_of(sizeof x), 0, 0));
  npu_copy_gm2ub_u8(UB_Y_SAME_SECTION, gm(y), npu_copy_params(1, blocks_of(sizeof y), 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
  npu_vadd_f32(UB_Z, UB_X, UB_Y_SAME_SECTION, N / 64, npu_rp_default());
  npu_set_flag(PIPE_V, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 0);
  npu_copy_ub2gm_u8(gm(z), UB_Z, npu_copy_params(1, blocks_of(sizeof z), 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  int wrong = 0;
  for (int i = 0; i < N; ++i) wrong += z[i] != x[i] + 2.0f;
  return wrong;
}
