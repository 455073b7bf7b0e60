// gemm: C (M x N) = A (M x K) x B (K x N) on the cube cores, A and B fp16 or
// bf16 row-major in GM, fp32 accumulation in L0C, C fp32, fp16 or bf16
// row-major (README.md). Launch with `--core aic`.
//
// The M x N output is cut into BASE_M x BASE_N tiles; block b computes tiles
// b, b + blocks, ... (one block per cube core splits M x N over the die). A
// tile walks K through four pipes:
//
//   MTE2 (GM -> L1, ND -> NZ)  ->  MTE1 (L1 -> L0A / L0B)  ->  M (mmad into L0C)
//
// and when K is done, FixPipe (L0C -> GM, NZ -> ND, fp32 -> the output type).
// MTE2 brings K in L1 stages of L1_K (A: BASE_M x L1_K, B: L1_K x BASE_N);
// MTE1 feeds the cube L0 steps of BASE_K out of the current L1 stage. L1
// holds L1_STAGES stages and L0 two (multi- and double buffering): while the
// cube multiplies one L0 step, MTE1 loads the next into the other L0 stage,
// and MTE2 fills the L1 stages ahead. The scalar unit issues the MTE2 copies
// of L1 stage j + L1_STAGES - 1 before the MTE1 and M work of stage j (a
// prefetch), so that the copies are in flight long before the cube needs
// them: the L2 serves 24 cores near its bandwidth, and its answers come late.
// Each stage has its own event id (s: L1 stage, z: L0 stage):
//
//   MTE2 -> MTE1 event s: L1 stage s holds its data       (MTE1 may read it)
//   MTE1 -> MTE2 event s: MTE1 is done with L1 stage s    (MTE2 may refill it)
//   MTE1 -> M    event z: L0 stage z holds its data       (the cube may read it)
//   M    -> MTE1 event z: the cube is done with L0 stage z (MTE1 may refill it)
//   M    -> FIX  event 0: the tile's C is complete in L0C  (FixPipe may read it)
//   FIX  -> M    event 0: FixPipe is done with L0C         (the next tile may start)
//
// The "free" flags are set once up front and consumed at the end, so no flag
// is left set. The *_single_buffer entries run the same code with one stage
// at each level: every stage waits for the previous one to leave its buffers.
//
// The scalar unit reaches its stack in GM through L2, so a value the compiler
// spills costs a GM round trip, and while the scalar unit waits it issues
// nothing: the K loop lives in small functions of its own (TILE_FN, TAIL_FN)
// with the common case's shape as constants, so that its values stay in
// registers.
//
// The sums are the cube's (isa/XNPU.md, mmad numerics): for every C element,
// products in ascending k, each added to the fp32 accumulator with one
// rounding; splitting K into steps (init L0C) does not change the bits.
#include <stdint.h>

#include "npu_intrinsics.h"

#define BASE_M 128u  // L0A stage: 128 x 64 x 2 B = 16 KiB
#define BASE_N 256u  // L0B stage: 64 x 256 x 2 B = 32 KiB; L0C: 128 x 256 x 4 B = 128 KiB
#define BASE_K 64u
#define L1_K 256u    // L1 stage: A 128 x 256 x 2 B = 64 KiB + B 256 x 256 x 2 B = 128 KiB
#define L1_STAGES 2  // 384 KiB of L1

// Buffer layout (byte offsets).
#define L1_A(s) ((s) * 0x10000u)                         // 64 KiB each
#define L1_B(s) (L1_STAGES * 0x10000u + (s) * 0x20000u)  // 128 KiB each
#define L0A(s) ((s) * 0x4000u)
#define L0B(s) ((s) * 0x8000u)

#define FORCE_INLINE static inline __attribute__((always_inline))

enum { IN_F16, IN_BF16 };
enum { OUT_F32, OUT_F16, OUT_BF16 };

static inline uint32_t min_u32(uint64_t a, uint32_t b) { return a < b ? (uint32_t)a : b; }
static inline uint32_t up16(uint32_t v) { return (v + 15u) & ~15u; }

// One output tile: its A panel (A + m0 * K, m rows) and B panel (B + n0, n
// columns), with the matrices' row strides. Passed by value into inlined
// code, so that the hot loops keep it in registers: the scalar unit reaches
// its GM stack through L2, so a spilled value costs a GM round trip, and a
// scalar unit waiting for one issues nothing.
typedef struct {
  const uint16_t* a;
  const uint16_t* b;
  uint64_t N, K;
  uint32_t m, n;
} Tile;

