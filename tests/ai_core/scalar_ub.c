// The scalar unit reads and writes its UB through the window at 0x4000_0000:
// it sees what MTE2 put there after a barrier, and MTE3 sees what it wrote.
#include "kernels.h"

float x[N], z[N];
#define UB ((volatile float*)0x40000000)

int kernel(void) {
  for (int i = 0; i < N; ++i) x[i] = (float)i;
  npu_copy_gm2ub_u8(UB_X, gm(x), npu_copy_params(1, blocks_of(sizeof x), 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  int wrong = 0;
  for (int i = 0; i < N; ++i) wrong += UB[UB_X / 4 + i] != (float)i;
  for (int i = 0; i < N; ++i) UB[UB_Z / 4 + i] = 2.0f * (float)i;
  npu_pipe_barrier(PIPE_ALL);
  npu_copy_ub2gm_u8(gm(z), UB_Z, npu_copy_params(1, blocks_of(sizeof z), 0, 0));
  npu_pipe_barrier(PIPE_ALL);
  for (int i = 0; i < N; ++i) wrong += z[i] != 2.0f * (float)i;
  return wrong;
}
