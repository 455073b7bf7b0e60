// Code and data at the edges the interpreter's decoded-instruction cache and
// DMI fast path care about: a 4-byte instruction straddling a 4 KiB page, a
// compressed instruction in a page's last halfword, branches, jumps and
// returns that leave a page and come back, writes of x0 by jal/jalr/lui/auipc,
// jalr with rd == rs1, and loads and stores in the last bytes of a RAM piece
// before the HTIF hole (outside the 8 bytes every fast access needs).
#include "npuvp_test.h"

TEST_BEGIN
  // 1: a 4-byte instruction straddling a page, entered first at itself
  // (nothing decoded there yet)
  TEST_CASE(1, a0, 5 + 8 + 16 + 32, li a0, 5; jal ra, straddle_insn)
  // 2: straight-line code that runs over the end of a page through it
  TEST_CASE(2, a0, 1 + 2 + 4 + 8 + 16 + 32, call straddle)
  // 3: a compressed instruction in the last halfword of a page
  TEST_CASE(3, a0, 1 + 2 + 1 + 64 + 128, call last_halfword)
  // 4: a loop whose body spans two pages; its backward branch leaves the
  // second page every iteration
  TEST_CASE(4, a0, 3 * 100, li a1, 100; call cross_loop)
  // 5: a branch forward to the next page and back
  TEST_CASE(5, a0, 7, call branch_over)
  // 6: x0 written by instructions that write rd reads back as zero
  TEST_NUM(6)
  .option push
  .option norvc
  lui x0, 0x12345
  auipc x0, 0x1
  jal x0, 1f
1:
  la t0, 2f
  jalr x0, 0(t0)
2:
  .option pop
  CHECK_REG(x0, 0)
  mv a0, x0
  CHECK_REG(a0, 0)
  // 7: jalr with rd == rs1 jumps to the old value and links the new one
  TEST_NUM(7)
  la t0, link_target
  .option push
  .option norvc
  jalr t0, 0(t0)
link_return:
  .option pop
  la t1, link_return
  CHECK_EQ(t0, t1)
  CHECK_REG(a0, 77)
  // 8: byte, halfword, word and doubleword accesses ending at the last byte
  // before tohost (the end of a RAM piece). The runtime aligns tohost and
  // fromhost to 64 bytes, fromhost first: the 8 bytes below tohost are
  // padding (checked here, so that the test never writes fromhost).
  TEST_NUM(8)
  la t0, tohost
  la t1, fromhost
  addi t1, t1, 16
  bltu t0, t1, npuvp_test_fail
  li t1, 0x0123456789abcdef
  sd t1, -8(t0)
  ld t2, -8(t0)
  CHECK_EQ(t1, t2)
  li t1, 0x5a
  sb t1, -1(t0)
  lbu t2, -1(t0)
  CHECK_REG(t2, 0x5a)
  lb t2, -8(t0)
  CHECK_REG(t2, -17)  // 0xef
  li t1, -2
  sh t1, -2(t0)
  lh t2, -2(t0)
  CHECK_REG(t2, -2)
  lhu t2, -2(t0)
  CHECK_REG(t2, 0xfffe)
  li t1, 0x80000001
  sw t1, -4(t0)
  lw t2, -4(t0)
  CHECK_REG(t2, -0x7fffffff)
  lwu t2, -4(t0)
  CHECK_REG(t2, 0x80000001)
  TEST_PASS
TEST_END

  // ---- code placed at page edges
  .text
  .option push
  .option norvc
link_target:
  li a0, 77
  jr t0

  .option rvc  // the padding may need a 2-byte nop
  .p2align 12
  .option norvc
page0:
  .fill (4096 - 8) / 4, 4, 0x00000013  // nop
straddle:  // page0 + 4088
  .option rvc
  c.li a0, 1
  c.addi a0, 2
  c.addi a0, 4
  .option norvc
straddle_insn:  // page0 + 4094: its upper half is on page1
  addi a0, a0, 8
  addi a0, a0, 16
  .option rvc
  c.addi a0, 31
  c.addi a0, 1
  .option norvc
  ret

  .option rvc  // the padding may need a 2-byte nop
  .p2align 12
  .option norvc
page2:
  .fill (4096 - 8) / 4, 4, 0x00000013
last_halfword:  // page2 + 4088
  li a0, 1
  .option rvc
  c.addi a0, 2  // page2 + 4092
  c.addi a0, 1  // page2 + 4094: the page's last halfword
  .option norvc
  addi a0, a0, 64
  addi a0, a0, 128
  ret

  .option rvc  // the padding may need a 2-byte nop
  .p2align 12
  .option norvc
page4:
  .fill (4096 - 8) / 4, 4, 0x00000013
cross_loop:  // page4 + 4088: a0 = 3 * a1
  li a0, 0
1:
  addi a0, a0, 3  // page4 + 4092
  addi a1, a1, -1  // page5 + 0
  bnez a1, 1b
  ret

  .option rvc  // the padding may need a 2-byte nop
  .p2align 12
  .option norvc
page6:
  .fill (4096 - 16) / 4, 4, 0x00000013
1:  // page6 + 4080
  addi a0, a0, 4
  ret
branch_over:  // page6 + 4088
  li a0, 1
  j 2f  // forward to page7, past its first slots
  .fill 16, 4, 0x00000013
2:
  addi a0, a0, 2
  j 1b  // back to page6
  .option pop
