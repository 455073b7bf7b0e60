/* The AI-core self-test kernel, built into the firmware: every block writes
   a signature that only the right core can produce (its die, kind and core
   id from the launch CSRs, and its block index) and then proves it can
   compute, by a small checksum loop. The firmware checks each word. */
#include <stdint.h>

#include "selftest.h"
#include "xnpu_opcodes.h"

#define CSR_READ(num)                                        \
  ({                                                         \
    uint64_t v_;                                             \
    __asm__ volatile("csrr %0, %1" : "=r"(v_) : "i"(num));   \
    v_;                                                      \
  })

void selftest_kernel(volatile uint64_t* results) {
  const uint64_t block = CSR_READ(XNPU_CSR_NPU_BLOCK_IDX);
  const uint64_t die = CSR_READ(XNPU_CSR_NPU_DIE_ID);
  const uint64_t vector = CSR_READ(XNPU_CSR_NPU_CORE_KIND);
  const uint64_t core = CSR_READ(XNPU_CSR_NPU_CORE_ID);
  uint64_t sum = 0;
  for (uint64_t i = 1; i <= SELFTEST_LOOP; ++i) sum += i * (block + 1);
  results[block] = selftest_signature(block, die, vector, core, sum);
}
