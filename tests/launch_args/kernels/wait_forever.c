// Waits on a flag that nothing sets: the launch must end as a deadlock.
#include <stdint.h>

#include "npu_intrinsics.h"

void kernel_main(float* y) {
  (void)y;
  npu_wait_flag(PIPE_MTE2, PIPE_V, 3);
  npu_vadds_f32(0, 0, npu_f32_bits(1.0f), 1, npu_rp_default());
}
