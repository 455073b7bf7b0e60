// RV64A atomic memory operations: each AMO returns the old value (the W forms
// sign-extended) and stores op(old, rs2); W forms touch only their word.
// Orderings (.aq/.rl) do not change the result (unprivileged spec, ch. 8).
#include "npuvp_test.h"

// Test n: memory at s0 starts as `init`, `amo a0, a2, (s0)` with a2 = src;
// checks the old value returned in a0 and the doubleword left in memory.
#define TEST_AMO(n, amo, init, src, old_expected, mem_expected) \
  TEST_NUM(n)                                                 \
  li a1, init;                                                \
  sd a1, 0(s0);                                               \
  li a2, src;                                                 \
  amo a0, a2, (s0);                                           \
  CHECK_REG(a0, old_expected)                                 \
  ld a3, 0(s0);                                               \
  CHECK_REG(a3, mem_expected)

TEST_BEGIN
  la s0, cell
  TEST_AMO( 1, amoswap.d, 0x1111111122222222, 0x3333333344444444, 0x1111111122222222, 0x3333333344444444)
  TEST_AMO( 2, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO( 3, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
  TEST_AMO( 4, amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
  TEST_AMO( 5, amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
  TEST_AMO( 6, amomin.d, -5, 3, -5, -5)
  TEST_AMO( 7, amomin.d, 5, -3, 5, -3)
  TEST_AMO( 8, amomax.d, -5, 3, -5, 3)
  TEST_AMO( 9, amominu.d, -5, 3, -5, 3)
  TEST_AMO(10, amomaxu.d, -5, 3, -5, -5)
  TEST_AMO(11, amomaxu.d.aqrl, 1, 2, 1, 2)
  // W forms: the upper word of the doubleword is untouched
  TEST_AMO(12, amoswap.w, 0xaaaaaaaa80000000, 0x12345678, 0xffffffff80000000, 0xaaaaaaaa12345678)
  TEST_AMO(13, amoadd.w, 0xaaaaaaaaffffffff, 1, 0xffffffffffffffff, 0xaaaaaaaa00000000)
  TEST_AMO(14, amoadd.w, 0x000000007fffffff, 0x100000001, 0x000000007fffffff, 0x0000000080000000)
  TEST_AMO(15, amoand.w, 0x55555555f0f0f0f0, 0xffffffff0ff00ff0, 0xfffffffff0f0f0f0, 0x5555555500f000f0)
  TEST_AMO(16, amoor.w, 0x5555555500000001, 0x80000000, 0x0000000000000001, 0x5555555580000001)
  TEST_AMO(17, amoxor.w, 0x55555555ffffffff, 0x0000ffff, 0xffffffffffffffff, 0x55555555ffff0000)
  TEST_AMO(18, amomin.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x0000000080000000)
  TEST_AMO(19, amomax.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff)
  TEST_AMO(20, amominu.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff)
  TEST_AMO(21, amomaxu.w, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x0000000080000000)
  // the comparisons of the W forms ignore the upper half of rs2
  TEST_AMO(22, amomin.w, 0x0000000000000005, 0x00000001fffffffd, 5, 0xfffffffd)
  // the upper word, addressed on its own (address + 4)
  TEST_NUM(23)
  li a1, 0x0000000700000009
  sd a1, 0(s0)
  li a2, 10
  addi a4, s0, 4
  amoadd.w a0, a2, (a4)
  CHECK_REG(a0, 7)
  ld a3, 0(s0)
  CHECK_REG(a3, 0x0000001100000009)
  // rd = x0 discards the old value but still writes memory
  TEST_NUM(24)
  li a1, 40
  sd a1, 0(s0)
  li a2, 2
  amoadd.d zero, a2, (s0)
  ld a3, 0(s0)
  CHECK_REG(a3, 42)
  // rd == rs2: the old value is returned, the store used the source
  TEST_NUM(25)
  li a1, 100
  sd a1, 0(s0)
  li a2, 5
  amoadd.d a2, a2, (s0)
  CHECK_REG(a2, 100)
  ld a3, 0(s0)
  CHECK_REG(a3, 105)
  TEST_PASS
TEST_END

  .p2align 3
cell:
  .dword 0
  .dword 0
