// Synchronous exceptions in M mode and from U mode (privileged spec ch. 3):
// illegal instructions, ecall, ebreak, misaligned AMO/LR/SC (address
// misaligned with mtval = address), access faults on an address where nothing
// is mapped, and misaligned plain loads/stores, which npuvp completes in
// hardware without a trap. mepc/mtval/mstatus.MPP are checked each time.
#include "npuvp_test.h"

#define CAUSE_FETCH_FAULT  1
#define CAUSE_ILLEGAL      2
#define CAUSE_BREAKPOINT   3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_FAULT   5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_FAULT  7
#define CAUSE_ECALL_U      8
#define CAUSE_ECALL_M      11
// Nothing is mapped here in the mini platform (between the CLINT and RAM).
#define UNMAPPED 0x70000000

// Test n: the instruction at label 1 traps with `cause`; checks mepc = 1b.
#define TEST_TRAP_AT(n, cause, insn) \
  TEST_TRAP(n, cause, 1: insn)       \
  la t1, 1b;                         \
  CHECK_EQ(s3, t1)

// Enter U mode at label `to` (mret with MPP = U).
#define GOTO_USER(to)    \
  li t0, 0x1800;         \
  csrc mstatus, t0;      \
  la t0, to;             \
  csrw mepc, t0;         \
  mret;

TEST_BEGIN
  TEST_TRAP_INSTALL
  la s0, cells
  // illegal instructions: mtval holds the instruction bits
  TEST_TRAP_AT(1, CAUSE_ILLEGAL, .word 0xfe000033)   // OP with funct7 = 0x7f
  CHECK_REG(s4, 0xfe000033)
  TEST_TRAP_AT(2, CAUSE_ILLEGAL, .half 0x0000)       // the all-zero 16-bit word
  CHECK_REG(s4, 0)
  // fadd.s f1, f2, f3 with the reserved static rounding mode 5
  TEST_TRAP_AT(3, CAUSE_ILLEGAL, .word 0x003150d3)
  CHECK_REG(s4, 0x003150d3)
  // ecall / ebreak in M mode: mtval = 0 for ecall; MPP = M
  TEST_TRAP_AT(4, CAUSE_ECALL_M, ecall)
  CHECK_REG(s4, 0)
  srli t1, s5, 11
  andi t1, t1, 3
  CHECK_REG(t1, 3)
  TEST_TRAP_AT(5, CAUSE_BREAKPOINT, .option push; .option norvc; ebreak; .option pop)
  TEST_TRAP_AT(6, CAUSE_BREAKPOINT, c.ebreak)
  // the handler ran with interrupts off and MPIE holding the old MIE (0)
  TEST_NUM(7)
  srli t1, s5, 7
  andi t1, t1, 1
  CHECK_REG(t1, 0)
  CHECK_REG(s6, 6)              // exactly one trap per test so far

  // misaligned plain accesses complete without a trap
  TEST_NUM(8)
  li s2, -1
  li a1, 0x0102030405060708
  sd a1, 1(s0)
  ld a0, 1(s0)
  CHECK_EQ(a0, a1)
  lw a0, 3(s0)
  CHECK_REG(a0, 0x0000000003040506)
  sh a1, 7(s0)
  lhu a0, 7(s0)
  CHECK_REG(a0, 0x0708)
  CHECK_REG(s2, -1)
  CHECK_REG(s6, 6)
  // misaligned atomics trap: AMO and SC as store/AMO, LR as load; mtval = address
  TEST_NUM(9)
  li a1, 0x1111111111111111
  sd a1, 0(s0)
  sd a1, 8(s0)
  // dynamic rounding with a reserved value (5) in frm
  TEST_TRAP(10, CAUSE_ILLEGAL, fsrmi 5; fadd.s f1, f2, f3)
  fsrmi 0
  TEST_TRAP(11, CAUSE_ILLEGAL, fsrmi 7; fcvt.s.w f1, a1)
  fsrmi 0
  TEST_TRAP(12, CAUSE_STORE_MISALIGNED, addi a2, s0, 2; amoadd.w a0, a1, (a2))
  addi t1, s0, 2
  CHECK_EQ(s4, t1)
  TEST_TRAP(13, CAUSE_STORE_MISALIGNED, addi a2, s0, 4; amoswap.d a0, a1, (a2))
  addi t1, s0, 4
  CHECK_EQ(s4, t1)
  TEST_TRAP(14, CAUSE_LOAD_MISALIGNED, addi a2, s0, 4; lr.d a0, (a2))
  addi t1, s0, 4
  CHECK_EQ(s4, t1)
  TEST_TRAP(15, CAUSE_STORE_MISALIGNED, addi a2, s0, 1; sc.w a0, a1, (a2))
  addi t1, s0, 1
  CHECK_EQ(s4, t1)
  TEST_NUM(16)                  // the faulting AMOs changed nothing
  ld a0, 0(s0)
  CHECK_REG(a0, 0x1111111111111111)
  ld a0, 8(s0)
  CHECK_REG(a0, 0x1111111111111111)

  // access faults where nothing is mapped
  TEST_TRAP(17, CAUSE_LOAD_FAULT, li a2, UNMAPPED; ld a0, 8(a2))
  CHECK_REG(s4, UNMAPPED + 8)
  TEST_TRAP(18, CAUSE_STORE_FAULT, li a2, UNMAPPED; sw a0, 0(a2))
  CHECK_REG(s4, UNMAPPED)
  TEST_TRAP(19, CAUSE_STORE_FAULT, li a2, UNMAPPED; amoadd.d a0, a1, (a2))
  CHECK_REG(s4, UNMAPPED)
  TEST_TRAP(20, CAUSE_FETCH_FAULT, li a2, UNMAPPED; jalr a2)
  CHECK_REG(s3, UNMAPPED)
  CHECK_REG(s4, UNMAPPED)

  // U mode: ecall from U, then M-only instructions and CSRs are illegal there
  TEST_TRAP(21, CAUSE_ECALL_U, GOTO_USER(user_ecall))
  la t1, user_ecall
  CHECK_EQ(s3, t1)
  srli t1, s5, 11               // MPP = U
  andi t1, t1, 3
  CHECK_REG(t1, 0)
  TEST_TRAP(22, CAUSE_ILLEGAL, GOTO_USER(user_csr))
  la t1, user_csr
  CHECK_EQ(s3, t1)
  TEST_TRAP(23, CAUSE_ILLEGAL, GOTO_USER(user_mret))
  TEST_TRAP(25, CAUSE_BREAKPOINT, GOTO_USER(user_ebreak))
  // U mode can use memory (PMP entry 0 from crt0) and compute, then ecall
  TEST_TRAP(26, CAUSE_ECALL_U, GOTO_USER(user_work))
  CHECK_REG(a0, 0x1111111111111112)
  // after mret to M mode, M-mode CSRs work again
  TEST_NUM(27)
  csrr a0, mstatus
  TEST_PASS
TEST_END

  .text
user_ecall:
  ecall
  j user_ecall
user_csr:
  csrr a0, mstatus
  ecall
user_mret:
  mret
  ecall
user_ebreak:
  ebreak
  ecall
user_work:
  la a2, cells
  ld a0, 1(a2)
  addi a0, a0, 1
  ecall

  .data
  .p2align 3
cells:
  .dword 0, 0, 0, 0
