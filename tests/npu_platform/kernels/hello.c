// printf from a kernel (HTIF console); with exit_code != 0 the kernel calls
// exit(), which a kernel must never do.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "npu_intrinsics.h"

void kernel_main(uint64_t exit_code) {
  printf("hello from block %d of %d\n", (int)npu_get_block_idx(), (int)npu_get_block_num());
  if (exit_code != 0) exit((int)exit_code);
}