// MTE2: L1 stage s <- A panel columns [kl0, kl0 + kl), B panel rows [kl0, kl0 + kl).
FORCE_INLINE void load_l1(const Tile t, uint64_t kl0, uint32_t kl, const int s) {
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, s);
  npu_copy_gm2l1_nd2nz_u16(L1_A(s), (uint64_t)(uintptr_t)(t.a + kl0), npu_nd2nz_matrix(t.m, kl, t.K, up16(t.m)));
  npu_copy_gm2l1_nd2nz_u16(L1_B(s), (uint64_t)(uintptr_t)(t.b + kl0 * t.N), npu_nd2nz_matrix(kl, t.n, t.N, up16(kl)));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, s);
}

// MTE1 + M: one L0 step (k elements from fractal column kb0 of L1 stage s1,
// which holds kl elements of K) on L0 stage s0.
FORCE_INLINE void l0_step(const Tile t, uint32_t kl, uint32_t kb0, uint32_t k, int first, const int s1,
                          const int s0, const int in) {
  const uint32_t m1 = up16(t.m) / 16, n1 = up16(t.n) / 16, k1 = up16(k) / 16, kl1 = up16(kl) / 16;
  npu_wait_flag(PIPE_M, PIPE_MTE1, s0);
  // L1 A is NZ with m1 row fractals per column: fractal (mb, kb) is kb * m1 + mb.
#pragma clang loop unroll(disable)
  for (uint32_t mb = 0; mb < m1; ++mb)
    npu_load2d_l12l0a_u16(L0A(s0) + mb * k1 * 512, L1_A(s1), npu_load2d_params(kb0 * m1 + mb, k1, m1, 0, 0));
  // L1 B is NZ with kl1 row fractals per column: fractal (kb, nb) is nb * kl1 + kb; transposed into ZN.
#pragma clang loop unroll(disable)
  for (uint32_t kb = 0; kb < k1; ++kb)
    npu_load2d_l12l0b_u16(L0B(s0) + kb * n1 * 512, L1_B(s1), npu_load2d_params(kb0 + kb, n1, kl1, 0, 1));
  npu_set_flag(PIPE_MTE1, PIPE_M, s0);
  npu_wait_flag(PIPE_MTE1, PIPE_M, s0);
  const uint64_t p = npu_mmad_params(t.m, t.n, k, first ? NPU_MMAD_INIT_ZERO : NPU_MMAD_INIT_L0C);
  if (in == IN_BF16) npu_mmad_bf16(0, L0A(s0), L0B(s0), p, 0);
  else npu_mmad_f16(0, L0A(s0), L0B(s0), p, 0);
  npu_set_flag(PIPE_M, PIPE_MTE1, s0);
}

// MTE1 + M over L1 stage s1 (kl <= L1_K elements of K starting at kl0), then
// hand the stage back to MTE2. Unrolled: the L0 steps alternate between the
// two L0 stages (single-buffered, all use stage 0), and every event id is an
// immediate.
FORCE_INLINE void compute_l1_stage(const Tile t, uint64_t kl0, uint32_t kl, const int s1, const int stages,
                                   const int in) {
  npu_wait_flag(PIPE_MTE2, PIPE_MTE1, s1);
#pragma clang loop unroll(full)
  for (uint32_t j = 0; j < L1_K / BASE_K; ++j) {
    const uint32_t k0 = j * BASE_K;
    if (k0 >= kl) break;
    const uint32_t k = min_u32(kl - k0, BASE_K);
    l0_step(t, kl, k0 / 16, k, kl0 + k0 == 0, s1, stages > 1 ? (int)(j & 1) : 0, in);
  }
  npu_set_flag(PIPE_MTE1, PIPE_MTE2, s1);
}

// The last L1 stage of a K that is no multiple of L1_K, out of line: inlined,
// its arithmetic on kl is hoisted into the K loop and spills there.
#define TAIL_FN(NAME, IN, STAGES)                                                                            \
  static __attribute__((noinline)) void NAME(const Tile* t, uint64_t kl0, uint32_t kl, int s1) {           \
    if (STAGES > 1 && s1) compute_l1_stage(*t, kl0, kl, 1, STAGES, IN);                                       \
    else compute_l1_stage(*t, kl0, kl, 0, STAGES, IN);                                                         \
  }
