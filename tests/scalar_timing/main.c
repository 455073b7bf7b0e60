// Runs every microbenchmark of microbench.S once and prints "name cycles"
// lines; tests/scalar_timing/timing_test.cpp compares each with the count
// TIMING.md predicts from the preset's latency table.
#include <stdio.h>

#define BENCHES(X)                                                               \
  X(alu_chain) X(mul_chain) X(div_chain) X(load_chain) X(store) X(branch_taken)  \
  X(branch_not_taken) X(jump) X(atomic) X(csr) X(fence) X(fp_load) X(fp_store)   \
  X(fp_add_chain) X(fp_mul_chain) X(fp_fma_chain) X(fp_divs_chain)               \
  X(fp_divd_chain) X(fp_sqrts_chain) X(fp_sqrtd_chain) X(fp_cmp_chain)           \
  X(fp_cvt_chain) X(fp_move_chain) X(load_use)

#define DECLARE(name) long bench_##name(void);
BENCHES(DECLARE)
long bench_icache_cold(void);

int main(void) {
  // The cold I-cache block first, before anything could have touched its lines.
  printf("icache_cold %ld\n", bench_icache_cold());
#define RUN(name) printf(#name " %ld\n", bench_##name());
  BENCHES(RUN)
  return 0;
}
