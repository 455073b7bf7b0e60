// Start-up code of bare-metal programs run under `npuvp run`: M mode, hart 0.
// Sets gp and sp, turns the FPU on, gives U mode access to all memory
// through PMP entry 0 (where PMP exists), installs a trap vector that
// reports any trap the program did not expect, zeroes .bss, runs
// main(0, 0) and exits through HTIF with main's return value.

#define MSTATUS_FS_INITIAL (1 << 13)
#define PMP_NAPOT_RWX 0x1f   // A = NAPOT (3 << 3), X, W, R
#define EXIT_UNEXPECTED_TRAP 255

  .section .text.init, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top

  li t0, MSTATUS_FS_INITIAL
  csrs mstatus, t0
  csrwi fcsr, 0

  // A core without PMP traps on these CSRs: skip them in that case.
  la t0, 1f
  csrw mtvec, t0
  li t0, -1
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT_RWX
  csrw pmpcfg0, t0
  .p2align 2
1:
  la t0, __npuvp_trap_entry
  csrw mtvec, t0

  la t0, __bss_start
  la t1, __bss_end
2:
  bgeu t0, t1, 3f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 2b
3:
  li a0, 0
  li a1, 0
  call main
  tail exit
  .size _start, . - _start

// Any trap the program did not install a handler for. Reports mcause, mepc
// and mtval on the console from a stack of its own, then exits with 255.
// A trap inside this handler exits at once.
  .text
  .p2align 2
  .globl __npuvp_trap_entry
  .type __npuvp_trap_entry, @function
__npuvp_trap_entry:
  la t0, __npuvp_in_trap
  ld t1, 0(t0)
  bnez t1, 4f
  li t1, 1
  sd t1, 0(t0)
  la sp, __trap_stack_top
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  call __npuvp_report_trap
4:
  li a0, EXIT_UNEXPECTED_TRAP
  call htif_exit
  .size __npuvp_trap_entry, . - __npuvp_trap_entry

  .bss
  .p2align 3
__npuvp_in_trap:
  .dword 0