TAIL_FN(tail_f16_n, IN_F16, L1_STAGES)
TAIL_FN(tail_bf16_n, IN_BF16, L1_STAGES)
TAIL_FN(tail_f16_1, IN_F16, 1)
TAIL_FN(tail_bf16_1, IN_BF16, 1)

// One L1 stage of the K loop on L1 stage s1 of `stages`: with several, the
// copies of the L1 stage stages - 1 ahead go out first (a prefetch into the
// stage the previous one left); with one, the next stage's after this
// stage's work. Returns the next stage's kl0.
FORCE_INLINE uint64_t k_stage(const Tile t, uint64_t kl0, const int s1, const int stages, const int in) {
  const uint64_t next = kl0 + L1_K, ahead = kl0 + (uint64_t)(stages - 1) * L1_K;
  const uint32_t kl = min_u32(t.K - kl0, L1_K);
  if (stages > 1 && ahead < t.K) load_l1(t, ahead, min_u32(t.K - ahead, L1_K), (s1 + stages - 1) % stages);
  // A whole L1 stage with kl as a constant (the common case), else the tail.
  if (kl == L1_K) {
    compute_l1_stage(t, kl0, L1_K, s1, stages, in);
  } else {
    void (*const tails[2][2])(const Tile*, uint64_t, uint32_t, int) = {{tail_f16_1, tail_f16_n},
                                                                       {tail_bf16_1, tail_bf16_n}};
    tails[in == IN_BF16][stages > 1](&t, kl0, kl, s1);
  }
  if (stages == 1 && next < t.K) load_l1(t, next, min_u32(t.K - next, L1_K), 0);
  return next;
}

// The whole K of one tile into L0C (the caller owns L0C: FIX -> M before,
// M -> FIX after): the first stages - 1 L1 stages' copies, then the K loop,
// unrolled by `stages` so that the stage ids are immediates.
FORCE_INLINE void tile_k_loop(const Tile t, const int in, const int stages) {
  load_l1(t, 0, min_u32(t.K, L1_K), 0);
#pragma clang loop unroll(full)
  for (int s = 1; s < stages - 1; ++s)
    if (s * L1_K < t.K) load_l1(t, s * L1_K, min_u32(t.K - s * L1_K, L1_K), s);
  for (uint64_t kl0 = 0;;) {
#pragma clang loop unroll(full)
    for (int s = 0; s < stages; ++s) {
      kl0 = k_stage(t, kl0, s, stages, in);
      if (kl0 >= t.K) return;
    }
  }
}

// Every L1 and L0 stage starts free (MTE1 -> MTE2 and M -> MTE1 flags set up
// front), and is drained at the end, so no flag is left set.
FORCE_INLINE void stages_free(const int stages) {
#pragma clang loop unroll(full)
  for (int s = 0; s < stages; ++s) npu_set_flag(PIPE_MTE1, PIPE_MTE2, s);
  npu_set_flag(PIPE_M, PIPE_MTE1, 0);
  if (stages > 1) npu_set_flag(PIPE_M, PIPE_MTE1, 1);
}
FORCE_INLINE void stages_drain(const int stages) {
#pragma clang loop unroll(full)
  for (int s = 0; s < stages; ++s) npu_wait_flag(PIPE_MTE1, PIPE_MTE2, s);
  npu_wait_flag(PIPE_M, PIPE_MTE1, 0);
  if (stages > 1) npu_wait_flag(PIPE_M, PIPE_MTE1, 1);
}

// The K loop of one tile as a function of its own for each input type and
// buffering, in two forms: a whole BASE_M x BASE_N tile, whose shape is a
// constant (the common case: no arithmetic on m and n in the loop), and an
// edge tile. A function of its own keeps the loop's values in registers
// (inlined into the tile loop, they spill); its call costs a few GM loads
// per tile.
#define TILE_FN(NAME, IN, STAGES, TM, TN)                                                                    \
  static __attribute__((noinline)) void NAME(const uint16_t* a, const uint16_t* b, uint64_t N, uint64_t K, \
                                             uint32_t m, uint32_t n) {                                      \
    (void)m, (void)n;                                                                                      \
    tile_k_loop((Tile){a, b, N, K, TM, TN}, IN, STAGES);                                                   \
  }
