/* Xnpu intrinsics for kernels: freestanding C for clang-14 --target=riscv64.
 *
 * Every NPU instruction is an inline `.insn` directive whose fields come from
 * xnpu_opcodes.h, generated from isa/xnpu.def. Names follow Ascend's
 * low-level API; isa/XNPU.md is the manual. UB addresses are byte offsets
 * into the Unified Buffer (uint32_t); GM addresses are plain pointers.
 *
 *   npu_vadd_f16(dst, src0, src1, repeat, npu_rp_default());
 *   npu_vadds_f32(dst, src, npu_f32_bits(2.0f), repeat, npu_rp_default());
 *   npu_vconv_f32_f16_rint(dst, src, repeat, npu_rp(1, 1, 1, 4, 8, 8));
 *   npu_copy_gm2ub_u8(ub, gm, npu_copy_params(count, len, src_gap, dst_gap));
 *   npu_set_flag(PIPE_MTE2, PIPE_V, 0); npu_wait_flag(PIPE_MTE2, PIPE_V, 0);
 */
#ifndef NPUVP_NPU_INTRINSICS_H
#define NPUVP_NPU_INTRINSICS_H

#include <stdint.h>

#include "xnpu_opcodes.h"

#define NPU_INLINE static inline __attribute__((always_inline))
#define NPU_STR_(x) #x
#define NPU_STR(x) NPU_STR_(x)

/* ---- operand registers ---- */

/* Ascend's BinaryRepeatParams (strides in 32 B blocks). */
typedef struct {
  uint8_t dst_blk_stride, src0_blk_stride, src1_blk_stride;
  uint8_t dst_rep_stride, src0_rep_stride, src1_rep_stride;
} npu_repeat_params_t;

NPU_INLINE npu_repeat_params_t npu_rp(uint8_t db, uint8_t s0b, uint8_t s1b, uint8_t dr, uint8_t s0r, uint8_t s1r) {
  npu_repeat_params_t p = {db, s0b, s1b, dr, s0r, s1r};
  return p;
}
/* Contiguous operands: block stride 1, repeat stride 8 blocks (256 B). */
NPU_INLINE npu_repeat_params_t npu_rp_default(void) { return npu_rp(1, 1, 1, 8, 8, 8); }

NPU_INLINE uint64_t npu_pack_addrs(uint32_t dst, uint32_t src0, uint32_t src1) {
  return ((uint64_t)(dst & XNPU_ADDR_MASK) << XNPU_ADDR_DST_SHIFT) |
         ((uint64_t)(src0 & XNPU_ADDR_MASK) << XNPU_ADDR_SRC0_SHIFT) |
         ((uint64_t)(src1 & XNPU_ADDR_MASK) << XNPU_ADDR_SRC1_SHIFT);
}
NPU_INLINE uint64_t npu_pack_config(uint8_t repeat, npu_repeat_params_t p) {
  return ((uint64_t)repeat << XNPU_CFG_REPEAT_SHIFT) | ((uint64_t)p.dst_blk_stride << XNPU_CFG_DST_BLK_SHIFT) |
         ((uint64_t)p.src0_blk_stride << XNPU_CFG_SRC0_BLK_SHIFT) |
         ((uint64_t)p.src1_blk_stride << XNPU_CFG_SRC1_BLK_SHIFT) |
         ((uint64_t)p.dst_rep_stride << XNPU_CFG_DST_REP_SHIFT) |
         ((uint64_t)p.src0_rep_stride << XNPU_CFG_SRC0_REP_SHIFT) |
         ((uint64_t)p.src1_rep_stride << XNPU_CFG_SRC1_REP_SHIFT);
}

/* Ascend's DataCopyParams: blockCount, blockLen (32 B blocks; bytes for the
 * _pad forms), srcStride, dstStride (gaps between bursts). */
