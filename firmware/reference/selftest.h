/* What the self-test kernel writes per block and the firmware expects. */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <stdint.h>

#define SELFTEST_LOOP 16

static inline uint64_t selftest_signature(uint64_t block, uint64_t die, uint64_t vector, uint64_t core,
                                          uint64_t sum) {
  return (0x5E1Full << 48) | (die << 40) | (vector << 39) | (core << 32) | ((block & 0xffff) << 16) | (sum & 0xffff);
}

void selftest_kernel(volatile uint64_t* results);

#endif
