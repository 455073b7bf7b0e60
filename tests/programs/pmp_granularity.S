// PMP granularity G >= 1 (run with a preset that sets /cpu/pmp/granularity):
// pmpaddr bit G-1 reads zero while its entry is OFF or TOR and as written
// under NAPOT, where bits G-2..0 read one; the stored bit survives mode
// changes, and a read-modify-write (csrs/csrc) under OFF stores what it read.
// NA4 is not selectable. Software finds G by writing all ones with the entry
// OFF: the lowest set bit read back is bit G.
#include "npuvp_test.h"

#define A_MASK (3 << 3)
#define TOR   (1 << 3)
#define NA4   (2 << 3)
#define NAPOT (3 << 3)

TEST_BEGIN
  csrw pmpcfg0, zero                     // entry 0 OFF
  li t0, -1
  csrw pmpaddr0, t0
  csrr a0, pmpaddr0
  TEST_NUM(1)
  neg t1, a0
  and s0, a0, t1                         // s0: bit G
  srli s1, s0, 1                         // s1: bit G-1
  beqz s1, npuvp_test_fail               // G = 0: this program needs G >= 1
  TEST_NUM(2)                            // everything above bit G reads as written
  addi t1, s0, -1
  not t1, t1
  li t2, 0x003fffffffffffff
  and t1, t1, t2
  CHECK_EQ(a0, t1)

  TEST_NUM(3)                            // NAPOT: bit G-1 as stored (1), below it ones
  csrs pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  CHECK_REG(a0, 0x003fffffffffffff)
  TEST_NUM(4)                            // clear bit G-1 under NAPOT: reads 0
  csrc pmpaddr0, s1
  csrr a0, pmpaddr0
  and a1, a0, s1
  bnez a1, npuvp_test_fail
  addi t1, s1, -1                        // bits G-2..0 still read one
  and a1, a0, t1
  CHECK_EQ(a1, t1)
  TEST_NUM(5)
  csrs pmpaddr0, s1
  csrr a0, pmpaddr0
  and a1, a0, s1
  beqz a1, npuvp_test_fail
  TEST_NUM(6)                            // OFF: reads 0, bits below too
  csrc pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  addi t1, s0, -1
  and a1, a0, t1
  bnez a1, npuvp_test_fail
  TEST_NUM(7)                            // back to NAPOT: the 1 is still there
  csrs pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  and a1, a0, s1
  beqz a1, npuvp_test_fail
  TEST_NUM(8)                            // TOR hides it like OFF
  csrc pmpcfg0, A_MASK
  csrs pmpcfg0, TOR
  csrr a0, pmpaddr0
  and a1, a0, s1
  bnez a1, npuvp_test_fail
  csrc pmpcfg0, A_MASK

  TEST_NUM(9)                            // written while hidden: kept
  csrs pmpcfg0, A_MASK
  csrc pmpaddr0, s1
  csrc pmpcfg0, A_MASK
  csrs pmpaddr0, s1
  csrs pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  and a1, a0, s1
  beqz a1, npuvp_test_fail
  TEST_NUM(10)                           // csrs/csrc with x0 do not write
  csrc pmpcfg0, A_MASK
  csrs pmpaddr0, zero
  csrc pmpaddr0, zero
  csrs pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  and a1, a0, s1
  beqz a1, npuvp_test_fail
  TEST_NUM(11)                           // csrs of other bits under OFF stores the 0 it read
  csrc pmpcfg0, A_MASK
  not t0, s1
  csrs pmpaddr0, t0
  csrs pmpcfg0, A_MASK
  csrr a0, pmpaddr0
  and a1, a0, s1
  bnez a1, npuvp_test_fail

  TEST_NUM(12)                           // NA4 is not selectable
  csrc pmpcfg0, A_MASK
  csrs pmpcfg0, NA4
  csrr a0, pmpcfg0
  andi a0, a0, A_MASK
  li t1, NA4
  beq a0, t1, npuvp_test_fail
  TEST_PASS
TEST_END
