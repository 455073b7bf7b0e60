// C (16x16, fp32) = bias + A x B with A and B loaded from GM straight into
// L0A / L0B (load2d_gm2l0a/b) and the bias through L1 into the BiasTable
// (copy_gm2l1, copy_l12bt, mmad init from BiasTable); returns the number of
// wrong elements (0: pass).
#include "cube_kernels.h"

uint16_t a[16 * 16];   // ZZ fractal: row-major
uint16_t bt[16 * 16];  // ZN fractal: row j holds column j of B (B transposed)
float bias[16], c[16 * 16];

int kernel(void) {
  for (int i = 0; i < 16; ++i)
    for (int k = 0; k < 16; ++k) a[i * 16 + k] = f16_of_int((i + 2 * k) % 7 - 3);
  for (int j = 0; j < 16; ++j)
    for (int k = 0; k < 16; ++k) bt[j * 16 + k] = f16_of_int((3 * j + k) % 5 - 2);
  for (int j = 0; j < 16; ++j) bias[j] = (float)(100 * j);
  npu_load2d_gm2l0a_u16(0, gm(a), npu_load2d_params(0, 1, 1, 0, 0));
  npu_load2d_gm2l0b_u16(0, gm(bt), npu_load2d_params(0, 1, 1, 0, 0));
  npu_copy_gm2l1_u8(0, gm(bias), npu_copy_params(1, 2, 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_copy_l12bt_u8(0, 0, npu_copy_params(1, 2, 0, 0));
  npu_set_flag(PIPE_MTE1, PIPE_M, 0);
  npu_set_flag(PIPE_MTE2, PIPE_M, 0);
  npu_wait_flag(PIPE_MTE1, PIPE_M, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_M, 0);
  npu_mmad_f16(0, 0, 0, npu_mmad_params(16, 16, 16, NPU_MMAD_INIT_BIAS), 0);
  npu_set_flag(PIPE_M, PIPE_FIX, 0);
  npu_wait_flag(PIPE_M, PIPE_FIX, 0);
  npu_fix_l0c2gm_f32_f32(gm(c), npu_fix_params(0, 16, 16, 16, 0), 16, 0);
  npu_pipe_barrier(PIPE_ALL);
  int wrong = 0;
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j) {
      int sum = 100 * j;
      for (int k = 0; k < 16; ++k) sum += ((i + 2 * k) % 7 - 3) * ((3 * j + k) % 5 - 2);
      wrong += c[i * 16 + j] != (float)sum;
    }
  return wrong;
}
