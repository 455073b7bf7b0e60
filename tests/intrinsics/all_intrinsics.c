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
  npu_set_flag(PIPE_MTE2, PIPE_V, 3);
  npu_wait_flag(PIPE_MTE2, PIPE_V, 3);
  npu_set_flag(PIPE_V, PIPE_MTE3, 7);
  npu_wait_flag(PIPE_V, PIPE_MTE3, 7);
  npu_pipe_barrier(PIPE_ALL);
  npu_pipe_barrier(PIPE_V);
  sink = npu_get_block_idx() + npu_get_block_num() + npu_get_core_id() + npu_get_core_kind() + npu_get_die_id() +
         npu_get_sub_block_idx() + npu_get_cycle();
  npu_set_vector_mask(0xffff, 0xffffffffffffffffull);
  npu_set_mask_count();
  npu_set_mask_count_value(1000);
  npu_reset_mask();
  npu_set_cmpmask(0x2000);
  npu_set_pad(1, 2, 3, 0xabcd);
  return 0;
}
