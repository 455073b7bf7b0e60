// Zifencei: code written by stores runs after fence.i, both when the program
// patches an instruction it has already executed and when it copies a
// function to a buffer and calls it (unprivileged spec, ch. 3).
#include "npuvp_test.h"

// addi a0, zero, imm
#define ADDI_A0(imm) (((imm) << 20) | (10 << 7) | 0x13)

TEST_BEGIN
  // run the target once so that any decoded copy of it exists
  TEST_CASE(1, a0, 1, call patched)
  // patch its first instruction and run it again
  TEST_NUM(2)
  la a1, patched
  li a2, ADDI_A0(2)
  sw a2, 0(a1)
  fence.i
  call patched
  CHECK_REG(a0, 2)
  // patch inside a loop: each pass runs the value stored by the previous one
  TEST_NUM(3)
  li s1, 0
  li s2, 3
1:
  call patched
  add s1, s1, a0
  addi a2, a0, 1
  slli a2, a2, 20
  li a3, (10 << 7) | 0x13
  or a2, a2, a3
  la a1, patched
  sw a2, 0(a1)
  fence.i
  addi s2, s2, -1
  bnez s2, 1b
  CHECK_REG(s1, 2 + 3 + 4)
  // copy a function into a data buffer and call it there
  TEST_NUM(4)
  la a1, template
  la a2, buffer
  lw a3, 0(a1)
  sw a3, 0(a2)
  lw a3, 4(a1)
  sw a3, 4(a2)
  fence.i
  li a0, 20
  jalr a2
  CHECK_REG(a0, 62)
  // overwrite the copy with another function and call it again
  TEST_NUM(5)
  la a1, template2
  la a2, buffer
  lw a3, 0(a1)
  sw a3, 0(a2)
  fence.i
  li a0, 20
  jalr a2
  CHECK_REG(a0, 17)
  TEST_PASS
TEST_END

  .text
  .p2align 2
  .option push
  .option norvc
patched:
  addi a0, zero, 1
  ret
template:
  addi a0, a0, 42
  ret
template2:
  addi a0, a0, -3
  .option pop

  .data
  .p2align 3
buffer:
  .word 0, 0, 0, 0