#define TILE_FNS(SUFFIX, IN, STAGES)                        \
  TILE_FN(tile_full_##SUFFIX, IN, STAGES, BASE_M, BASE_N) \
  TILE_FN(tile_edge_##SUFFIX, IN, STAGES, m, n)
TILE_FNS(f16_n, IN_F16, L1_STAGES)
TILE_FNS(bf16_n, IN_BF16, L1_STAGES)
TILE_FNS(f16_1, IN_F16, 1)
TILE_FNS(bf16_1, IN_BF16, 1)

FORCE_INLINE void tile(const uint16_t* a, const uint16_t* b, uint64_t N, uint64_t K, uint32_t m, uint32_t n,
                       const int in, const int stages) {
  void (*const fns[2][2][2])(const uint16_t*, const uint16_t*, uint64_t, uint64_t, uint32_t, uint32_t) = {
      {{tile_edge_f16_1, tile_full_f16_1}, {tile_edge_f16_n, tile_full_f16_n}},
      {{tile_edge_bf16_1, tile_full_bf16_1}, {tile_edge_bf16_n, tile_full_bf16_n}}};
  fns[in == IN_BF16][stages > 1][m == BASE_M && n == BASE_N](a, b, N, K, m, n);
}

FORCE_INLINE void gemm(const uint16_t* a, const uint16_t* b, void* c, uint64_t M, uint64_t N, uint64_t K,
                       const int in, const int out, const int stages) {
  const uint64_t tiles_m = (M + BASE_M - 1) / BASE_M, tiles_n = (N + BASE_N - 1) / BASE_N;
  const uint64_t blocks = npu_get_block_num();
  const unsigned out_bytes = out == OUT_F32 ? 4 : 2;
  // Every stage starts free, and so does L0C.
  stages_free(stages);
  npu_set_flag(PIPE_FIX, PIPE_M, 0);
  for (uint64_t ti = npu_get_block_idx(); ti < tiles_m * tiles_n; ti += blocks) {
    const uint64_t m0 = (ti / tiles_n) * BASE_M, n0 = (ti % tiles_n) * BASE_N;
    const uint32_t m = min_u32(M - m0, BASE_M), n = min_u32(N - n0, BASE_N);
    npu_wait_flag(PIPE_FIX, PIPE_M, 0);  // L0C is free
    tile(a + m0 * K, b + n0, N, K, m, n, in, stages);
    npu_set_flag(PIPE_M, PIPE_FIX, 0);
    npu_wait_flag(PIPE_M, PIPE_FIX, 0);
    const uint64_t dst = (uint64_t)(uintptr_t)c + (m0 * N + n0) * out_bytes;
    const uint64_t fp = npu_fix_params(0, m, n, up16(m), 0);
    if (out == OUT_F32) npu_fix_l0c2gm_f32_f32(dst, fp, (uint32_t)N, 0);
    else if (out == OUT_F16) npu_fix_l0c2gm_f32_f16(dst, fp, (uint32_t)N, 0);
    else npu_fix_l0c2gm_f32_bf16(dst, fp, (uint32_t)N, 0);
    npu_set_flag(PIPE_FIX, PIPE_M, 0);
  }
  npu_wait_flag(PIPE_FIX, PIPE_M, 0);
  stages_drain(stages);
}

// The entries: gemm_<in>_<out>(a, b, c, M, N, K).
#define GEMM_ENTRY(NAME, IN, OUT, STAGES) \
  void NAME(const uint16_t* a, const uint16_t* b, void* c, uint64_t M, uint64_t N, uint64_t K) { \
    gemm(a, b, c, M, N, K, IN, OUT, STAGES);                                                   \
  }
GEMM_ENTRY(gemm_f16_f32, IN_F16, OUT_F32, L1_STAGES)
GEMM_ENTRY(gemm_f16_f16, IN_F16, OUT_F16, L1_STAGES)
GEMM_ENTRY(gemm_f16_bf16, IN_F16, OUT_BF16, L1_STAGES)
GEMM_ENTRY(gemm_bf16_f32, IN_BF16, OUT_F32, L1_STAGES)
GEMM_ENTRY(gemm_bf16_f16, IN_BF16, OUT_F16, L1_STAGES)
GEMM_ENTRY(gemm_bf16_bf16, IN_BF16, OUT_BF16, L1_STAGES)
GEMM_ENTRY(gemm_f16_f32_single_buffer, IN_F16, OUT_F32, 1)
GEMM_ENTRY(gemm_bf16_bf16_single_buffer, IN_BF16, OUT_BF16, 1)

// ---- int8: C (M x N, fp16) = dequant(A (M x K, s8) x Bt^T), Bt (N x K, s8)
// in the usual weight layout, s32 accumulation in L0C, and FixPipe
// dequantises per output channel: c[i][j] = f16(f32(acc) * scale[j])
// (isa/XNPU.md, FixPipe numerics). N must be a multiple of 8 (the scales
// move in 32 B blocks). Same tiles and stages as above, in bytes: an s8
// fractal is 16 x 32, so the L0 step is 128 deep and the L1 stage 512.
// A tile by its position (the int8 and mixed kernels).
typedef struct {
  const uint16_t* a;
  const uint16_t* b;
  uint64_t N, K;
  uint64_t m0, n0;
  uint32_t m, n;
} TileAt;

#define S8_BASE_K 128u
#define S8_L1_K 512u
#define S8_L1_A(s) ((s) * 0x10000u)             // 64 KiB each
#define S8_L1_B(s) (0x20000u + (s) * 0x20000u)  // 128 KiB each
#define L1_SCALE 0x60000u  // f32 scales of the tile's columns (1 KiB)

FORCE_INLINE void load_l1_s8(const TileAt* t, uint64_t kl0, uint32_t kl, const int s) {
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, s);
  npu_copy_gm2l1_nd2nz_u8(S8_L1_A(s), (uint64_t)(uintptr_t)((const int8_t*)t->a + t->m0 * t->K + kl0),
                          npu_nd2nz_matrix(t->m, kl, t->K, up16(t->m)));
  // Bt rows are output channels: NZ with n rows per 32-column block.
  npu_copy_gm2l1_nd2nz_u8(S8_L1_B(s), (uint64_t)(uintptr_t)((const int8_t*)t->b + t->n0 * t->K + kl0),
                          npu_nd2nz_matrix(t->n, kl, t->K, up16(t->n)));
  npu_set_flag(PIPE_MTE2, PIPE_MTE1, s);
}

FORCE_INLINE void l0_step_s8(const TileAt* t, uint32_t kb0, uint32_t k, int first, const int s1, const int s0) {
  const uint32_t m1 = up16(t->m) / 16, n1 = up16(t->n) / 16, k1 = (k + 31) / 32;
  npu_wait_flag(PIPE_M, PIPE_MTE1, s0);
  for (uint32_t mb = 0; mb < m1; ++mb)
    npu_load2d_l12l0a_u8(L0A(s0) + mb * k1 * 512, S8_L1_A(s1), npu_load2d_params(kb0 * m1 + mb, k1, m1, 0, 0));
  // Bt's L1 fractal (nb, kb) is kb * n1 + nb, which is already L0B's ZN order:
  // the step's fractals are one contiguous run.
  npu_load2d_l12l0b_u8(L0B(s0), S8_L1_B(s1), npu_load2d_params(kb0 * n1, k1 * n1, 1, 0, 0));
  npu_set_flag(PIPE_MTE1, PIPE_M, s0);
  npu_wait_flag(PIPE_MTE1, PIPE_M, s0);
  npu_mmad_s8(0, L0A(s0), L0B(s0), npu_mmad_params(t->m, t->n, k, first ? NPU_MMAD_INIT_ZERO : NPU_MMAD_INIT_L0C), 0);
  npu_set_flag(PIPE_M, PIPE_MTE1, s0);
}

void gemm_s8_f16(const int8_t* a, const int8_t* bt, const float* scale, uint16_t* c, uint64_t M, uint64_t N,
                 uint64_t K) {
  const uint64_t tiles_m = (M + BASE_M - 1) / BASE_M, tiles_n = (N + BASE_N - 1) / BASE_N;
  const uint64_t blocks = npu_get_block_num();
  npu_set_flag(PIPE_MTE1, PIPE_MTE2, 0);
  npu_set_flag(PIPE_MTE1, PIPE_MTE2, 1);
  npu_set_flag(PIPE_M, PIPE_MTE1, 0);
  npu_set_flag(PIPE_M, PIPE_MTE1, 1);
  npu_set_flag(PIPE_FIX, PIPE_M, 0);
  npu_set_flag(PIPE_FIX, PIPE_MTE2, 0);  // the scale buffer is free
  uint64_t step = 0;
  for (uint64_t ti = npu_get_block_idx(); ti < tiles_m * tiles_n; ti += blocks) {
    TileAt t = {(const uint16_t*)a, (const uint16_t*)bt, N, K, (ti / tiles_n) * BASE_M, (ti % tiles_n) * BASE_N, 0, 0};
    t.m = min_u32(M - t.m0, BASE_M);
    t.n = min_u32(N - t.n0, BASE_N);
    // The tile's scales into L1 (MTE2), for FixPipe.
    npu_wait_flag(PIPE_FIX, PIPE_MTE2, 0);
    npu_copy_gm2l1_u8(L1_SCALE, (uint64_t)(uintptr_t)(scale + t.n0), npu_copy_params(1, (uint16_t)(t.n * 4 / 32), 0, 0));
    npu_set_flag(PIPE_MTE2, PIPE_FIX, 0);
    npu_wait_flag(PIPE_FIX, PIPE_M, 0);
    const uint64_t stages_k = (K + S8_L1_K - 1) / S8_L1_K;
    load_l1_s8(&t, 0, min_u32(K, S8_L1_K), 0);
    for (uint64_t j = 0; j < stages_k; ++j) {
      const uint64_t kl0 = j * S8_L1_K;
      const uint32_t kl = min_u32(K - kl0, S8_L1_K);
      const int s1 = (int)(j & 1);
      if (j + 1 < stages_k) {
        if (s1) load_l1_s8(&t, kl0 + S8_L1_K, min_u32(K - kl0 - S8_L1_K, S8_L1_K), 0);
        else load_l1_s8(&t, kl0 + S8_L1_K, min_u32(K - kl0 - S8_L1_K, S8_L1_K), 1);
      }
      if (s1) npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 1);
      else npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 0);
      for (uint32_t k0 = 0; k0 < kl; k0 += S8_BASE_K, ++step) {
        const uint32_t k = min_u32(kl - k0, S8_BASE_K);
        const int first = kl0 + k0 == 0;
        if (s1) {
          if (step & 1) l0_step_s8(&t, k0 / 32, k, first, 1, 1);
          else l0_step_s8(&t, k0 / 32, k, first, 1, 0);
        } else {
          if (step & 1) l0_step_s8(&t, k0 / 32, k, first, 0, 1);
          else l0_step_s8(&t, k0 / 32, k, first, 0, 0);
        }
      }
      if (s1) npu_set_flag(PIPE_MTE1, PIPE_MTE2, 1);
      else npu_set_flag(PIPE_MTE1, PIPE_MTE2, 0);
    }
    npu_set_flag(PIPE_M, PIPE_FIX, 0);
    npu_wait_flag(PIPE_M, PIPE_FIX, 0);
    npu_wait_flag(PIPE_MTE2, PIPE_FIX, 0);
    npu_fix_l0c2gm_s32_f16((uint64_t)(uintptr_t)(c + t.m0 * N + t.n0),
                           npu_fix_params(0, t.m, t.n, up16(t.m), NPU_FIX_PER_CHANNEL), (uint32_t)N, L1_SCALE);
    npu_set_flag(PIPE_FIX, PIPE_M, 0);
    npu_set_flag(PIPE_FIX, PIPE_MTE2, 0);
  }
  npu_wait_flag(PIPE_FIX, PIPE_M, 0);
  npu_wait_flag(PIPE_FIX, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 1);
  npu_wait_flag(PIPE_M, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_M, PIPE_MTE1, 1);
}

