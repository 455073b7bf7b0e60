// Records, per block, what the core knows of it (scalar stores to GM), and
// the scalar arguments it was called with: out[8 * block + i].
#include <stdint.h>

#include "npu_intrinsics.h"

void kernel_main(uint64_t* out, uint64_t magic, float f, double d) {
  const uint64_t b = npu_get_block_idx();
  uint64_t* row = out + 8 * b;
  row[0] = b;
  row[1] = npu_get_block_num();
  row[2] = npu_get_core_id();
  row[3] = npu_get_die_id();
  row[4] = npu_get_sub_block_idx();
  row[5] = npu_get_core_kind();
  row[6] = magic;
  row[7] = (uint64_t)(int64_t)(f * 1000.0f) + (uint64_t)(int64_t)(d * 1000000.0);
}
