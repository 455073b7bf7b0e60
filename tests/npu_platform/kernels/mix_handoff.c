// A mixed kernel (npuvp launch --core mix): per block, the cube core computes
// W (32 x 16, fp32) = A (32 x 16) x B (16 x 16), fp16 in, into the block's
// GM workspace and tells its two vector cores with a cross-core flag; vector
// core k waits for it, doubles rows [16k, 16k + 16) of W into `out`, and
// tells the cube core, which waits for both before it records the block done.
#include <stdint.h>

#include "npu_intrinsics.h"

#define W_BYTES (32 * 16 * 4)

static uint64_t gm(const void* p) { return (uint64_t)(uintptr_t)p; }

void kernel_main_mix_aic(const uint16_t* a, const uint16_t* b, float* ws, float* out, uint64_t* done) {
  const uint64_t blk = npu_get_block_idx();
  (void)out;
  npu_copy_gm2l1_nd2nz_u16(0, gm(a), npu_nd2nz_matrix(32, 16, 16, 32));
  npu_copy_gm2l1_nd2nz_u16(4096, gm(b), npu_nd2nz_matrix(16, 16, 16, 16));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 0);
  npu_load2d_l12l0a_u16(0, 0, npu_load2d_params(0, 1, 2, 0, 0));
  npu_load2d_l12l0a_u16(512, 0, npu_load2d_params(1, 1, 2, 0, 0));
  npu_load2d_l12l0b_u16(0, 4096, npu_load2d_params(0, 1, 1, 0, 1));
  npu_set_flag(PIPE_MTE1, PIPE_M, 0);
  npu_wait_flag(PIPE_MTE1, PIPE_M, 0);
  npu_mmad_f16(0, 0, 0, npu_mmad_params(32, 16, 16, NPU_MMAD_INIT_ZERO), 0);
  npu_set_flag(PIPE_M, PIPE_FIX, 0);
  npu_wait_flag(PIPE_M, PIPE_FIX, 0);
  npu_fix_l0c2gm_f32_f32(gm(ws) + blk * W_BYTES, npu_fix_params(0, 32, 16, 32, 0), 16, 0);
  npu_cross_set_flag(PIPE_FIX, 0);  // W is in GM
  npu_cross_wait_flag(1);           // both vector cores are done with it
  done[blk] = 1 + npu_get_sub_block_idx();
}

void kernel_main_mix_aiv(const uint16_t* a, const uint16_t* b, float* ws, float* out, uint64_t* done) {
  const uint64_t blk = npu_get_block_idx(), k = npu_get_sub_block_idx();
  (void)a, (void)b, (void)done;
  const uint64_t rows = gm(ws) + blk * W_BYTES + k * (W_BYTES / 2);
  npu_cross_wait_flag(0);
  npu_copy_gm2ub_u8(0, rows, npu_copy_params(1, W_BYTES / 2 / 32, 0, 0));
  npu_set_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
  npu_vmuls_f32(0x1000, 0, npu_f32_bits(2.0f), 4, npu_rp_default());
  npu_set_flag(PIPE_V, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 0);
  npu_copy_ub2gm_u8(gm(out) + blk * W_BYTES + k * (W_BYTES / 2), 0x1000, npu_copy_params(1, W_BYTES / 2 / 32, 0, 0));
  npu_cross_set_flag(PIPE_MTE3, 1);
}

// The same, but the vector cores wait for an event the cube core never sets.
void never_mix_aic(void) { npu_cross_set_flag(PIPE_S, 0); }
void never_mix_aiv(void) { npu_cross_wait_flag(3); }

// Cross-core flag round trips with no other work: the cube core sets event
// 0 and waits for event 1 from both vector cores, which wait for event 0 and
// set event 1. Each round costs two cross_core_latency delays (TIMING.md
// "Cross-core flags"), which the test measures by changing the latency.
void pingpong_mix_aic(uint64_t rounds) {
  for (uint64_t r = 0; r < rounds; ++r) {
    npu_cross_set_flag(PIPE_S, 0);
    npu_cross_wait_flag(1);
  }
}
void pingpong_mix_aiv(uint64_t rounds) {
  for (uint64_t r = 0; r < rounds; ++r) {
    npu_cross_wait_flag(0);
    npu_cross_set_flag(PIPE_S, 1);
  }
}
