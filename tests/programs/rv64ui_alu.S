// RV64I register-register and register-immediate arithmetic, logic, shifts,
// comparisons, lui/auipc, and writes to x0 (RISC-V unprivileged spec, ch. 2 and 5).
#include "npuvp_test.h"

TEST_BEGIN
  // add / addi / sub: wrap around modulo 2^64
  TEST_CASE( 1, a0, 0x0000000000000005, li a1, 2; li a2, 3; add a0, a1, a2)
  TEST_CASE( 2, a0, 0x0000000000000000, li a1, -1; li a2, 1; add a0, a1, a2)
  TEST_CASE( 3, a0, 0x8000000000000000, li a1, 0x7fffffffffffffff; li a2, 1; add a0, a1, a2)
  TEST_CASE( 4, a0, 0xfffffffffffff800, li a1, 0; addi a0, a1, -2048)
  TEST_CASE( 5, a0, 0x00000000000007ff, li a1, 0; addi a0, a1, 2047)
  TEST_CASE( 6, a0, 0xffffffffffffffff, li a1, 0; li a2, 1; sub a0, a1, a2)
  TEST_CASE( 7, a0, 0x7fffffffffffffff, li a1, 0x8000000000000000; li a2, 1; sub a0, a1, a2)
  // 32-bit forms: result is the low 32 bits sign-extended
  TEST_CASE( 8, a0, 0xffffffff80000000, li a1, 0x7fffffff; li a2, 1; addw a0, a1, a2)
  TEST_CASE( 9, a0, 0x0000000000000000, li a1, 0x1ffffffff; addiw a0, a1, 1)
  TEST_CASE(10, a0, 0x0000000012345678, li a1, 0xabcdef0012345678; addiw a0, a1, 0)
  TEST_CASE(11, a0, 0xffffffff80000000, li a1, 0x123456780000000; sext.w a0, a1)
  TEST_CASE(12, a0, 0x000000007fffffff, li a1, 0x80000000; li a2, 1; subw a0, a1, a2)
  TEST_CASE(13, a0, 0xffffffffffffffff, li a1, 0; li a2, 1; subw a0, a1, a2)
  // logic
  TEST_CASE(14, a0, 0x0f000f000f000f00, li a1, 0xff00ff00ff00ff00; li a2, 0x0f0f0f0f0f0f0f0f; and a0, a1, a2)
  TEST_CASE(15, a0, 0xff0fff0fff0fff0f, li a1, 0xff00ff00ff00ff00; li a2, 0x0f0f0f0f0f0f0f0f; or a0, a1, a2)
  TEST_CASE(16, a0, 0xf00ff00ff00ff00f, li a1, 0xff00ff00ff00ff00; li a2, 0x0f0f0f0f0f0f0f0f; xor a0, a1, a2)
  TEST_CASE(17, a0, 0xff00ff00ff00ff00, li a1, 0xff00ff00ff00ff00; andi a0, a1, -1)
  TEST_CASE(18, a0, 0x0000000000000700, li a1, 0xff00ff00ff00ff00; andi a0, a1, 0x7ff)
  TEST_CASE(19, a0, 0xfffffffffffff80f, li a1, 0x000000000000000f; ori a0, a1, -2048)
  TEST_CASE(20, a0, 0x00ff00ff00ff00ff, li a1, 0xff00ff00ff00ff00; xori a0, a1, -1)
  TEST_CASE(21, a0, 0xff00ff00ff00f8ff, li a1, 0xff00ff00ff00ff00; xori a0, a1, 0x7ff)
  // shifts: RV64 uses 6 bits of the amount, the W forms 5
  TEST_CASE(22, a0, 0x8000000000000000, li a1, 1; li a2, 63; sll a0, a1, a2)
  TEST_CASE(23, a0, 0x0000000000000002, li a1, 1; li a2, 65; sll a0, a1, a2)
  TEST_CASE(24, a0, 0x0000000000000001, li a1, 0x8000000000000000; li a2, 63; srl a0, a1, a2)
  TEST_CASE(25, a0, 0xffffffffffffffff, li a1, 0x8000000000000000; li a2, 63; sra a0, a1, a2)
  TEST_CASE(26, a0, 0xc000000000000000, li a1, 0x8000000000000000; li a2, 0x41; sra a0, a1, a2)
  TEST_CASE(27, a0, 0x0000001000000000, li a1, 1; slli a0, a1, 36)
  TEST_CASE(28, a0, 0x00000000f0000000, li a1, 0xf000000000000000; srli a0, a1, 32)
  TEST_CASE(29, a0, 0xfffffffff0000000, li a1, 0xf000000000000000; srai a0, a1, 32)
  TEST_CASE(30, a0, 0xffffffff80000000, li a1, 1; li a2, 31; sllw a0, a1, a2)
  TEST_CASE(31, a0, 0x0000000000000002, li a1, 1; li a2, 33; sllw a0, a1, a2)
  TEST_CASE(32, a0, 0x0000000000000001, li a1, 0xffffffff80000000; li a2, 31; srlw a0, a1, a2)
  TEST_CASE(33, a0, 0x000000007fffffff, li a1, 0x12345678ffffffff; li a2, 33; srlw a0, a1, a2)
  TEST_CASE(34, a0, 0xffffffffffffffff, li a1, 0x0000000080000000; li a2, 31; sraw a0, a1, a2)
  TEST_CASE(35, a0, 0xfffffffff8000000, li a1, 0x0000000080000000; sraiw a0, a1, 4)
  TEST_CASE(36, a0, 0xffffffff80000000, li a1, 0x0000000000000001; slliw a0, a1, 31)
  TEST_CASE(37, a0, 0x0000000000ffffff, li a1, 0xffffffffffffffff; srliw a0, a1, 8)
  TEST_CASE(38, a0, 0x0000000000000000, li a1, 0x1234567800000000; slliw a0, a1, 0)
  // comparisons
  TEST_CASE(39, a0, 1, li a1, -1; li a2, 0; slt a0, a1, a2)
  TEST_CASE(40, a0, 0, li a1, -1; li a2, 0; sltu a0, a1, a2)
  TEST_CASE(41, a0, 0, li a1, 5; li a2, 5; slt a0, a1, a2)
  TEST_CASE(42, a0, 1, li a1, 0x7fffffffffffffff; li a2, 0x8000000000000000; sltu a0, a1, a2)
  TEST_CASE(43, a0, 1, li a1, -2048; slti a0, a1, -2047)
  TEST_CASE(44, a0, 0, li a1, 2047; slti a0, a1, 2047)
  // sltiu sign-extends the immediate, then compares unsigned
  TEST_CASE(45, a0, 1, li a1, 0xfffffffffffffffe; sltiu a0, a1, -1)
  TEST_CASE(46, a0, 1, li a1, 0; sltiu a0, a1, 1)
  TEST_CASE(47, a0, 0, li a1, 1; sltiu a0, a1, 1)
  // lui: 20-bit immediate << 12, sign-extended from bit 31
  TEST_CASE(48, a0, 0xffffffff80000000, lui a0, 0x80000)
  TEST_CASE(49, a0, 0x000000007ffff000, lui a0, 0x7ffff)
  TEST_CASE(50, a0, 0xfffffffffffff000, lui a0, 0xfffff)
  // auipc: pc + (imm << 12); compare against the address of a label
  TEST_NUM(51)
  1: auipc a0, 0
  la a1, 1b
  CHECK_EQ(a0, a1)
  TEST_NUM(52)
  2: auipc a0, 0x1
  la a1, 2b
  li a2, 0x1000
  add a1, a1, a2
  CHECK_EQ(a0, a1)
  TEST_NUM(53)
  3: auipc a0, 0xfffff
  la a1, 3b
  addi a1, a1, -2048
  addi a1, a1, -2048
  CHECK_EQ(a0, a1)
  // x0 stays zero whatever is written to it
  TEST_CASE(54, a0, 0, li a1, 7; add zero, a1, a1; addi zero, zero, 5; mv a0, zero)
  TEST_CASE(55, a0, 0, lui zero, 0x12345; mv a0, x0)
  // source and destination the same register
  TEST_CASE(56, a1, 26, li a1, 13; add a1, a1, a1)
  TEST_CASE(57, a1, 0, li a1, 13; sub a1, a1, a1)
  TEST_CASE(58, a1, 0x1a000, li a1, 13; sll a1, a1, a1)
  TEST_PASS
TEST_END
