// gemm: C (M x N) = A (M x K) x B (K x N) on the cube cores, A and B fp16 or
// bf16 row-major in GM, fp32 accumulation in L0C, C fp32, fp16 or bf16
// row-major (README.md). Launch with `--core aic`.
//
// The M x N output is cut into BASE_M x BASE_N tiles; block b computes tiles
// b, b + blocks, ... (one block per cube core splits M x N over the die). A
// tile walks K in steps of BASE_K through four pipes:
//
//   MTE2 (GM -> L1, ND -> NZ)  ->  MTE1 (L1 -> L0A / L0B)  ->  M (mmad into L0C)
//
// and when K is done, FixPipe (L0C -> GM, NZ -> ND, fp32 -> the output type).
// L1 and L0A/L0B hold two stages each (double buffering): while the cube
// multiplies step k, MTE1 loads step k+1 into the other L0 stage and MTE2
// brings step k+2 into the other L1 stage. Stage s has its own event id s:
//
//   MTE2 -> MTE1 event s: L1 stage s holds the step       (MTE1 may read it)
//   MTE1 -> MTE2 event s: MTE1 is done with L1 stage s    (MTE2 may refill it)
//   MTE1 -> M    event s: L0 stage s holds the step       (the cube may read it)
//   M    -> MTE1 event s: the cube is done with L0 stage s (MTE1 may refill it)
//   M    -> FIX  event 0: the tile's C is complete in L0C  (FixPipe may read it)
//   FIX  -> M    event 0: FixPipe is done with L0C         (the next tile may start)
//
// The "free" flags are set once up front and consumed at the end, so no flag
// is left set. The *_single_buffer entries run the same code with one stage:
// every step waits for the previous one to leave its buffers.
//
// The sums are the cube's (isa/XNPU.md, mmad numerics): for every C element,
// products in ascending k, each added to the fp32 accumulator with one
// rounding; splitting K into BASE_K steps (init L0C) does not change the bits.
#include <stdint.h>

#include "npu_intrinsics.h"

#define BASE_M 128u  // L0A stage: 128 x 64 x 2 B = 16 KiB
#define BASE_N 256u  // L0B stage: 64 x 256 x 2 B = 32 KiB; L0C: 128 x 256 x 4 B = 128 KiB
#define BASE_K 64u

// Buffer layout (byte offsets): two stages of A and B in L1, in L0A, in L0B.
#define L1_A(s) ((s) * 0x10000u)            // 16 KiB each
#define L1_B(s) (0x20000u + (s) * 0x10000u)  // 32 KiB each
#define L0A(s) ((s) * 0x4000u)
#define L0B(s) ((s) * 0x8000u)

#define FORCE_INLINE static inline __attribute__((always_inline))

static inline uint32_t min_u32(uint64_t a, uint32_t b) { return a < b ? (uint32_t)a : b; }
static inline uint32_t up16(uint32_t v) { return (v + 15u) & ~15u; }

// The cube's part of one step on stage s: mmad of the step's A and B.
#define MMAD_f16(c, a, b, p) npu_mmad_f16(c, a, b, p, 0)
#define MMAD_bf16(c, a, b, p) npu_mmad_bf16(c, a, b, p, 0)
#define FIX_f32(dst, p, stride) npu_fix_l0c2gm_f32_f32(dst, p, stride, 0)
#define FIX_f16(dst, p, stride) npu_fix_l0c2gm_f32_f16(dst, p, stride, 0)
#define FIX_bf16(dst, p, stride) npu_fix_l0c2gm_f32_bf16(dst, p, stride, 0)

// One K step of a tile on stage s (a constant after inlining: event ids are
// immediates). m, n, k: this step's sizes (tails are smaller).
#define GEMM_STEP(IN, s, a_gm, b_gm, K, N, m, n, k, first)                                          \
  do {                                                                                              \
    const uint32_t m1_ = up16(m) / 16, k1_ = up16(k) / 16, n1_ = up16(n) / 16;                      \
    npu_wait_flag(PIPE_MTE1, PIPE_MTE2, s);                                                         \
    npu_copy_gm2l1_nd2nz_u16(L1_A(s), a_gm, npu_nd2nz_matrix(m, k, K, up16(m)));                    \
    npu_copy_gm2l1_nd2nz_u16(L1_B(s), b_gm, npu_nd2nz_matrix(k, n, N, up16(k)));                    \
    npu_set_flag(PIPE_MTE2, PIPE_MTE1, s);                                                          \
    npu_wait_flag(PIPE_MTE2, PIPE_MTE1, s);                                                         \
    npu_wait_flag(PIPE_M, PIPE_MTE1, s);                                                            \
    for (uint32_t mb = 0; mb < m1_; ++mb)                                                           \
      npu_load2d_l12l0a_u16(L0A(s) + mb * k1_ * 512, L1_A(s), npu_load2d_params(mb, k1_, m1_, 0, 0)); \
    for (uint32_t kb = 0; kb < k1_; ++kb)                                                           \
      npu_load2d_l12l0b_u16(L0B(s) + kb * n1_ * 512, L1_B(s), npu_load2d_params(kb, n1_, k1_, 0, 1)); \
    npu_set_flag(PIPE_MTE1, PIPE_MTE2, s);                                                          \
    npu_set_flag(PIPE_MTE1, PIPE_M, s);                                                             \
    npu_wait_flag(PIPE_MTE1, PIPE_M, s);                                                            \
    MMAD_##IN(0, L0A(s), L0B(s), npu_mmad_params(m, n, k, (first) ? NPU_MMAD_INIT_ZERO : NPU_MMAD_INIT_L0C)); \
    npu_set_flag(PIPE_M, PIPE_MTE1, s);                                                             \
  } while (0)

