// C (32x48, fp32) = A (32x64) * B (64x48), fp16 in, row-major in GM, on the
// cube core through L1, L0A/L0B and L0C, ordered by flags; returns the
// number of wrong elements (0: pass).
#include "cube_kernels.h"

#define M 32
#define K 64
#define NN 48
uint16_t a[M * K], b[K * NN];
float c[M * NN];

int kernel(void) {
  for (int i = 0; i < M; ++i)
    for (int k = 0; k < K; ++k) a[i * K + k] = f16_of_int((i * 7 + k * 3) % 17 - 8);
  for (int k = 0; k < K; ++k)
    for (int j = 0; j < NN; ++j) b[k * NN + j] = f16_of_int((k * 5 + j * 11) % 13 - 6);
  const unsigned m1 = M / 16, k1 = K / 16, n1 = NN / 16;
  const uint32_t l1_a = 0, l1_b = M * K * 2;
  // GM ND -> L1 NZ (MTE2), then L1 -> L0A ZZ / L0B ZN (MTE1; B transposed per fractal).
  npu_copy_gm2l1_nd2nz_u16(l1_a, gm(a), npu_nd2nz_matrix(M, K, K, M));
  npu_copy_gm2l1_nd2nz_u16(l1_b, gm(b), npu_nd2nz_matrix(K, NN, NN, K));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 0);
  for (unsigned mb = 0; mb < m1; ++mb)
    npu_load2d_l12l0a_u16(mb * k1 * 512, l1_a, npu_load2d_params(mb, k1, m1, 0, 0));
  for (unsigned kb = 0; kb < k1; ++kb)
    npu_load2d_l12l0b_u16(kb * n1 * 512, l1_b, npu_load2d_params(kb, n1, k1, 0, 1));
  npu_set_flag(PIPE_MTE1, PIPE_M, 0);
  npu_wait_flag(PIPE_MTE1, PIPE_M, 0);
  npu_mmad_f16(0, 0, 0, npu_mmad_params(M, NN, K, NPU_MMAD_INIT_ZERO), 0);
  npu_set_flag(PIPE_M, PIPE_FIX, 0);
  npu_wait_flag(PIPE_M, PIPE_FIX, 0);
  npu_fix_l0c2gm_f32_f32(gm(c), npu_fix_params(0, M, NN, m1 * 16, 0), NN, 0);
  npu_pipe_barrier(PIPE_ALL);
  int wrong = 0;
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < NN; ++j) {
      int sum = 0;
      for (int k = 0; k < K; ++k) sum += ((i * 7 + k * 3) % 17 - 8) * ((k * 5 + j * 11) % 13 - 6);
      wrong += c[i * NN + j] != (float)sum;
    }
  return wrong;
}