// ---- Mixed: C (M x N, fp16) = act(A x B + bias), A and B fp16, bias fp32 [N],
// act = ReLU (`--core mix --entry gemm_bias_relu`) or GELU in its sigmoid form
// x·σ(1.702·x) = x / (1 + exp(-1.702·x)) (`--entry gemm_bias_gelu`). In each AIC + 2 AIV group the cube
// core computes the group's tiles as above, in fp32, into a GM workspace of
// two tiles (`ws`, 256 KiB per group: pass blocks x 256 KiB); vector core k
// takes rows [64k, 64k + 64) of each tile: + bias, the activation, fp32 ->
// fp16, into C, every step a vector instruction on fp32 with RNE (vexp as
// isa/XNPU.md specifies it), so a host reference can be exact. Cross-core flags hand the workspace tiles over:
//
//   AIC -> AIVs event w (0, 1): workspace tile w holds a tile  (the AIVs may read it)
//   AIVs -> AIC event 2 + w:    each AIV has read its rows     (the AIC may rewrite it)
//
// N must be a multiple of 16 (C rows move in 32 B blocks).
#define WS_TILE (BASE_M * BASE_N * 4u)
#define UB_X 0x00000u     // 64 rows x 256 fp32 (64 KiB)
#define UB_BIAS 0x10000u  // 256 fp32
#define UB_T 0x10400u     // GELU's temporaries: 64 rows x 256 fp32
#define UB_Y 0x20400u     // 64 rows x 256 fp16 (32 KiB)