NPU_INLINE uint64_t npu_copy_params(uint16_t block_count, uint16_t block_len, uint16_t src_stride,
                                    uint16_t dst_stride) {
  return ((uint64_t)block_count << XNPU_COPY_COUNT_SHIFT) | ((uint64_t)block_len << XNPU_COPY_LEN_SHIFT) |
         ((uint64_t)src_stride << XNPU_COPY_SRC_STRIDE_SHIFT) | ((uint64_t)dst_stride << XNPU_COPY_DST_STRIDE_SHIFT);
}

/* Scalar operands travel as bit patterns. */
NPU_INLINE uint64_t npu_f32_bits(float f) {
  union {
    float f;
    uint32_t u;
  } v;
  v.f = f;
  return v.u;
}

/* ---- vector instructions (PIPE_V) ----
 * custom-0: npu_<op>_<type>(dst, src0, src1, repeat, params); unary ops ignore src1. */
#define NPU_DEF_V(name, opc, f3, f7, dt)                                                                        \
  NPU_INLINE void npu_##name(uint32_t dst, uint32_t src0, uint32_t src1, uint8_t repeat,                       \
                             npu_repeat_params_t p) {                                                          \
    __asm__ volatile(".insn r " #opc ", " #f3 ", " #f7 ", x" #dt ", %0, %1"                                    \
                     :                                                                                         \
                     : "r"(npu_pack_addrs(dst, src0, src1)), "r"(npu_pack_config(repeat, p))                   \
                     : "memory");                                                                              \
  }
XNPU_ROWS_V(NPU_DEF_V)
#undef NPU_DEF_V

/* Conversions (Ascend Cast with RoundMode): npu_vconv_<src>_<dst>_<mode>(dst, src, repeat, params),
 * mode = none rint floor ceil round trunc odd (XNPU.md). Lanes per repeat follow the wider type. */
#define NPU_DEF_VCONV_RM(name, mode, rm, opc, f7, dt)                                                    \
  NPU_INLINE void npu_##name##_##mode(uint32_t dst, uint32_t src, uint8_t repeat, npu_repeat_params_t p) { \
    __asm__ volatile(".insn r " #opc ", " #rm ", " #f7 ", x" #dt ", %0, %1"                               \
                     :                                                                                   \
                     : "r"(npu_pack_addrs(dst, src, 0)), "r"(npu_pack_config(repeat, p))                 \
                     : "memory");                                                                        \
  }
#define NPU_DEF_VCONV(name, opc, f7, dt)                \
  NPU_DEF_VCONV_RM(name, none, 0, opc, f7, dt)          \
  NPU_DEF_VCONV_RM(name, rint, 1, opc, f7, dt)          \
  NPU_DEF_VCONV_RM(name, floor, 2, opc, f7, dt)         \
  NPU_DEF_VCONV_RM(name, ceil, 3, opc, f7, dt)          \
  NPU_DEF_VCONV_RM(name, round, 4, opc, f7, dt)         \
  NPU_DEF_VCONV_RM(name, trunc, 5, opc, f7, dt)         \
  NPU_DEF_VCONV_RM(name, odd, 6, opc, f7, dt)
XNPU_ROWS_VCONV(NPU_DEF_VCONV)
#undef NPU_DEF_VCONV
#undef NPU_DEF_VCONV_RM

/* custom-1 vector rows with a scalar: npu_<op>_<type>(dst, src, scalar_bits, repeat, params).
 * vdup ignores src; vgather: src = the u32 offsets, scalar = the base UB address. */
#define NPU_DEF_VS(name, opc, f3, f2, dt)                                                                  \
  NPU_INLINE void npu_##name(uint32_t dst, uint32_t src, uint64_t scalar, uint8_t repeat,                 \
                             npu_repeat_params_t p) {                                                     \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                          \
                     :                                                                                    \
                     : "r"(npu_pack_addrs(dst, src, 0)), "r"(npu_pack_config(repeat, p)), "r"(scalar)     \
                     : "memory");                                                                         \
  }
XNPU_ROWS_VS(NPU_DEF_VS)
#undef NPU_DEF_VS

