// Writes 16 words into its signature region and exits with 0:
//   word i = ((i + 1) * 0x9e3779b9 mod 2^32) xor (i << 24)
// The test computes the same words on the host to write the reference.
#include "npuvp_test.h"

TEST_BEGIN
  la t0, begin_signature
  li t1, 0
  li t2, 16
  li t3, 0x9e3779b9
1:
  addi t4, t1, 1
  mulw t4, t4, t3
  slli t5, t1, 24
  xor t4, t4, t5
  sw t4, 0(t0)
  addi t0, t0, 4
  addi t1, t1, 1
  blt t1, t2, 1b
TEST_PASS
TEST_END

  .p2align 4
  .globl begin_signature
begin_signature:
  .fill 16, 4, 0xdeadbeef
  .globl end_signature
end_signature:
