// Machine interrupts from the CLINT (SiFive layout) in vectored mtvec mode:
// the timer interrupt wakes wfi and enters entry 7 with mcause = 2^63 | 7; a
// software interrupt (msip) enters entry 3; MSI is taken before MTI; wfi
// wakes on a pending interrupt even with mstatus.MIE = 0; MTIP follows
// mtimecmp; M interrupts are taken in U mode whatever mstatus.MIE says;
// exceptions still go to the base address (privileged spec ch. 3).
#include "npuvp_test.h"

#define CLINT      0x02000000
#define MSIP       0x0000
#define MTIMECMP   0x4000
#define MTIME      0xbff8
#define MIE_MSIE   0x008
#define MIE_MTIE   0x080
#define MSTATUS_MIE 0x8
#define INT_BIT    0x8000000000000000
#define WAIT_TICKS 1000

// s8 = CLINT base, s9 = address of mtimecmp, s6 = timer interrupts taken,
// s7 = software interrupts taken; the log at `order` records mcauses.
TEST_BEGIN
  TEST_TRAP_INSTALL
  la t0, vectors
  ori t0, t0, 1
  csrw mtvec, t0
  li s8, CLINT
  li t0, MTIMECMP
  add s9, s8, t0
  li t0, -1
  sd t0, 0(s9)
  li s7, 0
  la s1, order
  mv s0, s1                     // log write pointer

  // the vectored table reads back with mode 1
  TEST_NUM(1)
  csrr a0, mtvec
  andi a0, a0, 3
  CHECK_REG(a0, 1)

  // timer interrupt wakes wfi
  TEST_NUM(2)
  li t0, MIE_MTIE
  csrw mie, t0
  call read_mtime
  addi a0, a0, WAIT_TICKS
  sd a0, 0(s9)
  csrsi mstatus, MSTATUS_MIE
3:
  wfi
4:
  beqz s6, 3b
  csrci mstatus, MSTATUS_MIE
  CHECK_REG(s6, 1)
  CHECK_REG(s2, INT_BIT | 7)
  la t1, 3b                     // mepc: the wfi (if it was a nop) or after it
  beq s3, t1, 5f
  la t1, 4b
  CHECK_EQ(s3, t1)
5:
  // mtime moved on while waiting
  call read_mtime
  ld t1, 0(s9)                  // the handler set mtimecmp to all ones
  CHECK_REG(t1, -1)

  // wfi wakes on a pending enabled interrupt with mstatus.MIE = 0; no trap
  TEST_NUM(6)
  call read_mtime
  addi a0, a0, WAIT_TICKS
  sd a0, 0(s9)
1:
  wfi
  csrr t1, mip
  andi t1, t1, MIE_MTIE
  beqz t1, 1b
  CHECK_REG(s6, 1)
  // MTIP is read-only in mip and drops when mtimecmp moves past mtime
  TEST_NUM(7)
  li t0, MIE_MTIE
  csrc mip, t0
  csrr t1, mip
  andi t1, t1, MIE_MTIE
  CHECK_REG(t1, MIE_MTIE)
  li t0, -1
  sd t0, 0(s9)
  csrr t1, mip
  andi t1, t1, MIE_MTIE
  CHECK_REG(t1, 0)

  // software interrupt through msip
  TEST_NUM(8)
  li t0, MIE_MSIE
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE
  li t0, 1
  sw t0, MSIP(s8)
  li t1, 1000
1:
  bnez s7, 2f
  addi t1, t1, -1
  bnez t1, 1b
  j npuvp_test_fail
2:
  csrci mstatus, MSTATUS_MIE
  CHECK_REG(s7, 1)
  CHECK_REG(s2, INT_BIT | 3)
  lw t1, MSIP(s8)
  CHECK_REG(t1, 0)
  csrr t1, mip
  andi t1, t1, MIE_MSIE
  CHECK_REG(t1, 0)

  // both pending: MSI is taken before MTI
  TEST_NUM(9)
  mv s0, s1
  li t0, MIE_MSIE | MIE_MTIE
  csrw mie, t0
  li t0, 1
  sw t0, MSIP(s8)
  sd zero, 0(s9)                // mtimecmp = 0: the timer is due at once
1:
  csrr t1, mip
  andi t1, t1, MIE_MSIE | MIE_MTIE
  li t2, MIE_MSIE | MIE_MTIE
  bne t1, t2, 1b
  csrsi mstatus, MSTATUS_MIE
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  ld t1, 0(s1)
  CHECK_REG(t1, INT_BIT | 3)
  ld t1, 8(s1)
  CHECK_REG(t1, INT_BIT | 7)
  sub t1, s0, s1
  CHECK_REG(t1, 16)

  // exceptions go to the base of a vectored table
  TEST_TRAP(10, 11, ecall)

  // in U mode a pending M interrupt is taken even with mstatus.MIE = 0
  TEST_NUM(11)
  mv s0, s1
  li t0, MIE_MTIE
  csrw mie, t0
  sd zero, 0(s9)
  li t0, 0x1800
  csrc mstatus, t0              // MPP = U
  la t0, user_spin
  csrw mepc, t0
  la s10, 12f
  li s2, -1
  mret
12:
  CHECK_REG(s2, 8)              // the user code ended with ecall
  ld t1, 0(s1)
  CHECK_REG(t1, INT_BIT | 7)
  ld t1, 16(s1)                 // mstatus saved by the timer handler: MPP = U
  srli t1, t1, 11
  andi t1, t1, 3
  CHECK_REG(t1, 0)
  csrw mie, zero
  TEST_PASS
TEST_END

  .text
read_mtime:
  li t0, MTIME
  add t0, s8, t0
  ld a0, 0(t0)
  ret

user_spin:
  li t1, 1000
1:
  addi t1, t1, -1
  bnez t1, 1b
  ecall

// Interrupt handlers: log mcause (and, for the timer, mstatus) at s0.
mti_handler:
  csrr s2, mcause
  csrr s3, mepc
  sd s2, 0(s0)
  csrr t0, mstatus
  sd t0, 16(s0)
  addi s0, s0, 8
  li t0, -1
  sd t0, 0(s9)
  addi s6, s6, 1
  mret

msi_handler:
  csrr s2, mcause
  csrr s3, mepc
  sd s2, 0(s0)
  addi s0, s0, 8
  sw zero, MSIP(s8)
  addi s7, s7, 1
  mret

  .p2align 8
  .option push
  .option norvc
vectors:
  j npuvp_test_trap    // 0: exceptions
  j npuvp_test_fail    // 1: supervisor software
  j npuvp_test_fail    // 2
  j msi_handler        // 3: machine software
  j npuvp_test_fail    // 4
  j npuvp_test_fail    // 5: supervisor timer
  j npuvp_test_fail    // 6
  j mti_handler        // 7: machine timer
  j npuvp_test_fail    // 8
  j npuvp_test_fail    // 9
  j npuvp_test_fail    // 10
  j npuvp_test_fail    // 11: machine external
  .option pop

  .data
  .p2align 3
order:
  .dword 0, 0, 0, 0, 0, 0