/* ---- DataCopy (MTE2 GM->UB, MTE3 UB->GM, V UB->UB) ----
 * npu_copy_<kind>_<type>(dst, src, npu_copy_params(...)); UB addresses as uint64_t offsets. */
#define NPU_DEF_COPY(name, opc, f3, f2, dt)                                                          \
  NPU_INLINE void npu_##name(uint64_t dst, uint64_t src, uint64_t params) {                         \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                    \
                     :                                                                              \
                     : "r"(dst), "r"(src), "r"(params)                                              \
                     : "memory");                                                                   \
  }
XNPU_ROWS_COPY(NPU_DEF_COPY)
#undef NPU_DEF_COPY

/* ---- the cube core (custom-3; isa/XNPU.md "The cube core") ----
 * Local buffer addresses (L1, L0A, L0B, L0C, BiasTable) are byte offsets into
 * that buffer; GM addresses are plain addresses. */

/* DataCopy GM->L1 (MTE2) and L1->BiasTable (MTE1): npu_copy_gm2l1_u8(l1, gm, npu_copy_params(...)). */
#define NPU_DEF_CUBE_COPY(name, opc, f3, f2, dt)                                                     \
  NPU_INLINE void npu_##name(uint64_t dst, uint64_t src, uint64_t params) {                         \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                    \
                     :                                                                              \
                     : "r"(dst), "r"(src), "r"(params)                                              \
                     : "memory");                                                                   \
  }
XNPU_ROWS_CUBE_COPY(NPU_DEF_CUBE_COPY)
#undef NPU_DEF_CUBE_COPY

/* Ascend's Nd2NzParams (dstNzNStride is 1): GM ND rows -> L1 NZ, 32 B column blocks. */
typedef struct {
  uint16_t nd_num, n_value, d_value;   /* matrices, rows, elements per row */
  uint16_t src_nd_matrix_stride;       /* GM elements between matrices */
  uint16_t src_d_value;                /* GM elements between rows */
  uint16_t dst_nz_c0_stride;           /* L1 32 B rows between column blocks */
  uint16_t dst_nz_matrix_stride;       /* L1 elements between matrices */
} npu_nd2nz_params_t;
NPU_INLINE npu_nd2nz_params_t npu_nd2nz(uint16_t nd_num, uint16_t n_value, uint16_t d_value,
                                        uint16_t src_nd_matrix_stride, uint16_t src_d_value,
                                        uint16_t dst_nz_c0_stride, uint16_t dst_nz_matrix_stride) {
  npu_nd2nz_params_t p = {nd_num, n_value, d_value, src_nd_matrix_stride, src_d_value, dst_nz_c0_stride,
                          dst_nz_matrix_stride};
  return p;
}
/* One matrix of rows x cols elements, GM row stride src_cols, into L1 NZ with
 * dst_rows (>= rows, a multiple of 16) rows per column block. */
NPU_INLINE npu_nd2nz_params_t npu_nd2nz_matrix(uint16_t rows, uint16_t cols, uint16_t src_cols, uint16_t dst_rows) {
  return npu_nd2nz(1, rows, cols, 0, src_cols, dst_rows, 0);
}
#define NPU_DEF_CUBE_ND2NZ(name, opc, f3, f2, dt)                                                          \
  NPU_INLINE void npu_##name(uint32_t l1_dst, uint64_t gm_src, npu_nd2nz_params_t p) {                    \
    const uint64_t rs1 = ((uint64_t)(l1_dst & XNPU_ADDR_MASK) << XNPU_ND_DST_SHIFT) |                       \
                         ((uint64_t)(p.nd_num & 0xfffu) << XNPU_ND_NUM_SHIFT) |                             \
                         ((uint64_t)p.n_value << XNPU_ND_N_SHIFT) | ((uint64_t)p.d_value << XNPU_ND_D_SHIFT); \
    const uint64_t rs3 = ((uint64_t)p.src_d_value << XNPU_ND_SRC_D_SHIFT) |                                \
                         ((uint64_t)p.dst_nz_c0_stride << XNPU_ND_C0_STRIDE_SHIFT) |                        \
                         ((uint64_t)p.src_nd_matrix_stride << XNPU_ND_SRC_MATRIX_SHIFT) |                   \
                         ((uint64_t)p.dst_nz_matrix_stride << XNPU_ND_DST_MATRIX_SHIFT);                    \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                          \
                     :                                                                                    \
                     : "r"(rs1), "r"(gm_src), "r"(rs3)                                                    \
                     : "memory");                                                                         \
  }
