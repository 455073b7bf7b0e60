// The program gdb-multiarch debugs under `npuvp run --gdb` (gdb_cli_test):
// a function to break in and step through, doubles in F registers, words to
// read, and the exit status in a variable the debugger can change.
#include <stdint.h>
#include <stdio.h>

volatile int exit_status = 3;
double samples[4] = {1.5, 2.5, -0.25, 4.0};
uint32_t pattern[4] = {0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00};

__attribute__((noinline)) double weighted_sum(const double* v, int n, double w) {
  double acc = 0.0;
  for (int i = 0; i < n; ++i) acc += v[i] * w;
  return acc;
}

int main(void) {
  const double s = weighted_sum(samples, 4, 2.0);  // 15.5
  printf("weighted sum x10 = %d\n", (int)(s * 10));
  return exit_status + (s == 15.5 ? 0 : 100);
}
