# Start-up of the AI-core test kernels: a stack, the kernel, and its return
# value as the core's exit status (CSR npu_exit).
  .section .text.init
  .globl _start
_start:
  la sp, __stack_top
  csrr t0, mstatus
  li t1, 1 << 13          # FS = Initial: the kernels' scalar code may use the FPU
  or t0, t0, t1
  csrw mstatus, t0
  call kernel
  csrw 0x8ff, a0
1:
  j 1b