enum { ACT_RELU, ACT_GELU };

FORCE_INLINE void mix_aic(const uint16_t* a, const uint16_t* b, float* ws, uint64_t M, uint64_t N, uint64_t K) {
  const uint64_t tiles_m = (M + BASE_M - 1) / BASE_M, tiles_n = (N + BASE_N - 1) / BASE_N;
  const uint64_t blocks = npu_get_block_num();
  const uint64_t my_ws = (uint64_t)(uintptr_t)ws + npu_get_block_idx() % blocks * 2 * WS_TILE;
  stages_free(L1_STAGES);
  npu_set_flag(PIPE_FIX, PIPE_M, 0);
  uint64_t w = 0;
  for (uint64_t ti = npu_get_block_idx(); ti < tiles_m * tiles_n; ti += blocks, w ^= 1) {
    TileAt t = {a, b, N, K, (ti / tiles_n) * BASE_M, (ti % tiles_n) * BASE_N, 0, 0};
    t.m = min_u32(M - t.m0, BASE_M);
    t.n = min_u32(N - t.n0, BASE_N);
    npu_wait_flag(PIPE_FIX, PIPE_M, 0);
    tile(a + t.m0 * K, b + t.n0, N, K, t.m, t.n, IN_F16, L1_STAGES);
    npu_set_flag(PIPE_M, PIPE_FIX, 0);
    npu_wait_flag(PIPE_M, PIPE_FIX, 0);
    if (w) npu_cross_wait_flag(3);  // both AIVs are done with workspace tile w
    else npu_cross_wait_flag(2);
    npu_fix_l0c2gm_f32_f32(my_ws + w * WS_TILE, npu_fix_params(0, t.m, t.n, up16(t.m), 0), BASE_N, 0);
    if (w) npu_cross_set_flag(PIPE_FIX, 1);
    else npu_cross_set_flag(PIPE_FIX, 0);
    npu_set_flag(PIPE_FIX, PIPE_M, 0);
  }
  npu_cross_wait_flag(2);  // the AIVs' last "free" of each workspace tile
  npu_cross_wait_flag(3);
  npu_wait_flag(PIPE_FIX, PIPE_M, 0);
  stages_drain(L1_STAGES);
}

