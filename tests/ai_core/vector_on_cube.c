// A vector instruction issued on a cube core: an illegal instruction.
#include "kernels.h"

int kernel(void) {
  npu_vadd_f32(0, 0, 0, 1, npu_rp_default());
  return 0;
}
