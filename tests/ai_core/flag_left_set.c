// A set_flag nobody waits for: a warning at kernel end, not an error.
#include "kernels.h"

int kernel(void) {
  npu_set_flag(PIPE_V, PIPE_MTE3, 5);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
