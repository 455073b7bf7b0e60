// RV64C: every compressed instruction of RV64GC, written with its c. name so
// the assembler must emit the 16-bit form; results as for the expanded
// instruction (unprivileged spec, ch. 16), including jump links of pc + 2.
#include "npuvp_test.h"

TEST_BEGIN
  TEST_CASE( 1, a0, -32, c.li a0, -32)
  TEST_CASE( 2, a0, 31, c.li a0, 31)
  TEST_CASE( 3, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)    // nzimm = -32 << 12
  TEST_CASE( 4, a0, 0x000000000001f000, c.lui a0, 0x1f)
  TEST_CASE( 5, a0, 9, c.li a0, 10; c.addi a0, -1)
  TEST_CASE( 6, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
  TEST_CASE( 7, a0, 0x0000000012345678, li a0, 0xffffffff12345678; c.addiw a0, 0)  // sext.w
  // c.addi16sp / c.addi4spn work on sp
  TEST_NUM(8)
  mv s1, sp
  c.addi16sp sp, -64
  sub a0, s1, sp
  CHECK_REG(a0, 64)
  c.addi4spn a1, sp, 1020
  sub a0, a1, sp
  CHECK_REG(a0, 1020)
  c.addi16sp sp, 496
  sub a0, sp, s1
  CHECK_REG(a0, 432)
  mv sp, s1
  TEST_CASE( 9, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
  TEST_CASE(10, a0, 0x0000000000000001, li a0, 0x8000000000000000; c.srli a0, 63)
  TEST_CASE(11, a0, 0xfffffffffffffff0, li a0, 0x8000000000000000; c.srai a0, 59)
  TEST_CASE(12, a0, 0x0000000000000010, li a0, 0xf0; c.andi a0, 0x1f)
  TEST_CASE(13, a0, 0x00000000000000f0, li a0, 0xf0; c.andi a0, -16)
  TEST_CASE(14, a0, 1234, li a1, 1234; c.mv a0, a1)
  TEST_CASE(15, a0, 30, li a0, 10; li a1, 20; c.add a0, a1)
  TEST_CASE(16, a0, 0x0c, li a0, 0x0f; li a1, 0x3c; c.and a0, a1)
  TEST_CASE(17, a0, 0x3f, li a0, 0x0f; li a1, 0x3c; c.or a0, a1)
  TEST_CASE(18, a0, 0x33, li a0, 0x0f; li a1, 0x3c; c.xor a0, a1)
  TEST_CASE(19, a0, -10, li a0, 10; li a1, 20; c.sub a0, a1)
  TEST_CASE(20, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 1; c.addw a0, a1)
  TEST_CASE(21, a0, 0x000000007fffffff, li a0, 0x80000000; li a1, 1; c.subw a0, a1)
  // loads and stores, register-based and sp-based
  la s0, data
  TEST_CASE(22, a0, 0xffffffff89abcdef, c.lw a0, 0(s0))
  TEST_CASE(23, a0, 0x0123456789abcdef, c.ld a0, 0(s0))
  TEST_CASE(24, a0, 0x0000000055aa55aa, li a1, 0x55aa55aa; c.sw a1, 8(s0); lwu a0, 8(s0))
  TEST_CASE(25, a0, 0x1122334455667788, li a1, 0x1122334455667788; c.sd a1, 16(s0); ld a0, 16(s0))
  TEST_NUM(26)
  mv s1, sp
  mv sp, s0
  li a1, 0x0000000076543210
  c.swsp a1, 24(sp)
  c.lwsp a2, 24(sp)
  li a1, 0xfedcba9876543210
  c.sdsp a1, 32(sp)
  c.ldsp a3, 32(sp)
  fmv.d.x f8, a1
  c.fsdsp f8, 40(sp)
  c.fldsp f9, 40(sp)
  mv sp, s1
  CHECK_REG(a2, 0x76543210)
  CHECK_REG(a3, 0xfedcba9876543210)
  fmv.x.d a0, f9
  CHECK_REG(a0, 0xfedcba9876543210)
  TEST_NUM(27)
  li a1, 0x400921fb54442d18
  fmv.d.x f10, a1
  c.fsd f10, 48(s0)
  c.fld f11, 48(s0)
  fmv.x.d a0, f11
  CHECK_REG(a0, 0x400921fb54442d18)
  // control transfer: c.j, c.beqz, c.bnez, c.jr, c.jalr (link = pc + 2)
  TEST_NUM(28)
  c.j 1f
  j npuvp_test_fail
1:
  li a0, 0
  c.beqz a0, 2f
  j npuvp_test_fail
2:
  li a0, 1
  c.beqz a0, npuvp_test_fail_near
  c.bnez a0, 3f
  j npuvp_test_fail
3:
  la a1, 4f
  c.jr a1
  j npuvp_test_fail
4:
  TEST_NUM(29)
  la a1, 6f
  c.jalr a1
5:
  j npuvp_test_fail
6:
  la a2, 5b
  CHECK_EQ(ra, a2)
  // a 16-bit instruction followed by a 32-bit one at a 2-byte boundary
  TEST_NUM(30)
  c.li a0, 3
  addi a0, a0, 4
  c.nop
  addi a0, a0, 5
  CHECK_REG(a0, 12)
  TEST_PASS
npuvp_test_fail_near:
  j npuvp_test_fail
TEST_END

  .p2align 3
data:
  .dword 0x0123456789abcdef
  .dword 0, 0, 0, 0, 0, 0, 0