XNPU_ROWS_CUBE_ND2NZ(NPU_DEF_CUBE_ND2NZ)
#undef NPU_DEF_CUBE_ND2NZ

/* Ascend's LoadData2DParams, in 512 B fractals. */
NPU_INLINE uint64_t npu_load2d_params(uint16_t start_index, uint8_t repeat, uint16_t src_stride, uint16_t dst_gap,
                                      int transpose) {
  return ((uint64_t)start_index << XNPU_LOAD_START_SHIFT) | ((uint64_t)repeat << XNPU_LOAD_REPEAT_SHIFT) |
         ((uint64_t)src_stride << XNPU_LOAD_SRC_STRIDE_SHIFT) | ((uint64_t)dst_gap << XNPU_LOAD_DST_GAP_SHIFT) |
         ((uint64_t)(transpose != 0) << XNPU_LOAD_TRANSPOSE_SHIFT);
}
/* npu_load2d_l12l0a_u16(l0a, l1, npu_load2d_params(...)); the _gm2 forms take a GM source. */
#define NPU_DEF_CUBE_LOAD2D(name, opc, f3, f2, dt)                                                   \
  NPU_INLINE void npu_##name(uint32_t dst, uint64_t src, uint64_t params) {                         \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                    \
                     :                                                                              \
                     : "r"((uint64_t)dst), "r"(src), "r"(params)                                    \
                     : "memory");                                                                   \
  }
XNPU_ROWS_CUBE_LOAD2D(NPU_DEF_CUBE_LOAD2D)
#undef NPU_DEF_CUBE_LOAD2D

/* Load3D, im2col L1 -> L0A (Ascend LoadData with LoadData3DParamsV2; isa/XNPU.md "Load3D").
 * The feature map's geometry is the npu_fmatrix CSR (Ascend SetFmatrix), read when the
 * load is issued:
 *   npu_set_fmatrix(l1_h, l1_w, pad_left, pad_right, pad_top, pad_bottom);
 *   npu_load3d_l12l0a_u16(l0a, l1, channel_size,
 *                         npu_load3d_window(k_extension, m_extension, k_start, m_start),
 *                         npu_load3d_filter(stride_w, stride_h, filter_w, filter_h, dilation_w, dilation_h,
 *                                           pad_value_bits)); */
NPU_INLINE uint64_t npu_load3d_window(uint16_t k_extension, uint16_t m_extension, uint16_t k_start, uint16_t m_start) {
  return ((uint64_t)k_extension << XNPU_L3D_K_EXT_SHIFT) | ((uint64_t)m_extension << XNPU_L3D_M_EXT_SHIFT) |
         ((uint64_t)k_start << XNPU_L3D_K_START_SHIFT) | ((uint64_t)m_start << XNPU_L3D_M_START_SHIFT);
}
NPU_INLINE uint64_t npu_load3d_filter(uint8_t stride_w, uint8_t stride_h, uint8_t filter_w, uint8_t filter_h,
                                      uint8_t dilation_w, uint8_t dilation_h, uint16_t pad_value) {
  return ((uint64_t)stride_w << XNPU_L3D_STRIDE_W_SHIFT) | ((uint64_t)stride_h << XNPU_L3D_STRIDE_H_SHIFT) |
         ((uint64_t)filter_w << XNPU_L3D_FILTER_W_SHIFT) | ((uint64_t)filter_h << XNPU_L3D_FILTER_H_SHIFT) |
         ((uint64_t)dilation_w << XNPU_L3D_DILATION_W_SHIFT) | ((uint64_t)dilation_h << XNPU_L3D_DILATION_H_SHIFT) |
         ((uint64_t)pad_value << XNPU_L3D_PAD_VALUE_SHIFT);
}
#define NPU_DEF_CUBE_LOAD3D(name, opc, f3, f2, dt)                                                             \
  NPU_INLINE void npu_##name(uint32_t l0a, uint32_t l1, uint16_t channel_size, uint64_t window, uint64_t filter) { \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                              \
                     :                                                                                        \
                     : "r"(((uint64_t)(l0a & XNPU_ADDR_MASK) << XNPU_L3D_DST_SHIFT) |                         \
                           ((uint64_t)(l1 & XNPU_ADDR_MASK) << XNPU_L3D_SRC_SHIFT) |                          \
                           ((uint64_t)channel_size << XNPU_L3D_CHANNEL_SHIFT)),                               \
                       "r"(window), "r"(filter)                                                               \
                     : "memory");                                                                             \
  }