#define DEFINE_GEMM(NAME, IN, OUT, OUT_BYTES, STAGES)                                                 \
  void NAME(const uint16_t* a, const uint16_t* b, void* c, uint64_t M, uint64_t N, uint64_t K) {     \
    const uint64_t tiles_m = (M + BASE_M - 1) / BASE_M, tiles_n = (N + BASE_N - 1) / BASE_N;         \
    const uint64_t blocks = npu_get_block_num();                                                     \
    npu_set_flag(PIPE_MTE1, PIPE_MTE2, 0); /* every stage starts free */                              \
    npu_set_flag(PIPE_M, PIPE_MTE1, 0);                                                               \
    if (STAGES == 2) {                                                                                \
      npu_set_flag(PIPE_MTE1, PIPE_MTE2, 1);                                                          \
      npu_set_flag(PIPE_M, PIPE_MTE1, 1);                                                             \
    }                                                                                                 \
    npu_set_flag(PIPE_FIX, PIPE_M, 0);                                                                \
    for (uint64_t t = npu_get_block_idx(); t < tiles_m * tiles_n; t += blocks) {                      \
      const uint64_t m0 = (t / tiles_n) * BASE_M, n0 = (t % tiles_n) * BASE_N;                        \
      const uint32_t m = min_u32(M - m0, BASE_M), n = min_u32(N - n0, BASE_N);                        \
      npu_wait_flag(PIPE_FIX, PIPE_M, 0); /* L0C is free */                                           \
      uint64_t step = 0;                                                                              \
      for (uint64_t k0 = 0; k0 < K; k0 += BASE_K, ++step) {                                           \
        const uint32_t k = min_u32(K - k0, BASE_K);                                                   \
        const uint64_t a_gm = (uint64_t)(uintptr_t)(a + m0 * K + k0);                                 \
        const uint64_t b_gm = (uint64_t)(uintptr_t)(b + k0 * N + n0);                                 \
        if (STAGES == 2 && (step & 1))                                                                \
          GEMM_STEP(IN, 1, a_gm, b_gm, K, N, m, n, k, k0 == 0);                                       \
        else                                                                                          \
          GEMM_STEP(IN, 0, a_gm, b_gm, K, N, m, n, k, k0 == 0);                                       \
      }                                                                                               \
      npu_set_flag(PIPE_M, PIPE_FIX, 0);                                                              \
      npu_wait_flag(PIPE_M, PIPE_FIX, 0);                                                             \
      FIX_##OUT((uint64_t)(uintptr_t)c + (m0 * N + n0) * OUT_BYTES,                                   \
                npu_fix_params(0, m, n, up16(m), 0), (uint32_t)N);                                    \
      npu_set_flag(PIPE_FIX, PIPE_M, 0);                                                              \
    }                                                                                                 \
    npu_wait_flag(PIPE_FIX, PIPE_M, 0);                                                               \
    npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 0);                                                           \
    npu_wait_flag(PIPE_M, PIPE_MTE1, 0);                                                              \
    if (STAGES == 2) {                                                                                \
      npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 1);                                                         \
      npu_wait_flag(PIPE_M, PIPE_MTE1, 1);                                                            \
    }                                                                                                 \
  }

DEFINE_GEMM(gemm_f16_f32, f16, f32, 4, 2)
DEFINE_GEMM(gemm_f16_f16, f16, f16, 2, 2)
DEFINE_GEMM(gemm_f16_bf16, f16, bf16, 2, 2)
DEFINE_GEMM(gemm_bf16_f32, bf16, f32, 4, 2)
DEFINE_GEMM(gemm_bf16_f16, bf16, f16, 2, 2)
DEFINE_GEMM(gemm_bf16_bf16, bf16, bf16, 2, 2)
DEFINE_GEMM(gemm_bf16_bf16_single_buffer, bf16, bf16, 2, 1)
DEFINE_GEMM(gemm_f16_f32_single_buffer, f16, f32, 4, 1)
