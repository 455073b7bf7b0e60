// Waits for a flag nobody sets: the launch must end with a deadlock report,
// not hang.
#include <stdint.h>

#include "npu_intrinsics.h"

void kernel_main(float* x) {
  npu_wait_flag(PIPE_MTE2, PIPE_V, 3);
  npu_vadds_f32(0, 0, npu_f32_bits(1.0f), 1, npu_rp_default());
  (void)x;
}