XNPU_ROWS_CUBE_LOAD3D(NPU_DEF_CUBE_LOAD3D)
#undef NPU_DEF_CUBE_LOAD3D

/* mmad (Ascend Mmad with MmadParams): init = C initial value. */
#define NPU_MMAD_INIT_ZERO 0 /* C = A*B                  (cmatrixInitVal) */
#define NPU_MMAD_INIT_L0C 1  /* C = C + A*B              (cmatrixSource = CO1) */
#define NPU_MMAD_INIT_BIAS 2 /* C = bias[n] + A*B        (cmatrixSource = BiasTable) */
NPU_INLINE uint64_t npu_mmad_params(uint16_t m, uint16_t n, uint16_t k, unsigned init) {
  return ((uint64_t)(m & 0xfffu) << XNPU_MMAD_M_SHIFT) | ((uint64_t)(n & 0xfffu) << XNPU_MMAD_N_SHIFT) |
         ((uint64_t)(k & 0xfffu) << XNPU_MMAD_K_SHIFT) | ((uint64_t)(init & 3u) << XNPU_MMAD_INIT_SHIFT);
}
/* npu_mmad_f16(l0c, l0a, l0b, npu_mmad_params(m, n, k, init), bias_bt_addr) */
#define NPU_DEF_CUBE_MMAD(name, opc, f3, f2, dt)                                                          \
  NPU_INLINE void npu_##name(uint32_t l0c, uint32_t l0a, uint32_t l0b, uint64_t params, uint32_t bias_bt) { \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                         \
                     :                                                                                   \
                     : "r"(npu_pack_addrs(l0c, l0a, l0b)), "r"(params), "r"((uint64_t)bias_bt)           \
                     : "memory");                                                                        \
  }
XNPU_ROWS_CUBE_MMAD(NPU_DEF_CUBE_MMAD)
#undef NPU_DEF_CUBE_MMAD

/* FixPipe (Ascend Fixpipe, FixpipeParamsV220): flags for npu_fix_params. */
#define NPU_FIX_RELU (1u << 0)        /* ReLU before the conversion */
#define NPU_FIX_ATOMIC_ADD (1u << 1)  /* GM: dst += result (SetAtomicAdd) */
#define NPU_FIX_PER_CHANNEL (1u << 2) /* s32 source: scale[n] from L1 (scale = its L1 address) */
#define NPU_FIX_NZ_OUT (1u << 3)      /* keep NZ (else NZ2ND) */
NPU_INLINE uint64_t npu_fix_params(uint32_t l0c_src, uint16_t m, uint16_t n, uint16_t src_stride, unsigned flags) {
  return ((uint64_t)(l0c_src & XNPU_ADDR_MASK) << XNPU_FIX_SRC_SHIFT) | ((uint64_t)(m & 0xfffu) << XNPU_FIX_M_SHIFT) |
         ((uint64_t)(n & 0xfffu) << XNPU_FIX_N_SHIFT) | ((uint64_t)src_stride << XNPU_FIX_SRC_STRIDE_SHIFT) |
         ((uint64_t)(flags & 1u) << XNPU_FIX_RELU_BIT) | ((uint64_t)((flags >> 1) & 1u) << XNPU_FIX_ATOMIC_BIT) |
         ((uint64_t)((flags >> 2) & 1u) << XNPU_FIX_PER_CHANNEL_BIT) |
         ((uint64_t)((flags >> 3) & 1u) << XNPU_FIX_NZ_OUT_BIT);
}
/* npu_fix_l0c2gm_f32_f16(gm, npu_fix_params(...), dst_stride, scale): scale = f32 bits of the
 * dequantisation scale (npu_f32_bits) or, with NPU_FIX_PER_CHANNEL, the L1 address of the scales. */
