// The boot ROM at the control CPU's reset vector (/chip/boot_rom/base):
// minimal start-up, then a jump to the firmware image the host loaded into
// GM. The host writes the firmware's entry point into `boot_target` (as
// QEMU's reset vector reads the kernel's address from a table beside it).
// The firmware starts in M mode with a0 = hartid, a1 = 0 (no device tree),
// interrupts off and mtvec pointing at a trap that parks the hart.

  .section .text.init, "ax", @progbits
  .globl _start
_start:
  csrw mie, zero
  csrci mstatus, 8            // MIE off
  la t0, park
  csrw mtvec, t0
  csrr a0, mhartid
  bnez a0, park               // only hart 0 boots
  ld t0, boot_target
  beqz t0, park               // no firmware: nothing to run
  li a1, 0
  jr t0

  .p2align 2
park:
  wfi
  j park

  .section .rodata
  .p2align 3
  .globl boot_target
boot_target:
  .dword 0
