// One 32 B copy in, a flag, one 32 B copy out, a barrier: each pipe's stall
// cycles by reason follow from TIMING.md ("Counters") and the test RAM's
// latency, which is longer than a 32 B copy's one cycle on the path.
#include "kernels.h"

float a[8], b[8];

int kernel(void) {
  for (int i = 0; i < 8; ++i) a[i] = (float)i;
  npu_copy_gm2ub_u8(UB_X, gm(a), npu_copy_params(1, 1, 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_MTE3, 0);  // waits for the read: its path time, then memory
  npu_wait_flag(PIPE_MTE2, PIPE_MTE3, 0);  // MTE3 waits for the flag
  npu_copy_ub2gm_u8(gm(b), UB_X, npu_copy_params(1, 1, 0, 0));
  npu_pipe_barrier(PIPE_ALL);  // the scalar unit waits for the write
  int wrong = 0;
  for (int i = 0; i < 8; ++i) wrong += b[i] != a[i];
  return wrong;
}
