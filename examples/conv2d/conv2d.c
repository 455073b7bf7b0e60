// conv2d: y = conv(x, w), a 3 x 3 convolution with padding 1 and stride 1 or
// 2 on the cube cores, by im2col in the cube's own load (Load3D), mmad and
// FixPipe (README.md). Launch with `--core aic`.
//
//   x  fp16 NC1HWC0  [N, C1, H, W, 16]         (C = 16 * C1 input channels)
//   w  fp16 FRACTAL_Z [C1 * 9, Cout / 16, 16, 16]: fractal (kb, nb) holds
//      w[nb*16 + n0][c1*16 + c0][kh][kw] at n0 * 16 + c0, kb = c1 * 9 + kh * 3 + kw
//   y  fp16 NC1HWC0  [N, Cout / 16, Ho, Wo, 16], Ho = (H - 1) / stride + 1 (Wo likewise)
//
// Block b computes images b, b + blocks, .... Per image: MTE2 copies the
// feature map into L1 (two L1 stages: the next image's copy overlaps this
// image's work); its Ho*Wo output positions are cut into tiles of BASE_M
// rows; for each tile the K = C1 * 9 * 16 columns of the im2col matrix go
// through the cube in steps: MTE1 builds the step's im2col fractals in L0A
// (load3d) and copies the step's weight fractals from L1 into L0B (load2d:
// FRACTAL_Z is already L0B's ZN order), the cube accumulates the step into
// L0C, and FixPipe writes the tile (fp32 -> fp16, RNE) as NC1HWC0 (NZ out:
// Cout / 16 column blocks Ho*Wo rows apart). Two L0 stages, flags as in
// examples/gemm:
//
//   MTE2 -> MTE1 event 2+s: L1 feature-map stage s holds its image
//   MTE1 -> MTE2 event 2+s: MTE1 is done with L1 stage s
//   MTE1 -> M    event s:   L0 stage s holds its step      M -> MTE1 event s: L0 stage s is free
//   M    -> FIX  event 0:   the tile is complete in L0C    FIX -> M event 0: L0C is free
//
// The sum of each output element is the cube's (isa/XNPU.md, mmad numerics):
// the K products in ascending (c1, kh, kw, c0) order, padding included as
// +0 * w, each added to the fp32 accumulator with one rounding.
#include <stdint.h>

#include "npu_intrinsics.h"

#define KSIZE 3u
#define PAD 1u
#define BASE_M 64u            // output positions per tile (4 fractal rows)
#define L0_FRACTALS 64u       // fractals per L0A / L0B stage (32 KiB)
#define L1_FM(s) ((s) * 0x20000u)  // feature-map stages: 128 KiB each
#define L1_W 0x40000u              // the weights: up to 256 KiB
#define L0A(s) ((s) * 0x8000u)
#define L0B(s) ((s) * 0x8000u)

#define FORCE_INLINE static inline __attribute__((always_inline))

static inline uint32_t min_u32(uint64_t a, uint32_t b) { return a < b ? (uint32_t)a : b; }

typedef struct {
  uint32_t c1, h, w, ho, wo, n1, k1;  // k1: fractal columns of K = c1 * 9
  uint32_t step;                      // fractal columns per K step
  uint32_t stride;
} Geometry;

// MTE1 + M: one K step (fractal columns kb0 .. kb0 + ks) of the tile at row m0.
FORCE_INLINE void k_step(const Geometry* g, uint32_t fm, uint32_t m0, uint32_t rows, uint32_t kb0, uint32_t ks,
                         int first, const int s) {
  npu_wait_flag(PIPE_M, PIPE_MTE1, s);
  npu_load3d_l12l0a_u16(L0A(s), fm, (uint16_t)(g->c1 * 16), npu_load3d_window(ks * 16, rows, kb0 * 16, m0),
                        npu_load3d_filter(g->stride, g->stride, KSIZE, KSIZE, 1, 1, 0));
  npu_load2d_l12l0b_u16(L0B(s), L1_W, npu_load2d_params(kb0 * g->n1, ks * g->n1, 1, 0, 0));
  npu_set_flag(PIPE_MTE1, PIPE_M, s);
  npu_wait_flag(PIPE_MTE1, PIPE_M, s);
  npu_mmad_f16(0, L0A(s), L0B(s), npu_mmad_params(rows, g->n1 * 16, ks * 16, first ? NPU_MMAD_INIT_ZERO : NPU_MMAD_INIT_L0C),
               0);
  npu_set_flag(PIPE_M, PIPE_MTE1, s);
}