#define NPU_DEF_CUBE_FIX(name, opc, f3, f2, dt)                                                           \
  NPU_INLINE void npu_##name(uint64_t dst, uint64_t params, uint32_t dst_stride, uint32_t scale) {       \
    __asm__ volatile(".insn r4 " #opc ", " #f3 ", " #f2 ", x" #dt ", %0, %1, %2"                         \
                     :                                                                                   \
                     : "r"(dst), "r"(params),                                                            \
                       "r"(((uint64_t)dst_stride << XNPU_FIX_DST_STRIDE_SHIFT) |                         \
                           ((uint64_t)scale << XNPU_FIX_SCALE_SHIFT))                                    \
                     : "memory");                                                                        \
  }
XNPU_ROWS_CUBE_FIX(NPU_DEF_CUBE_FIX)
#undef NPU_DEF_CUBE_FIX

/* ---- synchronisation (constants only) ---- */
#define NPU_SYNC_(opc, f3, imm) \
  __asm__ volatile(".insn i " NPU_STR(opc) ", " NPU_STR(f3) ", x0, x0, %0" : : "i"(imm) : "memory")
#define npu_set_flag(src_pipe, dst_pipe, event) \
  NPU_SYNC_(XNPU_set_flag_OPC, XNPU_set_flag_F3, (src_pipe) | (dst_pipe) << 4 | (event) << 8)
#define npu_wait_flag(src_pipe, dst_pipe, event) \
  NPU_SYNC_(XNPU_wait_flag_OPC, XNPU_wait_flag_F3, (src_pipe) | (dst_pipe) << 4 | (event) << 8)
#define npu_pipe_barrier(pipe) NPU_SYNC_(XNPU_pipe_barrier_OPC, XNPU_pipe_barrier_F3, (pipe))
/* Cross-core flags of a mixed launch (AIC + its two AIVs; isa/XNPU.md):
 * Ascend's CrossCoreSetFlag / CrossCoreWaitFlag. */
#define npu_cross_set_flag(src_pipe, event) \
  NPU_SYNC_(XNPU_cross_set_flag_OPC, XNPU_cross_set_flag_F3, (src_pipe) | (event) << 8)
#define npu_cross_wait_flag(event) NPU_SYNC_(XNPU_cross_wait_flag_OPC, XNPU_cross_wait_flag_F3, (event) << 8)

/* ---- special registers ---- */
#define NPU_CSR_READ_(csr)                                          \
  ({                                                                \
    uint64_t v_;                                                    \
    __asm__ volatile("csrr %0, " NPU_STR(csr) : "=r"(v_)::"memory"); \
    v_;                                                             \
  })
#define NPU_CSR_WRITE_(csr, value) __asm__ volatile("csrw " NPU_STR(csr) ", %0" : : "r"((uint64_t)(value)) : "memory")