void gemm_bias_relu_mix_aic(const uint16_t* a, const uint16_t* b, const float* bias, uint16_t* c, float* ws,
                            uint64_t M, uint64_t N, uint64_t K) {
  (void)bias, (void)c;
  mix_aic(a, b, ws, M, N, K);
}
void gemm_bias_gelu_mix_aic(const uint16_t* a, const uint16_t* b, const float* bias, uint16_t* c, float* ws,
                            uint64_t M, uint64_t N, uint64_t K) {
  (void)bias, (void)c;
  mix_aic(a, b, ws, M, N, K);
}

// The activation over `rows` rows of 256 fp32 at UB_X (4 repeats of 64 lanes
// a row), leaving fp32 results at `out`; in two halves (repeat <= 255).
FORCE_INLINE uint32_t activate(uint32_t rows, const int act) {
  const uint32_t half = (rows + 1) / 2;
  for (uint32_t h = 0; h < 2; ++h) {
    const uint32_t r = h ? rows - half : half, off = h ? half * 1024 : 0;
    const uint8_t rep = (uint8_t)(r * 4);
    if (act == ACT_RELU) {
      npu_vrelu_f32(UB_X + off, UB_X + off, 0, rep, npu_rp_default());
    } else {
      npu_vmuls_f32(UB_T + off, UB_X + off, npu_f32_bits(-1.702f), rep, npu_rp_default());
      npu_vexp_f32(UB_T + off, UB_T + off, 0, rep, npu_rp_default());
      npu_vadds_f32(UB_T + off, UB_T + off, npu_f32_bits(1.0f), rep, npu_rp_default());
      npu_vdiv_f32(UB_T + off, UB_X + off, UB_T + off, rep, npu_rp_default());
    }
  }
  return act == ACT_RELU ? UB_X : UB_T;
}

