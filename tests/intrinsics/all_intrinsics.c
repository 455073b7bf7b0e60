/* Calls every intrinsic of npu_intrinsics.h once, in the order of the
 * generated row lists; intrinsics_test.cpp decodes the ELF and checks that
 * each call emitted its row with the intended fields. Never run: Xnpu
 * instructions are illegal on the plain scalar core. */
#include "npu_intrinsics.h"

volatile uint64_t sink;

int main(void) {
  const npu_repeat_params_t p = npu_rp_default();
#define CALL_V(name, opc, f3, f7, dt) npu_##name(0x100, 0x200, 0x300, 1, p);
  XNPU_ROWS_V(CALL_V)
#define CALL_VCONV(name, opc, f7, dt)    \
  npu_##name##_none(0x100, 0x200, 2, p);  \
  npu_##name##_rint(0x100, 0x200, 2, p);  \
  npu_##name##_floor(0x100, 0x200, 2, p); \
  npu_##name##_ceil(0x100, 0x200, 2, p);  \
  npu_##name##_round(0x100, 0x200, 2, p); \
  npu_##name##_trunc(0x100, 0x200, 2, p); \
  npu_##name##_odd(0x100, 0x200, 2, p);
  XNPU_ROWS_VCONV(CALL_VCONV)
#define CALL_VS(name, opc, f3, f2, dt) npu_##name(0x100, 0x200, npu_f32_bits(1.5f), 3, p);
  XNPU_ROWS_VS(CALL_VS)
#define CALL_COPY(name, opc, f3, f2, dt) npu_##name(0x100, 0x80001000, npu_copy_params(2, 3, 4, 5));
  XNPU_ROWS_COPY(CALL_COPY)
#define CALL_CUBE_COPY(name, opc, f3, f2, dt) npu_##name(0x200, 0x80002000, npu_copy_params(1, 2, 3, 4));
  XNPU_ROWS_CUBE_COPY(CALL_CUBE_COPY)
#define CALL_CUBE_ND2NZ(name, opc, f3, f2, dt) npu_##name(0x400, 0x80003000, npu_nd2nz_matrix(17, 40, 64, 32));
  XNPU_ROWS_CUBE_ND2NZ(CALL_CUBE_ND2NZ)
#define CALL_CUBE_LOAD2D(name, opc, f3, f2, dt) npu_##name(0x200, 0x1000, npu_load2d_params(1, 4, 2, 0, 1));
  XNPU_ROWS_CUBE_LOAD2D(CALL_CUBE_LOAD2D)
#define CALL_CUBE_LOAD3D(name, opc, f3, f2, dt) \
  npu_##name(0x200, 0x1000, 32, npu_load3d_window(64, 40, 16, 3), npu_load3d_filter(1, 2, 3, 3, 1, 1, 0));
  XNPU_ROWS_CUBE_LOAD3D(CALL_CUBE_LOAD3D)
#define CALL_CUBE_MMAD(name, opc, f3, f2, dt) \
  npu_##name(0x400, 0x200, 0x600, npu_mmad_params(32, 48, 17, NPU_MMAD_INIT_BIAS), 0x40);
  XNPU_ROWS_CUBE_MMAD(CALL_CUBE_MMAD)
#define CALL_CUBE_FIX(name, opc, f3, f2, dt) \
  npu_##name(0x80004000, npu_fix_params(0x400, 17, 40, 32, NPU_FIX_RELU), 40, npu_f32_bits(0.5f));
  XNPU_ROWS_CUBE_FIX(CALL_CUBE_FIX)
  npu_set_flag(PIPE_MTE2, PIPE_V, 3);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 3);
  npu_set_flag(PIPE_V, PIPE_MTE3, 7);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 7);
  npu_pipe_barrier(PIPE_ALL);
  npu_pipe_barrier(PIPE_V);
  npu_cross_set_flag(PIPE_FIX, 5);
  npu_cross_wait_flag(6);
  sink = npu_get_block_idx() + npu_get_block_num() + npu_get_core_id() + npu_get_core_kind() + npu_get_die_id() +
         npu_get_sub_block_idx() + npu_get_cycle();
  npu_set_vector_mask(0xffff, 0xffffffffffffffffull);
  npu_set_mask_count();
  npu_set_mask_count_value(1000);
  npu_reset_mask();
  npu_set_cmpmask(0x2000);
  npu_set_pad(1, 2, 3, 0xabcd);
  npu_set_fmatrix(16, 20, 1, 1, 1, 1);
  return 0;
}
