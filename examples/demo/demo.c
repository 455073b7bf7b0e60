// A bare-metal demo for `npuvp run`: a 32x32 fp32 matrix multiply on the
// control CPU, checked against the same product computed in integers.
//
// The inputs are small integers divided by 8, so every product and every
// partial sum is exactly representable in fp32: the float result must equal
// the integer result exactly, whatever the summation order.
#include <stdint.h>
#include <stdio.h>

#define N 32

static float a[N][N], b[N][N], c[N][N];
static int32_t ai[N][N], bi[N][N], ci[N][N];

int main(void) {
  // Deterministic inputs from a linear congruential generator.
  uint32_t seed = 2024;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      seed = seed * 1664525u + 1013904223u;
      ai[i][j] = (int32_t)(seed >> 24) % 16 - 8;  // -8..7
      seed = seed * 1664525u + 1013904223u;
      bi[i][j] = (int32_t)(seed >> 24) % 16 - 8;
      a[i][j] = (float)ai[i][j] / 8.0f;
      b[i][j] = (float)bi[i][j] / 8.0f;
    }
  }

  // fp32 product, i-k-j order (row of A times rows of B).
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) c[i][j] = 0.0f;
    for (int k = 0; k < N; k++) {
      float aik = a[i][k];
      for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
    }
  }

  // Integer reference, i-j-k order: c = ci / 64.
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      int32_t acc = 0;
      for (int k = 0; k < N; k++) acc += ai[i][k] * bi[k][j];
      ci[i][j] = acc;
    }

  int mismatches = 0;
  double checksum = 0.0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      if (c[i][j] != (float)ci[i][j] / 64.0f) mismatches++;
      checksum += (double)c[i][j] * (double)(i + 1) / (double)(j + 1);
    }

  printf("fp32 matmul %dx%d: checksum %.6f, %d mismatches\n", N, N, checksum, mismatches);
  printf("result check: %s\n", mismatches == 0 ? "PASS" : "FAIL");
  return mismatches == 0 ? 0 : 1;
}