NPU_INLINE uint64_t npu_get_block_idx(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_BLOCK_IDX); }
NPU_INLINE uint64_t npu_get_block_num(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_BLOCK_NUM); }
NPU_INLINE uint64_t npu_get_core_id(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_CORE_ID); }
NPU_INLINE uint64_t npu_get_core_kind(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_CORE_KIND); }  /* 0 AIC, 1 AIV */
NPU_INLINE uint64_t npu_get_die_id(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_DIE_ID); }
NPU_INLINE uint64_t npu_get_sub_block_idx(void) { return NPU_CSR_READ_(XNPU_CSR_NPU_SUB_BLOCK_IDX); }
NPU_INLINE uint64_t npu_get_cycle(void) {
  uint64_t v;
  __asm__ volatile("rdcycle %0" : "=r"(v));
  return v;
}

/* The scalar unit's window onto its own UB (Ascend GetValue/SetValue on a
 * LocalTensor): loads and stores there reach the UB, slowly (a preset's
 * ub_scalar_latency cycles each). Order them against the pipes with flags or
 * npu_pipe_barrier(PIPE_ALL), as for any pipe. */
#define NPU_UB_WINDOW 0x40000000u
NPU_INLINE volatile void* npu_ub_ptr(uint32_t ub_addr) { return (volatile void*)(uintptr_t)(NPU_UB_WINDOW + ub_addr); }

/* Mask (Ascend SetVectorMask / SetMaskNorm / SetMaskCount). */
NPU_INLINE void npu_set_vector_mask(uint64_t high, uint64_t low) {
  NPU_CSR_WRITE_(XNPU_CSR_NPU_MASK1, high);
  NPU_CSR_WRITE_(XNPU_CSR_NPU_MASK0, low);
}
NPU_INLINE void npu_set_mask_norm(void) { NPU_CSR_WRITE_(XNPU_CSR_NPU_MASK_MODE, 0); }
NPU_INLINE void npu_set_mask_count(void) { NPU_CSR_WRITE_(XNPU_CSR_NPU_MASK_MODE, 1); }
/* Count mode: the number of elements the next vector instructions process. */
NPU_INLINE void npu_set_mask_count_value(uint64_t count) { NPU_CSR_WRITE_(XNPU_CSR_NPU_MASK0, count); }
NPU_INLINE void npu_reset_mask(void) {
  npu_set_mask_norm();
  npu_set_vector_mask(~(uint64_t)0, ~(uint64_t)0);
}
/* Select bits for vsel/vsels (Ascend SetCmpMask): their UB address. */
NPU_INLINE void npu_set_cmpmask(uint32_t ub_addr) { NPU_CSR_WRITE_(XNPU_CSR_NPU_CMPMASK, ub_addr); }
/* Padding of copy_gm2ub_pad (Ascend DataCopyPadParams / SetPadValue). */
NPU_INLINE void npu_set_pad(int enable, uint8_t left, uint8_t right, uint64_t value_bits) {
  NPU_CSR_WRITE_(XNPU_CSR_NPU_PAD, (uint64_t)left | (uint64_t)right << 8 | (uint64_t)(enable != 0) << 16);
  NPU_CSR_WRITE_(XNPU_CSR_NPU_PAD_VALUE, value_bits);
}
/* The feature map of the following Load3D (Ascend SetFmatrix): its height and width in
 * L1 and the padding around it, in pixels. */
NPU_INLINE void npu_set_fmatrix(uint16_t l1_h, uint16_t l1_w, uint8_t pad_left, uint8_t pad_right, uint8_t pad_top,
                                uint8_t pad_bottom) {
  NPU_CSR_WRITE_(XNPU_CSR_NPU_FMATRIX,
                 ((uint64_t)l1_w << XNPU_FM_L1W_SHIFT) | ((uint64_t)l1_h << XNPU_FM_L1H_SHIFT) |
                     ((uint64_t)pad_left << XNPU_FM_PAD_LEFT_SHIFT) | ((uint64_t)pad_right << XNPU_FM_PAD_RIGHT_SHIFT) |
                     ((uint64_t)pad_top << XNPU_FM_PAD_TOP_SHIFT) | ((uint64_t)pad_bottom << XNPU_FM_PAD_BOTTOM_SHIFT));
}

#endif /* NPUVP_NPU_INTRINSICS_H */