// One AIV's rows of workspace tile w (an immediate after inlining).
FORCE_INLINE void bias_act_rows(const float* bias, uint16_t* c, uint64_t tile_ws, const TileAt* t, uint64_t N,
                                const int w, const int act) {
  const uint32_t r0 = 64u * (uint32_t)npu_get_sub_block_idx();
  npu_cross_wait_flag(w);
  if (r0 >= t->m) {
    npu_cross_set_flag(PIPE_S, 2 + w);  // nothing to read
    return;
  }
  const uint32_t rows = min_u32(t->m - r0, 64), half = (rows + 1) / 2;
  const int act_ = act;
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);  // UB_X and UB_BIAS are free
  npu_copy_gm2ub_u8(UB_X, tile_ws + (uint64_t)r0 * BASE_N * 4, npu_copy_params(1, (uint16_t)(rows * 32), 0, 0));
  npu_copy_gm2ub_u8(UB_BIAS, (uint64_t)(uintptr_t)(bias + t->n0), npu_copy_params(1, (uint16_t)(t->n * 4 / 32), 0, 0));
  npu_cross_set_flag(PIPE_MTE2, 2 + w);  // the workspace rows are read
  npu_set_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);  // UB_Y is free
  // + bias: four 64-column strips, one repeat per row (a row is 32 blocks), the same bias strip for every row.
  for (uint32_t s = 0; s < 4; ++s)
    npu_vadd_f32(UB_X + s * 256, UB_X + s * 256, UB_BIAS + s * 256, (uint8_t)rows, npu_rp(1, 1, 1, 32, 32, 0));
  // The activation, then fp32 -> fp16 over whole rows, in two halves (repeat <= 255).
  const uint32_t y32 = activate(rows, act_);
  npu_vconv_f32_f16_rint(UB_Y, y32, (uint8_t)(half * 4), npu_rp(1, 1, 1, 4, 8, 8));
  npu_vconv_f32_f16_rint(UB_Y + half * 512, y32 + half * 1024, (uint8_t)((rows - half) * 4), npu_rp(1, 1, 1, 4, 8, 8));
  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_V, PIPE_MTE3, 0);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 0);
  // rows bursts of n fp16, UB rows 512 B apart, C rows N fp16 apart.
  npu_copy_ub2gm_u8((uint64_t)(uintptr_t)(c + (t->m0 + r0) * N + t->n0), UB_Y,
                    npu_copy_params((uint16_t)rows, (uint16_t)(t->n / 16), (uint16_t)((BASE_N - t->n) / 16),
                                    (uint16_t)((N - t->n) / 16)));
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
}

FORCE_INLINE void mix_aiv(const float* bias, uint16_t* c, float* ws, uint64_t M, uint64_t N, uint64_t K,
                          const int act) {
  const uint64_t tiles_m = (M + BASE_M - 1) / BASE_M, tiles_n = (N + BASE_N - 1) / BASE_N;
  const uint64_t blocks = npu_get_block_num();
  const uint64_t my_ws = (uint64_t)(uintptr_t)ws + npu_get_block_idx() % blocks * 2 * WS_TILE;
  npu_cross_set_flag(PIPE_S, 2);  // both workspace tiles start free
  npu_cross_set_flag(PIPE_S, 3);
  npu_set_flag(PIPE_V, PIPE_MTE2, 0);
  npu_set_flag(PIPE_MTE3, PIPE_V, 0);
  uint64_t w = 0;
  for (uint64_t ti = npu_get_block_idx(); ti < tiles_m * tiles_n; ti += blocks, w ^= 1) {
    TileAt t = {0, 0, N, K, (ti / tiles_n) * BASE_M, (ti % tiles_n) * BASE_N, 0, 0};
    t.m = min_u32(M - t.m0, BASE_M);
    t.n = min_u32(N - t.n0, BASE_N);
    if (w) bias_act_rows(bias, c, my_ws + WS_TILE, &t, N, 1, act);
    else bias_act_rows(bias, c, my_ws, &t, N, 0, act);
  }
  npu_wait_flag(PIPE_V, PIPE_MTE2, 0);
  npu_wait_flag(PIPE_MTE3, PIPE_V, 0);
}

void gemm_bias_relu_mix_aiv(const uint16_t* a, const uint16_t* b, const float* bias, uint16_t* c, float* ws,
                            uint64_t M, uint64_t N, uint64_t K) {
  (void)a, (void)b;
  mix_aiv(bias, c, ws, M, N, K, ACT_RELU);
}
void gemm_bias_gelu_mix_aiv(const uint16_t* a, const uint16_t* b, const float* bias, uint16_t* c, float* ws,
                            uint64_t M, uint64_t N, uint64_t K) {
  (void)a, (void)b;
  mix_aiv(bias, c, ws, M, N, K, ACT_GELU);
}
