// Start-up code of NPU kernels (add_npu_kernel), run by every AI core's
// scalar unit. The launcher (platform/npu_platform.cpp) has set sp to the
// top of this core's stack, a0..a7 and fa0..fa7 to the kernel's arguments
// and the launch CSRs (isa/XNPU.md). For each block the core
// is given, the kernel's entry is called with the same arguments; after
// it returns, every pipe is drained before the next block (or the exit), so
// that a block's MTE3 writes are in GM when the core reports it is done.
//
//   npu_next_block (0xcc6)  read: this core's next block, negative when done
//   npu_entry      (0xcc7)  read: the kernel function's address
//   npu_exit       (0x8ff)  write: the core is done; the scalar unit stops

// CSR numbers, pipe codes and opcodes come from the ISA table, through the
// header generated from it (isa/intrinsics/xnpu_opcodes.h: #defines only).
#include "xnpu_opcodes.h"

#define MSTATUS_FS_INITIAL (1 << 13)

// pipe_barrier(PIPE_ALL), as npu_pipe_barrier in npu_intrinsics.h emits it.
#define PIPE_BARRIER_ALL .insn i XNPU_pipe_barrier_OPC, XNPU_pipe_barrier_F3, x0, x0, PIPE_ALL

  .section .text.init, "ax", @progbits
  .globl _kernel_start
  .type _kernel_start, @function
_kernel_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  li t0, MSTATUS_FS_INITIAL
  csrs mstatus, t0

  // The arguments live in callee-saved registers across the kernel calls.
  mv s0, a0
  mv s1, a1
  mv s2, a2
  mv s3, a3
  mv s4, a4
  mv s5, a5
  mv s6, a6
  mv s7, a7
  fmv.d fs0, fa0
  fmv.d fs1, fa1
  fmv.d fs2, fa2
  fmv.d fs3, fa3
  fmv.d fs4, fa4
  fmv.d fs5, fa5
  fmv.d fs6, fa6
  fmv.d fs7, fa7

1:
  csrr t0, XNPU_CSR_NPU_NEXT_BLOCK
  bltz t0, 2f
  mv a0, s0
  mv a1, s1
  mv a2, s2
  mv a3, s3
  mv a4, s4
  mv a5, s5
  mv a6, s6
  mv a7, s7
  fmv.d fa0, fs0
  fmv.d fa1, fs1
  fmv.d fa2, fs2
  fmv.d fa3, fs3
  fmv.d fa4, fs4
  fmv.d fa5, fs5
  fmv.d fa6, fs6
  fmv.d fa7, fs7
  csrr t1, XNPU_CSR_NPU_ENTRY
  jalr t1
  PIPE_BARRIER_ALL
  j 1b

2:
  csrw XNPU_CSR_NPU_EXIT, zero
3:
  wfi
  j 3b
  .size _kernel_start, . - _kernel_start
