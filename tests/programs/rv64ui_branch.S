// RV64I control transfer: conditional branches taken and not taken, jal and
// jalr (link value, target with bit 0 cleared), loops (backward branches).
#include "npuvp_test.h"

// Test n: `br a1, a2` with the given operands must be taken.
#define TEST_TAKEN(n, br, v1, v2) \
  TEST_NUM(n)                     \
  li a1, v1;                      \
  li a2, v2;                      \
  br a1, a2, 1f;                  \
  j npuvp_test_fail;              \
  1:

// Test n: `br a1, a2` must fall through.
#define TEST_NOT_TAKEN(n, br, v1, v2) \
  TEST_NUM(n)                         \
  li a1, v1;                          \
  li a2, v2;                          \
  br a1, a2, npuvp_test_fail;

TEST_BEGIN
  TEST_TAKEN( 1, beq, 5, 5)
  TEST_NOT_TAKEN( 2, beq, 5, 6)
  TEST_TAKEN( 3, bne, 0, 0x8000000000000000)
  TEST_NOT_TAKEN( 4, bne, -1, -1)
  TEST_TAKEN( 5, blt, -1, 0)
  TEST_NOT_TAKEN( 6, blt, 0, -1)
  TEST_NOT_TAKEN( 7, blt, 3, 3)
  TEST_TAKEN( 8, blt, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_TAKEN( 9, bge, 3, 3)
  TEST_TAKEN(10, bge, 0, -1)
  TEST_NOT_TAKEN(11, bge, -2, -1)
  TEST_TAKEN(12, bltu, 0, -1)
  TEST_NOT_TAKEN(13, bltu, -1, 0)
  TEST_NOT_TAKEN(14, bltu, 7, 7)
  TEST_TAKEN(15, bgeu, -1, 0)
  TEST_TAKEN(16, bgeu, 7, 7)
  TEST_NOT_TAKEN(17, bgeu, 0x7fffffffffffffff, 0x8000000000000000)
  // The comparison uses all 64 bits.
  TEST_NOT_TAKEN(18, beq, 0x100000000, 0)
  TEST_TAKEN(19, blt, 0xffffffff00000000, 0)

  // Backward branch: a loop of 10 iterations.
  TEST_CASE(20, a0, 55, li a0, 0; li a1, 10; 1: add a0, a0, a1; addi a1, a1, -1; bnez a1, 1b)

  // jal links the address of the next instruction.
  TEST_NUM(21)
  jal ra, 2f
3:
  j npuvp_test_fail
2:
  la a1, 3b
  CHECK_EQ(ra, a1)

  // jal with rd = x0 does not link.
  TEST_NUM(22)
  li a0, 0
  jal zero, 4f
  li a0, 1
4:
  CHECK_REG(a0, 0)

  // jalr: target = (rs1 + imm) & ~1, link = pc + 4.
  TEST_NUM(23)
  la a1, 5f
  addi a1, a1, -3          // odd base; +4 below makes it 5f + 1
  jalr t0, 4(a1)
6:
  j npuvp_test_fail
5:
  la a2, 6b
  CHECK_EQ(t0, a2)

  // jalr with rd == rs1: the target uses the old value.
  TEST_NUM(24)
  la t1, 7f
  jalr t1, 0(t1)
8:
  j npuvp_test_fail
7:
  la a2, 8b
  CHECK_EQ(t1, a2)

  // Calls and returns through a small function.
  TEST_CASE(25, a0, 42, li a0, 40; call add_two)

  // A taken branch must not execute the instruction after it.
  TEST_CASE(26, a0, 1, li a0, 1; beqz zero, 9f; li a0, 2; 9: nop)

  // Branch with the largest backward and forward offsets reachable here.
  TEST_NUM(27)
  j 10f
11:
  j 12f
10:
  .rept 1000
  nop
  .endr
  j 11b
12:
  TEST_PASS
TEST_END

  .text
add_two:
  addi a0, a0, 2
  ret
