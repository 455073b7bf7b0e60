// A cube instruction issued on a vector core: an illegal instruction, which
// nothing handles here, so the run stops with the pc and the instruction.
#include "kernels.h"

int kernel(void) {
  npu_mmad_f16(0, 0, 0, npu_mmad_params(16, 16, 16, 0), 0);
  return 0;
}