FORCE_INLINE void image(const Geometry* g, const uint16_t* x, uint16_t* y, uint64_t n, uint64_t next, const int s1,
                        uint64_t* steps) {
  const uint64_t fm_bytes = (uint64_t)g->c1 * g->h * g->w * 32;
  // Prefetch the next image into the other L1 stage.
  if (next != (uint64_t)-1) {
    if (s1) {
      npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 2);
      npu_copy_gm2l1_u8(L1_FM(0), (uint64_t)(uintptr_t)x + next * fm_bytes, npu_copy_params(1, (uint16_t)(fm_bytes / 32), 0, 0));
      npu_set_flag(PIPE_MTE2, PIPE_MTE1, 2);
    } else {
      npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 3);
      npu_copy_gm2l1_u8(L1_FM(1), (uint64_t)(uintptr_t)x + next * fm_bytes, npu_copy_params(1, (uint16_t)(fm_bytes / 32), 0, 0));
      npu_set_flag(PIPE_MTE2, PIPE_MTE1, 3);
    }
  }
  if (s1) npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 3);
  else npu_wait_flag(PIPE_MTE2, PIPE_MTE1, 2);
  const uint32_t m = g->ho * g->wo;
  for (uint32_t m0 = 0; m0 < m; m0 += BASE_M) {
    const uint32_t rows = min_u32(m - m0, BASE_M);
    npu_wait_flag(PIPE_FIX, PIPE_M, 0);  // L0C is free
    for (uint32_t kb0 = 0; kb0 < g->k1; kb0 += g->step, ++*steps) {
      const uint32_t ks = min_u32(g->k1 - kb0, g->step);
      if (*steps & 1) k_step(g, L1_FM(s1), m0, rows, kb0, ks, kb0 == 0, 1);
      else k_step(g, L1_FM(s1), m0, rows, kb0, ks, kb0 == 0, 0);
    }
    npu_set_flag(PIPE_M, PIPE_FIX, 0);
    npu_wait_flag(PIPE_M, PIPE_FIX, 0);
    // NC1HWC0 out: row m0 + i, column block cb at ((n * N1 + cb) * Ho*Wo + m0 + i) * 32 bytes.
    const uint64_t dst = (uint64_t)(uintptr_t)y + ((n * g->n1) * m + m0) * 32;
    npu_fix_l0c2gm_f32_f16(dst, npu_fix_params(0, (uint16_t)rows, (uint16_t)(g->n1 * 16), (uint16_t)((rows + 15) & ~15u),
                                               NPU_FIX_NZ_OUT),
                           m, 0);
    npu_set_flag(PIPE_FIX, PIPE_M, 0);
  }
  if (s1) npu_set_flag(PIPE_MTE1, PIPE_MTE2, 3);
  else npu_set_flag(PIPE_MTE1, PIPE_MTE2, 2);
}

FORCE_INLINE void conv2d(const uint16_t* x, const uint16_t* w, uint16_t* y, uint64_t N, uint64_t C1, uint64_t H,
                         uint64_t W, uint64_t Cout, uint32_t stride) {
  Geometry g;
  g.c1 = (uint32_t)C1, g.h = (uint32_t)H, g.w = (uint32_t)W, g.stride = stride;
  g.ho = (g.h + 2 * PAD - KSIZE) / stride + 1;
  g.wo = (g.w + 2 * PAD - KSIZE) / stride + 1;
  g.n1 = (uint32_t)(Cout / 16);
  g.k1 = g.c1 * KSIZE * KSIZE;
  g.step = min_u32(L0_FRACTALS / g.n1, L0_FRACTALS / (BASE_M / 16));
  const uint64_t blocks = npu_get_block_num(), first = npu_get_block_idx();
  // The feature map's geometry, for every Load3D of the kernel.
  npu_set_fmatrix((uint16_t)H, (uint16_t)W, PAD, PAD, PAD, PAD);
  // Every stage starts free, and so does L0C.
  npu_set_flag(PIPE_MTE1, PIPE_MTE2, 2);
  npu_set_flag(PIPE_MTE1, PIPE_MTE2, 3);
  npu_set_flag(PIPE_M, PIPE_MTE1, 0);
  npu_set_flag(PIPE_M, PIPE_MTE1, 1);
  npu_set_flag(PIPE_FIX, PIPE_M, 0);
  // The weights, once per block (L1 stays theirs).
  const uint64_t w_bytes = (uint64_t)g.k1 * g.n1 * 512;
  npu_copy_gm2l1_u8(L1_W, (uint64_t)(uintptr_t)w, npu_copy_params(1, (uint16_t)(w_bytes / 32), 0, 0));
  // The first image into L1 stage 0 (its flag covers the weights too: MTE2 is in order).
  const uint64_t fm_bytes = C1 * H * W * 32;
  if (first < N) {
    npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 2);
    npu_copy_gm2l1_u8(L1_FM(0), (uint64_t)(uintptr_t)x + first * fm_bytes, npu_copy_params(1, (uint16_t)(fm_bytes / 32), 0, 0));
    npu_set_flag(PIPE_MTE2, PIPE_MTE1, 2);
  }
  uint64_t steps = 0;
  int s1 = 0;
  for (uint64_t n = first; n < N; n += blocks, s1 ^= 1) {
    const uint64_t next = n + blocks < N ? n + blocks : (uint64_t)-1;
    if (s1) image(&g, x, y, n, next, 1, &steps);
    else image(&g, x, y, n, next, 0, &steps);
  }
  npu_wait_flag(PIPE_FIX, PIPE_M, 0);
  npu_wait_flag(PIPE_M, PIPE_MTE1, 0);
  npu_wait_flag(PIPE_M, PIPE_MTE1, 1);
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 2);
  npu_wait_flag(PIPE_MTE1, PIPE_MTE2, 3);
}

// The entries: conv2d_f16_s<stride>(x, w, y, N, C1, H, W, Cout).
void conv2d_f16_s1(const uint16_t* x, const uint16_t* w, uint16_t* y, uint64_t N, uint64_t C1, uint64_t H, uint64_t W,
                   uint64_t Cout) {
  conv2d(x, w, y, N, C1, H, W, Cout, 1);
}
void conv2d_f16_s2(const uint16_t* x, const uint16_t* w, uint16_t* y, uint64_t N, uint64_t C1, uint64_t H, uint64_t W,
                   uint64_t Cout) {
  conv2d(x, w, y, N, C1, H, W, Cout, 2);
}
