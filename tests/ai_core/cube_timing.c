// Cube-core microbenchmark: each pipe is held by a wait_flag from PIPE_S
// until all its work is queued, so it runs its instructions back to back and
// ai_core_test.cpp can predict every pipe's busy cycles and span from
// models/ai_core/TIMING.md. Buffers are disjoint: no pipe needs another's data.
#include "cube_kernels.h"

uint8_t src[2][4096];
float out[16 * 16];

int kernel(void) {
  npu_wait_flag(PIPE_S, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_S, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_S, PIPE_M, 0);
  npu_wait_flag(PIPE_S, PIPE_FIX, 0);
  // MTE2: two 4 KiB copies GM -> L1 [0, 8 KiB), one burst each.
  npu_copy_gm2l1_u8(0, gm(src[0]), npu_copy_params(1, 128, 0, 0));
  npu_copy_gm2l1_u8(4096, gm(src[1]), npu_copy_params(1, 128, 0, 0));
  // MTE1: two loads of 8 fractals (4 KiB) L1 [64 KiB, ...) -> L0A [32 KiB, ...).
  npu_load2d_l12l0a_u16(32768, 65536, npu_load2d_params(0, 8, 1, 0, 0));
  npu_load2d_l12l0a_u16(32768 + 4096, 65536 + 4096, npu_load2d_params(0, 8, 1, 0, 0));
  // M: four f16 64x64x64 (64 fractals each), then one s8 16x16x64 (2 fractals).
  for (int i = 0; i < 4; ++i) npu_mmad_f16(0, 0, 0, npu_mmad_params(64, 64, 64, NPU_MMAD_INIT_ZERO), 0);
  npu_mmad_s8(16384, 0, 0, npu_mmad_params(16, 16, 64, NPU_MMAD_INIT_ZERO), 0);
  // FIX: L0C [64 KiB, ...) 16x16 f32 -> L1 as f16 (512 B), then -> GM as f32 (16 rows of 64 B).
  npu_fix_l0c2l1_f32_f16(131072, npu_fix_params(65536, 16, 16, 16, NPU_FIX_NZ_OUT), 16, 0);
  npu_fix_l0c2gm_f32_f32(gm(out), npu_fix_params(65536, 16, 16, 16, 0), 16, 0);
  npu_set_flag(PIPE_S, PIPE_MTE2, 0);
  npu_set_flag(PIPE_S, PIPE_MTE1, 0);
  npu_set_flag(PIPE_S, PIPE_M, 0);
  npu_set_flag(PIPE_S, PIPE_FIX, 0);
  npu_pipe_barrier(PIPE_ALL);
  return 0;
}
