// OpenBLAS 0.3.21 (Debian 12) picks its kernels from the CPU model number and
// takes models it predates for a Prescott (SSE3), several times slower than
// its own AVX-512 / AVX2 kernels. Unless OPENBLAS_CORETYPE is set, the
// benchmarks that compare with sgemm run themselves again with the core type
// the host's features allow (the library reads it when it loads), so the
// comparison is with the host's best single-thread sgemm.
#pragma once

#include <cblas.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace npuvp::bench {

// Re-executes the program (argv) with OPENBLAS_CORETYPE set when OpenBLAS took
// this CPU for a Prescott; returns when there is nothing better or exec failed.
inline void use_the_hosts_best_openblas_kernels(char** argv, const char* program) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr || std::string(openblas_get_corename()) != "Prescott") return;
  __builtin_cpu_init();
  const char* core = nullptr;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl"))
    core = "SkylakeX";
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    core = "Haswell";
  if (core == nullptr) return;
  std::printf("OpenBLAS took this CPU for a Prescott; running again with OPENBLAS_CORETYPE=%s\n", core);
  std::fflush(stdout);
  setenv("OPENBLAS_CORETYPE", core, 1);
  execv("/proc/self/exe", argv);
  std::fprintf(stderr, "%s: could not run again with OPENBLAS_CORETYPE=%s; going on with Prescott\n", program, core);
}

}  // namespace npuvp::bench
