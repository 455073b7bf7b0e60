// Zicsr and the machine-mode CSRs of an RV64GC hart with M and U modes:
// read-modify-write semantics of the six CSR instructions, misa, mhartid,
// WARL fields of mstatus/mtvec/mepc/mie, read-only and missing CSRs
// (illegal instruction), and mstatus.FS gating the FPU (privileged spec ch. 3).
#include "npuvp_test.h"

#define CAUSE_ILLEGAL 2

TEST_BEGIN
  TEST_TRAP_INSTALL
  // csrrw / csrrs / csrrc return the old value and write the new one
  TEST_CASE( 1, a0, 0x1234, li a1, 0x1234; csrw mscratch, a1; csrr a0, mscratch)
  TEST_CASE( 2, a0, 0x1234, li a1, 0xff00; csrrw a0, mscratch, a1)
  TEST_CASE( 3, a0, 0xff00, li a1, 0x00ff; csrrs a0, mscratch, a1)
  TEST_CASE( 4, a0, 0xffff, li a1, 0x0ff0; csrrc a0, mscratch, a1)
  TEST_CASE( 5, a0, 0xf00f, csrr a0, mscratch)
  // immediate forms: a 5-bit zero-extended immediate
  TEST_CASE( 6, a0, 0xf00f, csrrwi a0, mscratch, 31)
  TEST_CASE( 7, a0, 31, csrrci a0, mscratch, 0x15)
  TEST_CASE( 8, a0, 0x0a, csrrsi a0, mscratch, 0x10)
  TEST_CASE( 9, a0, 0x1a, csrr a0, mscratch)
  // all 64 bits of mscratch
  TEST_CASE(10, a0, 0x8000000000000001, li a1, 0x8000000000000001; csrw mscratch, a1; csrr a0, mscratch)
  // rd == rs1: the old value lands in rd, the new one in the CSR
  TEST_NUM(11)
  li a1, 7
  csrw mscratch, a1
  li a0, 9
  csrrw a0, mscratch, a0
  CHECK_REG(a0, 7)
  csrr a0, mscratch
  CHECK_REG(a0, 9)
  // misa: MXL = 2 (64-bit) and the extensions I M A F D C U, no S
  TEST_NUM(12)
  csrr a0, misa
  srli a1, a0, 62
  CHECK_REG(a1, 2)
  li a2, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)
  and a1, a0, a2
  CHECK_REG(a1, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 20))
  TEST_CASE(13, a0, 0, csrr a0, mhartid)
  // the identification CSRs can be read
  TEST_NUM(14)
  csrr a0, mvendorid
  csrr a0, marchid
  csrr a0, mimpid
  // writing a read-only CSR is illegal, even with rd = x0 or when csrrs sets bits
  TEST_TRAP(15, CAUSE_ILLEGAL, csrw mhartid, zero)
  TEST_TRAP(16, CAUSE_ILLEGAL, li a1, 1; csrrs a0, mvendorid, a1)
  TEST_NUM(17)                  // csrrs with rs1 = x0 only reads: no trap
  li s2, -1
  csrrs a0, mhartid, zero
  csrrsi a0, mhartid, 0
  CHECK_REG(s2, -1)
  // CSRs of S mode do not exist on this hart
  TEST_TRAP(18, CAUSE_ILLEGAL, csrr a0, sstatus)
  TEST_TRAP(19, CAUSE_ILLEGAL, csrr a0, satp)
  TEST_TRAP(20, CAUSE_ILLEGAL, csrr a0, stvec)
  // mtval reports the instruction bits of the illegal instruction
  TEST_NUM(21)
  la s10, 1f
2:
  csrr a0, sscratch
  j npuvp_test_fail
1:
  CHECK_REG(s2, CAUSE_ILLEGAL)
  la a1, 2b
  CHECK_EQ(s3, a1)
  lwu a2, 0(a1)
  CHECK_EQ(s4, a2)
  // mstatus.MPP holds only M (3) or U (0)
  TEST_NUM(22)
  li a1, 0x1800
  csrc mstatus, a1
  csrr a0, mstatus
  and a0, a0, a1
  CHECK_REG(a0, 0)
  csrs mstatus, a1
  csrr a0, mstatus
  and a0, a0, a1
  CHECK_REG(a0, 0x1800)
  TEST_NUM(23)                  // MPP = S (1) is not a legal value
  li a2, 0x0800
  csrc mstatus, a1
  csrs mstatus, a2
  csrr a0, mstatus
  and a0, a0, a1
  beq a0, a2, npuvp_test_fail
  li a1, 0x1800
  csrs mstatus, a1
  // mstatus.FS: Dirty after an FP write, SD summarises it; FS = Off makes FP illegal
  TEST_NUM(24)
  li a1, 0x6000
  csrc mstatus, a1
  li a2, 0x2000                 // Initial
  csrs mstatus, a2
  fmv.w.x f1, zero              // writes an f register: FS becomes Dirty
  csrr a0, mstatus
  and a3, a0, a1
  CHECK_REG(a3, 0x6000)
  srli a0, a0, 63
  CHECK_REG(a0, 1)
  TEST_NUM(25)
  li a1, 0x6000
  csrc mstatus, a1
  csrr a0, mstatus
  srli a0, a0, 63
  CHECK_REG(a0, 0)              // SD clear when FS = Off
  TEST_TRAP(26, CAUSE_ILLEGAL, fadd.s f1, f2, f3)
  TEST_TRAP(27, CAUSE_ILLEGAL, csrr a0, fflags)
  TEST_TRAP(28, CAUSE_ILLEGAL, fld f1, 0(sp))
  TEST_NUM(29)
  li a1, 0x2000
  csrs mstatus, a1              // FPU back on
  csrr a0, fcsr
  // mtvec: direct and vectored modes read back; mepc bit 0 is always zero
  TEST_NUM(30)
  csrr s7, mtvec
  la a1, aligned_vector
  csrw mtvec, a1
  csrr a0, mtvec
  CHECK_EQ(a0, a1)
  ori a1, a1, 1
  csrw mtvec, a1
  csrr a0, mtvec
  CHECK_EQ(a0, a1)
  csrw mtvec, s7
  TEST_CASE(31, a0, 0x80001236, li a1, 0x80001237; csrw mepc, a1; csrr a0, mepc)
  // mie: MSIE, MTIE, MEIE are writable; the S-mode bits are zero without S mode
  TEST_NUM(32)
  li a1, -1
  csrw mie, a1
  csrr a0, mie
  li a2, 0xffff
  and a0, a0, a2
  CHECK_REG(a0, 0x888)
  csrw mie, zero
  TEST_CASE(33, a0, 0, csrr a0, mie)
  // mcause and mtval are plain read/write registers for software
  TEST_CASE(34, a0, 0x123456789, li a1, 0x123456789; csrw mtval, a1; csrr a0, mtval)
  TEST_CASE(35, a0, 0x8000000000000007, li a1, 0x8000000000000007; csrw mcause, a1; csrr a0, mcause)
  TEST_PASS
TEST_END

  .text
  .p2align 8
aligned_vector:
  j npuvp_test_fail
