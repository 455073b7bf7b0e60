// RV64A load-reserved / store-conditional: a store-conditional succeeds (rd = 0)
// only with a reservation from an LR to the same address, consumes it, and
// fails (rd != 0, memory unchanged) otherwise; LR.W sign-extends.
#include "npuvp_test.h"

TEST_BEGIN
  la s0, cell
  // LR/SC pair succeeds
  TEST_NUM(1)
  li a1, 0x1234
  sd a1, 0(s0)
  lr.d a0, (s0)
  CHECK_REG(a0, 0x1234)
  addi a0, a0, 1
  sc.d a2, a0, (s0)
  CHECK_REG(a2, 0)
  ld a3, 0(s0)
  CHECK_REG(a3, 0x1235)
  // a second SC without a new LR fails and leaves memory alone
  TEST_NUM(2)
  li a0, 0x9999
  sc.d a2, a0, (s0)
  beqz a2, npuvp_test_fail
  ld a3, 0(s0)
  CHECK_REG(a3, 0x1235)
  // SC to an address outside the reservation set (another 256-byte block) fails
  TEST_NUM(3)
  lr.d a0, (s0)
  li a0, 0x7777
  la s1, far_cell
  sc.d a2, a0, (s1)
  beqz a2, npuvp_test_fail
  ld a3, 0(s1)
  CHECK_REG(a3, 0)
  // SC after another SC in between (the reservation is gone)
  TEST_NUM(4)
  lr.d a0, (s0)
  sc.d a2, a0, (s0)
  CHECK_REG(a2, 0)
  sc.d a2, a0, (s0)
  beqz a2, npuvp_test_fail
  // LR.W sign-extends; SC.W writes only its word
  TEST_NUM(5)
  li a1, 0x5555555580000000
  sd a1, 0(s0)
  lr.w a0, (s0)
  CHECK_REG(a0, 0xffffffff80000000)
  li a0, 0x0badcafe
  sc.w a2, a0, (s0)
  CHECK_REG(a2, 0)
  ld a3, 0(s0)
  CHECK_REG(a3, 0x555555550badcafe)
  // an atomic increment loop: 100 iterations of lr/add/sc
  TEST_NUM(6)
  sd zero, 0(s0)
  li a4, 100
1:
  lr.d.aq a0, (s0)
  addi a0, a0, 3
  sc.d.rl a2, a0, (s0)
  bnez a2, 1b
  addi a4, a4, -1
  bnez a4, 1b
  ld a3, 0(s0)
  CHECK_REG(a3, 300)
  // LR.W / SC.W on the upper word of a doubleword
  TEST_NUM(7)
  li a1, 0x0000000a0000000b
  sd a1, 0(s0)
  addi a5, s0, 4
  lr.w a0, (a5)
  CHECK_REG(a0, 10)
  addi a0, a0, 5
  sc.w a2, a0, (a5)
  CHECK_REG(a2, 0)
  ld a3, 0(s0)
  CHECK_REG(a3, 0x0000000f0000000b)
  TEST_PASS
TEST_END

  .p2align 3
cell:
  .dword 0
  .dword 0
  .p2align 8
  .skip 256
far_cell:
  .dword 0
